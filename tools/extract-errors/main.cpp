// extract-errors: placeholder until the AADSTS finder lands (issue 6).
#include <iostream>
int main() {
  std::cerr << "extract-errors: not implemented yet\n";
  return 3;
}
