// What a value pattern's matches can be made of: the bytes that can occur in a match and the
// longest match in bytes. RuleSet uses it to run a pattern only on a window around a literal the
// pattern needs: every match lies in the run of `bytes` around that literal and is at most
// `maxLength` long, so a window holding that run (cut to maxLength each side) holds the match.
//
//   auto reach = analyzeReach(R"(\bgh[pousr]_[A-Za-z0-9]{36,})");
//   // reach->bytes: A-Z a-z 0-9 _ ; reach->maxLength == RegexReach::kUnbounded
#pragma once

#include <bitset>
#include <cstddef>
#include <limits>
#include <optional>
#include <string_view>

namespace tracesan {

struct RegexReach {
  static constexpr std::size_t kUnbounded = std::numeric_limits<std::size_t>::max();
  std::bitset<256> bytes;  // a superset of the bytes any match can hold
  std::size_t maxLength = 0;  // an upper bound on a match's length in bytes, or kUnbounded
};

// The reach of an RE2 pattern compiled with UTF-8 input and default options (case-sensitive, `.`
// not matching newline), or nullopt for syntax this reading does not understand (Unicode
// classes, \C, \Q…\E, non-ASCII characters in classes or under (?i)). The answer is
// conservative: bytes may include some no match holds, maxLength may exceed every match; it never
// leaves out a byte or a length a match can have.
std::optional<RegexReach> analyzeReach(std::string_view pattern);

}  // namespace tracesan
