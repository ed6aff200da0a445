// Finds any of a few short words in a text, ASCII case-insensitively, a vector of positions at a
// time. Used where a cheap "could this text matter?" test runs over every byte of a trace: the
// AADSTS prefilter, the literal prefilter in front of the value patterns, the JWT finder.
//
//   text::WordFinder finder({"bearer", "basic"});
//   while (auto hit = finder.find(body, from)) { /* hit->pos, hit->word */ from = hit->pos + 1; }
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracesan::text {

class WordFinder {
 public:
  static constexpr std::size_t kMaxWords = 128;  // words share 16 buckets: more words, more candidates to verify
  static constexpr std::size_t kMaxLength = 64;

  struct Hit {
    std::size_t pos;   // where the word starts in the text
    std::size_t word;  // its index in the constructor's list
  };

  // Words are matched with ASCII letters folded to lowercase; other bytes match exactly. Empty
  // words are dropped; more than kMaxWords words, or a word longer than kMaxLength, throw
  // std::invalid_argument (a programming error: the lists are fixed or derived from rules).
  explicit WordFinder(std::vector<std::string> words);

  // The leftmost position at or after `from` where one of the words starts (the lowest word
  // index when several start there), or nullopt.
  std::optional<Hit> find(std::string_view text, std::size_t from = 0) const;
  bool containsAny(std::string_view text) const { return find(text).has_value(); }
  // Every word at every position, in order of position (and of word index at one position):
  // one pass for a caller that wants all of them (find() names one word per position).
  void findAll(std::string_view text, std::vector<Hit>& out) const;

  const std::vector<std::string>& words() const { return words_; }

 private:
  // Words go into up to 16 buckets (similar words together: sorted, then cut in runs). A position
  // is a candidate when, for each of its first four bytes, the byte could be that byte of a word of
  // some bucket; only candidates are compared with the words. byteBuckets is that test a byte at a
  // time (letters in both cases); low/high hold it split by nibble for a vector shuffle over the
  // text with 0x20 set in every byte, for buckets 0-7 and 8-15 (each 16-entry table twice, once per
  // 128-bit lane).
  static constexpr std::size_t kPrint = 4;
  static constexpr std::size_t kBuckets = 16;
  std::vector<std::string> words_;  // lowercased
  std::array<std::vector<std::uint8_t>, kBuckets> bucketWords_;  // the words of each bucket, in index order
  std::size_t longest_ = 0;
  std::array<std::array<std::uint16_t, 256>, kPrint> byteBuckets_{};
  std::array<std::array<std::array<std::uint8_t, 32>, kPrint>, 2> low_{};
  std::array<std::array<std::array<std::uint8_t, 32>, kPrint>, 2> high_{};

  template <class Visit>
  const char* candidates(const char* p, const char* end, Visit&& visit) const;
  const char* findFrom(const char* p, const char* end, std::size_t& word) const;
  // The buckets whose words may start at `p` by their first bytes (all when fewer bytes are left).
  unsigned bucketsAt(const char* p, const char* end) const;
  bool wordIsAt(std::size_t word, const char* p, const char* end) const;
  long wordAt(const char* p, const char* end) const;
  void wordsAt(const char* p, const char* begin, const char* end, std::vector<Hit>& out) const;
};

}  // namespace tracesan::text
