// The SAZ reader over arbitrary bytes written to a temporary file and opened with openTrace, as a
// user's file would be: never crashes, hangs or exhausts memory; errors carry a message. The
// first byte picks tight zip-bomb limits so the guards themselves are exercised.
#include <fstream>

#include "FuzzTrace.h"

using namespace tracesan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const std::string path = fuzz::scratchDirectory() + "/input.saz";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data) + 1, static_cast<std::streamsize>(size - 1));
  }
  ReadOptions options;
  if (data[0] & 1) {
    options.maxMemberSize = 1u << 16;
    options.maxTotalSize = 1u << 18;
    options.maxCompressionRatio = 50;
  } else {
    options.maxMemberSize = 16u << 20;
    options.maxTotalSize = 64u << 20;
  }
  if (data[0] & 2) options.sazPassword = "P@ssw0rd-FAKE-saz";
  auto reader = openTrace(path, options);
  if (!reader) {
    FUZZ_CHECK(!reader.error().message().empty());
    return 0;
  }
  for (std::size_t count = 0;; ++count) {
    auto next = reader.value()->next();
    if (!next) {
      FUZZ_CHECK(!next.error().message().empty());
      break;
    }
    Entry* e = *next;
    if (!e) break;
    FUZZ_CHECK(e->index == count);
    // A decoded body never exceeds the member limit.
    FUZZ_CHECK(e->request.body.text.value.size() <= options.maxMemberSize);
    FUZZ_CHECK(e->response.body.text.value.size() <= options.maxMemberSize);
  }
  return 0;
}
