// A span-keeping JSON scanner: an iterative parser with an explicit, depth-limited stack that
// reports string and number leaves with their raw byte spans. It never builds a DOM.
#include <cstdint>
#include <cstring>

#include "detect/Scanners.h"
#include "text/TextCodec.h"

namespace tracesan::detect {

namespace {

bool isJsonWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// JSON inside a JSON string is only looked at up to this size (the offset map costs 4 bytes per byte).
constexpr std::size_t kMaxNestedJson = 4u << 20;

// A string value that is itself a JSON object or array: `"{\"a\":1}"`, `"[...]"`.
bool looksLikeJsonContainer(std::string_view raw) {
  std::size_t b = 0, e = raw.size();
  while (b < e && isJsonWhitespace(raw[b])) ++b;
  while (e > b && isJsonWhitespace(raw[e - 1])) --e;
  if (e - b < 2) return false;
  return (raw[b] == '{' && raw[e - 1] == '}') || (raw[b] == '[' && raw[e - 1] == ']');
}

// Unescapes JSON string contents and records, for every output byte, the offset in `raw` of the
// byte or escape sequence it came from (plus one final entry = raw.size()).
bool unescapeWithOffsets(std::string_view raw, std::string& out, std::vector<std::uint32_t>& offsets) {
  out.clear();
  offsets.clear();
  out.reserve(raw.size());
  offsets.reserve(raw.size() + 1);
  std::size_t i = 0;
  while (i < raw.size()) {
    if (raw[i] != '\\') {
      out.push_back(raw[i]);
      offsets.push_back(static_cast<std::uint32_t>(i));
      ++i;
      continue;
    }
    std::size_t length = 2;
    if (i + 1 < raw.size() && raw[i + 1] == 'u') {
      length = 6;
      if (i + 6 <= raw.size() && (raw[i + 2] == 'd' || raw[i + 2] == 'D') &&
          std::string_view("89abAB").find(raw[i + 3]) != std::string_view::npos)
        length = 12;  // a high surrogate takes its low surrogate along
    }
    if (i + length > raw.size()) return false;
    auto decoded = text::jsonUnescape(raw.substr(i, length));
    if (!decoded) return false;
    for (char c : *decoded) {
      out.push_back(c);
      offsets.push_back(static_cast<std::uint32_t>(i));
    }
    i += length;
  }
  offsets.push_back(static_cast<std::uint32_t>(raw.size()));
  return true;
}

class JsonLeafScanner {
public:
  JsonLeafScanner(std::string_view text, const JsonScanOptions& options, std::vector<NamedValue>& out)
      : text_(text), options_(options), out_(out), path_(options.pathRoot) {}

  // Returns the position after the value; ok_ tells whether the text was well-formed.
  std::size_t run();
  bool ok() const { return ok_; }

private:
  struct Frame {
    bool array = false;
    std::size_t index = 0;
    std::size_t pathLength = 0;  // path length of the container itself
    std::string name;            // the container's key: the leaf name of its array items
  };
  enum class State { Value, Key, AfterValue, Done };

  void skipWhitespace() {
    while (pos_ < text_.size() && isJsonWhitespace(text_[pos_])) ++pos_;
  }
  // Finds the closing quote of the string whose contents start at `from`; npos if unterminated.
  std::size_t findClosingQuote(std::size_t from) const;
  State startValue();
  State readKey();
  State afterValue();
  State fail() {
    ok_ = false;
    return State::Done;
  }
  void report(std::size_t begin, std::size_t end, ValueEncoding encoding, bool hasEscapes);
  // Scans the JSON held in the string leaf at text_[begin, end) and appends its leaves.
  void reportNestedJson(std::size_t begin, std::size_t end, const std::string& path);
  void setArrayItemPath(const Frame& frame) {
    path_.resize(frame.pathLength);
    path_.push_back('[');
    path_.append(std::to_string(frame.index));
    path_.push_back(']');
    name_ = frame.name;
  }

  std::string_view text_;
  const JsonScanOptions& options_;
  std::vector<NamedValue>& out_;
  std::string path_;
  std::string name_;  // leaf name of the value about to be read
  std::vector<Frame> stack_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

std::size_t JsonLeafScanner::findClosingQuote(std::size_t from) const {
  std::size_t p = from;
  while (p < text_.size()) {
    const void* hit = std::memchr(text_.data() + p, '"', text_.size() - p);
    if (!hit) return std::string_view::npos;
    std::size_t q = static_cast<std::size_t>(static_cast<const char*>(hit) - text_.data());
    std::size_t backslashes = 0;
    while (q - backslashes > from && text_[q - backslashes - 1] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return q;
    p = q + 1;
  }
  return std::string_view::npos;
}

void JsonLeafScanner::report(std::size_t begin, std::size_t end, ValueEncoding encoding, bool hasEscapes) {
  NamedValue v;
  v.name = name_;
  v.path = path_;
  v.begin = options_.baseOffset + begin;
  v.end = options_.baseOffset + end;
  std::string_view raw = text_.substr(begin, end - begin);
  if (hasEscapes) {
    auto decoded = text::jsonUnescape(raw);
    v.value = decoded ? std::move(*decoded) : text::jsonUnescapeLenient(raw);
  } else {
    v.value = std::string(raw);
  }
  v.encoding = encoding;
  std::string path = encoding == ValueEncoding::JsonString && options_.maxStringNesting > 0 &&
                             end - begin <= kMaxNestedJson && looksLikeJsonContainer(raw)
                         ? v.path
                         : std::string();
  out_.push_back(std::move(v));
  if (!path.empty()) reportNestedJson(begin, end, path);
}

void JsonLeafScanner::reportNestedJson(std::size_t begin, std::size_t end, const std::string& path) {
  std::string decoded;
  std::vector<std::uint32_t> offsets;
  if (!unescapeWithOffsets(text_.substr(begin, end - begin), decoded, offsets)) return;
  JsonScanOptions nested;
  const std::string root = path + ".$";
  nested.pathRoot = root;
  nested.maxDepth = options_.maxDepth > stack_.size() ? options_.maxDepth - stack_.size() : 1;
  nested.maxStringNesting = options_.maxStringNesting - 1;
  std::vector<NamedValue> inner;
  JsonLeafScanner scanner(decoded, nested, inner);
  std::size_t consumed = scanner.run();
  while (consumed < decoded.size() && isJsonWhitespace(decoded[consumed])) ++consumed;
  // Only a complete, well-formed document counts: a string that merely looks like JSON stays a string.
  if (!scanner.ok() || consumed != decoded.size()) return;
  for (NamedValue& v : inner) {
    v.begin = options_.baseOffset + begin + offsets[v.begin];
    v.end = options_.baseOffset + begin + offsets[v.end];
    v.jsonNesting += 1;
    out_.push_back(std::move(v));
  }
}

JsonLeafScanner::State JsonLeafScanner::startValue() {
  skipWhitespace();
  if (pos_ >= text_.size()) return fail();
  const char c = text_[pos_];
  if (c == '{' || c == '[') {
    if (stack_.size() >= options_.maxDepth) return fail();
    Frame frame;
    frame.array = c == '[';
    frame.pathLength = path_.size();
    frame.name = name_;
    stack_.push_back(std::move(frame));
    ++pos_;
    skipWhitespace();
    if (pos_ < text_.size() && text_[pos_] == (c == '{' ? '}' : ']')) {
      ++pos_;
      stack_.pop_back();
      return State::AfterValue;
    }
    if (c == '{') return State::Key;
    setArrayItemPath(stack_.back());
    return State::Value;
  }
  if (c == '"') {
    const std::size_t begin = pos_ + 1;
    const std::size_t close = findClosingQuote(begin);
    if (close == std::string_view::npos) return fail();
    const bool hasEscapes = std::memchr(text_.data() + begin, '\\', close - begin) != nullptr;
    report(begin, close, ValueEncoding::JsonString, hasEscapes);
    pos_ = close + 1;
    return State::AfterValue;
  }
  if (c == '-' || (c >= '0' && c <= '9')) {
    const std::size_t begin = pos_;
    while (pos_ < text_.size()) {
      const char d = text_[pos_];
      if (!((d >= '0' && d <= '9') || d == '-' || d == '+' || d == '.' || d == 'e' || d == 'E')) break;
      ++pos_;
    }
    report(begin, pos_, ValueEncoding::Raw, false);
    return State::AfterValue;
  }
  for (std::string_view literal : {std::string_view("true"), std::string_view("false"), std::string_view("null")}) {
    if (text_.compare(pos_, literal.size(), literal) == 0) {
      pos_ += literal.size();
      return State::AfterValue;
    }
  }
  return fail();
}

JsonLeafScanner::State JsonLeafScanner::readKey() {
  skipWhitespace();
  if (pos_ >= text_.size() || text_[pos_] != '"') return fail();
  const std::size_t begin = pos_ + 1;
  const std::size_t close = findClosingQuote(begin);
  if (close == std::string_view::npos) return fail();
  std::string_view raw = text_.substr(begin, close - begin);
  if (raw.find('\\') != std::string_view::npos) {
    auto decoded = text::jsonUnescape(raw);
    name_ = decoded ? std::move(*decoded) : text::jsonUnescapeLenient(raw);
  } else {
    name_.assign(raw);
  }
  pos_ = close + 1;
  skipWhitespace();
  if (pos_ >= text_.size() || text_[pos_] != ':') return fail();
  ++pos_;
  path_.resize(stack_.back().pathLength);
  path_.push_back('.');
  path_.append(name_);
  return State::Value;
}

JsonLeafScanner::State JsonLeafScanner::afterValue() {
  if (stack_.empty()) return State::Done;
  skipWhitespace();
  if (pos_ >= text_.size()) return fail();
  Frame& frame = stack_.back();
  const char c = text_[pos_];
  if (c == ',') {
    ++pos_;
    if (!frame.array) return State::Key;
    ++frame.index;
    setArrayItemPath(frame);
    return State::Value;
  }
  if (c == (frame.array ? ']' : '}')) {
    ++pos_;
    path_.resize(frame.pathLength);
    stack_.pop_back();
    return State::AfterValue;
  }
  return fail();
}

std::size_t JsonLeafScanner::run() {
  State state = State::Value;
  while (state != State::Done) {
    switch (state) {
      case State::Value: state = startValue(); break;
      case State::Key: state = readKey(); break;
      case State::AfterValue: state = afterValue(); break;
      case State::Done: break;
    }
  }
  return pos_;
}

}  // namespace

std::size_t scanJsonInto(std::string_view text, const JsonScanOptions& options, std::vector<NamedValue>& out,
                         bool* ok) {
  JsonLeafScanner scanner(text, options, out);
  std::size_t end = scanner.run();
  bool good = scanner.ok();
  if (good && !options.allowTrailing) {
    std::size_t p = end;
    while (p < text.size() && isJsonWhitespace(text[p])) ++p;
    if (p != text.size()) good = false;
  }
  if (ok) *ok = good;
  return end;
}

std::vector<NamedValue> scanJson(std::string_view text, bool* ok) {
  std::vector<NamedValue> out;
  scanJsonInto(text, JsonScanOptions{}, out, ok);
  return out;
}

}  // namespace tracesan::detect
