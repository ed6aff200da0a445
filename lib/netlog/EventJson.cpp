#include "netlog/EventJson.h"

#include <charconv>
#include <cstdlib>

#include "text/TextCodec.h"

namespace tracesan::netlog {
namespace {

class Parser {
public:
  Parser(std::string_view text, std::size_t maxDepth) : s_(text), maxDepth_(maxDepth) {}

  Expected<JsonValue> parseAll() {
    JsonValue v;
    if (auto st = value(v, 0); !st) return st.error();
    ws();
    if (p_ != s_.size()) return fail("unexpected data after the value");
    return v;
  }

private:
  Error fail(const std::string& what) const { return invalidInput("byte " + std::to_string(p_) + ": " + what); }

  void ws() {
    while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\t' || s_[p_] == '\n' || s_[p_] == '\r')) ++p_;
  }

  Status value(JsonValue& v, std::size_t depth) {
    ws();
    if (p_ >= s_.size()) return fail("unexpected end of the event");
    if (depth > maxDepth_) return fail("nested too deeply");
    v.begin = p_;
    char c = s_[p_];
    Status st = Status::ok();
    if (c == '{') st = object(v, depth);
    else if (c == '[') st = array(v, depth);
    else if (c == '"') st = string(v);
    else if (c == '-' || (c >= '0' && c <= '9')) st = number(v);
    else if (s_.substr(p_, 4) == "true" || s_.substr(p_, 4) == "null") {
      v.kind = c == 't' ? JsonValue::Kind::Bool : JsonValue::Kind::Null;
      v.number = c == 't' ? 1 : 0;
      p_ += 4;
    } else if (s_.substr(p_, 5) == "false") {
      v.kind = JsonValue::Kind::Bool;
      p_ += 5;
    } else {
      return fail("unexpected character");
    }
    if (!st) return st;
    v.end = p_;
    return Status::ok();
  }

  Status string(JsonValue& v) {
    std::size_t start = ++p_;
    bool escaped = false;
    while (p_ < s_.size() && s_[p_] != '"') {
      if (static_cast<unsigned char>(s_[p_]) < 0x20) return fail("control character in a string");
      if (s_[p_] == '\\') {
        escaped = true;
        ++p_;
      }
      ++p_;
    }
    if (p_ >= s_.size()) return fail("unterminated string");
    std::string_view inside = s_.substr(start, p_ - start);
    ++p_;
    v.kind = JsonValue::Kind::String;
    if (!escaped) {
      v.text.assign(inside);
      return Status::ok();
    }
    auto decoded = text::jsonUnescape(inside);
    if (!decoded) return fail("invalid escape in a string");
    v.text = std::move(*decoded);
    return Status::ok();
  }

  Status number(JsonValue& v) {
    std::size_t start = p_;
    if (s_[p_] == '-') ++p_;
    while (p_ < s_.size() && ((s_[p_] >= '0' && s_[p_] <= '9') || s_[p_] == '.' || s_[p_] == 'e' || s_[p_] == 'E' ||
                              s_[p_] == '+' || s_[p_] == '-'))
      ++p_;
    std::string token(s_.substr(start, p_ - start));
    char* endp = nullptr;
    v.number = std::strtod(token.c_str(), &endp);
    if (token.empty() || endp != token.c_str() + token.size()) return fail("invalid number");
    v.kind = JsonValue::Kind::Number;
    return Status::ok();
  }

  Status array(JsonValue& v, std::size_t depth) {
    v.kind = JsonValue::Kind::Array;
    ++p_;
    ws();
    if (p_ < s_.size() && s_[p_] == ']') {
      ++p_;
      return Status::ok();
    }
    for (;;) {
      JsonValue item;
      if (auto st = value(item, depth + 1); !st) return st;
      v.items.push_back(std::move(item));
      ws();
      if (p_ >= s_.size()) return fail("unexpected end of the event");
      if (s_[p_] == ',') {
        ++p_;
        continue;
      }
      if (s_[p_] == ']') {
        ++p_;
        return Status::ok();
      }
      return fail("expected ',' or ']'");
    }
  }

  Status object(JsonValue& v, std::size_t depth) {
    v.kind = JsonValue::Kind::Object;
    ++p_;
    ws();
    if (p_ < s_.size() && s_[p_] == '}') {
      ++p_;
      return Status::ok();
    }
    for (;;) {
      ws();
      if (p_ >= s_.size() || s_[p_] != '"') return fail("expected a member name");
      JsonValue key;
      if (auto st = string(key); !st) return st;
      ws();
      if (p_ >= s_.size() || s_[p_] != ':') return fail("expected ':'");
      ++p_;
      JsonValue member;
      if (auto st = value(member, depth + 1); !st) return st;
      v.members.push_back(JsonValue::Member{std::move(key.text), std::move(member)});
      ws();
      if (p_ >= s_.size()) return fail("unexpected end of the event");
      if (s_[p_] == ',') {
        ++p_;
        continue;
      }
      if (s_[p_] == '}') {
        ++p_;
        return Status::ok();
      }
      return fail("expected ',' or '}'");
    }
  }

  std::string_view s_;
  std::size_t maxDepth_;
  std::size_t p_ = 0;
};

}  // namespace

const JsonValue* JsonValue::find(std::string_view key) const {
  for (const auto& [k, v] : members)
    if (k == key) return &v;
  return nullptr;
}

std::optional<long long> JsonValue::asInteger() const {
  if (kind == Kind::Number) return static_cast<long long>(number);
  if (kind != Kind::String || text.empty()) return std::nullopt;
  long long out = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return out;
}

Expected<JsonValue> parseEventJson(std::string_view text, std::size_t maxDepth) {
  return Parser(text, maxDepth).parseAll();
}

}  // namespace tracesan::netlog
