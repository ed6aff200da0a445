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
// Session: secrets learned so far, found again verbatim. A scan looks at every 4th position of a
// text only: it reads the 4 bytes there and asks whether they end one of the last four 4-byte
// windows of some secret (each secret is indexed under those four, with how far each lies from the
// secret's end). Any occurrence of a secret (8 bytes at least) has exactly one of its four last
// windows at a scanned position, so it is found exactly once. Windows come from the END of a
// secret: secrets of one family share long prefixes (every JWT starts eyJ0eXAiOiJKV1Qi…) but end in
// random bytes, so chains stay short. A blocked bit filter skips most positions with one load; it
// grows with the number of secrets (a big trace learns 100k+) so that it stays mostly empty.

struct RedactionSession::Impl {
  static constexpr std::size_t kMinSecret = 8;  // shorter values are not hunted
  static constexpr std::size_t kWindow = 4;     // bytes read at a scanned position
  static constexpr std::size_t kStride = 4;     // every kStride-th position is scanned
  static_assert(kMinSecret >= kWindow + kStride - 1, "every occurrence must have a window at a scanned position");
  struct Known {
    std::string secret;
    std::string replacement;
    std::string kind;
  };
  std::deque<Known> known;  // a deque: index keys point into its strings, which never move
  std::unordered_map<std::string_view, std::size_t> index;  // secret -> known[]

  // Window -> chain of postings (a secret and how many bytes after the window it ends), as an
  // open-addressing table of chain heads: probed at every position that passes the filter, so a
  // lookup must cost a cache line or two.
  static constexpr std::uint32_t kNone = 0xffffffffu;
  struct Posting {
    std::uint32_t known;
    std::uint32_t after;  // bytes of the secret after the window
    std::uint32_t next;
  };
  struct Slot {
    std::uint32_t window = 0;
    std::uint32_t head = kNone;
  };
  std::vector<Posting> postings;
  std::vector<Slot> slots;  // allocated by the first secret (a pipeline makes one session per entry)
  std::size_t usedSlots = 0;
  // A blocked filter: each window sets two bits of one 64-bit word, so a test costs one load
  // however large the filter. It grows to keep 16 bits a posting (about 1.5% of scanned positions
  // pass on random text) while it fits in a core's L2 cache, then lets that fall to 8 (about 5%)
  // rather than spill: at 150k secrets (a 1 GB trace) a filter twice the size ran slower.
  static constexpr unsigned kMinFilterWordsLog2 = 10;
  static constexpr std::size_t kCacheFilterWords = (512u << 10) / 8;
  std::vector<std::uint64_t> filter;  // allocated by the first secret, like slots
  unsigned filterShift = 64 - kMinFilterWordsLog2;  // word index = top bits of the hashed window

  static std::uint32_t window(const char* p) {
    std::uint32_t w;
    std::memcpy(&w, p, sizeof w);
    return w;
  }
  static std::uint64_t mix(std::uint32_t w) { return (w + 1ull) * 0x9E3779B97F4A7C15ull; }
  static std::uint64_t bits(std::uint64_t h) { return (1ull << (h & 63)) | (1ull << ((h >> 6) & 63)); }
  void setBits(std::uint32_t w) {
    const std::uint64_t h = mix(w);
    filter[h >> filterShift] |= bits(h);
  }
  std::size_t slotOf(std::uint32_t w) const {
    const std::size_t mask = slots.size() - 1;
    std::size_t i = static_cast<std::size_t>(mix(w) >> 20) & mask;
    while (slots[i].head != kNone && slots[i].window != w) i = (i + 1) & mask;
    return i;
  }
  void growFilter() {
    const std::size_t bitsPer = filter.size() < kCacheFilterWords ? 16 : 8;
    if (postings.size() * bitsPer <= filter.size() * 64) return;
    filter.assign(filter.size() * 2, 0);
    filterShift -= 1;
    for (const Slot& slot : slots)
      if (slot.head != kNone) setBits(slot.window);
  }
  void addPosting(std::uint32_t w, std::uint32_t k, std::uint32_t after) {
    if (slots.empty()) {
      slots.resize(1024);
      filter.assign(std::size_t(1) << kMinFilterWordsLog2, 0);
    }
    if ((usedSlots + 1) * 2 > slots.size()) {
      std::vector<Slot> old(slots.size() * 2);
      old.swap(slots);
      for (const Slot& slot : old)
        if (slot.head != kNone) slots[slotOf(slot.window)] = slot;
    }
    Slot& slot = slots[slotOf(w)];
    if (slot.head == kNone) {
      slot.window = w;
      ++usedSlots;
    }
    postings.push_back({k, after, slot.head});
    slot.head = static_cast<std::uint32_t>(postings.size() - 1);
    setBits(w);
  }

  void add(std::string_view secret, std::string_view replacement, std::string_view kind) {
    if (secret.size() < kMinSecret) return;
    if (index.count(secret) != 0) return;
    known.push_back({std::string(secret), std::string(replacement), std::string(kind)});
    index.emplace(known.back().secret, known.size() - 1);
    const auto k = static_cast<std::uint32_t>(known.size() - 1);
    for (std::size_t after = 0; after < kStride; ++after)
      addPosting(window(secret.data() + secret.size() - kWindow - after), k, static_cast<std::uint32_t>(after));
    growFilter();
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
    if (known.empty() || s.size() < kMinSecret) return;
    std::vector<Hit> hits;
    // Positions are tested 16 at a time into a mask, without branches, so the filter loads
    // overlap; then only the positions that passed are looked up.
    constexpr std::size_t kBlock = 16;
    const std::uint64_t* words = filter.data();
    const unsigned shift = filterShift;
    const std::size_t last = s.size() - kWindow;  // the last position a window fits at
    auto probe = [&](std::size_t at) -> std::uint32_t {
      const std::uint64_t h = mix(window(s.data() + at));
      const std::uint64_t b = bits(h);
      return (words[h >> shift] & b) == b;
    };
    auto lookUp = [&](std::size_t base, std::uint32_t mask) {
      for (; mask != 0; mask &= mask - 1) {
        const std::size_t i = base + static_cast<std::size_t>(__builtin_ctz(mask)) * kStride;
        const std::uint32_t w = window(s.data() + i);
        const Slot& slot = slots[slotOf(w)];
        for (std::uint32_t p = slot.head; p != kNone; p = postings[p].next) {
          const Posting& posting = postings[p];
          const std::string& sec = known[posting.known].secret;
          const std::size_t end = i + kWindow + posting.after;
          if (end > s.size() || sec.size() > end) continue;
          const std::size_t begin = end - sec.size();
          if (s.compare(begin, sec.size(), sec) == 0) hits.push_back({begin, end, posting.known});
        }
      }
    };
    std::size_t base = 0;
    // Whole blocks (a fixed count the compiler unrolls), then the rest.
    for (; base + kStride * (kBlock - 1) <= last; base += kStride * kBlock) {
      std::uint32_t mask = 0;
      for (std::size_t j = 0; j < kBlock; ++j) mask |= probe(base + j * kStride) << j;
      lookUp(base, mask);
    }
    if (base <= last) {
      std::uint32_t mask = 0;
      for (std::size_t j = 0; base + j * kStride <= last; ++j) mask |= probe(base + j * kStride) << j;
      lookUp(base, mask);
    }
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
};

namespace redact {
// The forms a secret takes elsewhere in a trace: URL-encoded once and twice, JSON/JS escaped,
// HTML-escaped and base64, so "every occurrence" of a learned secret also covers those.
void addOtherForms(RedactionSession::Impl& session, std::string_view secret, std::string_view replacement,
                   std::string_view kind);
}  // namespace redact

}  // namespace tracesan
