#include "text/WordFinder.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <cstring>
#include <stdexcept>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace tracesan::text {
namespace {

char fold(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : c; }

bool equalsFolded(const char* p, std::string_view word) {
  for (std::size_t i = 0; i < word.size(); ++i)
    if (fold(p[i]) != word[i]) return false;
  return true;
}

// How often a byte (with 0x20 set, as the vector test sees it) is met in the texts searched: a
// rough model of HTTP bodies (code, JSON, markup), only good enough to rank bucketings.
double byteWeight(unsigned c) {
  if (c >= 'a' && c <= 'z') return 0.60 / 26;
  if (c >= '0' && c <= '9') return 0.15 / 10;
  for (char p : std::string_view(" .,;:\"'(){}=_-/"))
    if (c == (static_cast<unsigned char>(p) | 0x20u)) return 0.25 / 15;
  return 0.00002;  // other bytes: rare in text
}

// The model's weight of the bytes whose low nibble is in `lo` and high nibble in `hi` (bit sets):
// the share of text bytes the vector test lets through at one of its four byte positions.
double passWeight(unsigned lo, unsigned hi, const std::array<double, 256>& weight) {
  double pass = 0;
  for (unsigned h = hi; h != 0; h &= h - 1)
    for (unsigned l = lo; l != 0; l &= l - 1)
      pass += weight[(static_cast<unsigned>(__builtin_ctz(h)) << 4) | static_cast<unsigned>(__builtin_ctz(l))];
  return pass;
}

// Where the sorted words are cut into at most `buckets` runs so that the summed pass rate is
// least (dynamic programming over cut points): similar words share a bucket, and a word unlike
// its neighbours in sort order (a two-byte word, "8q~" next to "aaad") gets one of its own.
std::vector<std::size_t> bestRuns(const std::vector<std::string>& words, const std::vector<std::size_t>& order,
                                  std::size_t buckets) {
  const std::size_t n = order.size();
  if (n == 0 || buckets == 0) return {};
  std::vector<std::size_t> bucketOfRank(n);
  if (n <= buckets) {  // a bucket each: no sharing can let fewer positions through
    for (std::size_t r = 0; r < n; ++r) bucketOfRank[r] = r;
    return bucketOfRank;
  }
  std::array<double, 256> weight{};
  for (unsigned c = 0; c < 256; ++c) weight[c] = byteWeight(c);
  // cost[i][j]: the share of positions that pass a bucket of the sorted words [i, j): per byte
  // position, the nibbles of the words' bytes there (all of them after a short word's end).
  std::vector<std::vector<double>> cost(n + 1, std::vector<double>(n + 1, 0.0));
  for (std::size_t i = 0; i < n; ++i) {
    std::array<unsigned, 4> lo{}, hi{};
    for (std::size_t j = i; j < n; ++j) {
      const std::string& w = words[order[j]];
      double rate = 1.0;
      for (std::size_t k = 0; k < 4; ++k) {
        if (k >= w.size()) {
          lo[k] = hi[k] = 0xffff;
        } else {
          const unsigned c = static_cast<unsigned char>(w[k]) | 0x20u;
          lo[k] |= 1u << (c & 15);
          hi[k] |= 1u << (c >> 4);
        }
        rate *= passWeight(lo[k], hi[k], weight);
      }
      cost[i][j + 1] = rate;
    }
  }
  const double inf = 1e300;
  // best[b][j]: the least cost of the first j words in b runs; from[b][j]: where the last run starts.
  std::vector<std::vector<double>> best(buckets + 1, std::vector<double>(n + 1, inf));
  std::vector<std::vector<std::size_t>> from(buckets + 1, std::vector<std::size_t>(n + 1, 0));
  best[0][0] = 0;
  for (std::size_t b = 1; b <= buckets; ++b)
    for (std::size_t j = 1; j <= n; ++j)
      for (std::size_t i = b - 1; i < j; ++i)
        if (best[b - 1][i] + cost[i][j] < best[b][j]) {
          best[b][j] = best[b - 1][i] + cost[i][j];
          from[b][j] = i;
        }
  std::size_t runs = 1;
  for (std::size_t b = 1; b <= buckets; ++b)
    if (best[b][n] < best[runs][n]) runs = b;
  for (std::size_t b = runs, j = n; b > 0; --b) {
    for (std::size_t r = from[b][j]; r < j; ++r) bucketOfRank[r] = b - 1;
    j = from[b][j];
  }
  return bucketOfRank;
}

}  // namespace

WordFinder::WordFinder(std::vector<std::string> words) {
  for (auto& w : words) {
    if (w.empty()) continue;
    if (w.size() > kMaxLength) throw std::invalid_argument("WordFinder: word longer than kMaxLength");
    for (char& c : w) c = fold(c);
    longest_ = std::max(longest_, w.size());
    words_.push_back(std::move(w));
  }
  if (words_.size() > kMaxWords) throw std::invalid_argument("WordFinder: more than kMaxWords words");
  std::vector<std::size_t> order(words_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return words_[a] < words_[b]; });
  const std::vector<std::size_t> bucketOfRank = bestRuns(words_, order, std::min(kBuckets, words_.size()));
  for (std::size_t j = 0; j < order.size(); ++j) {
    const std::size_t i = order[j];
    const std::size_t b = bucketOfRank[j];
    const auto bucket = static_cast<std::uint16_t>(1u << b);  // the word's bit in byteBuckets_
    bucketWords_[b].push_back(static_cast<std::uint8_t>(i));
    const auto bit = static_cast<std::uint8_t>(1u << (b % 8));
    auto& low = low_[b / 8];
    auto& high = high_[b / 8];
    for (std::size_t k = 0; k < kPrint; ++k) {
      auto vectorAccept = [&](unsigned f) {
        low[k][f & 15] |= bit;
        low[k][16 + (f & 15)] |= bit;
        high[k][f >> 4] |= bit;
        high[k][16 + (f >> 4)] |= bit;
      };
      if (k >= words_[i].size()) {  // a short word: any byte may follow
        for (unsigned c = 0; c < 256; ++c) {
          byteBuckets_[k][c] |= bucket;
          vectorAccept(c);
        }
        continue;
      }
      auto c = static_cast<unsigned char>(words_[i][k]);
      byteBuckets_[k][c] |= bucket;
      if (c >= 'a' && c <= 'z') byteBuckets_[k][c - 0x20u] |= bucket;
      vectorAccept(c | 0x20u);  // the vector test sees the text with 0x20 set in every byte
    }
  }
  for (auto& words : bucketWords_) std::sort(words.begin(), words.end());
}

// The byte tables give the buckets the first four bytes fit exactly (the vector test only looks
// at nibbles).
inline unsigned WordFinder::bucketsAt(const char* p, const char* end) const {
  if (end - p < static_cast<std::ptrdiff_t>(kPrint)) return 0xffff;
  auto u = [&](std::size_t k) { return static_cast<unsigned char>(p[k]); };
  return byteBuckets_[0][u(0)] & byteBuckets_[1][u(1)] & byteBuckets_[2][u(2)] & byteBuckets_[3][u(3)];
}

inline bool WordFinder::wordIsAt(std::size_t word, const char* p, const char* end) const {
  const std::string& w = words_[word];
  return static_cast<std::size_t>(end - p) >= w.size() && equalsFolded(p, w);
}

// The lowest-index word starting at `p`, or -1; `end` bounds the text.
long WordFinder::wordAt(const char* p, const char* end) const {
  long best = -1;
  for (unsigned buckets = bucketsAt(p, end); buckets != 0; buckets &= buckets - 1)
    for (std::uint8_t w : bucketWords_[static_cast<std::size_t>(__builtin_ctz(buckets))]) {
      if (best >= 0 && w >= best) break;  // a bucket's words are in index order
      if (wordIsAt(w, p, end)) best = w;
    }
  return best;
}

// Every word starting at `p`, as hits relative to `begin`, in index order. Most candidates of
// the vector test fit no bucket by their first bytes: that test comes first, inline.
inline void WordFinder::wordsAt(const char* p, const char* begin, const char* end, std::vector<Hit>& out) const {
  unsigned buckets = bucketsAt(p, end);
  if (buckets == 0) return;
  const std::size_t first = out.size();
  for (; buckets != 0; buckets &= buckets - 1)
    for (std::uint8_t w : bucketWords_[static_cast<std::size_t>(__builtin_ctz(buckets))])
      if (wordIsAt(w, p, end)) out.push_back({static_cast<std::size_t>(p - begin), w});
  if (out.size() - first > 1)
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
              [](const Hit& a, const Hit& b) { return a.word < b.word; });
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
namespace {

// 32 positions at a time: for each of the first four bytes, a shuffle of the low and of the high
// nibble looks up the buckets the byte fits; a position whose four lookups share a bucket is a
// candidate. `sets` is 1 (buckets 0-7) or 2 (0-15). Returns the first block (at or after `p`, whole
// within `end`) with candidates, and their offsets in `mask`; or the first position a whole block
// does not fit at, with `mask` 0.
__attribute__((target("avx2"))) const char* nextCandidatesAvx2(const char* p, const char* end, const std::uint8_t* low,
                                                             const std::uint8_t* high, std::size_t sets,
                                                             unsigned& mask) {
  constexpr std::size_t kPrint = 4, kSet = 4 * 32;
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  const __m256i zero = _mm256_setzero_si256();
  const __m256i caseBit = _mm256_set1_epi8(0x20);
  __m256i lt[2][kPrint], ht[2][kPrint];
  for (std::size_t s = 0; s < 2; ++s)
    for (std::size_t k = 0; k < kPrint; ++k) {
      lt[s][k] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(low + s * kSet + 32 * k));
      ht[s][k] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(high + s * kSet + 32 * k));
    }
  for (; end - p >= static_cast<std::ptrdiff_t>(32 + kPrint - 1); p += 32) {
    __m256i lo[kPrint], hi[kPrint];
    for (std::size_t k = 0; k < kPrint; ++k) {
      __m256i v = _mm256_or_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + k)), caseBit);
      lo[k] = _mm256_and_si256(v, nibble);
      hi[k] = _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble);
    }
    unsigned none = 0xffffffffu;
    for (std::size_t s = 0; s < sets; ++s) {
      __m256i acc = _mm256_set1_epi8(-1);
      for (std::size_t k = 0; k < kPrint; ++k)
        acc = _mm256_and_si256(acc, _mm256_and_si256(_mm256_shuffle_epi8(lt[s][k], lo[k]), _mm256_shuffle_epi8(ht[s][k], hi[k])));
      none &= static_cast<unsigned>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(acc, zero)));
    }
    mask = ~none;
    if (mask != 0) return p;
  }
  mask = 0;
  return p;
}

}  // namespace
#endif

// Calls `visit` on every position from `p` on where a word may start (the vector test's
// candidates, or every position without AVX2), in order, until it returns true; returns that
// position, or nullptr.
template <class Visit>
const char* WordFinder::candidates(const char* p, const char* end, Visit&& visit) const {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  static const bool avx2 = __builtin_cpu_supports("avx2");
  static_assert(kPrint == 4);
  if (avx2) {
    const std::size_t sets = words_.size() > 8 ? 2 : 1;
    // The candidates of a block (`mask` bits) whose first position mirrors the text at `at`.
    auto each = [&](const char* at, unsigned mask) -> const char* {
      for (; mask != 0; mask &= mask - 1)
        if (const char* pos = at + __builtin_ctz(mask); visit(pos)) return pos;
      return nullptr;
    };
    for (;;) {
      unsigned mask = 0;
      p = nextCandidatesAvx2(p, end, low_[0][0].data(), high_[0][0].data(), sets, mask);
      if (mask == 0) break;
      if (const char* hit = each(p, mask)) return hit;
      p += 32;
    }
    // The last few bytes (short texts are often all of it): a zero-padded copy, two blocks.
    const auto left = static_cast<std::size_t>(end - p);
    char padded[2 * 32 + 3] = {};
    std::memcpy(padded, p, left);
    for (std::size_t b = 0; b < left; b += 32) {
      unsigned mask = 0;
      nextCandidatesAvx2(padded + b, padded + b + 32 + 3, low_[0][0].data(), high_[0][0].data(), sets, mask);  // one block
      if (left - b < 32) mask &= (1u << (left - b)) - 1;
      if (const char* hit = each(p + b, mask)) return hit;
    }
    return nullptr;
  }
#endif
  for (; p < end; ++p)
    if (visit(p)) return p;
  return nullptr;
}

const char* WordFinder::findFrom(const char* p, const char* end, std::size_t& word) const {
  return candidates(p, end, [&](const char* at) {
    const long w = wordAt(at, end);
    if (w < 0) return false;
    word = static_cast<std::size_t>(w);
    return true;
  });
}

void WordFinder::findAll(std::string_view text, std::vector<Hit>& out) const {
  if (words_.empty() || text.empty()) return;
  const char* begin = text.data();
  const char* end = begin + text.size();
  candidates(begin, end, [&](const char* at) {
    wordsAt(at, begin, end, out);
    return false;
  });
}

std::optional<WordFinder::Hit> WordFinder::find(std::string_view text, std::size_t from) const {
  if (words_.empty() || from >= text.size()) return std::nullopt;
  const char* begin = text.data();
  std::size_t word = 0;
  const char* at = findFrom(begin + from, begin + text.size(), word);
  if (!at) return std::nullopt;
  return Hit{static_cast<std::size_t>(at - begin), word};
}

}  // namespace tracesan::text
