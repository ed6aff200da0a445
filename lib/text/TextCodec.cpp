#include "text/TextCodec.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace tracesan::text {

namespace {

constexpr char kHexUpper[] = "0123456789ABCDEF";
constexpr char kHexLower[] = "0123456789abcdef";  // JSON.stringify style, as browsers write HARs

bool isUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

struct NamedEntity {
  std::string_view name;
  char32_t codePoint;
};

// The entities seen in login pages and form_post responses; anything else is kept as written.
constexpr std::array<NamedEntity, 32> kNamedEntities{{
    {"amp", '&'},      {"lt", '<'},        {"gt", '>'},        {"quot", '"'},      {"apos", '\''},
    {"nbsp", 0xA0},    {"copy", 0xA9},     {"reg", 0xAE},      {"trade", 0x2122},  {"hellip", 0x2026},
    {"ndash", 0x2013}, {"mdash", 0x2014},  {"lsquo", 0x2018},  {"rsquo", 0x2019},  {"ldquo", 0x201C},
    {"rdquo", 0x201D}, {"laquo", 0xAB},    {"raquo", 0xBB},    {"euro", 0x20AC},   {"middot", 0xB7},
    {"bull", 0x2022},  {"times", 0xD7},    {"deg", 0xB0},      {"sect", 0xA7},     {"para", 0xB6},
    {"shy", 0xAD},     {"iexcl", 0xA1},    {"iquest", 0xBF},   {"colon", ':'},     {"sol", '/'},
    {"equals", '='},   {"num", '#'},
}};

bool isAsciiAlnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Tries to decode one entity starting at s[i] == '&'. On success appends it, sets `consumed`.
bool decodeEntityAt(std::string_view s, std::size_t i, std::string& out, std::size_t& consumed) {
  std::size_t j = i + 1;
  if (j < s.size() && s[j] == '#') {
    ++j;
    bool hex = false;
    if (j < s.size() && (s[j] == 'x' || s[j] == 'X')) {
      hex = true;
      ++j;
    }
    std::size_t digitsStart = j;
    std::uint32_t value = 0;
    bool overflow = false;
    while (j < s.size()) {
      int d = hex ? hexValue(s[j]) : ((s[j] >= '0' && s[j] <= '9') ? s[j] - '0' : -1);
      if (d < 0) break;
      if (value > 0x10FFFF) {
        overflow = true;
      } else {
        value = value * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
      }
      ++j;
    }
    if (j == digitsStart) return false;
    if (j < s.size() && s[j] == ';') ++j;
    char32_t cp = static_cast<char32_t>(value);
    if (overflow || value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) cp = 0xFFFD;
    appendUtf8(out, cp);
    consumed = j - i;
    return true;
  }
  std::size_t nameStart = j;
  while (j < s.size() && j - nameStart < 16 && isAsciiAlnum(s[j])) ++j;
  if (j == nameStart || j >= s.size() || s[j] != ';') return false;
  std::string_view name = s.substr(nameStart, j - nameStart);
  for (const auto& e : kNamedEntities) {
    if (e.name == name) {
      appendUtf8(out, e.codePoint);
      consumed = j + 1 - i;
      return true;
    }
  }
  return false;
}

}  // namespace

void appendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string percentDecode(std::string_view s, bool plusIsSpace) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size() && hexValue(s[i + 1]) >= 0 && hexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hexValue(s[i + 1]) * 16 + hexValue(s[i + 2])));
      i += 2;
    } else if (c == '+' && plusIsSpace) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string percentEncode(std::string_view s, bool formStyle) {
  std::string out;
  out.reserve(s.size() + s.size() / 4);
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (isUnreserved(c)) {
      out.push_back(ch);
    } else if (c == ' ' && formStyle) {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHexUpper[c >> 4]);
      out.push_back(kHexUpper[c & 0xF]);
    }
  }
  return out;
}

std::string htmlEntityDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t amp = s.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(s.substr(i));
      break;
    }
    out.append(s.substr(i, amp - i));
    std::size_t consumed = 0;
    if (decodeEntityAt(s, amp, out, consumed)) {
      i = amp + consumed;
    } else {
      out.push_back('&');
      i = amp + 1;
    }
  }
  return out;
}

std::string htmlEscapeAttribute(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    switch (c) {
      case '&': out.append("&amp;"); break;
      case '<': out.append("&lt;"); break;
      case '>': out.append("&gt;"); break;
      case '"': out.append("&quot;"); break;
      case '\'': out.append("&#39;"); break;
      default: out.push_back(c);
    }
  }
  return out;
}

namespace {

bool readHex4(std::string_view s, std::size_t at, std::uint32_t& value) {
  if (at + 4 > s.size()) return false;
  value = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    int d = hexValue(s[at + k]);
    if (d < 0) return false;
    value = value * 16 + static_cast<std::uint32_t>(d);
  }
  return true;
}

}  // namespace

std::optional<std::string> jsonUnescape(std::string_view inside) {
  std::string out;
  out.reserve(inside.size());
  std::size_t i = 0;
  while (i < inside.size()) {
    char c = inside[i];
    if (c == '"' || static_cast<unsigned char>(c) < 0x20) return std::nullopt;
    if (c != '\\') {
      // Copy the run up to the next backslash or quote in one go.
      std::size_t j = i + 1;
      while (j < inside.size() && inside[j] != '\\' && inside[j] != '"' &&
             static_cast<unsigned char>(inside[j]) >= 0x20)
        ++j;
      out.append(inside.substr(i, j - i));
      i = j;
      continue;
    }
    if (i + 1 >= inside.size()) return std::nullopt;
    char e = inside[i + 1];
    i += 2;
    switch (e) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '/': out.push_back('/'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        std::uint32_t hi = 0;
        if (!readHex4(inside, i, hi)) return std::nullopt;
        i += 4;
        if (hi >= 0xDC00 && hi <= 0xDFFF) return std::nullopt;
        if (hi >= 0xD800 && hi <= 0xDBFF) {
          std::uint32_t lo = 0;
          if (i + 1 >= inside.size() || inside[i] != '\\' || inside[i + 1] != 'u') return std::nullopt;
          if (!readHex4(inside, i + 2, lo) || lo < 0xDC00 || lo > 0xDFFF) return std::nullopt;
          i += 6;
          appendUtf8(out, static_cast<char32_t>(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)));
        } else {
          appendUtf8(out, static_cast<char32_t>(hi));
        }
        break;
      }
      default: return std::nullopt;
    }
  }
  return out;
}

std::string jsonUnescapeLenient(std::string_view inside) {
  std::string out;
  out.reserve(inside.size());
  std::size_t i = 0;
  while (i < inside.size()) {
    const std::size_t backslash = inside.find('\\', i);
    if (backslash == std::string_view::npos) {
      out.append(inside.substr(i));
      break;
    }
    out.append(inside.substr(i, backslash - i));
    i = backslash;
    // Decode one escape strictly; keep it verbatim when it is not valid.
    std::size_t length = 2;
    if (i + 1 < inside.size() && inside[i + 1] == 'u') {
      length = 6;
      std::uint32_t hi = 0;
      if (readHex4(inside, i + 2, hi) && hi >= 0xD800 && hi <= 0xDBFF) {
        std::uint32_t lo = 0;
        if (i + 12 <= inside.size() && inside[i + 6] == '\\' && inside[i + 7] == 'u' && readHex4(inside, i + 8, lo) &&
            lo >= 0xDC00 && lo <= 0xDFFF) {
          length = 12;
        } else {
          appendUtf8(out, 0xFFFD);
          i += 6;
          continue;
        }
      } else if (readHex4(inside, i + 2, hi) && hi >= 0xDC00 && hi <= 0xDFFF) {
        appendUtf8(out, 0xFFFD);
        i += 6;
        continue;
      }
    }
    length = std::min(length, inside.size() - i);
    if (auto decoded = jsonUnescape(inside.substr(i, length))) {
      out.append(*decoded);
      i += length;
    } else {
      out.push_back('\\');
      i += 1;
    }
  }
  return out;
}

std::size_t validUtf8Length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    if (c == 0xE0) low = 0xA0;   // overlong
    if (c == 0xED) high = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    if (c == 0xF0) low = 0x90;   // overlong
    if (c == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

bool isValidUtf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = validUtf8Length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

namespace {

// Printable ASCII other than '"' and '\\': copied as is.
bool isPlainJsonByte(unsigned char c) { return c >= 0x20 && c < 0x7F && c != '"' && c != '\\'; }

// Whether all 8 bytes of `w` are plain (SWAR: each test is exact as "any byte matches").
bool allPlainJsonBytes(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  auto anyZero = [](std::uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  std::uint64_t special = ((w - kOnes * 0x20) & ~w & kHighs)  // < 0x20
                          | anyZero(w ^ (kOnes * '"')) | anyZero(w ^ (kOnes * '\\')) | anyZero(w ^ (kOnes * 0x7F))
                          | (w & kHighs);  // non-ASCII
  return special == 0;
}

}  // namespace

std::string jsonEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  std::size_t i = 0;
  while (i < s.size()) {
    // Runs of plain bytes (nearly all of a body) are found 8 bytes at a time and copied at once.
    std::size_t run = i;
    for (std::uint64_t w; i + 8 <= s.size() && (std::memcpy(&w, s.data() + i, 8), allPlainJsonBytes(w));) i += 8;
    while (i < s.size() && isPlainJsonByte(static_cast<unsigned char>(s[i]))) ++i;
    out.append(s.data() + run, i - run);
    if (i >= s.size()) break;
    const char ch = s[i];
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      case '\b': out.append("\\b"); break;
      case '\f': out.append("\\f"); break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out.append("\\u00");
          out.push_back(kHexLower[c >> 4]);
          out.push_back(kHexLower[c & 0xF]);
        } else if (const std::size_t length = validUtf8Length(s, i)) {
          out.append(s.substr(i, length));
          i += length - 1;
        } else {
          appendUtf8(out, 0xFFFD);  // JSON text must be UTF-8
        }
    }
    ++i;
  }
  return out;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (toLowerAscii(a[i]) != toLowerAscii(b[i])) return false;
  }
  return true;
}

bool startsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && equalsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

std::size_t findIgnoreCase(std::string_view haystack, std::string_view needle, std::size_t from) {
  if (needle.empty()) return from <= haystack.size() ? from : std::string_view::npos;
  if (haystack.size() < needle.size() || from > haystack.size() - needle.size()) return std::string_view::npos;
  // Candidates come from memchr on both cases of the first byte (linear: each cursor only moves on).
  const char lower = toLowerAscii(needle[0]);
  const char upper = (lower >= 'a' && lower <= 'z') ? static_cast<char>(lower - 'a' + 'A') : lower;
  const char* begin = haystack.data();
  const char* end = begin + (haystack.size() - needle.size()) + 1;  // candidates start before this
  auto next = [&](const char* p, char c) -> const char* {
    if (p >= end) return end;
    const void* hit = std::memchr(p, c, static_cast<std::size_t>(end - p));
    return hit ? static_cast<const char*>(hit) : end;
  };
  const char* atLower = next(begin + from, lower);
  const char* atUpper = lower == upper ? end : next(begin + from, upper);
  while (atLower < end || atUpper < end) {
    const char* at = atLower < atUpper ? atLower : atUpper;
    if (equalsIgnoreCase(std::string_view(at + 1, needle.size() - 1), needle.substr(1)))
      return static_cast<std::size_t>(at - begin);
    if (at == atLower) atLower = next(at + 1, lower);
    else atUpper = next(at + 1, upper);
  }
  return std::string_view::npos;
}

std::string toLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = toLowerAscii(c);
  return out;
}

bool isGuid(std::string_view v) {
  if (v.size() != 36) return false;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? v[i] != '-' : hexValue(v[i]) < 0) return false;
  }
  return true;
}

}  // namespace tracesan::text
