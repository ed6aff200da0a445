// Streaming HAR reader: scans the document with a small state machine, keeps only the current
// entry in memory, and parses that entry on demand (simdjson) into the trace model with byte
// spans relative to the entry's JSON.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "tracesan/Io.h"
#include "tracesan/Trace.h"

namespace tracesan {

class HarEntryParser;

class HarReader final : public TraceReader {
public:
  HarReader(std::unique_ptr<ByteSource> source, const ReadOptions& options);
  ~HarReader() override;

  TraceFormat format() const override { return TraceFormat::Har; }
  const std::string& name() const override { return name_; }
  Expected<Piece> read() override;

private:
  enum class State { Start, Root, Log, Entries, AfterRoot, Done };

  Expected<Entry*> advance();
  Piece outsidePiece();
  Status fill();
  Status compact();
  void flushGap(std::uint64_t upTo);
  Status skipWs(bool eofOk = false);
  Expected<std::string> readKey();
  Status expect(char c, const char* what);
  Status skipValue();
  Status skipString();
  Status scanEntry();
  Error errorAt(std::uint64_t offset, const std::string& message) const;
  Error truncated() const;
  std::uint64_t absPos() const { return base_ + pos_; }

  std::unique_ptr<ByteSource> source_;
  std::string name_;
  std::size_t chunk_;
  std::string buf_;
  std::uint64_t base_ = 0;  // absolute offset of buf_[0]
  std::size_t pos_ = 0;
  bool eof_ = false;
  std::uint64_t gapStart_ = 0;
  std::optional<std::uint64_t> entryStart_;
  // The text outside entries read so far (held whole until an entry starts or the document
  // ends, so that an editor sees complete strings), and the piece handed out last.
  std::string pendingGap_;
  std::uint64_t pendingGapOffset_ = 0;
  std::string outside_;
  enum class Queued { None, Entry, End } queued_ = Queued::None;
  std::function<bool(std::string_view)> filter_;

  State state_ = State::Start;
  bool needComma_ = false;
  bool sawLog_ = false;
  bool sawEntries_ = false;
  std::size_t entryIndex_ = 0;
  std::string context_;  // "in entry 5", "in log", for truncation messages
  std::optional<Error> error_;

  std::string entryBuf_;
  std::unique_ptr<HarEntryParser> parser_;
  Entry entry_;
};

}  // namespace tracesan
