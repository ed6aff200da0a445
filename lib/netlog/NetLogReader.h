// The streaming NetLog (Chrome/Edge net-export JSON) reader. The file is scanned event by event
// (one small JSON object each, parsed with byte spans); `constants` maps the file's own integers
// to event, source and phase names. Events are grouped into pieces, each handed out as an Entry:
//  - a hop: the events of one URL_REQUEST source from one URL_REQUEST_START_JOB to the next
//    (method, URL, header lists, status, redirect, body bytes reassembled and decoded);
//    Entry::number is the source id, so every hop of a redirect chain shares it;
//  - an auxiliary event: any other event with string params (HTTP/2 and QUIC header lists,
//    cookie-store values, DNS, ...), scanned on its own;
//  - an auxiliary message: one HTTP/1.x message of a socket's reassembled byte stream
//    (SOCKET_BYTES_* / SSL_SOCKET_BYTES_*), where POST bodies (passwords) are.
// Event lines wait in a window until the piece they belong to is written (or, without a writer,
// handed out), so output keeps the original order; the window is bounded (maxWindowBytes: the
// oldest open piece is cut when it is exceeded). A file that ends without the closing `]}` is
// read to its last complete event and reported in warnings().
//
//   auto reader = openNetLogReader(std::move(source), {});
//   while (Entry* e = reader.value()->next().value()) if (!e->auxiliary) std::cout << e->request.url.value;
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "netlog/EventJson.h"
#include "tracesan/Io.h"
#include "tracesan/Trace.h"

namespace tracesan::netlog {

// Where a value of the entry sits in an event line, so the writer can rewrite it.
struct Target {
  enum class Kind {
    String,       // a JSON string token holding the Text as is
    Raw,          // raw JSON (an Extension's params object)
    HeaderLine,   // a JSON string "Name: value" holding a Field
    RequestLine,  // "GET /path?query HTTP/1.1": its target follows the request URL
  };
  enum class Slot { Url, Method, RequestHeader, ResponseHeader, ResponseCookie, Redirect, Extension };
  Kind kind = Kind::String;
  Slot slot = Slot::Url;
  std::size_t index = 0;  // into the slot's vector
  std::size_t line = 0;   // sequence number of the event line
  std::size_t begin = 0, end = 0;  // the token in that line
  // RequestLine: the string as read, and where the URL's path and query sit in it.
  std::string original;
  std::size_t mirrorAt = 0, mirrorLen = 0;
  bool absolute = false;  // the whole URL is repeated (a request line to a proxy), not path and query
};

// One `bytes` param of an event (base64), with its `byte_count` when present.
struct Chunk {
  std::size_t line = 0;
  std::size_t bytesBegin = 0, bytesEnd = 0;
  std::size_t countBegin = 0, countEnd = 0;  // countEnd == 0: no byte_count
  std::size_t size = 0;                      // decoded length
};

enum class PieceKind { Hop, Event, Message };

// An event line of a piece, as read: `text` views the reader's window while the piece is the
// current one, or the detail's own copy (clone()).
struct SourceLine {
  std::size_t seq = 0;
  std::uint64_t offset = 0;  // where the line starts in the input: its Source piece's offset
  std::string_view text;
};

// What the writer needs to patch an entry back into its event lines (the entry's SourceDetail).
struct PieceInfo final : SourceDetail {
  PieceInfo() = default;
  PieceInfo(const PieceInfo& other);
  PieceInfo(PieceInfo&&) = default;  // the texts' buffers move with their strings: views stay valid
  PieceInfo& operator=(PieceInfo&&) = default;
  PieceInfo& operator=(const PieceInfo&) = delete;
  TraceFormat format() const override { return TraceFormat::NetLog; }
  std::unique_ptr<SourceDetail> clone() const override { return std::make_unique<PieceInfo>(*this); }
  // The line with sequence number `seq` (one of `lines`), or nullptr.
  const SourceLine* line(std::size_t seq) const;

  PieceKind kind = PieceKind::Event;
  std::vector<Target> targets;
  std::vector<std::size_t> lines;  // every event line of the piece (Hop, Event)
  // Hop: the response body as logged raw (URL_REQUEST_JOB_BYTES_READ) and decoded
  // (..._FILTERED_BYTES_READ), and the codings that turn one into the other.
  std::vector<Chunk> raw, filtered;
  std::vector<std::string> codings;
  bool rawDecodes = false;  // the raw copy decodes to the decoded one (re-encoding is faithful)
  // Message: the stream it belongs to, its bytes, whether it parsed as HTTP, last of the stream.
  std::size_t stream = 0;
  std::string bytes;
  bool http = false;
  bool request = false;
  bool lastOfStream = false;
  std::vector<Chunk> chunks;  // Message, last of its stream: every chunk of the stream
  std::vector<SourceLine> sourceLines;  // every line of `lines`, in order

private:
  std::vector<std::string> owned_;  // a copy's line texts
};

class NetLogReader final : public TraceReader {
public:
  NetLogReader(std::unique_ptr<ByteSource> source, const ReadOptions& options);
  ~NetLogReader() override;

  TraceFormat format() const override { return TraceFormat::NetLog; }
  const std::string& name() const override { return name_; }
  // Event lines come as Source pieces once every entry they belong to has been handed out, so a
  // patching writer already knows their edits; the text around the events comes as Outside.
  Expected<Piece> read() override;
  std::vector<std::string> warnings() const override { return warnings_; }

  std::size_t maxWindowBytes = std::size_t(256) << 20;

private:
  enum class State { Start, Root, Events, AfterRoot, Done };
  struct Line;
  struct Group;
  struct Ready {
    std::size_t group;
    std::size_t message;  // Message pieces: index into the group's messages
  };

  Expected<Entry*> advance();
  Status readNextEvent(bool& produced);
  Status handleEvent(std::size_t seq);
  Status loadConstants(std::string_view json, std::uint64_t offset);
  Status fill();
  Status skipWs();
  Status skipString(std::size_t& p);
  Status scanValue(std::size_t& end);
  Error errorAt(std::uint64_t offset, const std::string& message) const;
  void addOutside(std::size_t upTo);
  void attachLines();
  Status flush();
  void completeGroup(std::size_t id);
  void completeAll();
  Status enforceWindow();
  Status buildEntry(const Ready& ready);
  void buildHop(Group& g);
  void buildEvent(Group& g);
  void buildMessage(Group& g, std::size_t message);
  void splitStream(std::size_t id);
  Line& line(std::size_t seq);
  std::string startedDateTime(long long ticks) const;

  std::unique_ptr<ByteSource> source_;
  std::string name_;
  std::size_t chunk_;
  std::string buf_;
  std::uint64_t base_ = 0;
  std::size_t pos_ = 0;
  std::size_t gapStart_ = 0;  // within buf_: outside bytes not yet queued
  bool eof_ = false;
  State state_ = State::Start;
  bool needComma_ = false;
  bool sawConstants_ = false;

  // constants
  std::unordered_map<long long, std::string> eventNames_;
  std::unordered_map<long long, std::string> sourceNames_;
  long long phaseBegin_ = 1, phaseEnd_ = 2;
  long long tickOffset_ = 0;

  std::deque<Line> window_;
  std::size_t windowBase_ = 0;  // sequence number of window_.front()
  std::size_t windowBytes_ = 0;
  std::map<std::size_t, Group> groups_;
  std::size_t nextGroup_ = 0;
  std::unordered_map<long long, std::size_t> openHop_;
  std::map<std::pair<long long, long long>, std::size_t> openStream_;
  std::unordered_map<long long, long long> sourceBeginType_;
  std::deque<Ready> ready_;
  std::optional<Ready> handedOut_;

  std::deque<Line> released_;  // settled lines, in order, not yet handed out as pieces
  std::string current_;        // the text handed out last
  enum class Queued { None, Entry, End } queued_ = Queued::None;
  std::vector<std::string> warnings_;
  std::optional<Error> error_;
  std::size_t entryIndex_ = 0;
  Entry entry_;
  PieceInfo piece_;
};


// "scheme://authority/path?query#fragment" -> "/path?query": what a request line and an HTTP/2
// :path repeat of the URL.
std::string originForm(std::string_view url);

}  // namespace tracesan::netlog
