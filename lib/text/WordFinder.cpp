#include "text/WordFinder.h"

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
  for (std::size_t i = 0; i < words_.size(); ++i) {
    const auto bucket = static_cast<std::uint8_t>(1u << (i % 8));
    for (std::size_t k = 0; k < kPrint; ++k) {
      auto accept = [&](unsigned byte) {
        byteBuckets_[k][byte] |= bucket;
        low_[k][byte & 15] |= bucket;
        low_[k][16 + (byte & 15)] |= bucket;
        high_[k][byte >> 4] |= bucket;
        high_[k][16 + (byte >> 4)] |= bucket;
      };
      if (k >= words_[i].size()) {  // a short word: any byte may follow
        for (unsigned b = 0; b < 256; ++b) accept(b);
        continue;
      }
      auto c = static_cast<unsigned char>(words_[i][k]);
      accept(c);
      if (c >= 'a' && c <= 'z') accept(c - 0x20u);
    }
  }
}

// The lowest-index word starting at `p`, or -1; `end` bounds the text. The byte tables first give
// the buckets the first three bytes fit exactly (the vector test only looks at nibbles).
long WordFinder::wordAt(const char* p, const char* end) const {
  unsigned buckets = 0xff;
  if (end - p >= static_cast<std::ptrdiff_t>(kPrint)) {
    auto u = [&](std::size_t k) { return static_cast<unsigned char>(p[k]); };
    buckets = byteBuckets_[0][u(0)] & byteBuckets_[1][u(1)] & byteBuckets_[2][u(2)];
    if (buckets == 0) return -1;
  }
  for (std::size_t w = 0; w < words_.size(); ++w) {
    if ((buckets >> (w % 8) & 1u) == 0) continue;
    const std::string& word = words_[w];
    if (static_cast<std::size_t>(end - p) >= word.size() && equalsFolded(p, word)) return static_cast<long>(w);
  }
  return -1;
}

const char* WordFinder::findScalar(const char* p, const char* end, std::size_t& word) const {
  for (; p < end; ++p) {
    long w = wordAt(p, end);
    if (w >= 0) {
      word = static_cast<std::size_t>(w);
      return p;
    }
  }
  return nullptr;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
namespace {

// 32 positions at a time: for each of the first three bytes, a shuffle of the low and of the high
// nibble looks up the buckets the byte fits; a position whose three lookups share a bucket is a
// candidate. Returns the first block (at or after `p`, whole within `end`) with candidates, and
// their offsets in `mask`; or the first position a whole block does not fit at, with `mask` 0.
__attribute__((target("avx2"))) const char* nextCandidatesAvx2(const char* p, const char* end, const std::uint8_t* low,
                                                             const std::uint8_t* high, unsigned& mask) {
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  const __m256i zero = _mm256_setzero_si256();
  __m256i lt[3], ht[3];
  for (std::size_t k = 0; k < 3; ++k) {
    lt[k] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(low + 32 * k));
    ht[k] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(high + 32 * k));
  }
  for (; end - p >= 32 + 2; p += 32) {
    __m256i acc = _mm256_set1_epi8(-1);
    for (std::size_t k = 0; k < 3; ++k) {
      __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + k));
      __m256i lo = _mm256_and_si256(v, nibble);
      __m256i hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble);
      acc = _mm256_and_si256(acc, _mm256_and_si256(_mm256_shuffle_epi8(lt[k], lo), _mm256_shuffle_epi8(ht[k], hi)));
    }
    mask = ~static_cast<unsigned>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(acc, zero)));
    if (mask != 0) return p;
  }
  mask = 0;
  return p;
}

}  // namespace

const char* WordFinder::findFrom(const char* p, const char* end, std::size_t& word) const {
  static const bool avx2 = __builtin_cpu_supports("avx2");
  static_assert(kPrint == 3);
  if (!avx2) return findScalar(p, end, word);
  // Verifies the candidates of the block at `block` (`mask` bits), which mirrors the text at `at`.
  auto verify = [&](const char* at, unsigned mask) -> const char* {
    for (; mask != 0; mask &= mask - 1) {
      const char* pos = at + __builtin_ctz(mask);
      if (long w = wordAt(pos, end); w >= 0) {
        word = static_cast<std::size_t>(w);
        return pos;
      }
    }
    return nullptr;
  };
  for (;;) {
    unsigned mask = 0;
    p = nextCandidatesAvx2(p, end, low_[0].data(), high_[0].data(), mask);
    if (mask == 0) break;
    if (const char* hit = verify(p, mask)) return hit;
    p += 32;
  }
  // The last few bytes (short texts are often all of it): a zero-padded copy, two blocks.
  const auto left = static_cast<std::size_t>(end - p);
  if (left == 0) return nullptr;
  char padded[2 * 32 + 2] = {};
  std::memcpy(padded, p, left);
  for (std::size_t b = 0; b < left; b += 32) {
    unsigned mask = 0;
    nextCandidatesAvx2(padded + b, padded + b + 32 + 2, low_[0].data(), high_[0].data(), mask);  // one block
    if (left - b < 32) mask &= (1u << (left - b)) - 1;
    if (const char* hit = verify(p + b, mask)) return hit;
  }
  return nullptr;
}
#else
const char* WordFinder::findFrom(const char* p, const char* end, std::size_t& word) const {
  return findScalar(p, end, word);
}
#endif

std::optional<WordFinder::Hit> WordFinder::find(std::string_view text, std::size_t from) const {
  if (words_.empty() || from >= text.size()) return std::nullopt;
  const char* begin = text.data();
  std::size_t word = 0;
  const char* at = findFrom(begin + from, begin + text.size(), word);
  if (!at) return std::nullopt;
  return Hit{static_cast<std::size_t>(at - begin), word};
}

}  // namespace tracesan::text
