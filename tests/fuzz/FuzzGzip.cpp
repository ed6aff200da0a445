#include "FuzzDecompress.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return tracesan::fuzz::fuzzDecompressor(data, size, tracesan::codec::gzipDecode, tracesan::codec::gzipEncode);
}
