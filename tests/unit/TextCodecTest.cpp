#include <catch2/catch.hpp>

#include <string>

#include "text/TextCodec.h"

using namespace tracesan::text;

TEST_CASE("percent decoding turns %XX into bytes and keeps plus unless form style") {
  CHECK(percentDecode("a%20b%2Fc", false) == "a b/c");
  CHECK(percentDecode("a+b", false) == "a+b");
  CHECK(percentDecode("a+b", true) == "a b");
  CHECK(percentDecode("%2b%2B", true) == "++");
  CHECK(percentDecode("AADSTS50125%3a+Sign-in%0d%0a", true) == "AADSTS50125: Sign-in\r\n");
}

TEST_CASE("percent decoding keeps invalid and truncated escapes literally") {
  CHECK(percentDecode("100%", false) == "100%");
  CHECK(percentDecode("%zz%4", false) == "%zz%4");
  CHECK(percentDecode("%%41", false) == "%A");
  CHECK(percentDecode("%", true) == "%");
}

TEST_CASE("percent encoding keeps unreserved characters and escapes the rest in upper-case hex") {
  CHECK(percentEncode("AZaz09-._~", false) == "AZaz09-._~");
  CHECK(percentEncode("a b+c/d=e&f", false) == "a%20b%2Bc%2Fd%3De%26f");
  CHECK(percentEncode("a b+c", true) == "a+b%2Bc");
  CHECK(percentEncode("\xC3\xA9", false) == "%C3%A9");
}

TEST_CASE("percent encoding then decoding round-trips every byte") {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  CHECK(percentDecode(percentEncode(all, false), false) == all);
  CHECK(percentDecode(percentEncode(all, true), true) == all);
}

TEST_CASE("html entity decoding handles named, decimal and hex entities") {
  CHECK(htmlEntityDecode("a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&#39;") == "a & b <c> \"d\" 'e'");
  CHECK(htmlEntityDecode("https:&#x2F;&#X2f;host&#47;p") == "https://host/p");
  CHECK(htmlEntityDecode("&#233;&eacute;") == "\xC3\xA9&eacute;");
  CHECK(htmlEntityDecode("&nbsp;") == "\xC2\xA0");
  CHECK(htmlEntityDecode("&#x1F600;") == "\xF0\x9F\x98\x80");
}

TEST_CASE("html entity decoding keeps unknown and malformed entities as written") {
  CHECK(htmlEntityDecode("&unknown; & &; &#; &#x; &amp") == "&unknown; & &; &#; &#x; &amp");
  CHECK(htmlEntityDecode("a&b=c") == "a&b=c");
  CHECK(htmlEntityDecode("&#0;&#xD800;&#99999999999;") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("html attribute escaping makes quotes, ampersands and angle brackets safe") {
  CHECK(htmlEscapeAttribute("a&b<c>\"d'e") == "a&amp;b&lt;c&gt;&quot;d&#39;e");
  CHECK(htmlEntityDecode(htmlEscapeAttribute("x=\"1\" & y='2' <z>")) == "x=\"1\" & y='2' <z>");
}

TEST_CASE("json unescaping handles every simple escape") {
  CHECK(jsonUnescape(R"(a\"b\\c\/d\b\f\n\r\t)") == std::string("a\"b\\c/d\b\f\n\r\t"));
  CHECK(jsonUnescape("plain") == std::string("plain"));
  CHECK(jsonUnescape("") == std::string());
}

TEST_CASE("json unescaping decodes unicode escapes and surrogate pairs to utf-8") {
  CHECK(jsonUnescape(R"(\u0041\u00e9\u20AC)") == std::string("A\xC3\xA9\xE2\x82\xAC"));
  CHECK(jsonUnescape(R"(\ud83d\ude00)") == std::string("\xF0\x9F\x98\x80"));
  CHECK(jsonUnescape(R"(\u003cscript\u003e)") == std::string("<script>"));
}

TEST_CASE("json unescaping rejects invalid escapes and lone surrogates") {
  CHECK_FALSE(jsonUnescape(R"(\x41)"));
  CHECK_FALSE(jsonUnescape("abc\\"));
  CHECK_FALSE(jsonUnescape(R"(\u12)"));
  CHECK_FALSE(jsonUnescape(R"(\u12G4)"));
  CHECK_FALSE(jsonUnescape(R"(\ud83d)"));
  CHECK_FALSE(jsonUnescape(R"(\ud83dx)"));
  CHECK_FALSE(jsonUnescape(R"(\ud83d\u0041)"));
  CHECK_FALSE(jsonUnescape(R"(\ude00)"));
  CHECK_FALSE(jsonUnescape("a\"b"));
  CHECK_FALSE(jsonUnescape("a\nb"));
}

TEST_CASE("lenient json unescaping decodes what it can and keeps the rest") {
  CHECK(jsonUnescapeLenient(R"(a\"b\x\u0041\u12)") == "a\"b\\xA\\u12");
  CHECK(jsonUnescapeLenient("line1\r\nline2 \\n") == "line1\r\nline2 \n");
  CHECK(jsonUnescapeLenient(R"(\ud83d\ude00 \ud83d \ude00 \ud83dx)") == "\xF0\x9F\x98\x80 \xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBDx");
  CHECK(jsonUnescapeLenient("trailing\\") == "trailing\\");
  CHECK(jsonUnescapeLenient("raw \" quote") == "raw \" quote");
}

TEST_CASE("json escaping produces valid string contents that round-trip") {
  CHECK(jsonEscape("a\"b\\c/d") == R"(a\"b\\c/d)");
  CHECK(jsonEscape("\n\r\t\b\f") == R"(\n\r\t\b\f)");
  CHECK(jsonEscape(std::string("\x01\x1f\x7f", 3)) == R"(\u0001\u001f\u007f)");
  std::string ascii;
  for (int i = 0; i < 128; ++i) ascii.push_back(static_cast<char>(i));
  ascii += "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
  auto back = jsonUnescape(jsonEscape(ascii));
  REQUIRE(back);
  CHECK(*back == ascii);
}

TEST_CASE("json escaping replaces invalid utf-8 so the output stays valid json") {
  CHECK(jsonEscape("a\xff" "b") == "a\xEF\xBF\xBD" "b");
  CHECK(jsonEscape("\xC3") == "\xEF\xBF\xBD");                      // truncated
  CHECK(jsonEscape("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");          // overlong
  CHECK(jsonEscape("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  CHECK(jsonEscape("\xF4\x90\x80\x80").find('\xF4') == std::string::npos);  // above U+10FFFF
  CHECK(jsonEscape("\xC3\xA9") == "\xC3\xA9");
}

TEST_CASE("case-insensitive helpers fold ascii only") {
  CHECK(equalsIgnoreCase("ESTSAUTH", "estsauth"));
  CHECK_FALSE(equalsIgnoreCase("ESTSAUTH", "estsauth1"));
  CHECK_FALSE(equalsIgnoreCase("a", "b"));
  CHECK(toLower("Set-Cookie: \xC3\x89X") == "set-cookie: \xC3\x89x");
  CHECK(startsWithIgnoreCase("Bearer eyJ", "bearer "));
  CHECK_FALSE(startsWithIgnoreCase("Bear", "bearer"));
  CHECK(findIgnoreCase("<HTML><INPUT name=x>", "<input") == 6);
  CHECK(findIgnoreCase("abc", "abcd") == std::string_view::npos);
  CHECK(findIgnoreCase("aAaA", "aa", 1) == 1);
}
