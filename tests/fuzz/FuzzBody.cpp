// decodeBody / encodeBody: the first byte picks a Transfer-Encoding / Content-Encoding pair, the
// rest is the body. A failure keeps the raw bytes; a success re-encodes and decodes back.
#include <iterator>

#include "FuzzCheck.h"
#include "codec/BodyCodec.h"

namespace {

constexpr std::string_view kTransfer[] = {"", "chunked", "gzip, chunked", "Chunked;x=1", "identity"};
constexpr std::string_view kContent[] = {"", "gzip", "deflate", "br", "gzip, br", "x-gzip, identity", "zstd"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tracesan::codec;
  if (size == 0) return 0;
  std::string_view te = kTransfer[data[0] % std::size(kTransfer)];
  std::string_view ce = kContent[(data[0] / std::size(kTransfer)) % std::size(kContent)];
  std::string_view raw = tracesan::fuzz::asText(data + 1, size - 1);

  DecodedBody d = decodeBody(raw, te, ce, tracesan::fuzz::kMaxOut);
  if (!d.error.empty()) {
    FUZZ_CHECK(d.bytes == raw);
    return 0;
  }
  FUZZ_CHECK(d.bytes.size() <= tracesan::fuzz::kMaxOut);
  auto wire = encodeBody(d.bytes, d.codings, d.trailers);
  FUZZ_CHECK(wire);
  DecodedBody again = decodeBody(*wire, te, ce, tracesan::fuzz::kMaxOut);
  FUZZ_CHECK(again.error.empty() && again.bytes == d.bytes && again.codings == d.codings);
  return 0;
}
