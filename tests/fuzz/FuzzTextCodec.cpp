// The text codecs of lib/text: decoders accept anything, encoders round-trip, and the JSON
// escaper always produces valid JSON string contents. The first byte picks the codec.
#include "FuzzCheck.h"
#include "text/TextCodec.h"

using namespace tracesan;

using text::isValidUtf8;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view s = fuzz::asText(data + 1, size - 1);
  switch (data[0] % 6) {
    case 0: {  // percent: decode never grows, encode round-trips in both styles
      FUZZ_CHECK(text::percentDecode(s, true).size() <= s.size());
      FUZZ_CHECK(text::percentDecode(s, false).size() <= s.size());
      FUZZ_CHECK(text::percentDecode(text::percentEncode(s, true), true) == s);
      FUZZ_CHECK(text::percentDecode(text::percentEncode(s, false), false) == s);
      break;
    }
    case 1: {  // HTML: escaping then decoding is the identity
      (void)text::htmlEntityDecode(s);
      FUZZ_CHECK(text::htmlEntityDecode(text::htmlEscapeAttribute(s)) == s);
      break;
    }
    case 2: {  // JSON strict unescape: a success is valid UTF-8 when the input was
      auto strict = text::jsonUnescape(s);
      std::string lenient = text::jsonUnescapeLenient(s);
      if (strict) FUZZ_CHECK(*strict == lenient);
      if (strict && isValidUtf8(s)) FUZZ_CHECK(isValidUtf8(*strict));
      break;
    }
    case 3: {  // JSON escape: always valid contents; valid UTF-8 round-trips exactly
      std::string escaped = text::jsonEscape(s);
      FUZZ_CHECK(isValidUtf8(escaped));
      auto back = text::jsonUnescape(escaped);
      FUZZ_CHECK(back);
      FUZZ_CHECK(isValidUtf8(*back));
      if (isValidUtf8(s)) FUZZ_CHECK(*back == s);
      break;
    }
    case 4: {  // case-insensitive helpers agree with toLower
      std::size_t half = s.size() / 2;
      std::string_view a = s.substr(0, half), b = s.substr(half);
      FUZZ_CHECK(text::equalsIgnoreCase(a, b) == (text::toLower(a) == text::toLower(b)));
      std::size_t at = text::findIgnoreCase(b, a);
      FUZZ_CHECK(at == text::toLower(b).find(text::toLower(a)));
      FUZZ_CHECK(text::startsWithIgnoreCase(b, a) == (text::toLower(b).rfind(text::toLower(a), 0) == 0));
      break;
    }
    default: {  // UTF-8 validation never reads past the end and agrees with re-encoding
      for (std::size_t i = 0; i < s.size();) {
        std::size_t n = text::validUtf8Length(s, i);
        FUZZ_CHECK(n <= 4 && i + n <= s.size());
        i += n == 0 ? 1 : n;
      }
      break;
    }
  }
  return 0;
}
