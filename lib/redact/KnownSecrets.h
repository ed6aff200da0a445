// The known-secrets index behind RedactionSession: secrets learned so far (with their
// replacement and kind), found again verbatim in any text by one filtered scan.
//
//   session.impl().add(secret, placeholder, kind);  addOtherForms(session.impl(), secret, placeholder, kind);
//   std::vector<RedactionSession::Impl::Hit> hits;  session.impl().find(text, hits);
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "redact/Placeholders.h"
#include "tracesan/Redactor.h"

namespace tracesan {

// ------------------------------------------------------------------------------------------------
// Session: secrets learned so far, found again verbatim. A scan looks at every `stride`-th position
// of a text only: it reads the `window` bytes there and asks whether they are one of the last
// `stride` windows of some secret (each secret is indexed under those, with how far each lies from
// the secret's end). An occurrence of a secret at least window + stride - 1 bytes long has exactly
// one of its last `stride` windows at a scanned position, so it is found exactly once. The shortest
// secret sets the geometry: the longer it is, the fewer positions a scan reads (a 100 MB output is
// scanned again whole, see KnownSecretsFile.cpp). Windows come from the END of a secret: secrets of
// one family share long prefixes (every JWT starts eyJ0eXAiOiJKV1Qi…) but end in random bytes, so
// chains stay short. A blocked bit filter skips most positions with one load; it grows with the
// number of postings (a big trace learns 100k+ secrets) so that it stays mostly empty.

struct RedactionSession::Impl {
  static constexpr std::size_t kMinSecret = 8;  // shorter values are not hunted
  // The scan's geometry. The stride is as wide as the shortest secret allows, up to kMaxStride:
  // each secret takes `stride` postings, and past 16 they cost more to build (twice per run, see
  // withJsonEscapedForms) than the scans save. Windows are 8 bytes when the shortest secret leaves
  // room for that stride: 4-byte windows of random secrets turn up in JSON text by chance far more
  // often, each a chain walk. A session of 64k+ secrets narrows the stride so that its postings
  // stay about a million (16 bytes each, with up to 4 slots of 8 bytes each): some 50 MB at most
  // until 256k+ secrets, which take 4 postings each as before.
  static constexpr std::size_t kMaxStride = 16;
  static constexpr std::size_t kPostingBudget = std::size_t(1) << 20;
  struct Geometry {
    std::size_t window, stride;
    bool operator==(const Geometry&) const = default;
  };
  static constexpr Geometry geometryFor(std::size_t shortest, std::size_t count) {
    std::size_t stride = kMaxStride;
    while (stride > 4 && count * stride > kPostingBudget) stride /= 2;
    if (shortest >= 8 + stride - 1) return {8, stride};
    return {4, std::min(stride, shortest - 4 + 1)};
  }

  struct Known {
    std::string secret;
    std::string replacement;
    std::string kind;
  };
  std::deque<Known> known;  // a deque: index keys point into its strings, which never move
  std::unordered_map<std::string_view, std::size_t> index;  // secret -> known[]
  std::size_t shortest = 0;  // bytes of the shortest secret (0: none yet)
  Geometry geometry{0, 0};   // geometryFor(shortest, known.size()) as the index was built

  // Window -> chain of postings (a secret and how many bytes after the window it ends), as an
  // open-addressing table of chain heads keyed by 32 bits of the window's hash (a rare chain that
  // mixes two windows only costs a compare): probed at every position that passes the filter, so
  // a lookup must cost a cache line or two.
  static constexpr std::uint32_t kNone = 0xffffffffu;
  struct Posting {
    std::uint32_t known;
    std::uint32_t after;  // bytes of the secret after the window
    std::uint32_t next;
    // The secret's last 4 bytes, checked before the secret itself: many secrets share a window
    // (passwords of one pattern, the escaped forms of one value) but few share their end.
    std::uint32_t tail;
  };
  struct Slot {
    std::uint32_t tag = 0;
    std::uint32_t head = kNone;
  };
  std::vector<Posting> postings;
  std::vector<Slot> slots;  // allocated by the first secret (a pipeline makes one session per entry)
  std::size_t usedSlots = 0;
  // A blocked filter: each window sets two bits of one 64-bit word, so a test costs one load
  // however large the filter. It grows to keep 16 bits a posting (about 1.5% of scanned positions
  // pass on random text) while it fits in a core's L2 cache, then lets that fall to 8 (about 5%).
  // Word and bits come from the slot's tag, so growing rebuilds it from the slots alone.
  static constexpr std::size_t kMinFilterWords = 1024;
  static constexpr std::size_t kCacheFilterWords = (512u << 10) / 8;
  static constexpr std::size_t kMaxFilterWords = std::size_t(1) << 20;  // tag bits 12-31; 0-11 pick the bits
  std::vector<std::uint64_t> filter;  // allocated by the first secret, like slots

  // The window of `kWidth` bytes at `p`, zero-extended.
  template <std::size_t kWidth>
  static std::uint64_t window(const char* p) {
    if constexpr (kWidth == 8) {
      std::uint64_t w;
      std::memcpy(&w, p, sizeof w);
      return w;
    } else {
      std::uint32_t w;
      std::memcpy(&w, p, sizeof w);
      return w;
    }
  }
  // 32 bits of hash a window (a 64x64->128 multiply, halves folded, so every bit of the window
  // counts): the slot table and the filter both index by it.
  static std::uint32_t tagOf(std::uint64_t w) {
    __extension__ using Wide = unsigned __int128;
    const Wide m = static_cast<Wide>(w ^ 0x243F6A8885A308D3ull) * 0x9E3779B97F4A7C15ull;
    return static_cast<std::uint32_t>(static_cast<std::uint64_t>(m) ^ static_cast<std::uint64_t>(m >> 64));
  }
  static std::uint64_t bitsOf(std::uint32_t tag) { return (1ull << (tag & 63)) | (1ull << ((tag >> 6) & 63)); }
  static std::size_t wordOf(std::uint32_t tag, std::size_t words) { return (tag >> 12) & (words - 1); }
  void setBits(std::uint32_t tag) { filter[wordOf(tag, filter.size())] |= bitsOf(tag); }
  std::size_t slotOf(std::uint32_t tag) const {
    const std::size_t mask = slots.size() - 1;
    std::size_t i = tag & mask;
    while (slots[i].head != kNone && slots[i].tag != tag) i = (i + 1) & mask;
    return i;
  }
  void growFilter(std::size_t postingCount) {
    std::size_t words = filter.size();
    while (words < kMaxFilterWords && postingCount * (words < kCacheFilterWords ? 16 : 8) > words * 64) words *= 2;
    if (words == filter.size()) return;
    filter.assign(words, 0);
    for (const Slot& slot : slots)
      if (slot.head != kNone) setBits(slot.tag);
  }
  void growSlots(std::size_t used) {
    std::size_t size = slots.size();
    while (used * 2 > size) size *= 2;
    if (size == slots.size()) return;
    std::vector<Slot> old(size);
    old.swap(slots);
    for (const Slot& slot : old)
      if (slot.head != kNone) slots[slotOf(slot.tag)] = slot;
  }
  void addPosting(std::uint32_t tag, std::uint32_t k, std::uint32_t after, std::uint32_t tail) {
    Slot& slot = slots[slotOf(tag)];
    if (slot.head == kNone) {
      slot.tag = tag;
      ++usedSlots;
    }
    postings.push_back({k, after, slot.head, tail});
    slot.head = static_cast<std::uint32_t>(postings.size() - 1);
    setBits(tag);
  }
  // Indexes known[k] under its last `stride` windows. The slots they land in are scattered over a
  // table of megabytes: all are prefetched first, so that their cache misses overlap.
  void post(std::uint32_t k) {
    growSlots(usedSlots + geometry.stride);
    const std::string& secret = known[k].secret;
    const char* end = secret.data() + secret.size();
    const auto tail = static_cast<std::uint32_t>(window<4>(end - 4));
    std::uint32_t tags[kMaxStride];
    for (std::size_t after = 0; after < geometry.stride; ++after) {
      const char* at = end - geometry.window - after;
      tags[after] = tagOf(geometry.window == 8 ? window<8>(at) : window<4>(at));
      __builtin_prefetch(&slots[tags[after] & (slots.size() - 1)], 1);
    }
    for (std::uint32_t after = 0; after < geometry.stride; ++after) addPosting(tags[after], k, after, tail);
  }
  // A new geometry (a shorter secret than all before, or a session past a posting budget) builds
  // the index again: a few times per session at most, as the stride only ever narrows. Tables are
  // sized for all the postings first, rather than grown along the way.
  void rebuild() {
    const std::size_t count = known.size() * geometry.stride;
    postings.clear();
    postings.reserve(count);
    slots.assign(1024, Slot{});
    usedSlots = 0;
    growSlots(count);
    filter.assign(kMinFilterWords, 0);
    growFilter(count);
    for (std::size_t k = 0; k < known.size(); ++k) post(static_cast<std::uint32_t>(k));
  }

  void add(std::string_view secret, std::string_view replacement, std::string_view kind) {
    if (secret.size() < kMinSecret) return;
    if (index.count(secret) != 0) return;
    known.push_back({std::string(secret), std::string(replacement), std::string(kind)});
    index.emplace(known.back().secret, known.size() - 1);
    if (shortest == 0 || secret.size() < shortest) shortest = secret.size();
    if (const Geometry g = geometryFor(shortest, known.size()); g != geometry) {
      geometry = g;
      rebuild();
    } else {
      post(static_cast<std::uint32_t>(known.size() - 1));
    }
    growFilter(postings.size());
  }

  // This index becomes a copy of `other` (which its string views must not point into), without
  // indexing every secret again.
  void copyFrom(const Impl& other) {
    known = other.known;
    index.clear();
    index.reserve(known.size());
    for (std::size_t k = 0; k < known.size(); ++k) index.emplace(known[k].secret, k);
    shortest = other.shortest;
    geometry = other.geometry;
    postings = other.postings;
    slots = other.slots;
    usedSlots = other.usedSlots;
    filter = other.filter;
  }

  struct Hit {
    std::size_t begin, end, known;
  };
  // Whether `span` overlaps one of `sorted` (disjoint spans in order, as placeholderRanges gives).
  static bool overlapsSorted(const redact::Span& span, const std::vector<redact::Span>& sorted) {
    auto after = std::upper_bound(sorted.begin(), sorted.end(), span.begin,
                                  [](std::size_t at, const redact::Span& r) { return at < r.end; });
    return after != sorted.end() && after->begin < span.end;
  }

  // Every non-overlapping occurrence of a known secret in `s` outside placeholders (as
  // placeholderRanges finds them); at one position the longest secret wins, between overlapping
  // ones the earlier.
  void find(std::string_view s, std::vector<Hit>& out) const {
    if (known.empty() || s.size() < shortest) return;
    std::vector<Hit> hits;
    if (geometry.window == 8)
      scan<8>(s, hits);
    else
      scan<4>(s, hits);
    if (hits.empty()) return;
    // Placeholders are looked for only in a text that holds a secret (a big file holds none).
    std::vector<redact::Span> skip;
    redact::placeholderRanges(s, skip);
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
      return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
    std::size_t taken = 0;
    for (const Hit& h : hits) {
      if (h.begin < taken || overlapsSorted(redact::Span{h.begin, h.end}, skip)) continue;
      out.push_back(h);
      taken = h.end;
    }
  }

  // Every occurrence of a known secret in `s` (overlapping ones too), in no particular order.
  template <std::size_t kWidth>
  void scan(std::string_view s, std::vector<Hit>& hits) const {
    // Positions are tested 16 at a time into a mask, without branches, so the filter loads
    // overlap; then only the positions that passed are looked up.
    constexpr std::size_t kBlock = 16;
    const std::size_t stride = geometry.stride;
    const std::uint64_t* words = filter.data();
    const std::size_t wordMask = filter.size() - 1;
    const char* text = s.data();
    const std::size_t last = s.size() - kWidth;  // the last position a window fits at
    auto probe = [&](std::size_t at) -> std::uint32_t {
      const std::uint32_t tag = tagOf(window<kWidth>(text + at));
      const std::uint64_t word = words[(tag >> 12) & wordMask];
      return static_cast<std::uint32_t>((word >> (tag & 63)) & (word >> ((tag >> 6) & 63)) & 1);
    };
    auto lookUp = [&](std::size_t base, std::uint32_t mask) {
      for (; mask != 0; mask &= mask - 1) {
        const std::size_t i = base + static_cast<std::size_t>(__builtin_ctz(mask)) * stride;
        const Slot& slot = slots[slotOf(tagOf(window<kWidth>(text + i)))];
        for (std::uint32_t p = slot.head; p != kNone; p = postings[p].next) {
          const Posting& posting = postings[p];
          const std::size_t end = i + kWidth + posting.after;  // >= 4
          if (end > s.size() || window<4>(text + end - 4) != posting.tail) continue;
          const std::string& sec = known[posting.known].secret;
          if (sec.size() > end) continue;
          const std::size_t begin = end - sec.size();
          if (s.compare(begin, sec.size(), sec) == 0) hits.push_back({begin, end, posting.known});
        }
      }
    };
    std::size_t base = 0;
    // Whole blocks (a fixed count the compiler unrolls), then the rest.
    for (; base + stride * (kBlock - 1) <= last; base += stride * kBlock) {
      std::uint32_t mask = 0;
      for (std::size_t j = kBlock; j-- > 0;) mask = (mask << 1) | probe(base + j * stride);
      if (mask != 0) lookUp(base, mask);
    }
    if (base <= last) {
      std::uint32_t mask = 0;
      for (std::size_t j = 0; base + j * stride <= last; ++j) mask |= probe(base + j * stride) << j;
      lookUp(base, mask);
    }
  }
};

// Every secret length and session size gets a geometry whose windows fit and that finds each
// occurrence once.
static_assert([] {
  for (std::size_t n = RedactionSession::Impl::kMinSecret; n < 64; ++n)
    for (std::size_t count = 1; count < (std::size_t(1) << 24); count *= 3) {
      const auto g = RedactionSession::Impl::geometryFor(n, count);
      if (g.stride < 1 || n < g.window + g.stride - 1) return false;
    }
  return true;
}());

namespace redact {
// The forms a secret takes elsewhere in a trace: URL-encoded once and twice, JSON/JS escaped,
// HTML-escaped and base64, so "every occurrence" of a learned secret also covers those.
void addOtherForms(RedactionSession::Impl& session, std::string_view secret, std::string_view replacement,
                   std::string_view kind);
}  // namespace redact

}  // namespace tracesan
