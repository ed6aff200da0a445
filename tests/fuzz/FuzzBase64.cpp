// base64Decode: accepts or rejects without crashing; what it accepts survives a round trip in
// both alphabets.
#include "FuzzCheck.h"
#include "codec/Base64.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tracesan::codec;
  auto decoded = base64Decode(tracesan::fuzz::asText(data, size));
  if (!decoded) return 0;
  FUZZ_CHECK(decoded->size() <= size * 3 / 4 + 3);
  FUZZ_CHECK(base64Decode(base64Encode(*decoded)) == decoded);
  FUZZ_CHECK(base64Decode(base64Encode(*decoded, true, false)) == decoded);
  return 0;
}
