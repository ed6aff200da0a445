#include "saz/SazReader.h"

#include <algorithm>

#include "codec/BodyCodec.h"
#include "http/HttpMessage.h"
#include "saz/SazMetadata.h"
#include "saz/SazWebSocket.h"
#include "saz/SazFormat.h"
#include "text/TextCodec.h"
#include "tracesan/Saz.h"

namespace tracesan::saz {
namespace {

// Where `piece` sits inside `base`; kNoOffset when it is not a view into base (folded headers).
SourceSpan spanOf(std::string_view piece, std::string_view base) {
  const char* b = base.data();
  const char* p = piece.data();
  if (p == nullptr || b == nullptr || p < b || p + piece.size() > b + base.size()) return {kNoOffset, piece.size()};
  return {static_cast<std::uint64_t>(p - b), piece.size()};
}

Text textAt(std::string_view value, std::string_view base) {
  Text t;
  t.value.assign(value);
  t.raw = spanOf(value, base);
  t.present = true;
  return t;
}

Text textFrom(std::string value, SourceSpan raw) {
  Text t;
  t.value = std::move(value);
  t.raw = raw;
  t.present = true;
  return t;
}

Number numberAt(double value, SourceSpan raw = {}) {
  Number n;
  n.value = value;
  n.raw = raw;
  n.present = true;
  return n;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

void fillHeaders(const http::HttpMessage& msg, std::string_view bytes, std::vector<Field>& out) {
  out.reserve(msg.headers.size());
  for (const auto& h : msg.headers) {
    Field f;
    f.name = textAt(h.name, bytes);
    f.value.value.assign(h.value);
    f.value.present = true;
    f.value.raw = h.folded ? SourceSpan{kNoOffset, h.valueEnd - h.valueBegin}
                           : SourceSpan{h.valueBegin, h.valueEnd - h.valueBegin};
    out.push_back(std::move(f));
  }
}

// "a=1; b=2" (Cookie) or the first pair of "a=1; Path=/" (Set-Cookie).
void addCookiePairs(std::string_view value, std::string_view bytes, bool firstOnly, std::vector<Field>& out) {
  std::size_t pos = 0;
  while (pos <= value.size()) {
    std::size_t end = value.find(';', pos);
    if (end == std::string_view::npos) end = value.size();
    std::string_view pair = trim(value.substr(pos, end - pos));
    if (!pair.empty()) {
      std::size_t eq = pair.find('=');
      Field f;
      if (eq == std::string_view::npos) {
        f.name = textAt(pair.substr(0, 0), bytes);
        f.value = textAt(pair, bytes);
      } else {
        f.name = textAt(trim(pair.substr(0, eq)), bytes);
        f.value = textAt(trim(pair.substr(eq + 1)), bytes);
      }
      out.push_back(std::move(f));
    }
    if (firstOnly) break;
    pos = end + 1;
  }
}

void addQueryPairs(std::string_view query, std::string_view bytes, std::vector<Field>& out) {
  std::size_t pos = 0;
  while (pos < query.size()) {
    std::size_t end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(pos, end - pos);
    if (!pair.empty()) {
      std::size_t eq = pair.find('=');
      std::string_view name = pair.substr(0, eq);
      std::string_view value = eq == std::string_view::npos ? pair.substr(pair.size()) : pair.substr(eq + 1);
      Field f;
      f.name = textFrom(text::percentDecode(name, false), spanOf(name, bytes));
      f.value = textFrom(text::percentDecode(value, false), spanOf(value, bytes));
      out.push_back(std::move(f));
    }
    pos = end + 1;
  }
}

void fillBody(const http::HttpMessage& msg, std::string_view bytes, bool decode, std::uint64_t maxDecoded, Body& body) {
  if (const auto* ct = msg.header("Content-Type")) body.mimeType = textAt(ct->value, bytes);
  body.present = !msg.body.empty();
  body.text.raw = {msg.headEnd, msg.body.size()};
  body.text.present = true;
  if (decode && !msg.body.empty()) {
    codec::DecodedBody decoded = codec::decodeBody(msg.body, msg.headerValues("Transfer-Encoding"),
                                                   msg.headerValues("Content-Encoding"),
                                                   static_cast<std::size_t>(maxDecoded));
    body.codings = std::move(decoded.codings);
    body.decodeError = std::move(decoded.error);
    body.text.value = body.decodeError.empty() ? std::move(decoded.bytes) : std::string(msg.body);
  } else {
    body.text.value.assign(msg.body);
  }
  body.size = numberAt(static_cast<double>(body.text.value.size()));
}

std::string jsonString(std::string_view s) { return "\"" + text::jsonEscape(s) + "\""; }

Extension extension(std::string_view name, std::string json) {
  Extension e;
  e.name = std::string(name);
  e.json.value = std::move(json);
  e.json.present = true;
  return e;
}

const Extension* findExtension(const Entry& entry, std::string_view name) {
  for (const auto& e : entry.extensions)
    if (e.name == name) return &e;
  return nullptr;
}

}  // namespace

Status fillRequest(std::string_view bytes, bool https, std::uint64_t maxDecoded, Request& request) {
  auto parsed = http::parseRequest(bytes);
  if (!parsed) return parsed.error();
  const http::HttpMessage& msg = parsed.value();
  request.method = textAt(msg.method, bytes);
  request.url = textFrom(http::effectiveUrl(msg, https), {msg.targetBegin, msg.targetEnd - msg.targetBegin});
  if (!msg.version.empty()) request.httpVersion = textAt(msg.version, bytes);
  fillHeaders(msg, bytes, request.headers);
  for (const auto* h : msg.headersNamed("Cookie")) {
    if (h->folded) continue;  // no single span to patch; the header value itself still is one
    addCookiePairs(h->value, bytes, false, request.cookies);
  }
  bool connect = http::isConnect(msg);
  if (!connect) {
    http::RequestTarget target = http::splitTarget(msg.target);
    if (target.hasQuery) addQueryPairs(target.query, bytes, request.queryString);
  }
  request.headersSize = numberAt(static_cast<double>(msg.headEnd));
  request.bodySize = numberAt(static_cast<double>(msg.body.size()));
  // CONNECT bodies are Fiddler's description of the TLS handshake, not HTTP payload.
  fillBody(msg, bytes, !connect, maxDecoded, request.body);
  return Status::ok();
}

Status fillResponse(std::string_view bytes, bool isConnect, std::uint64_t maxDecoded, Response& response) {
  auto parsed = http::parseResponse(bytes);
  if (!parsed) return parsed.error();
  const http::HttpMessage& msg = parsed.value();
  response.present = true;
  std::size_t statusOffset = msg.version.size();
  while (statusOffset < bytes.size() && bytes[statusOffset] == ' ') ++statusOffset;
  response.status = numberAt(msg.status, {statusOffset, 3});
  response.statusText = textAt(msg.reason, bytes);
  if (!msg.version.empty()) response.httpVersion = textAt(msg.version, bytes);
  fillHeaders(msg, bytes, response.headers);
  for (const auto* h : msg.headersNamed("Set-Cookie")) {
    if (h->folded) continue;
    addCookiePairs(h->value, bytes, true, response.cookies);
  }
  if (const auto* location = msg.header("Location"); location && !location->folded)
    response.redirectURL = textAt(location->value, bytes);
  response.headersSize = numberAt(static_cast<double>(msg.headEnd));
  response.bodySize = numberAt(static_cast<double>(msg.body.size()));
  fillBody(msg, bytes, !isConnect, maxDecoded, response.body);
  return Status::ok();
}

SazReader::~SazReader() { prefetch_.reset(); }

Expected<Piece> SazReader::read() {
  const auto& sessions = archive_->sessions();
  if (failed_) return *failed_;
  if (position_ >= sessions.size()) return Piece{};
  const SessionMembers& session = sessions[position_];
  if (auto s = loadSession(session); !s) return s.error();
  ++position_;
  return Piece{Piece::Kind::Entry, {}, 0, &entry_};
}

Status SazReader::loadSession(const SessionMembers& session) {
  std::string context = "session " + std::to_string(session.number);
  const auto& members = archive_->members();
  auto memberContext = [&](Part part) {
    return archive_->displayName() + ": " + context + ": " + members[session[part]].name;
  };
  for (std::size_t p = 0; p < kPartCount; ++p) {
    bytes_[p].clear();
    bytes_[p].shrink_to_fit();
  }
  if (session[Part::Request] == kNoMember)
    return invalidInput(archive_->displayName() + ": " + context + ": no request member (raw/" +
                        std::to_string(session.number) + "_c.txt)");
  if (!prefetch_) prefetch_ = std::make_unique<SessionPrefetch>(*archive_);
  if (auto s = prefetch_->take(bytes_); !s) {
    failed_ = s.error();
    return s;
  }

  entry_ = Entry{};
  entry_.index = position_;
  entry_.number = static_cast<std::size_t>(session.number);
  entry_.source.request = bytes_[0];
  entry_.source.response = bytes_[1];
  entry_.source.metadata = bytes_[2];
  entry_.source.webSocket = bytes_[3];
  detail_.session = position_;
  entry_.source.detail = &detail_;

  bool https = false;
  if (session[Part::Metadata] != kNoMember) {
    auto meta = parseSessionMetadata(bytes_[2]);
    if (!meta) return meta.error().withContext(memberContext(Part::Metadata));
    https = meta->hasBitFlags && (meta->bitFlags & kIsHttps);
    applyTimers(*meta, entry_);
    if (!meta->sid.empty()) entry_.extensions.push_back(extension(kSessionIdExtension, jsonString(meta->sid)));
    if (meta->hasBitFlags)
      entry_.extensions.push_back(extension(kBitFlagsExtension, std::to_string(meta->bitFlags)));
    entry_.sessionFlags = std::move(meta->flags);
    if (const Field* ip = findField(entry_.sessionFlags, "x-hostip")) entry_.serverIPAddress = ip->value;
  } else {
    // No metadata: HAR's "unknown" for the optional timings, zero for the required ones.
    for (Number* n : {&entry_.timings.blocked, &entry_.timings.dns, &entry_.timings.connect, &entry_.timings.ssl})
      *n = numberAt(-1);
    for (Number* n : {&entry_.timings.send, &entry_.timings.wait, &entry_.timings.receive}) *n = numberAt(0);
    entry_.time = numberAt(0);
  }

  std::uint64_t maxDecoded = options_.maxMemberSize;
  if (auto s = fillRequest(bytes_[0], https, maxDecoded, entry_.request); !s)
    return s.error().withContext(memberContext(Part::Request));
  bool connect = text::equalsIgnoreCase(entry_.request.method.value, "CONNECT");
  if (!bytes_[1].empty()) {
    if (auto s = fillResponse(bytes_[1], connect, maxDecoded, entry_.response); !s)
      return s.error().withContext(memberContext(Part::Response));
  } else {
    entry_.response.present = false;
    entry_.response.status = numberAt(0);
    entry_.response.headersSize = numberAt(-1);
    entry_.response.bodySize = numberAt(-1);
    entry_.extensions.push_back(extension(kAbortedExtension, "true"));
  }
  if (session[Part::WebSocket] != kNoMember) {
    auto frames = parseWebSocketMember(bytes_[3]);
    if (!frames) return frames.error().withContext(memberContext(Part::WebSocket));
    entry_.webSocketMessages = webSocketMessagesFrom(bytes_[3], *frames, static_cast<std::size_t>(maxDecoded));
  }
  return Status::ok();
}

std::optional<std::uint32_t> sessionBitFlags(const Entry& entry) {
  const Extension* e = findExtension(entry, kBitFlagsExtension);
  if (!e) return std::nullopt;
  char* end = nullptr;
  unsigned long long v = std::strtoull(e->json.value.c_str(), &end, 10);
  if (!end || *end != '\0' || e->json.value.empty()) return std::nullopt;
  return static_cast<std::uint32_t>(v);
}

std::optional<std::string> sessionId(const Entry& entry) {
  const Extension* e = findExtension(entry, kSessionIdExtension);
  if (!e || e->json.value.size() < 2 || e->json.value.front() != '"') return std::nullopt;
  auto inner = text::jsonUnescape(std::string_view(e->json.value).substr(1, e->json.value.size() - 2));
  if (!inner) return std::nullopt;
  return *inner;
}

bool isAbortedSession(const Entry& entry) { return !entry.response.present; }

const Text* sessionFlag(const Entry& entry, std::string_view name) {
  const Field* f = findField(entry.sessionFlags, name);
  return f ? &f->value : nullptr;
}

}  // namespace tracesan::saz

namespace tracesan {

Expected<std::unique_ptr<TraceReader>> openSazReader(const std::string& path, const std::string& displayName,
                                                     const ReadOptions& options, std::shared_ptr<TemporaryFile> spool) {
  auto archive = saz::SazArchive::open(path, displayName, options);
  if (!archive) return archive.error();
  // Any zip sniffs as SAZ. One without sessions that holds anything but SAZ scaffolding (a zipped
  // text file, a document) is not a trace: reading it as an empty one would call it clean.
  if (archive.value()->sessions().empty())
    for (const auto& m : archive.value()->members()) {
      const bool scaffolding = m.name == "[Content_Types].xml" || m.name == "_index.htm" || m.name == "raw/" ||
                               m.name.rfind("raw/", 0) == 0;
      if (!scaffolding)
        return invalidInput(displayName +
                            ": not a SAZ trace: the zip archive holds no Fiddler sessions (raw/<n>_c.txt); "
                            "supported inputs are HAR (JSON) and Fiddler SAZ");
    }
  return std::unique_ptr<TraceReader>(
      std::make_unique<saz::SazReader>(std::move(archive.value()), std::move(spool), options));
}

}  // namespace tracesan
