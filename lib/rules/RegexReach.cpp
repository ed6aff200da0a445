// A small reader of RE2 syntax that only asks two questions of a pattern: which bytes can a match
// hold and how long can it be. It follows RE2's syntax page (perl classes, flags groups, counted
// repetition, `{` as a literal when not a repetition) and gives up on what it does not need to
// understand, so a pattern it cannot read is simply matched over the whole text.
#include "rules/RegexReach.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace tracesan {
namespace {

constexpr std::size_t kInf = RegexReach::kUnbounded;
constexpr int kMaxDepth = 100;

std::size_t addLengths(std::size_t a, std::size_t b) { return a == kInf || b == kInf || a > kInf - b ? kInf : a + b; }

std::size_t mulLength(std::size_t length, std::size_t count) {
  if (length == 0 || count == 0) return 0;
  if (length == kInf || count == kInf || length > kInf / count) return kInf;
  return length * count;
}

struct Flags {
  bool fold = false;   // (?i)
  bool dotNl = false;  // (?s)
};

// A set of characters: ASCII members as bits, and whether it may match a non-ASCII character
// (then every byte from 0x80 up may occur, and a character is up to 4 bytes long).
struct CharSet {
  std::bitset<256> ascii;
  bool nonAscii = false;

  void add(unsigned char c) { ascii.set(c); }
  void addRange(unsigned char lo, unsigned char hi) {
    for (unsigned c = lo; c <= hi; ++c) ascii.set(c);
  }
  void merge(const CharSet& o) {
    ascii |= o.ascii;
    nonAscii = nonAscii || o.nonAscii;
  }
  // Case folding adds the other ASCII case, and Unicode folds k and s to non-ASCII letters
  // (KELVIN SIGN, LONG S); any letter is taken to fold to something non-ASCII, which is safe.
  void fold() {
    bool letters = false;
    for (unsigned c = 'a'; c <= 'z'; ++c) {
      const unsigned upper = c - 'a' + 'A';
      if (ascii.test(c) || ascii.test(upper)) {
        ascii.set(c);
        ascii.set(upper);
        letters = true;
      }
    }
    if (letters) nonAscii = true;
  }
  // Complement within ASCII; any non-ASCII character is then a member.
  void negate() {
    for (unsigned c = 0; c < 128; ++c) ascii.flip(c);
    nonAscii = true;
  }
};

struct Piece {
  std::bitset<256> bytes;
  std::size_t maxLength = 0;

  static Piece of(const CharSet& set) {
    Piece p;
    for (unsigned c = 0; c < 128; ++c)
      if (set.ascii.test(c)) p.bytes.set(c);
    if (set.nonAscii)
      for (unsigned c = 128; c < 256; ++c) p.bytes.set(c);
    p.maxLength = set.nonAscii ? 4 : 1;
    return p;
  }
};

// The perl classes as RE2 defines them (\s is [\t\n\f\r ]); \s also takes \v, which keeps \s
// and \S (the complement of the RE2 set) both supersets of what RE2 matches.
std::optional<CharSet> perlClass(char c) {
  CharSet s;
  switch (c) {
    case 'd': case 'D': s.addRange('0', '9'); break;
    case 'w': case 'W': s.addRange('0', '9'); s.addRange('A', 'Z'); s.addRange('a', 'z'); s.add('_'); break;
    case 's': case 'S': for (unsigned char b : {'\t', '\n', '\f', '\r', ' '}) s.add(b); break;
    default: return std::nullopt;
  }
  if (c >= 'A' && c <= 'Z') s.negate();
  else if (c == 's') s.add('\v');
  return s;
}

class Reader {
 public:
  explicit Reader(std::string_view pattern) : p_(pattern) {}

  std::optional<RegexReach> read() {
    Flags flags;
    Piece whole = alternation(flags, 0);
    if (failed_ || pos_ != p_.size()) return std::nullopt;
    return RegexReach{whole.bytes, whole.maxLength};
  }

 private:
  std::string_view p_;
  std::size_t pos_ = 0;
  bool failed_ = false;

  bool atEnd() const { return pos_ >= p_.size(); }
  char peek(std::size_t ahead = 0) const { return pos_ + ahead < p_.size() ? p_[pos_ + ahead] : '\0'; }
  Piece fail() {
    failed_ = true;
    pos_ = p_.size();
    return {};
  }

  Piece alternation(Flags& flags, int depth) {
    if (depth > kMaxDepth) return fail();
    Piece result = concatenation(flags, depth);
    while (!failed_ && peek() == '|' && !atEnd()) {
      ++pos_;
      Piece next = concatenation(flags, depth);
      result.bytes |= next.bytes;
      result.maxLength = std::max(result.maxLength, next.maxLength);
    }
    return result;
  }

  Piece concatenation(Flags& flags, int depth) {
    Piece result;
    while (!failed_ && !atEnd() && peek() != '|' && peek() != ')') {
      Piece item = atom(flags, depth);
      item = repetitions(item);
      result.bytes |= item.bytes;
      result.maxLength = addLengths(result.maxLength, item.maxLength);
    }
    return result;
  }

  // Quantifiers after an atom; RE2 refuses stacked ones, but each is applied anyway.
  Piece repetitions(Piece item) {
    for (;;) {
      std::size_t count = 0;
      char c = peek();
      if (c == '*' || c == '+') {
        ++pos_;
        count = kInf;
      } else if (c == '?') {
        ++pos_;
        count = 1;
      } else if (c == '{') {
        auto counted = countedRepetition();
        if (!counted) return item;  // a literal `{`, read as the next atom
        count = *counted;
      } else {
        return item;
      }
      if (peek() == '?') ++pos_;  // non-greedy: same reach
      item.maxLength = mulLength(item.maxLength, count);
    }
  }

  // `{n}`, `{n,}`, `{n,m}`: the largest count, or nullopt (and nothing consumed) when the brace
  // does not start a repetition.
  std::optional<std::size_t> countedRepetition() {
    std::size_t i = pos_ + 1;
    auto number = [&](std::size_t& value) {
      std::size_t start = i;
      value = 0;
      while (i < p_.size() && p_[i] >= '0' && p_[i] <= '9' && i - start < 6) value = value * 10 + static_cast<std::size_t>(p_[i++] - '0');
      return i > start;
    };
    std::size_t lo = 0, hi = 0;
    if (!number(lo)) return std::nullopt;
    hi = lo;
    if (i < p_.size() && p_[i] == ',') {
      ++i;
      if (!number(hi)) hi = kInf;
    }
    if (i >= p_.size() || p_[i] != '}') return std::nullopt;
    pos_ = i + 1;
    return hi;
  }

  Piece atom(Flags& flags, int depth) {
    const char c = peek();
    switch (c) {
      case '(': return group(flags, depth);
      case '[': return Piece::of(charClass(flags));
      case '.': {
        ++pos_;
        CharSet any;
        any.addRange(0, 127);
        if (!flags.dotNl) any.ascii.reset('\n');
        any.nonAscii = true;
        return Piece::of(any);
      }
      case '^': case '$': ++pos_; return {};
      case '\\': return escape(flags);
      case '*': case '+': case '?': return fail();  // a repetition of nothing: not valid RE2
      default: {
        ++pos_;
        const auto b = static_cast<unsigned char>(c);
        if (b >= 0x80) {
          if (flags.fold) return fail();  // a non-ASCII letter may fold to other bytes
          Piece piece;
          piece.bytes.set(b);
          piece.maxLength = 1;  // one byte of a UTF-8 character written in the pattern
          return piece;
        }
        return literal(b, flags);
      }
    }
  }

  Piece literal(unsigned char c, const Flags& flags) {
    CharSet set;
    set.add(c);
    if (flags.fold) set.fold();
    return Piece::of(set);
  }

  Piece group(Flags& flags, int depth) {
    ++pos_;  // (
    Flags inner = flags;
    if (peek() == '?') {
      ++pos_;
      if (peek() == 'P' && peek(1) == '<') ++pos_;
      if (peek() == '<') {
        while (!atEnd() && peek() != '>') ++pos_;
        if (atEnd()) return fail();
        ++pos_;
      } else if (peek() == ':') {
        ++pos_;
      } else {
        // Flags: (?flags) changes the rest of the enclosing group, (?flags:re) only re.
        bool negated = false;
        for (;;) {
          const char f = peek();
          ++pos_;
          if (f == 'i') inner.fold = !negated;
          else if (f == 's') inner.dotNl = !negated;
          else if (f == 'm' || f == 'U') continue;  // anchors and greediness: same reach
          else if (f == '-' && !negated) negated = true;
          else if (f == ')') { flags = inner; return {}; }
          else if (f == ':') break;
          else return fail();
        }
      }
    }
    Piece inside = alternation(inner, depth + 1);
    if (failed_ || peek() != ')') return fail();
    ++pos_;
    return inside;
  }

  // One character written with a backslash, outside or inside a class, or nullopt for what is
  // not a single character.
  std::optional<unsigned char> escapedChar(char e) {
    switch (e) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'f': return '\f';
      case 'v': return '\v';
      case 'a': return '\a';
      case 'x': {
        std::size_t value = 0, digits = 0;
        if (peek() == '{') {
          ++pos_;
          while (!atEnd() && peek() != '}') {
            const int d = hexDigit(peek());
            if (d < 0 || ++digits > 8) return std::nullopt;
            value = value * 16 + static_cast<std::size_t>(d);
            ++pos_;
          }
          if (atEnd() || digits == 0) return std::nullopt;
          ++pos_;
        } else {
          for (int k = 0; k < 2; ++k) {
            const int d = hexDigit(peek());
            if (d < 0) return std::nullopt;
            value = value * 16 + static_cast<std::size_t>(d);
            ++pos_;
          }
        }
        if (value >= 0x80) return std::nullopt;  // a non-ASCII character: not needed, not read
        return static_cast<unsigned char>(value);
      }
      default: {
        const auto b = static_cast<unsigned char>(e);
        // Escaped punctuation is itself; an escaped letter or digit not handled here is a
        // class, an assertion or a code this reading does not follow.
        if (b < 0x80 && b > ' ' && !std::isalnum(b)) return b;
        return std::nullopt;
      }
    }
  }

  static int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  Piece escape(const Flags& flags) {
    ++pos_;  // backslash
    if (atEnd()) return fail();
    const char e = peek();
    ++pos_;
    if (e == 'b' || e == 'B' || e == 'A' || e == 'z') return {};  // zero-width
    if (auto set = perlClass(e)) {
      if (flags.fold) set->fold();
      return Piece::of(*set);
    }
    auto c = escapedChar(e);
    if (!c) return fail();
    return literal(*c, flags);
  }

  CharSet charClass(const Flags& flags) {
    ++pos_;  // [
    CharSet set;
    bool negated = false;
    if (peek() == '^') {
      negated = true;
      ++pos_;
    }
    bool first = true;
    while (!atEnd() && (peek() != ']' || first)) {
      first = false;
      if (peek() == '[' && peek(1) == ':') return failSet();  // [:alpha:]
      if (peek() == '\\' && perlClass(peek(1))) {
        set.merge(*perlClass(peek(1)));
        pos_ += 2;
        continue;
      }
      auto lo = classChar();
      if (!lo) return failSet();
      if (peek() == '-' && peek(1) != ']' && pos_ + 1 < p_.size()) {
        ++pos_;
        auto hi = classChar();
        if (!hi || *hi < *lo) return failSet();
        set.addRange(*lo, *hi);
      } else {
        set.add(*lo);
      }
    }
    if (atEnd()) return failSet();
    ++pos_;  // ]
    if (flags.fold) set.fold();
    if (negated) set.negate();
    return set;
  }

  std::optional<unsigned char> classChar() {
    const char c = peek();
    ++pos_;
    if (c == '\\') {
      if (atEnd()) return std::nullopt;
      const char e = peek();
      ++pos_;
      return escapedChar(e);
    }
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x80) return std::nullopt;  // UTF-8 ranges: not read
    return b;
  }

  CharSet failSet() {
    fail();
    return {};
  }
};

}  // namespace

std::optional<RegexReach> analyzeReach(std::string_view pattern) { return Reader(pattern).read(); }

}  // namespace tracesan
