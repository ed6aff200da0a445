// Small text codecs shared by the detectors and the redactor: percent (URL/form) encoding,
// HTML entities, JSON string escapes and ASCII case folding. All are pure, allocation-light
// functions over string_view; none throws.
//
//   std::string v = text::percentDecode("a%20b+c", /*plusIsSpace=*/true);   // "a b c"
//   std::optional<std::string> s = text::jsonUnescape("a\\u00e9\\/b");       // "aé/b"
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tracesan::text {

// Decodes %XX escapes; an invalid or truncated escape is kept literally. With plusIsSpace
// (form style), '+' becomes a space.
std::string percentDecode(std::string_view s, bool plusIsSpace);

// Keeps RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~) and escapes every other byte as
// %XX (upper-case hex). With formStyle, a space is written as '+'.
std::string percentEncode(std::string_view s, bool formStyle);

// Decodes common named entities (&amp; &lt; &gt; &quot; &apos; &nbsp; …) and numeric ones
// (&#47; &#x2F;, with or without the trailing ';' for numeric). Unknown or malformed entities are
// kept as written.
std::string htmlEntityDecode(std::string_view s);

// Escapes & < > " ' so the result is safe inside a single- or double-quoted attribute value.
std::string htmlEscapeAttribute(std::string_view s);

// Unescapes the contents of a JSON string (between the quotes). \uXXXX escapes, including
// surrogate pairs, become UTF-8. Returns nullopt on an invalid escape, a lone surrogate, an
// unescaped control character or a raw '"'.
std::optional<std::string> jsonUnescape(std::string_view inside);

// Like jsonUnescape, but never fails: invalid escapes are kept as written, lone surrogates become
// U+FFFD, raw control characters and quotes pass through (text damaged by loggers stays readable).
std::string jsonUnescapeLenient(std::string_view inside);

// Escapes `s` to be placed between JSON quotes: '"' and '\\' are escaped, control characters
// use \n \r \t \b \f or \u00XX. The result is always valid JSON string contents: valid UTF-8
// passes through, each byte of an invalid UTF-8 sequence becomes U+FFFD.
std::string jsonEscape(std::string_view s);

// ASCII case-insensitive comparison.
bool equalsIgnoreCase(std::string_view a, std::string_view b);
// ASCII case-insensitive prefix test.
bool startsWithIgnoreCase(std::string_view s, std::string_view prefix);
// Position of `needle` in `haystack` ignoring ASCII case, or npos.
std::size_t findIgnoreCase(std::string_view haystack, std::string_view needle, std::size_t from = 0);

// A GUID in its canonical 8-4-4-4-12 hex form.
bool isGuid(std::string_view s);
// ASCII lower-casing; other bytes unchanged.
std::string toLower(std::string_view s);
inline char toLowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Returns 0..15 for a hex digit, -1 otherwise.
inline int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Length of the valid UTF-8 sequence starting at s[i] (1 for ASCII), or 0 if it is invalid
// (overlong, surrogate, above U+10FFFF, truncated or a stray continuation byte).
std::size_t validUtf8Length(std::string_view s, std::size_t i);
// True when `s` is well-formed UTF-8 throughout.
bool isValidUtf8(std::string_view s);

// Appends the UTF-8 encoding of a Unicode scalar value (callers ensure it is valid).
void appendUtf8(std::string& out, char32_t cp);

}  // namespace tracesan::text
