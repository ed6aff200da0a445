// Reads a trace through the installed library and prints its entry count and first URL.
#include <tracesan/Trace.h>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: consumer TRACE\n";
    return 2;
  }
  auto reader = tracesan::openTrace(argv[1]);
  if (!reader) {
    std::cerr << "consumer: " << reader.error().message() << "\n";
    return 2;
  }
  std::size_t count = 0;
  std::string firstUrl;
  for (;;) {
    auto entry = reader.value()->next();
    if (!entry) {
      std::cerr << "consumer: " << entry.error().message() << "\n";
      return 2;
    }
    if (*entry == nullptr) break;
    if (count++ == 0) firstUrl = (*entry)->request.url.value;
  }
  std::cout << count << " entries, first " << firstUrl << "\n";
  return count > 0 ? 0 : 1;
}
