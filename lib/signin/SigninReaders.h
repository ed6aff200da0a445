// The two sign-in log readers (JSON array elements, CSV records) over a buffered byte stream, and
// how their fields map onto SigninRecord. Private to lib/signin.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tracesan/Io.h"
#include "tracesan/SigninLog.h"

namespace tracesan::signin {

inline constexpr std::size_t kMaxRecordSize = 16u << 20;  // a single record larger than this is rejected
inline constexpr std::size_t kChunkSize = 1u << 20;

// A window on a byte stream: bytes are appended by more() and dropped from the front by
// discardBefore(), so memory holds about one record and one chunk.
class StreamBuffer {
public:
  explicit StreamBuffer(std::unique_ptr<ByteSource> source) : source_(std::move(source)) {}
  // Appends the next chunk; false at the end of the stream.
  Expected<bool> more();
  // Makes at least `n` bytes from `pos` available unless the stream ends first.
  Expected<bool> ensure(std::size_t pos, std::size_t n);
  // May drop the bytes before `pos` (positions then shift: callers read base() again).
  void discardBefore(std::size_t pos);
  std::string_view bytes() const { return buf_; }
  std::uint64_t base() const { return base_; }  // file offset of bytes()[0]
  bool atEnd() const { return eof_; }

private:
  std::unique_ptr<ByteSource> source_;
  std::string buf_;
  std::uint64_t base_ = 0;
  bool eof_ = false;
};

struct CsvField {
  std::string value;
  std::size_t begin = 0, end = 0;  // raw span relative to the record's start
};

// One CSV record's fields, or why it is malformed, or that the bytes end before the record does.
struct CsvParse {
  enum class Result { Record, NeedMore, Error } result = Result::Record;
  std::vector<CsvField> fields;
  std::size_t end = 0;    // one past the record's line break (relative to the text)
  std::size_t lines = 0;  // line breaks inside and ending the record
  std::string error;
};
// Parses the record starting at text[start]; `atEnd`: no more bytes will follow.
CsvParse parseCsvRecord(std::string_view text, std::size_t start, bool atEnd);

std::unique_ptr<SigninLogReader> makeJsonReader(std::unique_ptr<ByteSource> source, std::string name);
std::unique_ptr<SigninLogReader> makeCsvReader(std::unique_ptr<ByteSource> source, std::string name);

}  // namespace tracesan::signin
