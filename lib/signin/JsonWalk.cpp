#include "signin/JsonWalk.h"

#include "text/TextCodec.h"

namespace tracesan::signin {
namespace {

constexpr int kMaxDepth = 64;

class Walker {
public:
  Walker(std::string_view text, const std::function<void(const JsonScalar&)>& onScalar)
      : s_(text), onScalar_(onScalar) {}

  JsonWalkError run() {
    skipSpace();
    if (!value("", 0)) return error_;
    skipSpace();
    if (pos_ != s_.size()) return failAt("unexpected bytes after the value");
    return {};
  }

private:
  bool fail(std::string message) {
    if (error_.message.empty()) error_ = {pos_, std::move(message)};
    return false;
  }
  JsonWalkError failAt(const char* message) {
    error_ = {pos_, message};
    return error_;
  }

  void skipSpace() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }

  bool value(const std::string& path, int depth) {
    if (depth > kMaxDepth) return fail(std::string("nesting deeper than 64 levels"));
    if (pos_ >= s_.size()) return fail(std::string("unexpected end of the record"));
    char c = s_[pos_];
    if (c == '{') return object(path, depth);
    if (c == '[') return array(path, depth);
    if (c == '"') {
      JsonScalar scalar{path, {}, pos_, 0, JsonScalar::Type::String};
      if (!string(scalar.value)) return false;
      scalar.end = pos_;
      onScalar_(scalar);
      return true;
    }
    return literal(path);
  }

  bool object(const std::string& path, int depth) {
    ++pos_;
    skipSpace();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return true;
    }
    for (;;) {
      skipSpace();
      if (pos_ >= s_.size() || s_[pos_] != '"') return fail(std::string("expected a member name"));
      std::string name;
      if (!string(name)) return false;
      skipSpace();
      if (pos_ >= s_.size() || s_[pos_] != ':') return fail(std::string("expected ':' after a member name"));
      ++pos_;
      skipSpace();
      if (!value(path.empty() ? name : path + "." + name, depth + 1)) return false;
      skipSpace();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '}') {
        ++pos_;
        return true;
      }
      return fail(std::string("expected ',' or '}' in an object"));
    }
  }

  bool array(const std::string& path, int depth) {
    ++pos_;
    skipSpace();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return true;
    }
    for (;;) {
      skipSpace();
      if (!value(path + "[]", depth + 1)) return false;
      skipSpace();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == ']') {
        ++pos_;
        return true;
      }
      return fail(std::string("expected ',' or ']' in an array"));
    }
  }

  bool string(std::string& out) {
    std::size_t start = ++pos_;
    bool escaped = false;
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (static_cast<unsigned char>(c) < 0x20) return fail(std::string("control character in a string"));
      if (c == '\\') {
        escaped = true;
        pos_ += 2;
        continue;
      }
      if (c == '"') break;
      ++pos_;
    }
    if (pos_ >= s_.size()) return fail(std::string("unterminated string"));
    std::string_view inside = s_.substr(start, pos_ - start);
    if (escaped) {
      auto decoded = text::jsonUnescape(inside);
      if (!decoded) {
        pos_ = start;
        return fail(std::string("invalid escape in a string"));
      }
      out = std::move(*decoded);
    } else {
      out.assign(inside);
    }
    ++pos_;
    return true;
  }

  bool literal(const std::string& path) {
    std::size_t start = pos_;
    for (std::string_view word : {"true", "false", "null"}) {
      if (s_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        bool isNull = word == "null";
        onScalar_({path, isNull ? std::string{} : std::string(word), start, pos_,
                   isNull ? JsonScalar::Type::Null : JsonScalar::Type::Literal});
        return true;
      }
    }
    // A number: -?digits(.digits)?([eE][+-]?digits)?
    if (pos_ < s_.size() && s_[pos_] == '-') ++pos_;
    auto digits = [&] {
      std::size_t from = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      return pos_ > from;
    };
    if (!digits()) {
      pos_ = start;
      return fail(std::string("expected a value"));
    }
    if (pos_ < s_.size() && s_[pos_] == '.' && (++pos_, !digits())) return fail(std::string("invalid number"));
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!digits()) return fail(std::string("invalid number"));
    }
    onScalar_({path, std::string(s_.substr(start, pos_ - start)), start, pos_, JsonScalar::Type::Number});
    return true;
  }

  std::string_view s_;
  const std::function<void(const JsonScalar&)>& onScalar_;
  std::size_t pos_ = 0;
  JsonWalkError error_;
};

}  // namespace

JsonWalkError walkJson(std::string_view text, const std::function<void(const JsonScalar&)>& onScalar) {
  return Walker(text, onScalar).run();
}

std::size_t jsonValueEnd(std::string_view text, std::size_t begin) {
  if (begin >= text.size()) return std::string_view::npos;
  char first = text[begin];
  if (first != '{' && first != '[' && first != '"') {
    // A bare scalar ends at the first delimiter.
    std::size_t end = text.find_first_of(",}] \t\r\n", begin);
    return end;
  }
  int depth = 0;
  bool inString = false;
  for (std::size_t i = begin; i < text.size(); ++i) {
    char c = text[i];
    if (inString) {
      if (c == '\\') ++i;
      else if (c == '"') {
        inString = false;
        if (depth == 0) return i + 1;
      }
      continue;
    }
    if (c == '"') inString = true;
    else if (c == '{' || c == '[') ++depth;
    else if ((c == '}' || c == ']') && --depth == 0) return i + 1;
  }
  return std::string_view::npos;
}

}  // namespace tracesan::signin
