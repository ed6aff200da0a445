#include "text/Layers.h"

#include <cstring>

#include "text/TextCodec.h"

namespace tracesan::text {
namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Percent escapes whose decoding changes the structure a scanner sees: separators of queries and
// JWTs, quotes and braces of JSON, and '%' itself (encoded twice).
bool structuralPercent(char hi, char lo) {
  const int h = hexValue(hi), l = hexValue(lo);
  if (h < 0 || l < 0) return false;
  switch (h * 16 + l) {
    case '%': case '&': case '=': case '.': case '"': case '{': case '?': case '#': case ':': case '/': return true;
    default: return false;
  }
}

void appendUtf8Mapped(DecodedRegion& r, char32_t cp, std::size_t from) {
  appendUtf8(r.text, cp);
  r.source.resize(r.text.size(), from);
}

// Decodes one escape at s[i] into `r`; returns the bytes consumed (0: not an escape here).
std::size_t decodePercentAt(std::string_view s, std::size_t i, DecodedRegion& r, std::size_t base) {
  if (s[i] != '%' || i + 2 >= s.size()) return 0;
  const int h = hexValue(s[i + 1]), l = hexValue(s[i + 2]);
  if (h < 0 || l < 0) return 0;
  r.text.push_back(static_cast<char>(h * 16 + l));
  r.source.push_back(base + i);
  return 3;
}

std::size_t decodeHtmlAt(std::string_view s, std::size_t i, DecodedRegion& r, std::size_t base) {
  if (s[i] != '&') return 0;
  const std::size_t semi = s.find(';', i + 1);
  if (s.size() > i + 1 && s[i + 1] == '#') {
    std::size_t j = i + 2;
    const bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
    if (hex) ++j;
    char32_t cp = 0;
    std::size_t digits = 0;
    for (; j < s.size() && digits < 8; ++j, ++digits) {
      const int v = hex ? hexValue(s[j]) : (s[j] >= '0' && s[j] <= '9' ? s[j] - '0' : -1);
      if (v < 0) break;
      cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(v);
    }
    if (digits == 0 || cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    if (j < s.size() && s[j] == ';') ++j;
    appendUtf8Mapped(r, cp, base + i);
    return j - i;
  }
  if (semi == std::string_view::npos || semi - i > 8) return 0;
  std::string decoded = htmlEntityDecode(s.substr(i, semi - i + 1));
  if (decoded == s.substr(i, semi - i + 1)) return 0;
  for (char c : decoded) {
    r.text.push_back(c);
    r.source.push_back(base + i);
  }
  return semi - i + 1;
}

std::size_t decodeJsAt(std::string_view s, std::size_t i, DecodedRegion& r, std::size_t base) {
  if (s[i] != '\\' || i + 1 >= s.size()) return 0;
  const char c = s[i + 1];
  auto hexRun = [&](std::size_t at, std::size_t n) -> long {
    if (at + n > s.size()) return -1;
    long v = 0;
    for (std::size_t k = 0; k < n; ++k) {
      const int h = hexValue(s[at + k]);
      if (h < 0) return -1;
      v = v * 16 + h;
    }
    return v;
  };
  if (c == 'u') {
    long v = hexRun(i + 2, 4);
    if (v < 0) return 0;
    char32_t cp = static_cast<char32_t>(v);
    std::size_t used = 6;
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 12 <= s.size() && s.substr(i + 6, 2) == "\\u") {
      long lo = hexRun(i + 8, 4);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + static_cast<char32_t>(lo - 0xDC00);
        used = 12;
      }
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
    appendUtf8Mapped(r, cp, base + i);
    return used;
  }
  if (c == 'x') {
    long v = hexRun(i + 2, 2);
    if (v < 0) return 0;
    appendUtf8Mapped(r, static_cast<char32_t>(v), base + i);
    return 4;
  }
  static constexpr std::string_view kSimple = "/\"'\\";
  if (kSimple.find(c) != std::string_view::npos) {
    r.text.push_back(c);
    r.source.push_back(base + i);
    return 2;
  }
  return 0;
}

bool endsRegion(Layer layer, std::string_view s, std::size_t i) {
  const char c = s[i];
  switch (layer) {
    case Layer::Percent: return isSpace(c) || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' || c == '`';
    case Layer::Html: return c == '"' || c == '\'' || c == '<' || c == '>' || c == '\n';
    case Layer::JsEscape:
      // A JS string ends at an unescaped quote or a line end.
      return c == '\n' || ((c == '"' || c == '\'' || c == '`') && (i == 0 || s[i - 1] != '\\'));
  }
  return true;
}

}  // namespace

bool mayHideStructure(Layer layer, std::string_view s) {
  switch (layer) {
    case Layer::Percent:
      for (std::size_t p = s.find('%'); p != std::string_view::npos && p + 2 < s.size(); p = s.find('%', p + 1))
        if (structuralPercent(s[p + 1], s[p + 2])) return true;
      return false;
    case Layer::Html:
      for (std::size_t p = s.find('&'); p != std::string_view::npos && p + 1 < s.size(); p = s.find('&', p + 1))
        if (s[p + 1] == '#' || s.compare(p + 1, 4, "amp;") == 0 || s.compare(p + 1, 5, "quot;") == 0) return true;
      return false;
    case Layer::JsEscape:
      for (std::size_t p = s.find('\\'); p != std::string_view::npos && p + 1 < s.size(); p = s.find('\\', p + 2))
        if (s[p + 1] == 'u' || s[p + 1] == 'x' || s[p + 1] == '/') return true;
      return false;
  }
  return false;
}

std::vector<DecodedRegion> decodeLayer(Layer layer, std::string_view s) {
  std::vector<DecodedRegion> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && endsRegion(layer, s, i)) ++i;
    const std::size_t begin = i;
    while (i < s.size() && !endsRegion(layer, s, i)) ++i;
    std::string_view region = s.substr(begin, i - begin);
    if (region.empty() || !mayHideStructure(layer, region)) continue;
    DecodedRegion r;
    r.begin = begin;
    r.end = i;
    r.text.reserve(region.size());
    r.source.reserve(region.size());
    for (std::size_t j = 0; j < region.size();) {
      std::size_t used = 0;
      switch (layer) {
        case Layer::Percent: used = decodePercentAt(region, j, r, begin); break;
        case Layer::Html: used = decodeHtmlAt(region, j, r, begin); break;
        case Layer::JsEscape: used = decodeJsAt(region, j, r, begin); break;
      }
      if (used == 0) {
        r.text.push_back(region[j]);
        r.source.push_back(begin + j);
        used = 1;
      }
      j += used;
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace tracesan::text
