#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "text/Edits.h"

using namespace tracesan;
using text::Edit;
using text::Overlap;

namespace {
std::string applied(std::string_view s, std::vector<Edit> edits, Overlap overlap) {
  auto out = text::applyEdits(s, std::move(edits), overlap);
  REQUIRE(out);
  return *out;
}
bool fails(std::string_view s, std::vector<Edit> edits, Overlap overlap) { return !text::applyEdits(s, std::move(edits), overlap); }
}  // namespace

TEST_CASE("edits are applied in order of position whatever order they were added in") {
  for (Overlap o : {Overlap::Reject, Overlap::FirstWins, Overlap::OuterWins, Overlap::Merge})
    CHECK(applied("a=1&b=2&c=3", {{10, 11, "Z"}, {2, 3, "X"}, {6, 7, "YY"}}, o) == "a=X&b=YY&c=Z");
}

TEST_CASE("no edits give the text back and edits at both ends reach the edges") {
  CHECK(applied("same", {}, Overlap::Reject) == "same");
  CHECK(applied("abc", {{0, 1, "<"}, {2, 3, ">"}}, Overlap::Reject) == "<b>");
  CHECK(applied("abc", {{3, 3, "!"}, {0, 0, "^"}}, Overlap::Reject) == "^abc!");  // insertions
  CHECK(applied("abc", {{0, 3, ""}}, Overlap::Reject) == "");
}

TEST_CASE("touching edits are not an overlap") {
  CHECK(applied("abcd", {{0, 2, "X"}, {2, 4, "Y"}}, Overlap::Reject) == "XY");
  CHECK(applied("abcd", {{0, 2, "X"}, {2, 4, "Y"}}, Overlap::FirstWins) == "XY");
}

TEST_CASE("a writer's overlapping or out-of-range edits are an error") {
  CHECK(fails("abcdef", {{0, 3, "X"}, {2, 4, "Y"}}, Overlap::Reject));
  CHECK(fails("abcdef", {{1, 3, "X"}, {1, 3, "Y"}}, Overlap::Reject));
  CHECK(fails("abc", {{1, 4, "X"}}, Overlap::Reject));
  CHECK(fails("abc", {{2, 1, "X"}}, Overlap::Reject));
  CHECK(text::applyEdits("abcdef", {{0, 3, "X"}, {2, 4, "Y"}}, Overlap::Reject).error().kind() == ErrorKind::Internal);
}

TEST_CASE("first wins: an edit starting inside a taken one is dropped, and so is one past the end") {
  CHECK(applied("abcdef", {{2, 5, "Y"}, {0, 3, "X"}}, Overlap::FirstWins) == "Xdef");
  CHECK(applied("abcdef", {{0, 6, "ALL"}, {1, 2, "b"}, {3, 4, "d"}}, Overlap::FirstWins) == "ALL");
  CHECK(applied("abc", {{1, 9, "X"}, {0, 1, "A"}}, Overlap::FirstWins) == "Abc");
}

TEST_CASE("first wins: of edits at the same place the one added first is taken") {
  CHECK(applied("abcdef", {{1, 3, "first"}, {1, 5, "second"}}, Overlap::FirstWins) == "afirstdef");
  CHECK(applied("abcdef", {{1, 5, "first"}, {1, 3, "second"}}, Overlap::FirstWins) == "afirstf");
  // More edits than an insertion sort handles: ties still keep the order they were added in.
  std::vector<Edit> many;
  std::string expected;
  for (int i = 0; i < 40; ++i) {
    many.push_back({static_cast<std::size_t>(i), static_cast<std::size_t>(i + 1), std::string(1, 'A' + i % 26)});
    many.push_back({static_cast<std::size_t>(i), static_cast<std::size_t>(i + 1), "-"});
    expected += static_cast<char>('A' + i % 26);
  }
  CHECK(applied(std::string(40, '.'), many, Overlap::FirstWins) == expected);
}

TEST_CASE("outer wins: an edit inside a longer one is dropped whichever was added first") {
  // A changed header value holding a changed cookie: the header's edit covers the cookie's.
  CHECK(applied("Cookie: a=SECRET; b=2", {{10, 16, "[c]"}, {8, 21, "a=[c]; b=2"}}, Overlap::OuterWins) ==
        "Cookie: a=[c]; b=2");
  CHECK(applied("Cookie: a=SECRET; b=2", {{8, 21, "a=[c]; b=2"}, {10, 16, "[c]"}}, Overlap::OuterWins) ==
        "Cookie: a=[c]; b=2");
  CHECK(applied("abcdef", {{1, 5, "OUT"}, {1, 3, "in"}}, Overlap::OuterWins) == "aOUTf");
  CHECK(applied("abcdef", {{1, 3, "in"}, {1, 5, "OUT"}}, Overlap::OuterWins) == "aOUTf");
}

TEST_CASE("outer wins: of edits with the same span the last added wins; a partial overlap is an error") {
  CHECK(applied("abcdef", {{1, 3, "old"}, {1, 3, "new"}}, Overlap::OuterWins) == "anewdef");
  CHECK(fails("abcdef", {{0, 3, "X"}, {2, 5, "Y"}}, Overlap::OuterWins));
  CHECK(fails("abc", {{2, 4, "X"}}, Overlap::OuterWins));
}

TEST_CASE("merge: overlapping and touching edits become one with the first one's replacement") {
  CHECK(applied("token abcdef end", {{6, 10, "[R]"}, {8, 12, "[S]"}}, Overlap::Merge) == "token [R] end");
  CHECK(applied("abcdef", {{0, 2, "[R]"}, {2, 4, "[S]"}}, Overlap::Merge) == "[R]ef");
  CHECK(applied("abcdef", {{0, 1, "[R]"}, {2, 3, "[S]"}}, Overlap::Merge) == "[R]b[S]def");
  CHECK(applied("abcdef", {{0, 4, "[R]"}, {1, 2, "[S]"}, {3, 6, "[T]"}}, Overlap::Merge) == "[R]");
  CHECK(applied("abc", {{1, 9, "[R]"}}, Overlap::Merge) == "abc");
}

TEST_CASE("edits can be appended to a buffer, which an error leaves as it was") {
  std::string out = "head|";
  REQUIRE(text::appendEdited(out, "a=1&b=2", {{2, 3, "X"}}, Overlap::Reject));
  CHECK(out == "head|a=X&b=2");
  CHECK_FALSE(text::appendEdited(out, "abcdef", {{0, 3, "X"}, {2, 4, "Y"}}, Overlap::Reject));
  CHECK(out == "head|a=X&b=2");
}
