// dechunk: never reads past the input, and whatever it accepts re-chunks to the same body and
// trailers.
#include "FuzzCheck.h"
#include "codec/Chunked.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = tracesan::fuzz::asText(data, size);
  std::string trailers;
  auto body = tracesan::codec::dechunk(input, &trailers);
  if (!body) return 0;
  FUZZ_CHECK(body->size() + trailers.size() <= input.size());
  std::string again;
  auto round = tracesan::codec::dechunk(tracesan::codec::chunk(*body, 1 + size % 97, trailers), &again);
  FUZZ_CHECK(round && *round == *body && again == trailers);
  return 0;
}
