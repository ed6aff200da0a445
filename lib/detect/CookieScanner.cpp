// Cookie and Set-Cookie header values.
#include "detect/Scanners.h"

namespace tracesan::detect {

namespace {

bool isOws(char c) { return c == ' ' || c == '\t'; }

// Span of `s[begin, end)` with optional whitespace removed on both sides.
void trimSpan(std::string_view s, std::size_t& begin, std::size_t& end) {
  while (begin < end && isOws(s[begin])) ++begin;
  while (end > begin && isOws(s[end - 1])) --end;
}

// One "name=value" cookie pair in s[begin, end). Returns false for an empty pair.
bool parseCookiePair(std::string_view s, std::size_t begin, std::size_t end, std::string_view pathPrefix,
                     NamedValue& v) {
  trimSpan(s, begin, end);
  if (begin == end) return false;
  std::string_view pair = s.substr(begin, end - begin);
  std::size_t eq = pair.find('=');
  std::size_t valueBegin = begin, valueEnd = end;
  if (eq == std::string_view::npos) {
    // A nameless cookie: browsers send the value alone.
    v.name.clear();
    v.path = std::string(pathPrefix);
  } else {
    std::size_t nameBegin = begin, nameEnd = begin + eq;
    trimSpan(s, nameBegin, nameEnd);
    v.name = std::string(s.substr(nameBegin, nameEnd - nameBegin));
    v.path = std::string(pathPrefix) + "." + v.name;
    valueBegin = begin + eq + 1;
    trimSpan(s, valueBegin, valueEnd);
  }
  if (valueEnd - valueBegin >= 2 && s[valueBegin] == '"' && s[valueEnd - 1] == '"') {
    ++valueBegin;
    --valueEnd;
  }
  v.begin = valueBegin;
  v.end = valueEnd;
  v.value = std::string(s.substr(valueBegin, valueEnd - valueBegin));
  v.encoding = ValueEncoding::Raw;
  return true;
}

}  // namespace

std::vector<NamedValue> scanCookieHeader(std::string_view value) {
  std::vector<NamedValue> out;
  std::size_t pos = 0;
  while (pos <= value.size()) {
    std::size_t semi = value.find(';', pos);
    if (semi == std::string_view::npos) semi = value.size();
    NamedValue v;
    if (parseCookiePair(value, pos, semi, "cookie", v)) out.push_back(std::move(v));
    pos = semi + 1;
  }
  return out;
}

std::optional<NamedValue> scanSetCookie(std::string_view value) {
  std::size_t semi = value.find(';');
  if (semi == std::string_view::npos) semi = value.size();
  NamedValue v;
  if (!parseCookiePair(value, 0, semi, "set-cookie", v)) return std::nullopt;
  return v;
}

}  // namespace tracesan::detect
