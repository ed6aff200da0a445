#include "netlog/NetLogReader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <utility>

#include "codec/Base64.h"
#include "codec/BodyCodec.h"
#include "netlog/HttpStream.h"
#include "netlog/NetLogNames.h"
#include "saz/SazReader.h"
#include "tracesan/NetLog.h"
#include "text/TextCodec.h"

namespace tracesan::netlog {

struct NetLogReader::Line {
  std::uint64_t offset = 0;
  std::string text;
  bool settled = true;
  bool outside = false;  // text around the events, not an event line
  bool event = false;
  JsonValue json;
  long long type = -1, phase = -1, source = -1, sourceType = -1;
  std::string time;
};

struct NetLogReader::Group {
  enum class Kind { Hop, Event, Stream };
  Kind kind = Kind::Event;
  long long source = -1;
  long long type = -1;
  std::vector<std::size_t> lines;
  bool complete = false;
  bool startedJob = false;  // Hop: its URL_REQUEST_START_JOB was seen
  // Stream: the reassembled bytes, the chunks they came from, the messages found in them.
  std::string bytes;
  std::vector<Chunk> chunks;
  bool badBase64 = false;
  std::vector<StreamMessage> messages;
};

namespace {

constexpr std::size_t kMaxEventBytes = std::size_t(256) << 20;
constexpr std::size_t kMaxConstantsBytes = std::size_t(64) << 20;
constexpr std::uint64_t kMaxDecoded = std::uint64_t(256) << 20;

bool isWs(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

bool hasStringLeaf(const JsonValue& v) {
  if (v.kind == JsonValue::Kind::String) return !v.text.empty();
  for (const auto& [k, m] : v.members)
    if (hasStringLeaf(m)) return true;
  for (const auto& item : v.items)
    if (hasStringLeaf(item)) return true;
  return false;
}

Text spanText(std::string value) {
  Text t;
  t.value = std::move(value);
  t.present = true;
  return t;
}

Number plainNumber(double value) {
  Number n;
  n.value = value;
  n.present = true;
  return n;
}

// Adds the `bytes` param of an event (params has a string "bytes") as a chunk, its decoded bytes
// to `stream`. False when they are not base64 (the chunk is then empty).
bool appendChunk(const JsonValue& params, std::size_t seq, std::vector<Chunk>& chunks, std::string& stream) {
  const JsonValue* bytes = params.find("bytes");
  Chunk c;
  c.line = seq;
  c.bytesBegin = bytes->begin;
  c.bytesEnd = bytes->end;
  if (const JsonValue* count = params.find("byte_count"); count && count->kind == JsonValue::Kind::Number) {
    c.countBegin = count->begin;
    c.countEnd = count->end;
  }
  auto decoded = codec::base64Decode(bytes->text);
  c.size = decoded ? decoded->size() : 0;
  if (decoded) stream += *decoded;
  chunks.push_back(c);
  return decoded.has_value();
}

}  // namespace

std::string originForm(std::string_view url) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  std::size_t path = url.find_first_of("/?#", scheme + 3);
  if (path == std::string_view::npos) return "/";
  std::string_view rest = url.substr(path);
  rest = rest.substr(0, rest.find('#'));
  if (rest.empty() || rest[0] != '/') return "/" + std::string(rest);
  return std::string(rest);
}

namespace {

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// "[52 bytes were stripped]", what the default capture mode writes instead of a credential.
bool isStrippedValue(std::string_view value) {
  constexpr std::string_view kTail = " bytes were stripped]";
  if (value.size() <= kTail.size() + 1 || value.front() != '[' || value.substr(value.size() - kTail.size()) != kTail)
    return false;
  std::string_view digits = value.substr(1, value.size() - kTail.size() - 1);
  return std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A header list item "Name: value" (HTTP/2 pseudo-headers start with ':').
bool splitHeader(std::string_view item, std::string& name, std::string& value) {
  std::size_t colon = item.find(':', item.size() > 0 && item[0] == ':' ? 1 : 0);
  if (colon == std::string_view::npos) return false;
  name = trimmed(item.substr(0, colon));
  value = trimmed(item.substr(colon + 1));
  return !name.empty();
}

std::vector<std::string> contentCodings(const std::vector<Field>& headers) {
  std::vector<std::string> out;
  const Field* ce = findField(headers, "content-encoding");
  if (!ce) return out;
  std::string_view all = ce->value.value;
  for (std::size_t start = 0; start <= all.size();) {
    std::size_t comma = all.find(',', start);
    std::size_t end = comma == std::string_view::npos ? all.size() : comma;
    std::string coding = text::toLower(trimmed(all.substr(start, end - start)));
    if (!coding.empty() && coding != "identity") out.push_back(coding);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

NetLogReader::NetLogReader(std::unique_ptr<ByteSource> source, const ReadOptions& options)
    : source_(std::move(source)), name_(source_->name()), chunk_(std::max<std::size_t>(options.bufferSize, 16)) {}

NetLogReader::~NetLogReader() = default;


Error NetLogReader::errorAt(std::uint64_t offset, const std::string& message) const {
  return invalidInput(name_ + ": byte offset " + std::to_string(offset) + ": " + message);
}

NetLogReader::Line& NetLogReader::line(std::size_t seq) { return window_[seq - windowBase_]; }

Status NetLogReader::fill() {
  if (eof_) return Status::ok();
  auto n = source_->appendTo(buf_, chunk_);
  if (!n) return n.error();
  if (*n == 0) eof_ = true;
  return Status::ok();
}

Status NetLogReader::skipWs() {
  for (;;) {
    while (pos_ < buf_.size() && isWs(buf_[pos_])) ++pos_;
    if (pos_ < buf_.size() || eof_) return Status::ok();
    if (auto s = fill(); !s) return s;
  }
}

// `p` is on an opening quote; leaves `p` after the closing one (or at the end of the data).
Status NetLogReader::skipString(std::size_t& p) {
  ++p;
  for (;;) {
    while (p < buf_.size() && buf_[p] != '"') p += buf_[p] == '\\' ? 2 : 1;
    if (p < buf_.size()) {
      ++p;
      return Status::ok();
    }
    if (eof_) return Status::ok();
    if (auto s = fill(); !s) return s;
  }
}

// Finds the end of the value at pos_ without recursion; `end` stays npos when the data ends first.
Status NetLogReader::scanValue(std::size_t& end) {
  end = std::string::npos;
  std::size_t p = pos_;
  std::size_t depth = 0;
  for (;;) {
    if (p >= buf_.size()) {
      if (eof_) return Status::ok();
      if (p - pos_ > kMaxEventBytes) return errorAt(base_ + pos_, "a value larger than 256 MB");
      if (auto s = fill(); !s) return s;
      continue;
    }
    char c = buf_[p];
    if (c == '"') {
      if (auto s = skipString(p); !s) return s;
      if (p > buf_.size() || (eof_ && p == buf_.size() && buf_.back() != '"')) return Status::ok();
      if (depth == 0) {
        end = p;
        return Status::ok();
      }
      continue;
    }
    if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0) {
        end = p;
        return Status::ok();
      }
      if (--depth == 0) {
        end = p + 1;
        return Status::ok();
      }
    } else if (depth == 0 && (c == ',' || isWs(c))) {
      end = p;
      return Status::ok();
    }
    ++p;
  }
}

// Queues the bytes between the last event and `upTo` (inside buf_) as outside text.
void NetLogReader::addOutside(std::size_t upTo) {
  if (upTo <= gapStart_) return;
  Line l;
  l.offset = base_ + gapStart_;
  l.text.assign(buf_, gapStart_, upTo - gapStart_);
  gapStart_ = upTo;
  l.outside = true;
  windowBytes_ += l.text.size();
  window_.push_back(std::move(l));
}

Status NetLogReader::loadConstants(std::string_view json, std::uint64_t offset) {
  if (json.size() > kMaxConstantsBytes) return errorAt(offset, "constants larger than 64 MB");
  auto doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return errorAt(offset, "constants is not a valid JSON object");
  auto names = [&](const char* key, std::unordered_map<long long, std::string>& out) -> Status {
    auto it = doc.find(key);
    if (it == doc.end() || !it->is_object()) return errorAt(offset, std::string("constants has no ") + key + " map");
    for (auto& [name, value] : it->items())
      if (value.is_number_integer()) out[value.get<long long>()] = name;
    return Status::ok();
  };
  if (auto s = names("logEventTypes", eventNames_); !s) return s;
  if (auto s = names("logSourceType", sourceNames_); !s) return s;
  if (auto it = doc.find("logEventPhase"); it != doc.end() && it->is_object()) {
    if (auto b = it->find("PHASE_BEGIN"); b != it->end() && b->is_number_integer()) phaseBegin_ = b->get<long long>();
    if (auto e = it->find("PHASE_END"); e != it->end() && e->is_number_integer()) phaseEnd_ = e->get<long long>();
  }
  if (auto it = doc.find("timeTickOffset"); it != doc.end()) {
    if (it->is_number()) tickOffset_ = it->get<long long>();
    else if (it->is_string()) tickOffset_ = std::atoll(it->get<std::string>().c_str());
  }
  sawConstants_ = true;
  return Status::ok();
}

PieceInfo::PieceInfo(const PieceInfo& other)
    : SourceDetail(other), kind(other.kind), targets(other.targets), lines(other.lines), raw(other.raw),
      filtered(other.filtered), codings(other.codings), rawDecodes(other.rawDecodes), stream(other.stream),
      bytes(other.bytes), http(other.http), request(other.request), lastOfStream(other.lastOfStream),
      chunks(other.chunks), sourceLines(other.sourceLines) {
  owned_.reserve(sourceLines.size());  // no reallocation: the views below point into these
  for (SourceLine& l : sourceLines) {
    owned_.emplace_back(l.text);
    l.text = owned_.back();
  }
}

const SourceLine* PieceInfo::line(std::size_t seq) const {
  auto it = std::lower_bound(sourceLines.begin(), sourceLines.end(), seq,
                             [](const SourceLine& l, std::size_t s) { return l.seq < s; });
  return it != sourceLines.end() && it->seq == seq ? &*it : nullptr;
}

// Released lines go first (they were read before the entry that is ready, or belong to entries
// handed out already), then the entry.
Expected<Piece> NetLogReader::read() {
  if (error_) return *error_;
  for (;;) {
    if (!released_.empty()) {
      Line& l = released_.front();
      current_ = std::move(l.text);
      const Piece piece{l.outside ? Piece::Kind::Outside : Piece::Kind::Source, current_, l.offset, nullptr};
      released_.pop_front();
      return piece;
    }
    const Queued queued = std::exchange(queued_, Queued::None);
    if (queued == Queued::Entry) return Piece{Piece::Kind::Entry, {}, 0, &entry_};
    if (queued == Queued::End) {
      queued_ = Queued::End;
      return Piece{};
    }
    auto result = advance();
    if (!result) {
      error_ = result.error();
      return result.error();
    }
    queued_ = *result ? Queued::Entry : Queued::End;
  }
}

Expected<Entry*> NetLogReader::advance() {
  if (handedOut_) {  // the previous piece is done with (written, or nobody writes)
    Group& g = groups_.at(handedOut_->group);
    if (g.kind != Group::Kind::Stream || handedOut_->message + 1 == g.messages.size()) {
      for (std::size_t seq : g.lines) line(seq).settled = true;
      groups_.erase(handedOut_->group);
    }
    if (auto s = flush(); !s) return s.error();
  }
  handedOut_.reset();
  while (ready_.empty()) {
    if (state_ == State::Done) {
      if (auto s = flush(); !s) return s.error();
      return static_cast<Entry*>(nullptr);
    }
    bool produced = false;
    if (auto s = readNextEvent(produced); !s) return s.error();
    if (auto s = enforceWindow(); !s) return s.error();
    if (auto s = flush(); !s) return s.error();
  }
  Ready r = ready_.front();
  ready_.pop_front();
  if (auto s = buildEntry(r); !s) return s.error();
  handedOut_ = r;
  return &entry_;
}

Status NetLogReader::readNextEvent(bool& produced) {
  produced = false;
  // Drop what is consumed; bytes not yet queued as outside text stay.
  std::size_t drop = std::min(gapStart_, pos_);
  if (drop > chunk_) {
    buf_.erase(0, drop);
    base_ += drop;
    pos_ -= drop;
    gapStart_ -= drop;
  }
  if (state_ == State::Start) {
    if (auto s = skipWs(); !s) return s;
    if (pos_ >= buf_.size()) return invalidInput(name_ + ": empty file, not a NetLog trace");
    if (base_ + pos_ == 0 && buf_.compare(0, 3, "\xEF\xBB\xBF") == 0) {
      pos_ = 3;
      if (auto s = skipWs(); !s) return s;
    }
    if (pos_ >= buf_.size() || buf_[pos_] != '{') return errorAt(base_ + pos_, "not a NetLog file: expected a JSON object");
    ++pos_;
    state_ = State::Root;
    needComma_ = false;
  }
  for (;;) {
    if (auto s = skipWs(); !s) return s;
    bool atEnd = pos_ >= buf_.size();
    switch (state_) {
      case State::Root: {
        if (atEnd) return errorAt(base_ + pos_, "unexpected end of file in the NetLog object");
        char c = buf_[pos_];
        if (c == '}') {
          ++pos_;
          state_ = State::AfterRoot;
          continue;
        }
        if (needComma_) {
          if (c != ',') return errorAt(base_ + pos_, "expected ',' or '}' in the NetLog object");
          ++pos_;
          if (auto s = skipWs(); !s) return s;
          if (pos_ >= buf_.size()) return errorAt(base_ + pos_, "unexpected end of file in the NetLog object");
        }
        if (buf_[pos_] != '"') return errorAt(base_ + pos_, "expected a member name in the NetLog object");
        std::size_t keyStart = pos_;
        std::size_t p = pos_;
        if (auto s = skipString(p); !s) return s;
        if (p > buf_.size() || buf_[p - 1] != '"' || p == keyStart + 1)
          return errorAt(base_ + keyStart, "unexpected end of file in a member name");
        std::string key = buf_.substr(keyStart + 1, p - keyStart - 2);
        pos_ = p;
        if (auto s = skipWs(); !s) return s;
        if (pos_ >= buf_.size() || buf_[pos_] != ':') return errorAt(base_ + pos_, "expected ':' after \"" + key + "\"");
        ++pos_;
        if (auto s = skipWs(); !s) return s;
        needComma_ = true;
        if (key == "events") {
          if (!sawConstants_)
            return errorAt(base_ + keyStart, "not a readable NetLog: the events come before (or without) constants");
          if (pos_ >= buf_.size() || buf_[pos_] != '[') return errorAt(base_ + pos_, "expected the events array");
          ++pos_;
          state_ = State::Events;
          needComma_ = false;
          continue;
        }
        std::size_t valueStart = pos_;
        std::size_t end = 0;
        if (auto s = scanValue(end); !s) return s;
        if (end == std::string::npos) return errorAt(base_ + valueStart, "unexpected end of file in \"" + key + "\"");
        if (key == "constants")
          if (auto s = loadConstants(std::string_view(buf_).substr(valueStart, end - valueStart), base_ + valueStart); !s)
            return s;
        pos_ = end;
        continue;
      }
      case State::Events: {
        if (atEnd) {  // a capture that was not closed: keep every complete event
          warnings_.push_back(name_ + ": byte offset " + std::to_string(base_ + pos_) +
                              ": the events array is not closed (truncated capture); read up to the last complete event");
          addOutside(buf_.size());
          completeAll();
          state_ = State::Done;
          return Status::ok();
        }
        char c = buf_[pos_];
        if (c == ']') {
          ++pos_;
          state_ = State::Root;
          needComma_ = true;
          continue;
        }
        if (needComma_) {
          if (c != ',') return errorAt(base_ + pos_, "expected ',' or ']' between events");
          ++pos_;
          needComma_ = false;
          continue;  // a trailing comma at the end of a truncated file is fine
        }
        if (c != '{') return errorAt(base_ + pos_, "expected an event object");
        std::size_t start = pos_;
        std::size_t end = 0;
        if (auto s = scanValue(end); !s) return s;
        if (end == std::string::npos) {
          warnings_.push_back(name_ + ": byte offset " + std::to_string(base_ + start) +
                              ": the last event is cut off (truncated capture); its " +
                              std::to_string(buf_.size() - start) + " bytes were left out of the output");
          addOutside(start);
          gapStart_ = buf_.size();
          pos_ = buf_.size();
          completeAll();
          state_ = State::Done;
          return Status::ok();
        }
        addOutside(start);
        Line l;
        l.offset = base_ + start;
        l.text.assign(buf_, start, end - start);
        l.event = true;
        gapStart_ = end;
        pos_ = end;
        needComma_ = true;
        windowBytes_ += l.text.size();
        window_.push_back(std::move(l));
        produced = true;
        return handleEvent(windowBase_ + window_.size() - 1);
      }
      case State::AfterRoot: {
        if (!atEnd) return errorAt(base_ + pos_, "unexpected data after the end of the NetLog object");
        if (!sawConstants_) return invalidInput(name_ + ": not a NetLog: no constants");
        addOutside(buf_.size());
        completeAll();
        state_ = State::Done;
        return Status::ok();
      }
      case State::Start:
      case State::Done: return Status::ok();
    }
  }
}

Status NetLogReader::handleEvent(std::size_t seq) {
  Line& l = line(seq);
  auto parsed = parseEventJson(l.text);
  if (!parsed) return errorAt(l.offset, "event: " + parsed.error().message());
  l.json = std::move(parsed.value());
  const JsonValue& ev = l.json;
  const JsonValue* src = ev.find("source");
  const JsonValue* type = ev.find("type");
  const JsonValue* sid = src ? src->find("id") : nullptr;
  const JsonValue* stype = src ? src->find("type") : nullptr;
  if (ev.kind != JsonValue::Kind::Object || !type || !type->asInteger() || !sid || !sid->asInteger() || !stype ||
      !stype->asInteger())
    return errorAt(l.offset, "event without an integer type and source {id, type}");
  l.type = *type->asInteger();
  l.source = *sid->asInteger();
  l.sourceType = *stype->asInteger();
  if (const JsonValue* ph = ev.find("phase"); ph && ph->asInteger()) l.phase = *ph->asInteger();
  if (const JsonValue* t = ev.find("time"); t && t->isString()) l.time = t->text;
  const JsonValue* params = ev.find("params");
  if (params && params->kind != JsonValue::Kind::Object) return errorAt(l.offset, "event params is not an object");

  auto nameOf = [](const std::unordered_map<long long, std::string>& names, long long id) -> std::string_view {
    auto it = names.find(id);
    return it == names.end() ? std::string_view() : std::string_view(it->second);
  };
  std::string_view event = nameOf(eventNames_, l.type);
  std::string_view sourceType = nameOf(sourceNames_, l.sourceType);
  if (l.phase == phaseBegin_ && !sourceBeginType_.count(l.source)) sourceBeginType_[l.source] = l.type;
  auto begun = sourceBeginType_.find(l.source);
  bool sourceEnds = l.phase == phaseEnd_ && begun != sourceBeginType_.end() && begun->second == l.type;

  auto newGroup = [&](Group::Kind kind) {
    std::size_t id = nextGroup_++;
    Group& g = groups_[id];
    g.kind = kind;
    g.source = l.source;
    g.type = l.type;
    return id;
  };

  const JsonValue* headers = params ? params->find("headers") : nullptr;
  bool otherHeaderList = headers && !isSendHeadersEvent(event) && event != kReadResponseHeaders &&
                         (headers->kind == JsonValue::Kind::Array || headers->kind == JsonValue::Kind::Object);
  if (sourceType == "URL_REQUEST" && !otherHeaderList) {
    bool startsHop = event == kStartJob && l.phase == phaseBegin_ && params && params->find("url");
    auto open = openHop_.find(l.source);
    if (startsHop && open != openHop_.end()) {
      // A hop's events run from one job start to the next; those before the first start belong to it.
      if (groups_.at(open->second).startedJob) {
        completeGroup(open->second);
        open = openHop_.end();
      }
    }
    if (open == openHop_.end()) open = openHop_.emplace(l.source, newGroup(Group::Kind::Hop)).first;
    std::size_t id = open->second;
    groups_[id].lines.push_back(seq);
    groups_[id].startedJob |= startsHop;
    l.settled = false;
    if (sourceEnds) completeGroup(id);
  } else if (isSocketBytesEvent(event) && params && params->find("bytes") && params->find("bytes")->isString()) {
    auto key = std::make_pair(l.source, l.type);
    auto open = openStream_.find(key);
    if (open == openStream_.end()) open = openStream_.emplace(key, newGroup(Group::Kind::Stream)).first;
    groups_[open->second].lines.push_back(seq);
    l.settled = false;
  } else if (params && hasStringLeaf(*params)) {
    std::size_t id = newGroup(Group::Kind::Event);
    groups_[id].lines.push_back(seq);
    l.settled = false;
    completeGroup(id);
  }
  if (sourceEnds && sourceType != "URL_REQUEST") {
    std::vector<std::size_t> ending;
    for (auto it = openStream_.lower_bound({l.source, LLONG_MIN}); it != openStream_.end() && it->first.first == l.source; ++it)
      ending.push_back(it->second);
    for (std::size_t id : ending) completeGroup(id);
  }
  if (sourceEnds) sourceBeginType_.erase(l.source);
  if (l.settled) l.json = JsonValue();  // in no piece: only its bytes are still needed
  return Status::ok();
}

void NetLogReader::completeGroup(std::size_t id) {
  Group& g = groups_.at(id);
  if (g.complete) return;
  g.complete = true;
  if (g.kind == Group::Kind::Hop) {
    auto it = openHop_.find(g.source);
    if (it != openHop_.end() && it->second == id) openHop_.erase(it);
    ready_.push_back({id, 0});
    return;
  }
  if (g.kind == Group::Kind::Event) {
    ready_.push_back({id, 0});
    return;
  }
  auto it = openStream_.find({g.source, g.type});
  if (it != openStream_.end() && it->second == id) openStream_.erase(it);
  splitStream(id);
}

void NetLogReader::completeAll() {
  std::vector<std::size_t> open;
  for (auto& [id, g] : groups_)
    if (!g.complete) open.push_back(id);
  for (std::size_t id : open) completeGroup(id);  // in order of their first event
}

// A piece that is still open when the window is full is cut here: its first part is handed out
// now, and its later events start a new piece.
Status NetLogReader::enforceWindow() {
  while (windowBytes_ > maxWindowBytes && !window_.empty()) {
    std::size_t front = windowBase_;
    while (front - windowBase_ < window_.size() && line(front).settled) ++front;
    if (front - windowBase_ >= window_.size()) break;
    std::optional<std::size_t> owner;
    for (auto& [id, g] : groups_)
      if (!g.complete && std::find(g.lines.begin(), g.lines.end(), front) != g.lines.end()) owner = id;
    if (!owner) break;  // the oldest line waits for a piece already handed out
    warnings_.push_back(name_ + ": byte offset " + std::to_string(line(front).offset) +
                        ": a request or socket stays open over more than " + std::to_string(maxWindowBytes >> 20) +
                        " MB of events; it is read in parts, and a secret split across two parts may be missed");
    completeGroup(*owner);
    break;
  }
  return Status::ok();
}

Status NetLogReader::flush() {
  while (!window_.empty() && window_.front().settled) {
    windowBytes_ -= window_.front().text.size();
    released_.push_back(std::move(window_.front()));
    window_.pop_front();
    ++windowBase_;
  }
  return Status::ok();
}

void NetLogReader::splitStream(std::size_t id) {
  Group& g = groups_.at(id);
  for (std::size_t seq : g.lines) {
    Line& l = line(seq);
    g.badBase64 |= !appendChunk(*l.json.find("params"), seq, g.chunks, g.bytes);
    l.json = JsonValue();  // the spans are kept in the chunk; the decoded copy is not needed
  }
  std::string_view name = eventNames_.count(g.type) ? std::string_view(eventNames_.at(g.type)) : std::string_view();
  bool sent = name.size() >= 5 && name.substr(name.size() - 5) == "_SENT";
  g.messages = g.badBase64 ? std::vector<StreamMessage>{{0, g.bytes.size(), false, "invalid base64 in a bytes event"}}
                           : splitHttpStream(g.bytes, sent);
  if (g.messages.empty()) {  // nothing readable (TLS records, an empty stream): passed through
    for (std::size_t seq : g.lines) line(seq).settled = true;
    groups_.erase(id);
    return;
  }
  for (std::size_t m = 0; m < g.messages.size(); ++m) ready_.push_back({id, m});
}

std::string NetLogReader::startedDateTime(long long ticks) const {
  long long ms = tickOffset_ + ticks;
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

Status NetLogReader::buildEntry(const Ready& ready) {
  entry_ = Entry{};
  piece_ = PieceInfo{};
  Group& g = groups_.at(ready.group);
  entry_.index = entryIndex_++;
  entry_.number = static_cast<std::size_t>(std::max(0LL, g.source));
  if (!g.lines.empty()) entry_.offset = line(g.lines.front()).offset;
  switch (g.kind) {
    case Group::Kind::Hop: buildHop(g); break;
    case Group::Kind::Event: buildEvent(g); break;
    case Group::Kind::Stream:
      buildMessage(g, ready.message);
      piece_.stream = ready.group;
      if (piece_.lastOfStream) piece_.chunks = g.chunks;
      break;
  }
  attachLines();
  entry_.source.detail = &piece_;
  return Status::ok();
}

// The texts of the piece's lines, for the writer: views into the window, which keeps them until
// the piece is handed back (the next read()).
void NetLogReader::attachLines() {
  piece_.sourceLines.clear();
  piece_.sourceLines.reserve(piece_.lines.size());
  for (std::size_t seq : piece_.lines) piece_.sourceLines.push_back({seq, line(seq).offset, line(seq).text});
  std::sort(piece_.sourceLines.begin(), piece_.sourceLines.end(),
            [](const SourceLine& a, const SourceLine& b) { return a.seq < b.seq; });
}

namespace {

// Adds the header list of `params` to `fields`, with a target per item.
void addHeaders(const JsonValue& headers, std::size_t seq, Target::Slot slot, std::vector<Field>& fields,
                std::vector<Target>& targets, const JsonValue** statusLine) {
  auto add = [&](std::string name, std::string value, Target::Kind kind, const JsonValue& token) {
    Field f;
    f.name = spanText(std::move(name));
    f.value = spanText(std::move(value));
    targets.push_back({kind, slot, fields.size(), seq, token.begin, token.end, {}});
    fields.push_back(std::move(f));
  };
  if (headers.kind == JsonValue::Kind::Array) {
    for (std::size_t i = 0; i < headers.items.size(); ++i) {
      const JsonValue& item = headers.items[i];
      if (!item.isString()) continue;
      if (i == 0 && statusLine && item.text.rfind("HTTP/", 0) == 0) {
        *statusLine = &item;
        continue;
      }
      std::string name, value;
      // Default capture mode: Chromium removed the value already ("[52 bytes were stripped]").
      // Nothing is left to redact, and the note is evidence of the capture mode: kept as is.
      if (splitHeader(item.text, name, value) && !isStrippedValue(value))
        add(std::move(name), std::move(value), Target::Kind::HeaderLine, item);
    }
  } else if (headers.kind == JsonValue::Kind::Object) {  // older versions: name -> value
    for (const auto& [name, value] : headers.members)
      if (value.isString()) add(name, value.text, Target::Kind::String, value);
  }
}

// Turns the target of a ":path: /p?q" header item into a mirror of the request URL.
void mirrorPath(Target& t, std::string_view lineText, const std::string& origin) {
  auto decoded = text::jsonUnescape(lineText.substr(t.begin + 1, t.end - t.begin - 2));
  if (!decoded || decoded->size() < origin.size() || decoded->compare(decoded->size() - origin.size(), origin.size(), origin) != 0)
    return;
  t.kind = Target::Kind::RequestLine;
  t.slot = Target::Slot::Url;
  t.original = *decoded;
  t.mirrorAt = decoded->size() - origin.size();
  t.mirrorLen = origin.size();
}

void addExtension(Entry& e, std::vector<Target>& targets, std::string_view lineText, std::size_t seq,
                  const JsonValue& params, std::string_view event) {
  Extension x;
  x.name = "_netlog." + std::to_string(e.extensions.size()) + "." + (event.empty() ? "unknown" : std::string(event));
  x.json = spanText(std::string(lineText.substr(params.begin, params.end - params.begin)));
  targets.push_back({Target::Kind::Raw, Target::Slot::Extension, e.extensions.size(), seq, params.begin, params.end, {}});
  e.extensions.push_back(std::move(x));
}

}  // namespace

void NetLogReader::buildHop(Group& g) {
  piece_.kind = PieceKind::Hop;
  piece_.lines = g.lines;
  Entry& e = entry_;
  std::string raw, filtered;
  bool rawBad = false, filteredBad = false;
  long long firstTick = -1, lastTick = -1, sendTick = -1, headersTick = -1;
  std::vector<const JsonValue*> mirrors;  // request lines and :path headers, resolved once the URL is known
  std::vector<std::size_t> mirrorLines;
  for (std::size_t seq : g.lines) {
    Line& l = line(seq);
    long long tick = std::atoll(l.time.c_str());
    if (firstTick < 0) firstTick = tick;
    lastTick = tick;
    const JsonValue* params = l.json.find("params");
    if (!params) continue;
    std::string_view event = eventNames_.count(l.type) ? std::string_view(eventNames_.at(l.type)) : std::string_view();
    if (event == kStartJob && params->find("url") && params->find("url")->isString() && !e.request.url.present) {
      const JsonValue* url = params->find("url");
      e.request.url = spanText(url->text);
      piece_.targets.push_back({Target::Kind::String, Target::Slot::Url, 0, seq, url->begin, url->end, {}});
      if (const JsonValue* m = params->find("method"); m && m->isString()) {
        e.request.method = spanText(m->text);
        piece_.targets.push_back({Target::Kind::String, Target::Slot::Method, 0, seq, m->begin, m->end, {}});
      }
      e.startedDateTime = spanText(startedDateTime(tick));
      continue;
    }
    if (isSendHeadersEvent(event)) {
      sendTick = tick;
      if (const JsonValue* h = params->find("headers")) addHeaders(*h, seq, Target::Slot::RequestHeader, e.request.headers, piece_.targets, nullptr);
      if (const JsonValue* reqLine = params->find("line"); reqLine && reqLine->isString()) {
        mirrors.push_back(reqLine);
        mirrorLines.push_back(seq);
        std::string_view text = reqLine->text;
        std::size_t sp = text.rfind(' ');
        if (sp != std::string_view::npos) e.request.httpVersion = spanText(trimmed(text.substr(sp + 1)));
      }
      continue;
    }
    if (event == kReadResponseHeaders) {
      headersTick = tick;
      const JsonValue* status = nullptr;
      if (const JsonValue* h = params->find("headers"))
        addHeaders(*h, seq, Target::Slot::ResponseHeader, e.response.headers, piece_.targets, &status);
      e.response.present = true;
      if (status) {
        std::string_view s = status->text;
        std::size_t sp1 = s.find(' ');
        std::string_view version = s.substr(0, sp1);
        std::string_view rest = sp1 == std::string_view::npos ? std::string_view() : s.substr(sp1 + 1);
        std::size_t sp2 = rest.find(' ');
        e.response.httpVersion = spanText(std::string(version));
        e.response.status = plainNumber(std::atof(std::string(rest.substr(0, sp2)).c_str()));
        e.response.statusText = spanText(sp2 == std::string_view::npos ? std::string() : std::string(rest.substr(sp2 + 1)));
      }
      continue;
    }
    if (event == kRedirected) {
      if (const JsonValue* loc = params->find("location"); loc && loc->isString()) {
        e.response.redirectURL = spanText(loc->text);
        piece_.targets.push_back({Target::Kind::String, Target::Slot::Redirect, 0, seq, loc->begin, loc->end, {}});
      }
      continue;
    }
    if (event == kBytesRead || event == kFilteredBytesRead) {
      const JsonValue* bytes = params->find("bytes");
      if (!bytes || !bytes->isString()) continue;
      bool isRaw = event == kBytesRead;
      std::string& stream = isRaw ? raw : filtered;
      // Not base64: the text as logged stands in for the bytes, so that failing closed replaces it.
      if (!appendChunk(*params, seq, isRaw ? piece_.raw : piece_.filtered, stream)) {
        (isRaw ? rawBad : filteredBad) = true;
        stream += bytes->text;
      }
      continue;
    }
    if (hasStringLeaf(*params)) addExtension(e, piece_.targets, l.text, seq, *params, event);
  }
  // The request line and HTTP/2 :path repeat the URL's path and query: they follow its edits.
  std::string origin = originForm(e.request.url.value);
  for (std::size_t i = 0; i < mirrors.size(); ++i) {
    const JsonValue& m = *mirrors[i];
    std::size_t at = m.text.find(' ');
    std::size_t last = m.text.rfind(' ');
    std::string target = at != std::string::npos && last > at ? m.text.substr(at + 1, last - at - 1) : std::string();
    bool absolute = !target.empty() && target == e.request.url.value;  // absolute-form, to a proxy
    if (target == origin || absolute)
      piece_.targets.push_back({Target::Kind::RequestLine, Target::Slot::Url, 0, mirrorLines[i], m.begin, m.end, m.text,
                                at + 1, target.size(), absolute});
    else addExtension(e, piece_.targets, line(mirrorLines[i]).text, mirrorLines[i], m, "request_line");
  }
  for (std::size_t i = 0; i < e.request.headers.size(); ++i) {
    Field& h = e.request.headers[i];
    if (h.name.value != ":path" || h.value.value != origin) continue;
    // Rewritten from the URL; the header itself is not redacted again.
    for (auto& t : piece_.targets)
      if (t.slot == Target::Slot::RequestHeader && t.index == i) mirrorPath(t, line(t.line).text, origin);
  }
  // A request that never started a job (cancelled at once) has no URL: scanned, not converted.
  if (!e.request.url.present) e.auxiliary = true;
  if (!e.request.method.present) e.request.method = spanText("GET");
  if (!e.request.httpVersion.present) e.request.httpVersion = spanText(e.response.httpVersion.value);
  if (!e.response.present) {
    e.response.status = plainNumber(0);
    e.response.statusText = spanText("");
    e.response.httpVersion = spanText("");
  }
  e.response.headersSize = plainNumber(-1);
  e.request.headersSize = plainNumber(-1);
  e.request.bodySize = plainNumber(-1);
  e.response.bodySize = plainNumber(-1);
  // The body: decoded copy first; the raw copy decoded here when Chrome logged no decoded one.
  Body& body = e.response.body;
  piece_.codings = contentCodings(e.response.headers);
  std::string ce = findField(e.response.headers, "content-encoding") ? findField(e.response.headers, "content-encoding")->value.value : "";
  if (const Field* ct = findField(e.response.headers, "content-type")) body.mimeType = spanText(ct->value.value);
  else body.mimeType = spanText("");
  if (!piece_.filtered.empty() || !piece_.raw.empty()) {
    body.present = true;
    if (!piece_.filtered.empty()) {
      body.text = spanText(std::move(filtered));
      if (filteredBad) body.decodeError = "invalid base64 in a bytes event";
      if (!piece_.raw.empty() && !rawBad) {
        codec::DecodedBody d = codec::decodeBody(raw, "", ce, kMaxDecoded);
        piece_.rawDecodes = d.error.empty() && d.bytes == body.text.value;
      }
    } else if (rawBad) {
      body.text = spanText(std::move(raw));
      body.decodeError = "invalid base64 in a bytes event";
    } else {
      codec::DecodedBody d = codec::decodeBody(raw, "", ce, kMaxDecoded);
      if (d.error.empty()) {
        body.text = spanText(std::move(d.bytes));
        piece_.rawDecodes = true;
      } else {
        body.text = spanText(std::move(raw));
        body.decodeError = d.error;
      }
    }
    body.size = plainNumber(static_cast<double>(body.text.value.size()));
  } else {
    body.size = plainNumber(0);
  }
  e.time = plainNumber(static_cast<double>(std::max(0LL, lastTick - firstTick)));
  double wait = sendTick >= 0 && headersTick >= sendTick ? static_cast<double>(headersTick - sendTick) : 0;
  e.timings.send = plainNumber(0);
  e.timings.wait = plainNumber(wait);
  e.timings.receive = plainNumber(std::max(0.0, e.time.value - wait));
  if (!e.startedDateTime.present) e.startedDateTime = spanText(startedDateTime(std::max(0LL, firstTick)));
}

void NetLogReader::buildEvent(Group& g) {
  piece_.kind = PieceKind::Event;
  piece_.lines = g.lines;
  entry_.auxiliary = true;
  std::size_t seq = g.lines.front();
  Line& l = line(seq);
  const JsonValue& params = *l.json.find("params");
  std::string_view event = eventNames_.count(l.type) ? std::string_view(eventNames_.at(l.type)) : std::string_view();
  const JsonValue* headers = params.find("headers");
  const JsonValue* name = params.find("name");
  const JsonValue* value = params.find("value");
  bool modeled = false;
  if (headers && (headers->kind == JsonValue::Kind::Array || headers->kind == JsonValue::Kind::Object)) {
    bool sent = event.find("SEND") != std::string_view::npos || event.find("SENT") != std::string_view::npos;
    auto& fields = sent ? entry_.request.headers : entry_.response.headers;
    addHeaders(*headers, seq, sent ? Target::Slot::RequestHeader : Target::Slot::ResponseHeader, fields, piece_.targets, nullptr);
    // HTTP/2 and QUIC sessions: the request's path and query are in ":path"; scanned as a URL.
    const Field* path = findField(fields, ":path");
    const Field* authority = findField(fields, ":authority");
    if (sent && path) {
      entry_.request.url = spanText("https://" + (authority ? authority->value.value : std::string("host")) + path->value.value);
      std::string origin = originForm(entry_.request.url.value);
      for (auto& t : piece_.targets)
        if (t.slot == Target::Slot::RequestHeader && &fields[t.index] == path) mirrorPath(t, l.text, origin);
    }
    modeled = true;
  } else if (isCookieStoreEvent(event) && name && name->isString() && value && value->isString()) {
    Field f;
    f.name = spanText(name->text);
    f.value = spanText(value->text);
    piece_.targets.push_back({Target::Kind::String, Target::Slot::ResponseCookie, 0, seq, value->begin, value->end, {}});
    entry_.response.cookies.push_back(std::move(f));
    modeled = true;
  }
  // Everything else in the params is scanned as JSON (names and values) on its own.
  if (!modeled) addExtension(entry_, piece_.targets, l.text, seq, params, event);
}

void NetLogReader::buildMessage(Group& g, std::size_t message) {
  piece_.kind = PieceKind::Message;
  entry_.auxiliary = true;
  const StreamMessage& m = g.messages[message];
  std::string_view name = eventNames_.count(g.type) ? std::string_view(eventNames_.at(g.type)) : std::string_view();
  bool sent = name.size() >= 5 && name.substr(name.size() - 5) == "_SENT";
  bool https = name.rfind("SSL_", 0) == 0;
  piece_.bytes = g.bytes.substr(m.begin, m.end - m.begin);
  piece_.request = sent;
  piece_.lastOfStream = message + 1 == g.messages.size();
  piece_.lines = piece_.lastOfStream ? g.lines : std::vector<std::size_t>{};
  piece_.http = m.http;
  if (m.http) {
    Status s = sent ? saz::fillRequest(piece_.bytes, https, kMaxDecoded, entry_.request)
                    : saz::fillResponse(piece_.bytes, false, kMaxDecoded, entry_.response);
    if (s) return;
    entry_.request = Request{};
    entry_.response = Response{};
    piece_.http = false;
  }
  Body& body = sent ? entry_.request.body : entry_.response.body;
  body.present = true;
  body.text = spanText(piece_.bytes);
  body.decodeError = m.problem.empty() ? "not an HTTP/1.x message" : m.problem;
}

Expected<std::unique_ptr<TraceReader>> openReader(std::unique_ptr<ByteSource> source, const ReadOptions& options) {
  return std::unique_ptr<TraceReader>(new NetLogReader(std::move(source), options));
}

}  // namespace tracesan::netlog

namespace tracesan {
Expected<std::unique_ptr<TraceReader>> openNetLogReader(std::unique_ptr<ByteSource> source, const ReadOptions& options) {
  return netlog::openReader(std::move(source), options);
}
}  // namespace tracesan
