#include "har/HarReader.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "har/HarEntryParser.h"
#include "tracesan/Har.h"
#include "text/TextCodec.h"

namespace tracesan {
namespace {

bool isWs(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

std::string describeByte(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return std::string("'") + c + "'";
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02x", u);
  return hex;
}

}  // namespace

HarReader::HarReader(std::unique_ptr<ByteSource> source, const ReadOptions& options)
    : source_(std::move(source)),
      name_(source_->name()),
      chunk_(std::max<std::size_t>(options.bufferSize, 16)),
      filter_(options.entryFilter),
      parser_(std::make_unique<HarEntryParser>()) {}

HarReader::~HarReader() = default;

Error HarReader::errorAt(std::uint64_t offset, const std::string& message) const {
  return invalidInput(name_ + ": byte offset " + std::to_string(offset) + ": " + message);
}

Error HarReader::truncated() const {
  return invalidInput(name_ + ": byte offset " + std::to_string(base_ + buf_.size()) +
                      ": unexpected end of file" + (context_.empty() ? "" : " " + context_) +
                      " (truncated HAR?)");
}

void HarReader::flushGap(std::uint64_t upTo) {
  if (upTo <= gapStart_) return;
  if (pendingGap_.empty()) pendingGapOffset_ = gapStart_;
  pendingGap_.append(buf_.data() + (gapStart_ - base_), upTo - gapStart_);
  gapStart_ = upTo;
}

Status HarReader::compact() {
  std::uint64_t keep = entryStart_ ? *entryStart_ : absPos();
  flushGap(std::min(keep, entryStart_ ? *entryStart_ : keep));
  keep = std::min(keep, gapStart_);
  std::size_t drop = static_cast<std::size_t>(keep - base_);
  if (drop == 0) return Status::ok();
  buf_.erase(0, drop);
  base_ += drop;
  pos_ -= drop;
  return Status::ok();
}

Status HarReader::fill() {
  if (eof_) return truncated();
  if (pos_ > chunk_ || buf_.size() > 4 * chunk_) {
    if (auto s = compact(); !s) return s;
  }
  auto n = source_->appendTo(buf_, chunk_);
  if (!n) return n.error();
  if (*n == 0) {
    eof_ = true;
    return truncated();
  }
  return Status::ok();
}

Status HarReader::skipWs(bool eofOk) {
  for (;;) {
    while (pos_ < buf_.size() && isWs(buf_[pos_])) ++pos_;
    if (pos_ < buf_.size()) return Status::ok();
    if (eofOk && eof_) return Status::ok();
    if (auto s = fill(); !s) {
      if (eofOk && eof_) return Status::ok();
      return s;
    }
  }
}

Status HarReader::expect(char c, const char* what) {
  if (auto s = skipWs(); !s) return s;
  if (buf_[pos_] != c)
    return errorAt(absPos(), std::string("expected ") + what + ", found " + describeByte(buf_[pos_]) +
                                 (context_.empty() ? "" : " " + context_));
  ++pos_;
  return Status::ok();
}

// pos_ is on the opening quote; leaves pos_ after the closing quote.
Status HarReader::skipString() {
  std::size_t p = pos_ + 1;
  for (;;) {
    const char* base = buf_.data();
    const void* hit = p < buf_.size() ? std::memchr(base + p, '"', buf_.size() - p) : nullptr;
    if (!hit) {
      std::size_t rel = p - pos_;
      if (auto s = fill(); !s) return s;
      p = pos_ + rel;  // fill may have moved the window
      p = std::max(p, pos_ + 1);
      continue;
    }
    std::size_t q = static_cast<std::size_t>(static_cast<const char*>(hit) - base);
    std::size_t backslashes = 0;
    while (q - backslashes > pos_ && base[q - backslashes - 1] == '\\') ++backslashes;
    if (backslashes % 2 == 0) {
      pos_ = q + 1;
      return Status::ok();
    }
    p = q + 1;
  }
}

Expected<std::string> HarReader::readKey() {
  if (buf_[pos_] != '"') return errorAt(absPos(), "expected a member name, found " + describeByte(buf_[pos_]));
  std::size_t start = pos_;
  std::uint64_t startAbs = absPos();
  if (auto s = skipString(); !s) return s.error();
  start = static_cast<std::size_t>(startAbs - base_);
  std::string_view raw(buf_.data() + start + 1, pos_ - start - 2);
  if (raw.find('\\') == std::string_view::npos) return std::string(raw);
  auto key = text::jsonUnescape(raw);
  if (!key) return errorAt(startAbs, "invalid escape in member name");
  return *key;
}

// Skips one JSON value of any kind without recursion; strings may span many buffer fills.
Status HarReader::skipValue() {
  if (auto s = skipWs(); !s) return s;
  std::size_t depth = 0;
  for (;;) {
    if (pos_ >= buf_.size()) {
      if (auto s = fill(); !s) {
        if (depth == 0 && eof_) return Status::ok();  // a scalar at the very end; caller checks structure
        return s;
      }
      continue;
    }
    char c = buf_[pos_];
    if (c == '"') {
      if (auto s = skipString(); !s) return s;
      if (depth == 0) return Status::ok();
      continue;
    }
    if (c == '{' || c == '[') {
      ++depth;
      ++pos_;
      continue;
    }
    if (c == '}' || c == ']') {
      if (depth == 0) return Status::ok();  // end of the enclosing container: scalar ended
      --depth;
      ++pos_;
      if (depth == 0) return Status::ok();
      continue;
    }
    if (depth == 0 && (c == ',' || isWs(c))) return Status::ok();
    // Invalid JSON, and dangerous: the entry parser (simdjson) would take the next quote as escaped
    // while a plain reading takes it as a string boundary, so a redaction could break the output.
    if (c == '\\') return errorAt(absPos(), "backslash outside a string" + (context_.empty() ? "" : " " + context_));
    ++pos_;
  }
}

Status HarReader::scanEntry() {
  entryStart_ = absPos();
  context_ = "in entry " + std::to_string(entryIndex_ + 1);
  flushGap(*entryStart_);
  return skipValue();
}

Piece HarReader::outsidePiece() {
  outside_.swap(pendingGap_);
  pendingGap_.clear();
  return Piece{Piece::Kind::Outside, outside_, pendingGapOffset_, nullptr};
}

// An entry's piece comes after the outside text before it: the entry is read (which ends that
// text) and handed out by the following read().
Expected<Piece> HarReader::read() {
  if (error_) return *error_;
  const Queued queued = std::exchange(queued_, Queued::None);
  if (queued == Queued::Entry) return Piece{Piece::Kind::Entry, {}, 0, &entry_};
  if (queued == Queued::End) return Piece{};
  auto result = advance();
  if (!result) {
    error_ = result.error();
    return result.error();
  }
  if (!pendingGap_.empty()) {
    queued_ = *result ? Queued::Entry : Queued::End;
    return outsidePiece();
  }
  if (!*result) return Piece{};
  return Piece{Piece::Kind::Entry, {}, 0, *result};
}

Expected<Entry*> HarReader::advance() {
  if (state_ == State::Done) return static_cast<Entry*>(nullptr);
  if (entryStart_) {  // the previous entry has been handed out; its bytes may now go
    entryStart_.reset();
    context_ = "in log";
  }
  if (state_ == State::Start) {
    if (auto s = skipWs(); !s) {
      if (eof_ && base_ + buf_.size() == 0) return invalidInput(name_ + ": empty file, not a HAR trace");
      return s.error();
    }
    if (buf_.compare(pos_, 3, "\xEF\xBB\xBF") == 0 && absPos() == 0) {
      pos_ += 3;
      if (auto s = skipWs(); !s) return s.error();
    }
    if (buf_[pos_] != '{') return errorAt(absPos(), "not a HAR file: expected a JSON object, found " + describeByte(buf_[pos_]));
    ++pos_;
    state_ = State::Root;
    needComma_ = false;
    context_ = "in the HAR document";
  }
  for (;;) {
    switch (state_) {
      case State::Root:
      case State::Log: {
        if (auto s = skipWs(); !s) return s.error();
        char c = buf_[pos_];
        if (c == '}') {
          ++pos_;
          if (state_ == State::Log) {
            if (!sawEntries_) return errorAt(absPos() - 1, "not a HAR file: the log object has no entries array");
            state_ = State::Root;
            needComma_ = true;
            context_ = "in the HAR document";
          } else {
            state_ = State::AfterRoot;
          }
          continue;
        }
        if (needComma_) {
          if (c != ',') return errorAt(absPos(), "expected ',' or '}', found " + describeByte(c) + " " + context_);
          ++pos_;
          if (auto s = skipWs(); !s) return s.error();
        }
        std::uint64_t keyAt = absPos();
        auto key = readKey();
        if (!key) return key.error();
        if (auto s = expect(':', "':' after a member name"); !s) return s.error();
        needComma_ = true;
        if (state_ == State::Root && *key == "log") {
          if (sawLog_) return errorAt(keyAt, "duplicate \"log\" member");
          sawLog_ = true;
          if (auto s = expect('{', "the log object"); !s) return s.error();
          state_ = State::Log;
          needComma_ = false;
          context_ = "in log";
          continue;
        }
        if (state_ == State::Log && *key == "entries") {
          if (sawEntries_) return errorAt(keyAt, "duplicate \"entries\" member");
          sawEntries_ = true;
          if (auto s = expect('[', "the entries array"); !s) return s.error();
          state_ = State::Entries;
          needComma_ = false;
          continue;
        }
        if (auto s = skipValue(); !s) return s.error();
        continue;
      }
      case State::Entries: {
        if (auto s = skipWs(); !s) return s.error();
        char c = buf_[pos_];
        if (c == ']') {
          ++pos_;
          state_ = State::Log;
          needComma_ = true;
          continue;
        }
        if (needComma_) {
          if (c != ',') return errorAt(absPos(), "expected ',' or ']' between entries, found " + describeByte(c));
          ++pos_;
          if (auto s = skipWs(); !s) return s.error();
          c = buf_[pos_];
        }
        if (c != '{')
          return errorAt(absPos(), "entry " + std::to_string(entryIndex_ + 1) + ": expected an object, found " + describeByte(c));
        if (auto s = scanEntry(); !s) return s.error();
        needComma_ = true;
        std::size_t start = static_cast<std::size_t>(*entryStart_ - base_);
        std::string_view json(buf_.data() + start, pos_ - start);
        entry_ = Entry{};
        entry_.index = entryIndex_;
        entry_.number = entryIndex_ + 1;
        entry_.offset = *entryStart_;
        ++entryIndex_;
        bool whole = !filter_ || filter_(json);
        entry_.partial = !whole;
        if (auto s = whole ? parser_->parse(json, entry_) : parser_->parseSummary(json, entry_); !s)
          return invalidInput(name_ + ": entry " + std::to_string(entry_.number) + " (byte offset " +
                              std::to_string(entry_.offset) + "): " + s.error().message());
        gapStart_ = absPos();
        return &entry_;
      }
      case State::AfterRoot: {
        if (auto s = skipWs(true); !s) return s.error();
        if (pos_ < buf_.size()) return errorAt(absPos(), "unexpected data after the end of the HAR document");
        if (!sawLog_) return invalidInput(name_ + ": not a HAR file: no \"log\" object");
        pos_ = buf_.size();
        flushGap(absPos());
        state_ = State::Done;
        return static_cast<Entry*>(nullptr);
      }
      case State::Start:
      case State::Done: return static_cast<Entry*>(nullptr);
    }
  }
}

Expected<std::unique_ptr<TraceReader>> openHarReader(std::unique_ptr<ByteSource> source, const ReadOptions& options) {
  return std::unique_ptr<TraceReader>(new HarReader(std::move(source), options));
}

}  // namespace tracesan
