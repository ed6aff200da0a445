// text::WordFinder (the vector search behind the AADSTS prefilter, the value-pattern prefilter and
// the JWT finder) gives exactly what a byte-at-a-time search gives: same position, same word, at
// every offset and text length, so that the 32-byte blocks, the padded tail and the bucket tables
// all get exercised.
#include <catch2/catch.hpp>

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "text/WordFinder.h"

using namespace tracesan;

namespace {

char fold(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : c; }

std::optional<text::WordFinder::Hit> referenceFind(const std::vector<std::string>& words, std::string_view s,
                                                   std::size_t from) {
  for (std::size_t p = from; p < s.size(); ++p)
    for (std::size_t w = 0; w < words.size(); ++w) {
      const std::string& word = words[w];
      if (word.empty() || s.size() - p < word.size()) continue;
      bool eq = true;
      for (std::size_t i = 0; i < word.size() && eq; ++i) eq = fold(s[p + i]) == fold(word[i]);
      if (eq) return text::WordFinder::Hit{p, w};
    }
  return std::nullopt;
}

// Every hit, one after the other, as the callers walk them.
std::vector<std::pair<std::size_t, std::size_t>> allHits(const text::WordFinder& f, std::string_view s) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t from = 0;
  while (auto h = f.find(s, from)) {
    out.emplace_back(h->pos, h->word);
    from = h->pos + 1;
  }
  return out;
}

std::vector<std::pair<std::size_t, std::size_t>> allReferenceHits(const std::vector<std::string>& words,
                                                                  std::string_view s) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t from = 0;
  while (auto h = referenceFind(words, s, from)) {
    out.emplace_back(h->pos, h->word);
    from = h->pos + 1;
  }
  return out;
}

// Every (position, word) pair, by findAll and byte at a time.
std::vector<std::pair<std::size_t, std::size_t>> findAllHits(const text::WordFinder& f, std::string_view s) {
  std::vector<text::WordFinder::Hit> hits;
  f.findAll(s, hits);
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (const auto& h : hits) out.emplace_back(h.pos, h.word);
  return out;
}

std::vector<std::pair<std::size_t, std::size_t>> everyReferenceHit(const std::vector<std::string>& words, std::string_view s) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (std::size_t p = 0; p < s.size(); ++p)
    for (std::size_t w = 0; w < words.size(); ++w) {
      const std::string& word = words[w];
      if (word.empty() || s.size() - p < word.size()) continue;
      bool eq = true;
      for (std::size_t i = 0; i < word.size() && eq; ++i) eq = fold(s[p + i]) == fold(word[i]);
      if (eq) out.emplace_back(p, w);
    }
  return out;
}

}  // namespace

TEST_CASE("WordFinder finds each word at every offset, in any case, up to the last byte") {
  const std::vector<std::string> words{"bearer", "8q~", "-----begin", "eyJ", "\xc5\xbf", "x", "accountkey="};
  text::WordFinder f(words);
  for (std::size_t w = 0; w < words.size(); ++w) {
    for (std::size_t len = words[w].size(); len < 100; len += 7) {
      for (std::size_t at = 0; at + words[w].size() <= len; ++at) {
        std::string s(len, '.');
        std::string word = words[w];
        if (at % 2) for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        s.replace(at, word.size(), word);
        auto h = f.find(s);
        INFO("word " << w << " length " << len << " at " << at);
        auto r = referenceFind(words, s, 0);
        REQUIRE(r.has_value());
        REQUIRE(h.has_value());
        CHECK(h->pos == r->pos);
        CHECK(h->word == r->word);
        // One byte short of the end: not found (unless another word fits).
        if (at + word.size() == len) {
          std::string cut = s.substr(0, len - 1);
          auto hc = f.find(cut);
          auto rc = referenceFind(words, cut, 0);
          REQUIRE(hc.has_value() == rc.has_value());
          if (rc) CHECK(hc->pos == rc->pos);
        }
      }
    }
  }
}

TEST_CASE("WordFinder equals the byte-at-a-time search on random texts") {
  std::mt19937 rng(7);
  const std::vector<std::string> alphabet{"a", "B", "e", "y", "J", "-", "~", "8", "Q", "=", "\xc5", "\xbf", "\0", " ",
                                          "\xff", "s"};
  std::vector<std::vector<std::string>> lists{
      {"eyJ"},
      {"aadsts", "error_", "errorcode", "\\u00"},
      {"ab", "by", "ey", "8q~", "-----be", "\xc5\xbf", "sas", "qqqq", "jjj", "y"},
      // 32 words: every bucket shared, both halves of the vector tables in use.
      {"aa", "ab", "ba", "bb", "a-", "b-", "-a", "-b", "eyj", "eyb", "yje", "jey", "8q~", "q~8", "~8q", "ss",
       "\xc5\xbf", "\xbf\xc5", "aaa", "bbb", "abab", "baba", "-----", "--a--", "qqqq", "q", "e", "=", "\xff",
       "a=b", "b=a", "yyyy"},
  };
  for (const auto& words : lists) {
    text::WordFinder f(words);
    for (int round = 0; round < 3000; ++round) {
      std::size_t len = rng() % 150;
      std::string s;
      while (s.size() < len) {
        if (rng() % 8 == 0)
          s += words[rng() % words.size()];
        else
          s += alphabet[rng() % alphabet.size()];
      }
      std::size_t from = s.empty() ? 0 : rng() % (s.size() + 1);
      INFO("text of " << s.size() << " bytes, from " << from);
      auto h = f.find(s, from);
      auto r = referenceFind(words, s, from);
      REQUIRE(h.has_value() == r.has_value());
      if (r) {
        CHECK(h->pos == r->pos);
        CHECK(h->word == r->word);
      }
      CHECK(allHits(f, s) == allReferenceHits(words, s));
      CHECK(findAllHits(f, s) == everyReferenceHit(words, s));
    }
  }
}

TEST_CASE("WordFinder::findAll names every word at every position, also with more than 64 words") {
  // 100 words: "w0" … "w99" and their prefixes overlap ("w1", "w10" … start at one position).
  std::vector<std::string> words;
  for (int i = 0; i < 100; ++i) words.push_back("w" + std::to_string(i));
  text::WordFinder f(words);
  std::mt19937 rng(11);
  for (int round = 0; round < 500; ++round) {
    std::string s;
    const std::size_t len = rng() % 200;
    while (s.size() < len) s += rng() % 3 == 0 ? words[rng() % words.size()] : std::string(1, "xW0123456789 "[rng() % 13]);
    INFO(s);
    CHECK(findAllHits(f, s) == everyReferenceHit(words, s));
    CHECK(allHits(f, s) == allReferenceHits(words, s));
  }
  std::vector<text::WordFinder::Hit> hits;
  f.findAll("a w10 b", hits);
  REQUIRE(hits.size() == 2);  // w1 and w10 at 2
  CHECK((hits[0].pos == 2 && words[hits[0].word] == "w1" && hits[1].pos == 2 && words[hits[1].word] == "w10"));
}

TEST_CASE("WordFinder: empty words are dropped, too many or too long words are refused") {
  text::WordFinder none({""});
  CHECK_FALSE(none.containsAny("anything at all"));
  CHECK(text::WordFinder({"", "b"}).find("abc")->word == 0);
  CHECK_THROWS_AS(text::WordFinder(std::vector<std::string>(text::WordFinder::kMaxWords + 1, "w")), std::invalid_argument);
  CHECK_THROWS_AS(text::WordFinder({std::string(text::WordFinder::kMaxLength + 1, 'w')}), std::invalid_argument);
  CHECK_FALSE(text::WordFinder({"abc"}).find("abc", 3).has_value());
}
