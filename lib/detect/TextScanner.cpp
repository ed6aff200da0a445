#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "detect/TextScanners.h"
#include "text/TextCodec.h"
#include "text/WordFinder.h"

namespace tracesan::detect {
namespace {

bool isAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Byte classes as one table lookup: the pair scanner tests every byte around each '=' and ':'
// of a script, which holds hundreds of thousands of them.
enum : std::uint8_t { kNameChar = 1, kNameStart = 2, kEndsBareValue = 4 };
constexpr std::array<std::uint8_t, 256> kByteClass = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (alpha || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '$') t[c] |= kNameChar;
    if (alpha || c == '_' || c == '$' || c == '.') t[c] |= kNameStart;
  }
  // Where an unquoted value ends: white space, separators of queries, cookies and lists, markup,
  // escapes and closing brackets.
  for (unsigned char c : std::string_view(" \t\r\n&;,\"'<>\\)}]`")) t[c] |= kEndsBareValue;
  t[0] |= kEndsBareValue;
  return t;
}();
bool hasClass(char c, std::uint8_t cls) { return (kByteClass[static_cast<unsigned char>(c)] & cls) != 0; }
bool isNameChar(char c) { return hasClass(c, kNameChar); }
bool isNameStart(char c) { return hasClass(c, kNameStart); }
bool endsBareValue(char c) { return hasClass(c, kEndsBareValue); }

// The next of two bytes at or after `from`, with memchr (vectorised) for each; the position of
// the other byte is kept between calls so each is searched for once per stretch of text.
class TwoByteFinder {
public:
  TwoByteFinder(std::string_view s, char a, char b) : s_(s), a_(a), b_(b) {}
  // Calls must not go backwards.
  std::size_t next(std::size_t from) {
    if (from >= s_.size()) return std::string_view::npos;
    if (!started_ || posA_ < from) posA_ = find(a_, from);
    if (!started_ || posB_ < from) posB_ = find(b_, from);
    started_ = true;
    return std::min(posA_, posB_);
  }

private:
  std::size_t find(char c, std::size_t from) const {
    const void* p = std::memchr(s_.data() + from, c, s_.size() - from);
    return p ? static_cast<std::size_t>(static_cast<const char*>(p) - s_.data()) : std::string_view::npos;
  }
  std::string_view s_;
  char a_, b_;
  std::size_t posA_ = 0, posB_ = 0;
  bool started_ = false;
};

bool isBlank(char c) { return c == ' ' || c == '\t'; }

constexpr std::size_t kMaxName = 64;
constexpr std::size_t kMaxValue = 8192;

}  // namespace

bool mayHoldCredentialPairs(std::string_view text) {
  // The words of the credential name patterns (data/secret-rules.tsv); a prefilter only.
  static const text::WordFinder words({"pass", "pwd", "token", "ticket", "secret", "key", "credential", "sig", "psk",
                                       "auth", "code", "cookie", "session", "state", "nonce", "assertion"});
  return words.containsAny(text);
}

std::vector<NamedValue> scanNameValueText(std::string_view s) {
  return scanNameValueText(s, [](std::string_view, bool, std::string_view) { return true; });
}

namespace {

// The pair whose separator ('=' or ':') is at `i`, if it is one and `wanted` takes it.
bool pairAt(std::string_view s, std::size_t i, const PairFilter& wanted, std::vector<NamedValue>& out) {
  const char sep = s[i];
  // The name: back over blanks and a closing quote, then name characters.
  std::size_t e = i;
  while (e > 0 && i - e < 4 && isBlank(s[e - 1])) --e;
  if (e > 0 && (s[e - 1] == '"' || s[e - 1] == '\'')) --e;
  std::size_t b = e;
  while (b > 0 && e - b < kMaxName && isNameChar(s[b - 1])) --b;
  if (b == e || !isNameStart(s[b])) return false;
  if (b > 0 && isNameChar(s[b - 1])) return false;  // longer than kMaxName
  std::string_view name = s.substr(b, e - b);
  // `https://…`, `C:\…`: a scheme or a drive, not a pair.
  if (sep == ':' && i + 1 < s.size() && (s[i + 1] == '/' || s[i + 1] == '\\')) return false;
  if (sep == '=' && i + 1 < s.size() && s[i + 1] == '=') return false;  // `==` comparisons
  const bool query = sep == '=' && b > 0 &&
                     (s[b - 1] == '?' || s[b - 1] == '&' || (b >= 5 && s.substr(b - 5, 5) == "&amp;"));
  // The value: after blanks and an opening quote.
  std::size_t v = i + 1;
  while (v < s.size() && v - i <= 4 && isBlank(s[v])) ++v;
  if (v >= s.size()) return false;
  std::size_t ve = v;
  if (s[v] == '"' || s[v] == '\'') {
    const char q = s[v];
    ++v;
    ve = v;
    while (ve < s.size() && ve - v < kMaxValue && s[ve] != q && s[ve] != '\n' &&
           !(s[ve] == '\\' && ve + 1 < s.size() && s[ve + 1] == q))
      ++ve;
  } else {
    // An object, array or call is structure, not a value written as text.
    if (s[v] == '{' || s[v] == '[' || s[v] == '(') return false;
    while (ve < s.size() && ve - v < kMaxValue && !endsBareValue(s[ve])) ++ve;
  }
  if (ve == v || !wanted(name, query, s.substr(v, ve - v))) return false;
  NamedValue nv;
  nv.name = std::string(name);
  nv.path = (query ? "query." : "text.") + nv.name;
  nv.begin = v;
  nv.end = ve;
  nv.value = std::string(s.substr(v, ve - v));
  nv.encoding = ValueEncoding::Raw;
  out.push_back(std::move(nv));
  return true;
}

}  // namespace

std::vector<NamedValue> scanNameValueText(std::string_view s, const PairFilter& wanted) {
  std::vector<NamedValue> out;
  TwoByteFinder separators(s, '=', ':');
  for (std::size_t i = separators.next(0); i != std::string_view::npos; i = separators.next(i + 1))
    pairAt(s, i, wanted, out);
  return out;
}

namespace {

// From a word at `at` to the end of the name holding it, past a closing quote and blanks (as
// pairAt walks back from a separator), to a separator; returns where the name ends. Names are
// maximal runs of name characters, so every separator whose name holds a word is reached, in
// order, once, when the words are taken in order from the returned end on.
std::size_t pairFromWord(std::string_view s, std::size_t at, const PairFilter& wanted, std::vector<NamedValue>& out) {
  std::size_t e = at;
  while (e < s.size() && isNameChar(s[e])) ++e;
  std::size_t i = e;
  if (i < s.size() && (s[i] == '"' || s[i] == '\'')) ++i;
  for (std::size_t blanks = 0; i < s.size() && blanks < 4 && isBlank(s[i]); ++blanks) ++i;
  if (i < s.size() && (s[i] == '=' || s[i] == ':')) pairAt(s, i, wanted, out);
  return std::max(e, at + 1);
}

}  // namespace

std::vector<NamedValue> scanNameValueText(std::string_view s, const PairFilter& wanted, const text::WordFinder& nameWords) {
  std::vector<text::WordFinder::Hit> hits;
  nameWords.findAll(s, hits);
  std::vector<std::size_t> wordsAt;
  wordsAt.reserve(hits.size());
  for (const auto& h : hits)
    if (wordsAt.empty() || wordsAt.back() != h.pos) wordsAt.push_back(h.pos);
  return scanNameValueText(s, wanted, wordsAt);
}

std::vector<NamedValue> scanNameValueText(std::string_view s, const PairFilter& wanted,
                                          const std::vector<std::size_t>& wordsAt) {
  std::vector<NamedValue> out;
  std::size_t from = 0;
  for (std::size_t at : wordsAt)
    if (at >= from) from = pairFromWord(s, at, wanted, out);
  return out;
}

namespace {

// The prefixes a framed record's line may start with: an XSSI guard (which may take a comma), a
// loop guard, an SSE field, a JSONP comment. Blanks and line ends after each are skipped.
constexpr std::string_view kXssi = ")]}'", kWhileGuard = "while(1);", kForGuard = "for(;;);", kSseData = "data:",
                           kComment = "/**/";
constexpr std::array<std::string_view, 5> kFramingPrefixes{kXssi, kWhileGuard, kForGuard, kSseData, kComment};

// Whether scanFramedJson, reading `line`, may go on into the next line: the line is blank, or ends
// with a framing prefix.
bool flowsIntoNextLine(std::string_view line) {
  while (!line.empty() && (isBlank(line.back()) || line.back() == '\r')) line.remove_suffix(1);
  if (line.empty()) return true;
  for (std::string_view prefix : kFramingPrefixes)
    if (line.size() >= prefix.size() && line.substr(line.size() - prefix.size()) == prefix) return true;
  return false;
}

std::vector<NamedValue> framedJson(std::string_view s, bool* found, bool skipLines) {
  std::vector<NamedValue> out;
  if (found) *found = false;
  std::size_t pos = 0;
  std::size_t records = 0;
  TwoByteFinder recordEnds(s, '\n', '\x1e');
  auto nextRecord = [&](std::string_view, std::size_t from) { return recordEnds.next(from); };
  // A record starts at a '{' or '[' that follows (blanks aside) a line start or the last byte of
  // a framing: `)]}'`, `,` (`)]}',`, `/ns,`), `;` (`while(1);`), `:` (`data:`), `/` (`/**/`), a
  // digit (socket.io) or `(` (JSONP). Lines before the next such bracket are not looked at: in a
  // script nearly every bracket follows `)`, `=` or a name.
  TwoByteFinder brackets(s, '{', '[');
  std::size_t candidate = 0;
  bool candidateKnown = false;
  auto nextCandidate = [&](std::size_t from) {
    for (std::size_t c = brackets.next(from); c != std::string_view::npos; c = brackets.next(c + 1)) {
      std::size_t b = c;
      while (b > 0 && (isBlank(s[b - 1]) || s[b - 1] == '\r' || s[b - 1] == '\n')) --b;
      if (b == 0) return c;
      const char before = s[b - 1];
      const bool lineStart = s.substr(b, c - b).find('\n') != std::string_view::npos;
      if (lineStart || before == '\x1e' || before == '\'' || before == ',' || before == ';' || before == ':' ||
          before == '/' || before == '(' || (before >= '0' && before <= '9'))
        return c;
    }
    return std::string_view::npos;
  };
  while (pos < s.size()) {
    if (skipLines && (!candidateKnown || candidate < pos)) {
      candidate = nextCandidate(pos);
      candidateKnown = true;
    }
    if (skipLines && candidate == std::string_view::npos) break;
    // Straight to the line holding the candidate (each line is walked back over once), or to an
    // earlier one that flows into it: a line of framing prefixes only (or blank) is read on into
    // the next, as below.
    std::size_t lineStart = skipLines ? candidate : pos;
    while (lineStart > pos && s[lineStart - 1] != '\n' && s[lineStart - 1] != '\x1e') --lineStart;
    while (lineStart > pos && s[lineStart - 1] == '\n') {
      std::size_t prev = lineStart - 1;
      while (prev > pos && s[prev - 1] != '\n' && s[prev - 1] != '\x1e') --prev;
      if (!flowsIntoNextLine(s.substr(prev, lineStart - 1 - prev))) break;
      lineStart = prev;
    }
    pos = lineStart;
    std::size_t i = pos;
    while (i < s.size() && (isBlank(s[i]) || s[i] == '\r')) ++i;
    auto skip = [&](std::string_view prefix) {
      // The first byte alone rules out nearly every line (a script's lines are code).
      if (i >= s.size() || s[i] != prefix[0] || s.compare(i, prefix.size(), prefix) != 0) return false;
      i += prefix.size();
      while (i < s.size() && (isBlank(s[i]) || s[i] == '\r' || s[i] == '\n')) ++i;
      return true;
    };
    if (skip(kXssi) && i < s.size() && s[i] == ',') ++i;
    skip(kWhileGuard) || skip(kForGuard);
    skip(kSseData);
    skip(kComment);
    // socket.io: packet type digits, then an optional namespace "/ns,".
    if (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      std::size_t j = i;
      while (j < s.size() && j - i < 4 && s[j] >= '0' && s[j] <= '9') ++j;
      if (j < s.size() && s[j] == '/') {
        std::size_t comma = s.find(',', j);
        if (comma != std::string_view::npos && comma - j < 128) j = comma + 1;
      }
      if (j < s.size() && (s[j] == '[' || s[j] == '{')) i = j;
    }
    // JSONP: callback(…)
    if (i < s.size() && (isAsciiAlpha(s[i]) || s[i] == '_' || s[i] == '$')) {
      std::size_t j = i;
      while (j < s.size() && j - i < 128 && (isNameChar(s[j]) && s[j] != '-')) ++j;
      while (j < s.size() && isBlank(s[j])) ++j;
      if (j < s.size() && s[j] == '(') {
        ++j;
        while (j < s.size() && isBlank(s[j])) ++j;
        if (j < s.size() && (s[j] == '[' || s[j] == '{')) i = j;
      }
    }
    std::size_t next = nextRecord(s, i);
    if (i < s.size() && (s[i] == '{' || s[i] == '[')) {
      JsonScanOptions o;
      o.baseOffset = i;
      o.allowTrailing = true;
      std::vector<NamedValue> leaves;
      bool ok = true;
      std::size_t used = scanJsonInto(s.substr(i), o, leaves, &ok);
      if (ok && used > 0) {
        ++records;
        for (auto& l : leaves) out.push_back(std::move(l));
        std::size_t end = i + used;
        next = nextRecord(s, end);
        // Several records on one line (`{…}\x1e{…}` is split above; `}{` is not a framing).
      }
    }
    if (next == std::string_view::npos) break;
    pos = next + 1;
  }
  if (found) *found = records > 0;
  return out;
}

}  // namespace

std::vector<NamedValue> scanFramedJson(std::string_view s, bool* found) { return framedJson(s, found, true); }

std::vector<NamedValue> scanFramedJsonEveryLine(std::string_view s, bool* found) { return framedJson(s, found, false); }

std::vector<PrintableRun> printableRuns(std::string_view data, std::size_t minLength) {
  std::vector<PrintableRun> out;
  std::size_t i = 0;
  while (i < data.size()) {
    while (i < data.size() && !(data[i] >= 0x20 && data[i] < 0x7f)) ++i;
    std::size_t b = i;
    while (i < data.size() && data[i] >= 0x20 && data[i] < 0x7f) ++i;
    if (i - b >= minLength) out.push_back({b, i});
  }
  return out;
}

}  // namespace tracesan::detect
