// Authentication header values: parameter lists (WWW-Authenticate, PKeyAuth, Digest) and the
// credential of an Authorization header.
#include "detect/Scanners.h"
#include "text/TextCodec.h"

namespace tracesan::detect {

namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// RFC 9110 token characters.
bool isTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~': return true;
    default: return false;
  }
}

}  // namespace

std::vector<NamedValue> scanHeaderParams(std::string_view value) {
  std::vector<NamedValue> out;
  const std::size_t n = value.size();
  std::size_t pos = 0;
  while (pos < n) {
    while (pos < n && (isSpace(value[pos]) || value[pos] == ',')) ++pos;
    const std::size_t nameBegin = pos;
    while (pos < n && isTokenChar(value[pos])) ++pos;
    if (pos == nameBegin) {  // not a token: skip the stray character
      ++pos;
      continue;
    }
    const std::size_t nameEnd = pos;
    std::size_t p = pos;
    while (p < n && isSpace(value[p])) ++p;
    if (p >= n || value[p] != '=') {
      // An auth scheme ("Bearer", "PKeyAuth") or a token68 credential: not a parameter.
      continue;
    }
    // token68 credentials end in '=' padding ("Basic YWxpY2U6cA=="): not a parameter.
    std::size_t padEnd = p;
    while (padEnd < n && value[padEnd] == '=') ++padEnd;
    if (padEnd - p > 1 || padEnd == n || value[padEnd] == ',') {
      pos = padEnd;
      continue;
    }
    ++p;
    while (p < n && isSpace(value[p])) ++p;
    NamedValue v;
    v.name = std::string(value.substr(nameBegin, nameEnd - nameBegin));
    v.path = "param." + v.name;
    v.encoding = ValueEncoding::Raw;
    if (p < n && value[p] == '"') {
      const std::size_t begin = p + 1;
      std::size_t q = begin;
      std::string decoded;
      while (q < n && value[q] != '"') {
        if (value[q] == '\\' && q + 1 < n) ++q;
        decoded.push_back(value[q]);
        ++q;
      }
      v.begin = begin;
      v.end = q;
      v.value = std::move(decoded);
      pos = q < n ? q + 1 : n;
    } else {
      const std::size_t begin = p;
      while (p < n && value[p] != ',' && !isSpace(value[p])) ++p;
      v.begin = begin;
      v.end = p;
      v.value = std::string(value.substr(begin, p - begin));
      pos = p;
    }
    out.push_back(std::move(v));
  }
  return out;
}

std::optional<TokenSpan> authorizationCredential(std::string_view headerValue) {
  std::size_t begin = 0, end = headerValue.size();
  while (begin < end && isSpace(headerValue[begin])) ++begin;
  while (end > begin && isSpace(headerValue[end - 1])) --end;
  if (begin == end) return std::nullopt;

  std::size_t schemeEnd = begin;
  while (schemeEnd < end && isTokenChar(headerValue[schemeEnd])) ++schemeEnd;
  // No "scheme SP credential" shape: the whole value is the credential (a bare token or key).
  if (schemeEnd == end || !isSpace(headerValue[schemeEnd])) {
    std::string_view scheme = headerValue.substr(begin, schemeEnd - begin);
    for (std::string_view known : {"bearer", "basic", "negotiate", "ntlm", "digest", "pkeyauth"}) {
      if (schemeEnd == end && text::equalsIgnoreCase(scheme, known)) return std::nullopt;
    }
    return TokenSpan{begin, end, "credential"};
  }
  std::size_t credentialBegin = schemeEnd;
  while (credentialBegin < end && isSpace(headerValue[credentialBegin])) ++credentialBegin;
  return TokenSpan{credentialBegin, end, text::toLower(headerValue.substr(begin, schemeEnd - begin))};
}

}  // namespace tracesan::detect
