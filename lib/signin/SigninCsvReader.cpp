// Sign-in logs as CSV: the admin center's download (RFC 4180, a header row naming the columns,
// quoted fields may hold commas, quotes and line breaks). Records are cut out of the stream one
// at a time; errors name the line a record starts on.
#include <algorithm>
#include <vector>

#include "signin/SigninFields.h"
#include "signin/SigninReaders.h"

namespace tracesan::signin {

CsvParse parseCsvRecord(std::string_view s, std::size_t start, bool atEnd) {
  CsvParse p;
  std::size_t i = start;
  for (;;) {
    CsvField field;
    field.begin = i - start;
    if (i < s.size() && s[i] == '"') {
      ++i;
      for (;;) {
        if (i >= s.size()) {
          if (atEnd) {
            p.result = CsvParse::Result::Error;
            p.error = "unterminated quoted field";
          } else {
            p.result = CsvParse::Result::NeedMore;
          }
          return p;
        }
        char c = s[i];
        if (c == '"') {
          if (i + 1 < s.size() && s[i + 1] == '"') {
            field.value.push_back('"');
            i += 2;
            continue;
          }
          if (i + 1 >= s.size() && !atEnd) {
            p.result = CsvParse::Result::NeedMore;
            return p;
          }
          ++i;
          break;
        }
        if (c == '\n') ++p.lines;
        field.value.push_back(c);
        ++i;
      }
      if (i < s.size() && s[i] != ',' && s[i] != '\r' && s[i] != '\n') {
        p.result = CsvParse::Result::Error;
        p.error = "text after the closing quote of field " + std::to_string(p.fields.size() + 1);
        return p;
      }
    } else {
      while (i < s.size() && s[i] != ',' && s[i] != '\r' && s[i] != '\n') {
        if (s[i] == '"') {
          p.result = CsvParse::Result::Error;
          p.error = "a quote inside unquoted field " + std::to_string(p.fields.size() + 1);
          return p;
        }
        field.value.push_back(s[i++]);
      }
    }
    field.end = i - start;
    p.fields.push_back(std::move(field));
    if (i >= s.size()) {
      if (!atEnd) {
        p.result = CsvParse::Result::NeedMore;
        return p;
      }
      p.end = i;
      return p;
    }
    if (s[i] == ',') {
      ++i;
      continue;
    }
    if (s[i] == '\r') {
      if (i + 1 >= s.size() && !atEnd) {
        p.result = CsvParse::Result::NeedMore;
        return p;
      }
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    }
    ++p.lines;
    p.end = i + 1;
    return p;
  }
}


namespace {

class CsvSigninReader final : public SigninLogReader {
public:
  CsvSigninReader(std::unique_ptr<ByteSource> source, std::string name) : in_(std::move(source)), name_(std::move(name)) {}

  SigninLogFormat format() const override { return SigninLogFormat::Csv; }
  const std::string& name() const override { return name_; }
  std::string_view gap() const override { return gap_; }

  Expected<const SigninRecord*> next() override {
    if (done_) return nullptr;
    in_.discardBefore(gapBegin_);
    gapBegin_ -= static_cast<std::size_t>(in_.base() - lastBase_);
    lastBase_ = in_.base();
    pos_ = gapBegin_;
    if (columns_.empty()) {
      if (auto s = readHeader(); !s) return s.error();
    }
    for (;;) {
      // Blank lines between records are kept as they are, like the bytes between JSON records.
      auto ok = in_.ensure(pos_, 2);
      if (!ok) return ok.error();
      std::string_view b = in_.bytes();
      if (pos_ < b.size() && b[pos_] == '\n') {
        ++pos_;
        ++line_;
        continue;
      }
      if (pos_ + 1 < b.size() && b[pos_] == '\r' && b[pos_ + 1] == '\n') {
        pos_ += 2;
        ++line_;
        continue;
      }
      break;
    }
    if (pos_ >= in_.bytes().size()) {
      gap_ = in_.bytes().substr(gapBegin_);
      done_ = true;
      return nullptr;
    }
    auto parsed = parse();
    if (!parsed) return parsed.error();
    if (parsed->fields.size() != columns_.size())
      return fail("record " + std::to_string(count_ + 1) + " has " + std::to_string(parsed->fields.size()) +
                  " fields, the header has " + std::to_string(columns_.size()));
    record_ = SigninRecord{};
    record_.number = ++count_;
    record_.offset = in_.base() + pos_;
    record_.line = line_;
    record_.raw = in_.bytes().substr(pos_, parsed->end - pos_);
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      CsvField& f = parsed->fields[i];
      applyCsvField(record_, columns_[i], std::move(f.value), f.begin, f.end);
    }
    gap_ = in_.bytes().substr(gapBegin_, pos_ - gapBegin_);
    gapBegin_ = parsed->end;
    line_ += parsed->lines;
    return &record_;
  }

private:
  Error fail(const std::string& message) const { return invalidInput("line " + std::to_string(line_) + ": " + message); }

  Expected<CsvParse> parse() {
    for (;;) {
      CsvParse p = parseCsvRecord(in_.bytes(), pos_, in_.atEnd());
      if (p.result == CsvParse::Result::Record && p.end - pos_ > kMaxRecordSize) return fail("a record larger than 16 MiB");
      if (p.result == CsvParse::Result::Record) return p;
      if (p.result == CsvParse::Result::Error) return fail(p.error);
      if (in_.bytes().size() - pos_ > kMaxRecordSize) return fail("a record larger than 16 MiB");
      auto grown = in_.more();
      if (!grown) return grown.error();
    }
  }

  Status readHeader() {
    auto ok = in_.ensure(0, 3);
    if (!ok) return ok.error();
    if (in_.bytes().starts_with("\xEF\xBB\xBF")) pos_ = 3;
    auto parsed = parse();
    if (!parsed) return parsed.error();
    bool correlation = false, request = false;
    for (const CsvField& f : parsed->fields) {
      columns_.push_back(csvColumnOf(f.value));
      correlation |= columns_.back() == CsvColumn::CorrelationId;
      request |= columns_.back() == CsvColumn::RequestId;
    }
    if (!correlation || !request) return fail("not a sign-in log export: the header has no \"Correlation ID\" and \"Request ID\" columns");
    line_ += parsed->lines;
    pos_ = parsed->end;
    return Status::ok();
  }

  StreamBuffer in_;
  std::string name_;
  std::vector<CsvColumn> columns_;
  bool done_ = false;
  std::size_t pos_ = 0;
  std::size_t gapBegin_ = 0;
  std::uint64_t lastBase_ = 0;
  std::size_t line_ = 1;
  std::size_t count_ = 0;
  std::string_view gap_;
  SigninRecord record_;
};

}  // namespace

std::unique_ptr<SigninLogReader> makeCsvReader(std::unique_ptr<ByteSource> source, std::string name) {
  return std::make_unique<CsvSigninReader>(std::move(source), std::move(name));
}

}  // namespace tracesan::signin
