// A small JSON parser for one NetLog event: a tree that keeps every value's byte span in the
// event's text, so a writer can replace exactly the tokens that changed. Events are small (one
// line each); the file as a whole is never parsed this way.
//
//   auto v = parseEventJson(R"({"params":{"url":"https://x/?code=1"},"type":2})");
//   const JsonValue* url = v->find("params")->find("url");   // url->begin, url->end: the token
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tracesan/Error.h"

namespace tracesan::netlog {

struct JsonValue {
  enum class Kind { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  std::size_t begin = 0, end = 0;  // the raw token in the parsed text; strings include the quotes
  std::string text;                // String: the decoded value
  double number = 0;               // Number
  struct Member;
  std::vector<Member> members;   // Object, in order
  std::vector<JsonValue> items;  // Array

  const JsonValue* find(std::string_view key) const;
  bool isString() const { return kind == Kind::String; }
  // The value as an integer when it is a number or a string of digits (NetLog ids and times).
  std::optional<long long> asInteger() const;
};

struct JsonValue::Member {
  std::string name;
  JsonValue value;
};

// Parses one JSON value that spans all of `text` (whitespace around it allowed). Errors name the
// byte offset in `text`: "byte 12: expected ':'".
Expected<JsonValue> parseEventJson(std::string_view text, std::size_t maxDepth = 64);

}  // namespace tracesan::netlog
