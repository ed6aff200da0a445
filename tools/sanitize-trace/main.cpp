// sanitize-trace: placeholder until the redaction engine lands (issue 5).
#include <iostream>
int main() {
  std::cerr << "sanitize-trace: not implemented yet\n";
  return 3;
}
