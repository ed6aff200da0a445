#include "detect/aad/AadPrefilter.h"

#include <cstring>
#include <iterator>

#if defined(__x86_64__)
#include <immintrin.h>
#endif


namespace tracesan::aad {
namespace {

// Looked for case-insensitively (written here in lowercase). "error_" stands for error_codes and error_description; "errorcode" for $Config's iErrorCode;
// "\\u00" starts a JSON escape of an ASCII character, checked further by hidingUnicodeEscape.
// The whole-trace search adds "authorize" (see mayMatterToTraceSearch).
constexpr std::string_view kErrorWords[] = {"aadsts", "error_", "errorcode", "clitelem", "samlresponse", "base64", "\\u00"};
constexpr std::string_view kSearchWords[] = {"aadsts",       "error_", "errorcode", "clitelem",
                                             "samlresponse", "base64", "\\u00",     "authorize"};
constexpr std::size_t kUnicodeWord = 6;  // the same index in both lists
constexpr std::size_t kLongestWord = 12;
constexpr std::size_t kMaxWords = std::size(kSearchWords);

// A list of words, one of them the "\\u00" escape start.
struct Words {
  const std::string_view* list;
  std::size_t count;
};
constexpr Words kError{kErrorWords, std::size(kErrorWords)};
constexpr Words kSearch{kSearchWords, std::size(kSearchWords)};

char fold(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : c; }

bool equalsFolded(const char* p, std::string_view word) {
  for (std::size_t i = 0; i < word.size(); ++i)
    if (fold(p[i]) != word[i]) return false;
  return true;
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = fold(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// A byte an escape must not spell: it could complete one of the words, or start another escape.
bool couldHideWord(int byte, bool percentOk) {
  if ((byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z')) return true;
  if (byte == '_' || byte == '\\') return true;
  return byte == '%' && !percentOk;
}

// "\u005f" at `p` (already matched "\u00") spelling a letter, '_', '\\' or '%' (which a URL
// decoder reads next); an escape cut short by the end counts too.
bool hidingUnicodeEscape(const char* p, const char* end) {
  if (end - p < 6) return true;
  int hi = hexDigit(p[4]), lo = hexDigit(p[5]);
  return hi >= 0 && lo >= 0 && couldHideWord(hi * 16 + lo, /*percentOk=*/false);
}

// "%4a" spelling a letter, '_' or '\\'.
bool hasHidingPercentEscape(std::string_view raw) {
  const char* p = raw.data();
  const char* end = p + raw.size();
  while (const void* hit = std::memchr(p, '%', static_cast<std::size_t>(end - p))) {
    const char* at = static_cast<const char*>(hit);
    if (end - at < 3) break;
    int hi = hexDigit(at[1]), lo = hexDigit(at[2]);
    if (hi >= 0 && lo >= 0 && couldHideWord(hi * 16 + lo, /*percentOk=*/true)) return true;
    p = at + 1;
  }
  return false;
}

// Whether a word (or a hiding \u escape) starts at `p`; `end` bounds the text.
bool wordAt(const char* p, const char* end, const Words& words, std::size_t w) {
  std::string_view word = words.list[w];
  if (static_cast<std::size_t>(end - p) < word.size()) return false;
  if (!equalsFolded(p, word)) return false;
  return w != kUnicodeWord || hidingUnicodeEscape(p, end);
}

bool hasWordScalar(const char* p, const char* end, const Words& words) {
  for (; p < end; ++p)
    for (std::size_t w = 0; w < words.count; ++w)
      if (wordAt(p, end, words, w)) return true;
  return false;
}

// One pass over the text for all words, a vector of positions at a time: a position is a candidate
// for a word when its first and last bytes match (ORing 0x20 folds letters; other bytes may give
// false candidates, which the exact check drops). Far faster than one memmem per word.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
// The same loop for 16- and 32-byte vectors; a macro because the AVX2 copy must be compiled with
// that target enabled as a whole (helpers it called would not be inlined into it).
#define TRACESAN_WORD_LOOP(Vec, width, load, or_, set1, cmpeq, and_, movemask)                           \
  const Vec lower = set1(0x20);                                                                        \
  Vec first[kMaxWords], last[kMaxWords];                                                               \
  for (std::size_t w = 0; w < words.count; ++w) {                                                      \
    first[w] = set1(static_cast<char>(words.list[w].front() | 0x20));                                  \
    last[w] = set1(static_cast<char>(words.list[w].back() | 0x20));                                    \
  }                                                                                                    \
  for (; end - p >= static_cast<std::ptrdiff_t>(width + kLongestWord); p += width) {                   \
    Vec block = or_(load(reinterpret_cast<const Vec*>(p)), lower);                                     \
    for (std::size_t w = 0; w < words.count; ++w) {                                                    \
      Vec tail = or_(load(reinterpret_cast<const Vec*>(p + words.list[w].size() - 1)), lower);         \
      auto mask = static_cast<unsigned>(movemask(and_(cmpeq(block, first[w]), cmpeq(tail, last[w])))); \
      while (mask != 0) {                                                                              \
        if (wordAt(p + __builtin_ctz(mask), end, words, w)) return true;                               \
        mask &= mask - 1;                                                                              \
      }                                                                                                \
    }                                                                                                  \
  }                                                                                                    \
  return hasWordScalar(p, end, words);

bool hasWordSse2(const char* p, const char* end, const Words& words) {
  TRACESAN_WORD_LOOP(__m128i, 16, _mm_loadu_si128, _mm_or_si128, _mm_set1_epi8, _mm_cmpeq_epi8, _mm_and_si128,
                     _mm_movemask_epi8)
}

__attribute__((target("avx2"))) bool hasWordAvx2(const char* p, const char* end, const Words& words) {
  TRACESAN_WORD_LOOP(__m256i, 32, _mm256_loadu_si256, _mm256_or_si256, _mm256_set1_epi8, _mm256_cmpeq_epi8,
                     _mm256_and_si256, _mm256_movemask_epi8)
}
#undef TRACESAN_WORD_LOOP

bool hasWordRange(const char* p, const char* end, const Words& words) {
  static const bool avx2 = __builtin_cpu_supports("avx2");
  return avx2 ? hasWordAvx2(p, end, words) : hasWordSse2(p, end, words);
}
#else
bool hasWordRange(const char* p, const char* end, const Words& words) { return hasWordScalar(p, end, words); }
#endif

// Entries with a base64 body say so after the body ("text" comes before "encoding" in every HAR
// writer we know): looking at the tail first settles them without reading the body.
constexpr std::size_t kTail = 2048;

bool hasWord(std::string_view raw, const Words& words) {
  const char* begin = raw.data();
  const char* end = begin + raw.size();
  if (raw.size() > 2 * kTail && hasWordRange(end - kTail, end, words)) return true;
  return hasWordRange(begin, end, words);
}

}  // namespace

bool mayHoldAadError(std::string_view raw) { return hasWord(raw, kError) || hasHidingPercentEscape(raw); }

bool mayMatterToTraceSearch(std::string_view raw) { return hasWord(raw, kSearch) || hasHidingPercentEscape(raw); }

}  // namespace tracesan::aad
