// Sign-in logs as JSON: the admin center's download (an array of sign-in objects) or a Graph
// response ({"@odata.context": ..., "value": [ ... ], "@odata.nextLink": ...}). The array's
// elements are cut out of the stream one at a time and walked without a DOM.
#include "signin/JsonWalk.h"
#include "signin/SigninFields.h"
#include "signin/SigninReaders.h"

namespace tracesan::signin {
namespace {

class JsonSigninReader final : public SigninLogReader {
public:
  JsonSigninReader(std::unique_ptr<ByteSource> source, std::string name) : in_(std::move(source)), name_(std::move(name)) {}

  SigninLogFormat format() const override { return SigninLogFormat::Json; }
  const std::string& name() const override { return name_; }
  std::string_view gap() const override { return gap_; }

  Expected<const SigninRecord*> next() override {
    if (done_) return nullptr;
    in_.discardBefore(gapBegin_);
    // Positions below are relative to the buffer; discardBefore may have shifted it.
    gapBegin_ = gapBegin_ - static_cast<std::size_t>(in_.base() - lastBase_);
    lastBase_ = in_.base();
    pos_ = gapBegin_;
    if (state_ == State::Start) {
      if (auto s = openArray(); !s) return s.error();
    }
    if (auto s = skipSpace(); !s) return s.error();
    if (seenRecord_) {
      if (peek() == ',') {
        ++pos_;
        if (auto s = skipSpace(); !s) return s.error();
      } else if (peek() != ']') {
        return fail("expected ',' or ']' after a record");
      }
    }
    if (peek() == ']') {
      ++pos_;
      if (auto s = finish(); !s) return s.error();
      return nullptr;
    }
    if (peek() != '{') return fail(pos_ >= in_.bytes().size() ? "the file ends inside the list of sign-ins" : "expected a sign-in object");
    auto end = valueEnd();
    if (!end) return end.error();
    std::string_view raw = in_.bytes().substr(pos_, *end - pos_);
    record_ = SigninRecord{};
    record_.number = count_ + 1;
    record_.offset = in_.base() + pos_;
    record_.raw = raw;
    JsonWalkError error = walkJson(raw, [&](const JsonScalar& s) { applyJsonField(record_, s); });
    if (!error.message.empty()) {
      pos_ += error.offset;
      return fail(error.message);
    }
    gap_ = in_.bytes().substr(gapBegin_, pos_ - gapBegin_);
    gapBegin_ = *end;
    seenRecord_ = true;
    ++count_;
    return &record_;
  }

private:
  enum class State { Start, Records, After };

  char peek() const { return pos_ < in_.bytes().size() ? in_.bytes()[pos_] : '\0'; }

  Error failError(const std::string& message) const {
    std::string where = "byte " + std::to_string(in_.base() + pos_);
    if (state_ == State::Records) where += ": record " + std::to_string(count_ + 1);
    return invalidInput(where + ": " + message);
  }
  Error fail(const std::string& message) const { return failError(message); }

  Status skipSpace() {
    for (;;) {
      auto ok = in_.ensure(pos_, 1);
      if (!ok) return ok.error();
      if (!*ok) return Status::ok();
      char c = in_.bytes()[pos_];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return Status::ok();
      ++pos_;
    }
  }

  // The end of the value at pos_, reading more of the stream as needed.
  Expected<std::size_t> valueEnd() {
    for (;;) {
      std::size_t end = jsonValueEnd(in_.bytes(), pos_);
      if (end != std::string_view::npos && end - pos_ > kMaxRecordSize) return fail("a value larger than 16 MiB");
      if (end != std::string_view::npos && (end < in_.bytes().size() || in_.atEnd())) return end;
      if (in_.bytes().size() - pos_ > kMaxRecordSize) return fail("a value larger than 16 MiB");
      auto grown = in_.more();
      if (!grown) return grown.error();
      if (!*grown) {
        if (end != std::string_view::npos) return end;
        return fail("the file ends inside a value");
      }
    }
  }

  // A member name at pos_, decoded.
  Expected<std::string> memberName() {
    if (peek() != '"') return fail("expected a member name");
    auto end = valueEnd();
    if (!end) return end.error();
    std::string name;
    JsonWalkError error = walkJson(in_.bytes().substr(pos_, *end - pos_), [&](const JsonScalar& s) { name = s.value; });
    if (!error.message.empty()) return fail(error.message);
    pos_ = *end;
    if (auto s = skipSpace(); !s) return s.error();
    if (peek() != ':') return fail("expected ':' after a member name");
    ++pos_;
    if (auto s = skipSpace(); !s) return s.error();
    return name;
  }

  Status skipValue() {
    auto end = valueEnd();
    if (!end) return end.error();
    JsonWalkError error = walkJson(in_.bytes().substr(pos_, *end - pos_), [](const JsonScalar&) {});
    if (!error.message.empty()) {
      pos_ += error.offset;
      return fail(error.message);
    }
    pos_ = *end;
    return skipSpace();
  }

  // Up to the '[' of the records: the root array, or the root object's "value" member.
  Status openArray() {
    auto ok = in_.ensure(0, 3);
    if (!ok) return ok.error();
    if (in_.bytes().substr(pos_).starts_with("\xEF\xBB\xBF")) pos_ += 3;
    if (auto s = skipSpace(); !s) return s;
    if (peek() == '[') {
      ++pos_;
      state_ = State::Records;
      return Status::ok();
    }
    if (peek() != '{') return fail("not a sign-in log: expected '[' or '{'");
    objectRoot_ = true;
    ++pos_;
    for (;;) {
      if (auto s = skipSpace(); !s) return s;
      auto name = memberName();
      if (!name) return name.error();
      if (*name == "value") {
        if (peek() != '[') return fail("\"value\" is not a list of sign-ins");
        ++pos_;
        state_ = State::Records;
        return Status::ok();
      }
      if (auto s = skipValue(); !s) return s;
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      return fail("not a sign-in log: no \"value\" list of sign-ins");
    }
  }

  // After the records: the rest of the root object (e.g. "@odata.nextLink"), then nothing.
  Status finish() {
    state_ = State::After;
    if (objectRoot_) {
      for (;;) {
        if (auto s = skipSpace(); !s) return s;
        if (peek() == '}') {
          ++pos_;
          break;
        }
        if (peek() != ',') return fail("expected ',' or '}' after the list of sign-ins");
        ++pos_;
        if (auto s = skipSpace(); !s) return s;
        auto name = memberName();
        if (!name) return name.error();
        if (auto s = skipValue(); !s) return s;
      }
    }
    if (auto s = skipSpace(); !s) return s;
    if (pos_ < in_.bytes().size()) return fail("unexpected bytes after the sign-ins");
    if (in_.bytes().size() - gapBegin_ > kMaxRecordSize) return fail("more than 16 MiB after the sign-ins");
    gap_ = in_.bytes().substr(gapBegin_);
    done_ = true;
    return Status::ok();
  }

  StreamBuffer in_;
  std::string name_;
  State state_ = State::Start;
  bool objectRoot_ = false;
  bool seenRecord_ = false;
  bool done_ = false;
  std::size_t pos_ = 0;
  std::size_t gapBegin_ = 0;
  std::uint64_t lastBase_ = 0;
  std::size_t count_ = 0;
  std::string_view gap_;
  SigninRecord record_;
};

}  // namespace

std::unique_ptr<SigninLogReader> makeJsonReader(std::unique_ptr<ByteSource> source, std::string name) {
  return std::make_unique<JsonSigninReader>(std::move(source), std::move(name));
}

}  // namespace tracesan::signin
