// The trace model shared by every format: a trace is a sequence of entries (HAR entries, SAZ
// sessions, NetLog request hops), each a request, a response and their metadata. Values are decoded; each remembers
// where its raw form sits in the source, so writers can patch the original bytes.
//
//   auto reader = openTrace("signin.har");            // sniffs HAR, SAZ or NetLog from content
//   while (Entry* e = reader.value()->next().value()) std::cout << e->request.url.value << "\n";
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tracesan/Error.h"

namespace tracesan {

enum class TraceFormat { Unknown, Har, Saz, NetLog };

std::string_view formatName(TraceFormat format);

// Sniffs the format from the first bytes of a file: zip magic is SAZ; a JSON object is a NetLog
// when its first member is "constants" or "events", else HAR.
TraceFormat sniffFormat(std::string_view head);

// Where a value's raw (encoded) form sits: an offset into one of the entry's source parts
// (HAR: the entry's JSON; SAZ: the member the field was read from) and its length. For a JSON
// string the span includes the quotes.
struct SourceSpan {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

// A string value of the trace. `value` is decoded (JSON unescaped, HTTP header bytes as is).
// Editors call set(); writers patch only what changed.
struct Text {
  std::string value;
  SourceSpan raw;
  bool present = false;
  bool changed = false;

  void set(std::string newValue) {
    if (present && newValue == value) return;
    value = std::move(newValue);
    present = true;
    changed = true;
  }
};

// A numeric value of the trace (status, sizes, timings).
struct Number {
  double value = 0;
  SourceSpan raw;
  bool present = false;
  bool changed = false;

  void set(double newValue) {
    if (present && newValue == value) return;
    value = newValue;
    present = true;
    changed = true;
  }
};

// A name/value pair: a header, a cookie, a query or form parameter, a SAZ session flag.
struct Field {
  Text name;
  Text value;
};

// A `_`-prefixed custom field (or any field tracesan does not model), kept verbatim.
// `json.value` holds the raw JSON text of the value; changing it replaces the raw bytes as is.
struct Extension {
  std::string name;
  Text json;
};

// A request or response body.
struct Body {
  bool present = false;       // HAR: postData / content exists; SAZ: there were body bytes
  Text mimeType;
  Text text;                  // HAR: text as stored (base64 when encoding is "base64"); SAZ: decoded bytes
  Text encoding;              // HAR content.encoding, e.g. "base64"
  std::vector<Field> params;  // HAR postData.params
  Number size;                // HAR content.size (decoded length)
  Number compression;         // HAR content.compression
  std::vector<std::string> codings;  // SAZ: transfer/content codings that were decoded, in wire order
  std::string decodeError;    // set when the body could not be decoded; text then holds the raw bytes
};

struct Request {
  Text method;
  Text url;
  Text httpVersion;
  std::vector<Field> headers;
  std::vector<Field> cookies;
  std::vector<Field> queryString;
  Body body;  // HAR postData
  Number headersSize;
  Number bodySize;
  std::vector<Extension> extensions;
};

struct Response {
  Number status;
  Text statusText;
  Text httpVersion;
  std::vector<Field> headers;
  std::vector<Field> cookies;
  Body body;  // HAR content
  Text redirectURL;
  Number headersSize;
  Number bodySize;
  bool present = false;  // false for an aborted SAZ session with no response
  std::vector<Extension> extensions;
};

struct Timings {
  Number blocked, dns, connect, send, wait, receive, ssl;
};

struct WebSocketMessage {
  Text type;  // "send" or "receive"
  Number time;
  Number opcode;
  Text data;
  // SAZ: the frame was compressed (permessage-deflate); `data` holds what it inflates to.
  bool compressed = false;
  // SAZ: why a compressed frame could not be inflated; `data` then holds the frame's payload as is
  // (base64), and a sanitizer replaces it whole.
  std::string decodeError;
};

// What a patching writer of the entry's own format needs beyond the spans (NetLog: the event
// lines an entry came from and where in them each value sits). Opaque outside that format.
struct SourceDetail {
  virtual ~SourceDetail() = default;
  virtual TraceFormat format() const = 0;
  virtual std::unique_ptr<SourceDetail> clone() const = 0;
};

// The raw bytes an entry was read from; valid until the reader moves on.
struct EntrySource {
  std::string_view json;       // HAR: the entry object
  std::string_view request;    // SAZ: NN_c.txt
  std::string_view response;   // SAZ: NN_s.txt
  std::string_view metadata;   // SAZ: NN_m.xml
  std::string_view webSocket;  // SAZ: NN_w.txt
  const SourceDetail* detail = nullptr;
};

struct Entry {
  std::size_t index = 0;   // 0-based position in the trace
  std::size_t number = 0;  // what users see: HAR index + 1, or the SAZ session number
  std::uint64_t offset = 0;  // byte offset of the entry in the input (HAR), for messages
  Text startedDateTime;
  Number time;
  Request request;
  Response response;
  Timings timings;
  Text serverIPAddress;
  Text connection;
  Text pageref;
  std::vector<WebSocketMessage> webSocketMessages;
  std::vector<Extension> extensions;
  std::vector<Field> sessionFlags;  // SAZ NN_m.xml SessionFlag N/V pairs
  // NetLog: not a request but other events scanned like one (socket bytes, HTTP/2 session
  // headers, cookie-store values); conversions and the AADSTS finder skip it.
  bool auxiliary = false;
  // Read only as far as ReadOptions::entryFilter asks for an entry it ruled out.
  bool partial = false;
  EntrySource source;
};

// Case-insensitive header lookup; returns nullptr when absent.
const Field* findField(const std::vector<Field>& fields, std::string_view name);
Field* findField(std::vector<Field>& fields, std::string_view name);

// Calls fn for every string of the entry that may carry trace data (not names, not numbers),
// extensions included (their text is raw JSON: an editor must keep it valid JSON).
void forEachText(Entry& entry, const std::function<void(Text&)>& fn);

struct ReadOptions {
  std::string sazPassword;                       // for encrypted SAZ archives
  std::size_t bufferSize = 1 << 20;              // streaming read chunk
  std::uint64_t maxMemberSize = 1ull << 31;      // SAZ: largest decompressed member
  std::uint64_t maxTotalSize = 1ull << 36;       // SAZ: all members together
  double maxCompressionRatio = 1000.0;           // SAZ: zip bomb guard
  // For whole-trace searches: when set and it returns false for an entry's raw bytes (HAR: the
  // entry's JSON), the reader may parse that entry only as far as number, offset, source, request
  // method and URL, and response status. Readers that cannot tell from the bytes ignore it.
  std::function<bool(std::string_view raw)> entryFilter;
};

// One piece of a trace, in file order. Views are valid until the reader's next read().
struct Piece {
  enum class Kind {
    End,
    // Text outside every entry, verbatim (HAR: the log header, pages, comments and the bytes
    // between entries; NetLog: the constants and what surrounds the events). It may carry data:
    // a sanitizer edits it (it is JSON text) before a patching writer writes it.
    Outside,
    // Bytes an entry already handed out was read from (NetLog: one event line), verbatim: a
    // patching writer writes them with that entry's edits, found by `offset`.
    Source,
    Entry,
  };
  Kind kind = Kind::End;
  std::string_view bytes;    // Outside, Source
  std::uint64_t offset = 0;  // Outside, Source: where the bytes start in the input
  Entry* entry = nullptr;    // Entry
};

// A streaming reader: yields one piece at a time; nothing but the current piece is held.
class TraceReader {
public:
  virtual ~TraceReader() = default;
  virtual TraceFormat format() const = 0;
  virtual const std::string& name() const = 0;  // the file name used in messages
  // The next piece; Kind::End at the end.
  virtual Expected<Piece> read() = 0;
  // The next entry, or nullptr at the end: read() without the bytes between entries.
  Expected<Entry*> next();
  // Problems the reader worked around (e.g. a truncated NetLog), "file: byte offset N: what".
  virtual std::vector<std::string> warnings() const { return {}; }
};

// Opens a trace file ("-" reads stdin) and sniffs its format from content.
Expected<std::unique_ptr<TraceReader>> openTrace(const std::string& path, const ReadOptions& options = {});

struct WriteOptions {
  std::string sazPassword;  // encrypt a written SAZ with this password (AES-256)
};

// A writer receives every piece of a reader, in order, after any edits.
class TraceWriter {
public:
  virtual ~TraceWriter() = default;
  // Outside and Source pieces: a patching writer writes them (Source with its entry's edits),
  // a converting writer ignores them; Entry pieces: written patched, or converted.
  virtual Status write(const Piece& piece) = 0;
  Status write(Entry& entry) { return write(Piece{Piece::Kind::Entry, {}, 0, &entry}); }
  // Completes the output; on success it is moved into place atomically.
  virtual Status finish() = 0;
};

// Creates a writer for `path` ("-" writes stdout). When the format equals the reader's, the
// writer patches the original bytes; otherwise it converts.
Expected<std::unique_ptr<TraceWriter>> createWriter(const TraceReader& reader, const std::string& path,
                                                    TraceFormat format, const WriteOptions& options = {});

}  // namespace tracesan
