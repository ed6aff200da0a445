// parseRequest / parseResponse: spans stay inside the input and agree with the views; the URL
// helpers accept whatever the parser accepts. The first byte picks request or response.
#include "FuzzCheck.h"
#include "http/HttpMessage.h"

using namespace tracesan::http;

namespace {

bool isInside(std::string_view outer, std::string_view inner) {
  return inner.empty() || (inner.data() >= outer.data() && inner.data() + inner.size() <= outer.data() + outer.size());
}

void checkMessage(std::string_view bytes, const HttpMessage& msg) {
  FUZZ_CHECK(msg.headEnd <= bytes.size());
  FUZZ_CHECK(msg.body.data() == bytes.data() + msg.headEnd && msg.body.size() == bytes.size() - msg.headEnd);
  FUZZ_CHECK(isInside(bytes, msg.method) && isInside(bytes, msg.version) && isInside(bytes, msg.reason));
  if (msg.isRequest) {
    FUZZ_CHECK(msg.targetBegin <= msg.targetEnd && msg.targetEnd <= bytes.size());
    FUZZ_CHECK(bytes.substr(msg.targetBegin, msg.targetEnd - msg.targetBegin) == msg.target);
  } else {
    FUZZ_CHECK(msg.status >= 0 && msg.status <= 999);
  }
  std::size_t previousEnd = 0;
  for (const HeaderLine& h : msg.headers) {
    FUZZ_CHECK(previousEnd <= h.lineBegin && h.lineBegin < h.lineEnd && h.lineEnd <= msg.headEnd);
    FUZZ_CHECK(h.lineBegin <= h.valueBegin && h.valueBegin <= h.valueEnd && h.valueEnd <= h.lineEnd);
    FUZZ_CHECK(isInside(bytes.substr(h.lineBegin, h.lineEnd - h.lineBegin), h.name));
    FUZZ_CHECK(!h.name.empty());
    if (!h.folded) FUZZ_CHECK(bytes.substr(h.valueBegin, h.valueEnd - h.valueBegin) == h.value);
    FUZZ_CHECK(msg.header(h.name) != nullptr);
    previousEnd = h.lineEnd;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view bytes = tracesan::fuzz::asText(data + 1, size - 1);
  bool request = (data[0] & 1) == 0;
  auto parsed = request ? parseRequest(bytes) : parseResponse(bytes);
  if (!parsed) {
    FUZZ_CHECK(!parsed.error().message().empty());
    return 0;
  }
  HttpMessage copy = parsed.value();  // folded values must survive copies
  checkMessage(bytes, copy);
  if (request) {
    RequestTarget t = splitTarget(copy.target);
    FUZZ_CHECK(isInside(copy.target, t.host) && isInside(copy.target, t.path) && isInside(copy.target, t.query));
    std::string url = effectiveUrl(copy, (data[0] & 2) != 0);
    FUZZ_CHECK(url.size() >= copy.target.size());
  }
  return 0;
}
