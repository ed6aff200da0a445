// One fuzz target per decompressor: decoding respects the output limit, and whatever decodes
// re-encodes into something that decodes to the same bytes.
#pragma once

#include "FuzzCheck.h"
#include "codec/Compression.h"

namespace tracesan::fuzz {

template <class Decode, class Encode>
int fuzzDecompressor(const std::uint8_t* data, std::size_t size, Decode decode, Encode encode) {
  auto plain = decode(asText(data, size), kMaxOut);
  if (!plain) {
    FUZZ_CHECK(!plain.error().message().empty());
    return 0;
  }
  FUZZ_CHECK(plain->size() <= kMaxOut);
  auto packed = encode(*plain);
  FUZZ_CHECK(packed);
  auto again = decode(*packed, kMaxOut);
  FUZZ_CHECK(again && *again == *plain);
  return 0;
}

}  // namespace tracesan::fuzz
