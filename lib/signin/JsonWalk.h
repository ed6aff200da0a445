// A strict, bounded walk over one complete JSON value (a sign-in record): reports every scalar
// with its dotted member path ("status.errorCode", "deviceDetail.deviceId"; array items add
// "[]") and its raw span, and fails with the byte offset of the first error. No DOM is built.
//
//   walkJson(R"({"status":{"errorCode":50125}})", [](const JsonScalar& s) { /* s.path == "status.errorCode" */ });
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace tracesan::signin {

struct JsonScalar {
  std::string path;       // members joined by '.', array items as "[]"
  std::string value;      // strings decoded; numbers and literals as written; null as ""
  std::size_t begin = 0;  // raw span (strings: with the quotes)
  std::size_t end = 0;
  enum class Type { String, Number, Literal, Null } type = Type::String;
};

struct JsonWalkError {
  std::size_t offset = 0;
  std::string message;
};

// Walks `text`, which must be exactly one JSON value (surrounding whitespace allowed). Returns
// nullopt-like empty message on success.
JsonWalkError walkJson(std::string_view text, const std::function<void(const JsonScalar&)>& onScalar);

// Where the JSON value starting at text[begin] ends (one past it), looking only at strings and
// brackets; npos when `text` ends first. Used to cut complete records out of a stream.
std::size_t jsonValueEnd(std::string_view text, std::size_t begin);

}  // namespace tracesan::signin
