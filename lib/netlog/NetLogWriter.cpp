// The patching NetLog writer: every event line passes through as read, except the tokens of
// values that changed. Byte streams (a response body, raw and decoded; a socket's bytes) are
// redacted whole and cut again at the original event boundaries, so a secret split across two
// events changes in both, and each event's byte_count follows its new bytes.
#include <algorithm>
#include <map>

#include "codec/Base64.h"
#include "codec/BodyCodec.h"
#include "netlog/NetLogReader.h"
#include "saz/SazBuild.h"
#include "netlog/NetLogFormat.h"
#include "text/TextCodec.h"

namespace tracesan::netlog {
namespace {

struct Patch {
  std::size_t begin, end;
  std::string replacement;
};

using LinePatches = std::map<std::size_t, std::vector<Patch>>;

std::string quoted(std::string_view value) {
  std::string out = "\"";
  out += text::jsonEscape(value);
  out += '"';
  return out;
}

const Text* slotText(const Entry& e, const Target& t) {
  switch (t.slot) {
    case Target::Slot::Url: return &e.request.url;
    case Target::Slot::Method: return &e.request.method;
    case Target::Slot::RequestHeader: return &e.request.headers.at(t.index).value;
    case Target::Slot::ResponseHeader: return &e.response.headers.at(t.index).value;
    case Target::Slot::ResponseCookie: return &e.response.cookies.at(t.index).value;
    case Target::Slot::Redirect: return &e.response.redirectURL;
    case Target::Slot::Extension: return &e.extensions.at(t.index).json;
  }
  return nullptr;
}

const Field* slotField(const Entry& e, const Target& t) {
  if (t.slot == Target::Slot::RequestHeader) return &e.request.headers.at(t.index);
  if (t.slot == Target::Slot::ResponseHeader) return &e.response.headers.at(t.index);
  return nullptr;
}

void collectTargets(const Entry& e, const PieceInfo& piece, LinePatches& patches) {
  for (const Target& t : piece.targets) {
    const Text* text = slotText(e, t);
    switch (t.kind) {
      case Target::Kind::String:
        if (text->changed) patches[t.line].push_back({t.begin, t.end, quoted(text->value)});
        break;
      case Target::Kind::Raw:
        if (text->changed) patches[t.line].push_back({t.begin, t.end, text->value});
        break;
      case Target::Kind::HeaderLine: {
        const Field* f = slotField(e, t);
        if (f->name.changed || f->value.changed)
          patches[t.line].push_back({t.begin, t.end, quoted(f->name.value + ": " + f->value.value)});
        break;
      }
      case Target::Kind::RequestLine:
        if (text->changed) {
          std::string mirrored = t.original.substr(0, t.mirrorAt) + (t.absolute ? text->value : originForm(text->value)) +
                                 t.original.substr(t.mirrorAt + t.mirrorLen);
          patches[t.line].push_back({t.begin, t.end, quoted(mirrored)});
        }
        break;
    }
  }
}

// Cuts `bytes` at the chunks' original sizes (the last chunk takes the rest) and patches every
// chunk whose bytes differ from what its event holds.
void resplit(std::string_view bytes, const std::vector<Chunk>& chunks, NetLogReader& reader, LinePatches& patches) {
  std::size_t at = 0;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const Chunk& c = chunks[i];
    std::size_t take = i + 1 == chunks.size() ? bytes.size() - std::min(at, bytes.size())
                                              : std::min(c.size, bytes.size() - std::min(at, bytes.size()));
    std::string_view part = bytes.substr(std::min(at, bytes.size()), take);
    at += take;
    std::string_view lineText = reader.lineText(c.line);
    auto old = codec::base64Decode(lineText.substr(c.bytesBegin + 1, c.bytesEnd - c.bytesBegin - 2));
    if (old && *old == part) continue;
    patches[c.line].push_back({c.bytesBegin, c.bytesEnd, quoted(codec::base64Encode(part))});
    if (c.countEnd > 0) patches[c.line].push_back({c.countBegin, c.countEnd, std::to_string(part.size())});
  }
}

Expected<std::string> applyPatches(std::string_view line, std::vector<Patch> patches) {
  std::sort(patches.begin(), patches.end(), [](const Patch& a, const Patch& b) { return a.begin < b.begin; });
  std::string out;
  out.reserve(line.size() + 64);
  std::size_t at = 0;
  for (const Patch& p : patches) {
    if (p.begin < at || p.end > line.size()) return internalError("overlapping edits in a NetLog event");
    out.append(line.substr(at, p.begin - at));
    out += p.replacement;
    at = p.end;
  }
  out.append(line.substr(at));
  return out;
}

// The raw (still encoded) copy of an edited body: encoded again the way it was, or, when that is
// not possible, the edited decoded bytes (fail closed: never the original).
std::string reencoded(const Body& body, const PieceInfo& piece) {
  if (piece.codings.empty()) return body.text.value;
  auto encoded = codec::encodeBody(body.text.value, piece.codings);
  return encoded ? *encoded : body.text.value;
}

class NetLogPatchWriter final : public TraceWriter {
public:
  NetLogPatchWriter(NetLogReader& reader, std::unique_ptr<OutputFile> out) : reader_(reader), out_(std::move(out)) {
    reader_.setSink([this](std::string_view bytes) { return out_->write(bytes); });
  }

  Status write(const Entry& entry) override {
    const PieceInfo& piece = reader_.piece();
    LinePatches patches;
    if (piece.kind == PieceKind::Message) {
      if (auto s = addMessage(entry, piece, patches); !s) return s;
      if (!piece.lastOfStream) return Status::ok();
    } else {
      collectTargets(entry, piece, patches);
      const Body& body = entry.response.body;
      if (piece.kind == PieceKind::Hop && body.text.changed) {
        if (!piece.filtered.empty()) resplit(body.text.value, piece.filtered, reader_, patches);
        if (!piece.raw.empty()) {
          bool raw = piece.filtered.empty() ? body.decodeError.empty() : true;
          resplit(raw ? reencoded(body, piece) : body.text.value, piece.raw, reader_, patches);
        }
      }
    }
    for (std::size_t seq : piece.lines) {
      auto it = patches.find(seq);
      if (it == patches.end()) {
        if (auto s = reader_.settle(seq, std::nullopt); !s) return s;
        continue;
      }
      auto patched = applyPatches(reader_.lineText(seq), std::move(it->second));
      if (!patched) return Error(patched.error().kind(), reader_.name() + ": entry " + std::to_string(entry.number) +
                                                             ": " + patched.error().message());
      if (auto s = reader_.settle(seq, std::move(*patched)); !s) return s;
    }
    return reader_.flush();
  }

  Status finish() override {
    if (auto s = reader_.flush(); !s) return s;
    return out_->commit();
  }

private:
  // A message of a socket stream: its new bytes join the stream; the last one writes the stream.
  Status addMessage(const Entry& entry, const PieceInfo& piece, LinePatches& patches) {
    if (piece.http) {
      auto patched = piece.request ? saz::patchRequestMember(entry, piece.bytes) : saz::patchResponseMember(entry, piece.bytes);
      if (!patched) return Error(patched.error().kind(), reader_.name() + ": entry " + std::to_string(entry.number) +
                                                             ": socket bytes: " + patched.error().message());
      streamChanged_ |= patched->has_value();
      stream_ += patched->has_value() ? **patched : piece.bytes;
    } else {
      const Body& body = piece.request ? entry.request.body : entry.response.body;
      streamChanged_ |= body.text.changed;
      stream_ += body.text.value;
    }
    if (!piece.lastOfStream) return Status::ok();
    if (streamChanged_) resplit(stream_, reader_.streamChunks(piece.stream), reader_, patches);
    stream_.clear();
    streamChanged_ = false;
    return Status::ok();
  }

  NetLogReader& reader_;
  std::unique_ptr<OutputFile> out_;
  std::string stream_;
  bool streamChanged_ = false;
};

// Conversions (to HAR or SAZ) take the requests only: the auxiliary pieces are not requests.
class RequestsOnlyWriter final : public TraceWriter {
public:
  explicit RequestsOnlyWriter(std::unique_ptr<TraceWriter> inner) : inner_(std::move(inner)) {}
  Status write(const Entry& entry) override { return entry.auxiliary ? Status::ok() : inner_->write(entry); }
  Status finish() override { return inner_->finish(); }
  bool readsSource() const override { return inner_->readsSource(); }

private:
  std::unique_ptr<TraceWriter> inner_;
};

}  // namespace
}  // namespace tracesan::netlog

namespace tracesan {

Expected<std::unique_ptr<TraceWriter>> createNetLogPatchWriter(TraceReader& reader, std::unique_ptr<OutputFile> out) {
  netlog::NetLogReader* r = netlog::asNetLogReader(reader);
  if (!r) return invalidInput(reader.name() + ": only a NetLog can be written as a NetLog (use .har or .saz)");
  if (r->started()) return internalError(reader.name() + ": the writer must be created before reading entries");
  return std::unique_ptr<TraceWriter>(new netlog::NetLogPatchWriter(*r, std::move(out)));
}

std::unique_ptr<TraceWriter> requestsOnly(std::unique_ptr<TraceWriter> writer) {
  return std::make_unique<netlog::RequestsOnlyWriter>(std::move(writer));
}

}  // namespace tracesan
