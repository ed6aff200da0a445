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
#include "tracesan/NetLog.h"
#include "text/Edits.h"
#include "text/TextCodec.h"

namespace tracesan::netlog {
namespace {

using LinePatches = std::map<std::size_t, std::vector<text::Edit>>;

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
void resplit(std::string_view bytes, const std::vector<Chunk>& chunks, const PieceInfo& piece, LinePatches& patches) {
  std::size_t at = 0;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const Chunk& c = chunks[i];
    std::size_t take = i + 1 == chunks.size() ? bytes.size() - std::min(at, bytes.size())
                                              : std::min(c.size, bytes.size() - std::min(at, bytes.size()));
    std::string_view part = bytes.substr(std::min(at, bytes.size()), take);
    at += take;
    const SourceLine* line = piece.line(c.line);
    if (!line) continue;  // cannot happen: a stream's last message carries all its lines
    std::string_view lineText = line->text;
    auto old = codec::base64Decode(lineText.substr(c.bytesBegin + 1, c.bytesEnd - c.bytesBegin - 2));
    if (old && *old == part) continue;
    patches[c.line].push_back({c.bytesBegin, c.bytesEnd, quoted(codec::base64Encode(part))});
    if (c.countEnd > 0) patches[c.line].push_back({c.countBegin, c.countEnd, std::to_string(part.size())});
  }
}

Expected<std::string> applyPatches(std::string_view line, std::vector<text::Edit> patches) {
  return text::applyEdits(line, std::move(patches), text::Overlap::Reject);
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
  explicit NetLogPatchWriter(std::unique_ptr<OutputFile> out) : out_(std::move(out)) {}

  // An entry's edited lines are kept by offset until their Source pieces come (always after the
  // entry); every other piece is written as it is.
  Status write(const Piece& p) override {
    switch (p.kind) {
      case Piece::Kind::Entry: return writeEntry(*p.entry);
      case Piece::Kind::Source: {
        auto it = patched_.find(p.offset);
        if (it == patched_.end()) return out_->write(p.bytes);
        Status s = out_->write(it->second);
        patched_.erase(it);
        return s;
      }
      case Piece::Kind::Outside: return out_->write(p.bytes);
      case Piece::Kind::End: break;
    }
    return Status::ok();
  }

  Status finish() override {
    if (!patched_.empty())
      return internalError("byte offset " + std::to_string(patched_.begin()->first) + ": an edited event line never came");
    return out_->commit();
  }

private:
  Status writeEntry(const Entry& entry) {
    const SourceDetail* detail = entry.source.detail;
    if (!detail || detail->format() != TraceFormat::NetLog)
      return internalError("entry " + std::to_string(entry.number) + ": not read from a NetLog: nothing to patch");
    const auto& piece = static_cast<const PieceInfo&>(*detail);
    LinePatches patches;
    if (piece.kind == PieceKind::Message) {
      if (auto s = addMessage(entry, piece, patches); !s) return s;
      if (!piece.lastOfStream) return Status::ok();
    } else {
      collectTargets(entry, piece, patches);
      const Body& body = entry.response.body;
      if (piece.kind == PieceKind::Hop && body.text.changed) {
        if (!piece.filtered.empty()) resplit(body.text.value, piece.filtered, piece, patches);
        if (!piece.raw.empty()) {
          bool raw = piece.filtered.empty() ? body.decodeError.empty() : true;
          resplit(raw ? reencoded(body, piece) : body.text.value, piece.raw, piece, patches);
        }
      }
    }
    for (auto& [seq, edits] : patches) {
      const SourceLine* line = piece.line(seq);
      if (!line)
        return internalError("entry " + std::to_string(entry.number) + ": an edit outside the entry's event lines");
      auto patched = applyPatches(line->text, std::move(edits));
      if (!patched)
        return Error(patched.error().kind(), "entry " + std::to_string(entry.number) + ": " + patched.error().message());
      patched_[line->offset] = std::move(*patched);
    }
    return Status::ok();
  }

  // A message of a socket stream: its new bytes join the stream; the last one edits the stream.
  Status addMessage(const Entry& entry, const PieceInfo& piece, LinePatches& patches) {
    if (piece.http) {
      auto patched = piece.request ? saz::patchRequestMember(entry, piece.bytes) : saz::patchResponseMember(entry, piece.bytes);
      if (!patched)
        return Error(patched.error().kind(), "entry " + std::to_string(entry.number) + ": socket bytes: " + patched.error().message());
      streamChanged_ |= patched->has_value();
      stream_ += patched->has_value() ? **patched : piece.bytes;
    } else {
      const Body& body = piece.request ? entry.request.body : entry.response.body;
      streamChanged_ |= body.text.changed;
      stream_ += body.text.value;
    }
    if (!piece.lastOfStream) return Status::ok();
    if (streamChanged_) resplit(stream_, piece.chunks, piece, patches);
    stream_.clear();
    streamChanged_ = false;
    return Status::ok();
  }

  std::unique_ptr<OutputFile> out_;
  std::map<std::uint64_t, std::string> patched_;  // input offset of an event line -> its new text
  std::string stream_;
  bool streamChanged_ = false;
};

}  // namespace
}  // namespace tracesan::netlog

namespace tracesan {

std::unique_ptr<TraceWriter> createNetLogPatchWriter(std::unique_ptr<OutputFile> out) {
  return std::make_unique<netlog::NetLogPatchWriter>(std::move(out));
}

}  // namespace tracesan
