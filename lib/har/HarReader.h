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
  Expected<Entry*> next() override;

  // Receives every byte that is not part of an entry, in order, interleaved with next():
  // bytes before an entry are delivered before next() returns it. Must be set before next().
  void setPassthrough(std::function<Status(std::string_view)> sink) { passthrough_ = std::move(sink); }
  const std::function<Status(std::string_view)>& passthrough() const { return passthrough_; }
  // Lets the caller decide from an entry's raw JSON whether it needs the whole entry. When the
  // filter returns false the entry is parsed only as far as number, offset, source, request
  // method and URL and response status (Response::present too); everything else stays empty.
  // Used by whole-trace searches that can tell from the bytes that an entry holds nothing for them.
  void setEntryFilter(std::function<bool(std::string_view json)> filter) { filter_ = std::move(filter); }
  void setOutsideEditor(std::function<void(std::string& json)> editor) override { outsideEditor_ = std::move(editor); }
  bool started() const { return state_ != State::Start; }
  std::uint64_t bytesRead() const { return base_ + buf_.size(); }
  std::uint64_t totalSize() const { return source_->size(); }

private:
  enum class State { Start, Root, Log, Entries, AfterRoot, Done };

  Expected<Entry*> advance();
  Status fill();
  Status compact();
  Status flushGap(std::uint64_t upTo);
  Status emitGap();
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
  std::function<Status(std::string_view)> passthrough_;
  std::function<void(std::string&)> outsideEditor_;
  std::string pendingGap_;  // with an outside editor: gap bytes held until an entry starts
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

// The non-owning view used by the patch writer to pair with its reader.
HarReader* asHarReader(TraceReader& reader);

}  // namespace tracesan
