// The structure scanners and the JWT finder of lib/detect over arbitrary text: every reported
// span lies inside the scanned text, and a reported value decodes from its raw span (for values
// not nested in JSON strings). The first byte picks the scanner.
#include <iterator>

#include "FuzzCheck.h"
#include "detect/Scanners.h"

using namespace tracesan::detect;

namespace {

void checkValues(std::string_view text, const std::vector<NamedValue>& values, bool decodes) {
  for (const NamedValue& v : values) {
    FUZZ_CHECK(v.begin <= v.end && v.end <= text.size());
    FUZZ_CHECK(v.jsonNesting >= 0);
    if (decodes && v.jsonNesting == 0 && v.encoding != ValueEncoding::Raw)
      FUZZ_CHECK(decodeValue(text.substr(v.begin, v.end - v.begin), v.encoding) == v.value);
  }
}

void checkTokens(std::string_view text, const std::vector<TokenSpan>& tokens) {
  std::size_t previousEnd = 0;
  for (const TokenSpan& t : tokens) {
    FUZZ_CHECK(t.begin < t.end && t.end <= text.size());
    FUZZ_CHECK(t.begin >= previousEnd);
    FUZZ_CHECK(text.substr(t.begin, 3) == "eyJ");
    previousEnd = t.end;
  }
}

constexpr std::string_view kContentTypes[] = {
    "application/json", "text/html; charset=utf-8", "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=XyZ", "multipart/form-data", "", "text/plain", "application/jwt"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view s = tracesan::fuzz::asText(data + 1, size - 1);
  switch (data[0] % 12) {
    case 0: {
      bool ok = true;
      checkValues(s, scanJson(s, &ok), true);
      break;
    }
    case 1: {
      JsonScanOptions o;
      o.allowTrailing = true;
      o.maxDepth = 8;
      o.maxStringNesting = 3;
      std::vector<NamedValue> out;
      bool ok = true;
      std::size_t used = scanJsonInto(s, o, out, &ok);
      FUZZ_CHECK(used <= s.size());
      checkValues(s, out, true);
      break;
    }
    case 2: checkValues(s, scanHtmlInputs(s), true); break;
    case 3: checkValues(s, scanConfigBlob(s), true); break;
    case 4: checkValues(s, scanCookieHeader(s), true); break;
    case 5: {
      if (auto v = scanSetCookie(s)) checkValues(s, {*v}, true);
      checkValues(s, scanHeaderParams(s), true);
      break;
    }
    case 6: {
      std::size_t cut = s.find('\n');
      std::string_view boundary = cut == std::string_view::npos ? std::string_view() : s.substr(0, cut);
      std::string_view body = cut == std::string_view::npos ? s : s.substr(cut + 1);
      checkValues(body, scanMultipart(body, boundary), true);
      if (auto b = multipartBoundary(s)) FUZZ_CHECK(b->size() <= s.size());
      break;
    }
    case 7: checkValues(s, scanFormBody(s), true); break;
    case 8: checkValues(s, scanUrl(s), true); break;
    case 9: {
      checkTokens(s, findJwts(s));
      if (auto c = authorizationCredential(s)) FUZZ_CHECK(c->begin <= c->end && c->end <= s.size());
      break;
    }
    case 10: {
      std::string_view ct = kContentTypes[(data[0] / 12) % std::size(kContentTypes)];
      checkValues(s, scanBody(s, ct), false);
      break;
    }
    default: {  // encodeValue/decodeValue round-trip for every encoding
      for (auto enc : {ValueEncoding::Raw, ValueEncoding::Percent, ValueEncoding::Form, ValueEncoding::JsonString,
                       ValueEncoding::HtmlAttribute})
        FUZZ_CHECK(decodeValue(encodeValue(s, enc), enc) == s || enc == ValueEncoding::JsonString);
      break;
    }
  }
  return 0;
}
