// The two SAZ writers: the patch writer (SAZ in, SAZ out: unchanged members copied without
// recompression, changed ones rebuilt) and the convert writer (any format in, a new SAZ out).
#include <algorithm>
#include <ctime>
#include <optional>

#include "saz/SazArchive.h"
#include "saz/SazBuild.h"
#include "saz/SazMetadata.h"
#include "saz/SazReader.h"
#include "saz/SazWebSocket.h"
#include "saz/ZipOutput.h"
#include "saz/SazFormat.h"
#include "support/PendingFiles.h"

namespace tracesan {
namespace saz {
namespace {

constexpr std::time_t kZipEpoch = 315532800;  // 1980-01-01T00:00:00Z

std::string backslashed(std::string name) {
  std::replace(name.begin(), name.end(), '/', '\\');
  return name;
}

std::uint64_t responseBodySize(std::string_view member) {
  std::size_t end = member.find("\r\n\r\n");
  if (end != std::string_view::npos) return member.size() - end - 4;
  end = member.find("\n\n");
  return end == std::string_view::npos ? 0 : member.size() - end - 2;
}

// Writes sessions read from a SAZ back into a SAZ: each entry names its archive and session (its
// SessionSource), so members are copied from that archive as stored unless the entry changed them.
class SazPatchWriter final : public TraceWriter {
public:
  SazPatchWriter(std::string name, std::string path, WriteOptions options, std::unique_ptr<ZipOutput> out)
      : name_(std::move(name)), path_(std::move(path)), options_(std::move(options)), out_(std::move(out)) {}

  // Members are written as they come: the archive's directories and [Content_Types].xml with the
  // first session, each session's members (in their source order) when the session is written,
  // the index last.
  Status start(std::shared_ptr<SazArchive> archive) {
    archive_ = std::move(archive);
    const auto& members = archive_->members();
    written_.assign(archive_->sessions().size(), false);
    for (std::size_t i = 0; i < members.size(); ++i) {
      const MemberInfo& info = members[i];
      if (info.kind == MemberKind::Index) indexSource_ = static_cast<std::int64_t>(i);
      // Members outside the SAZ layout are never read, so nothing checked them for secrets: they
      // are left out rather than passed through unseen.
      if (info.kind != MemberKind::Directory && info.kind != MemberKind::ContentTypes) continue;
      if (auto s = copyMember(i, std::nullopt); !s) return s;
    }
    return out_->setComment(archive_->comment());
  }

  // Copies a source member as stored; encrypted members cannot be copied raw without their
  // password, so they are written again from their decrypted bytes.
  Status copyMember(std::size_t index, std::optional<std::string_view> knownBytes) {
    SazArchive& archive = *archive_;
    const MemberInfo& info = archive.members()[index];
    if (info.encryption == ZIP_EM_NONE) return out_->copy(archive, index);
    std::string bytes;
    if (knownBytes) {
      bytes.assign(*knownBytes);
    } else {
      auto read = archive.readMember(index, "");
      if (!read) return read.error();
      bytes = std::move(read.value());
    }
    return out_->add(info.name, std::move(bytes), info.mtime);
  }

  Status write(const Piece& piece) override {
    if (piece.kind != Piece::Kind::Entry) return Status::ok();
    const Entry& entry = *piece.entry;
    const auto* from = sessionSource(entry);
    if (!from)
      return internalError(name_ + ": entry " + std::to_string(entry.number) + " was not read from a SAZ archive");
    if (!archive_) {
      if (auto s = start(from->archive); !s) return s;
    } else if (from->archive != archive_) {
      return internalError(name_ + ": entry " + std::to_string(entry.number) + " comes from another archive");
    }
    return writeSession(entry, from->session);
  }

  Status writeSession(const Entry& entry, std::size_t index) {
    SazArchive& archive = *archive_;
    const auto& sessions = archive.sessions();
    const auto& members = archive.members();
    if (index >= sessions.size() || sessions[index].number != entry.number || written_[index])
      return internalError(archive.displayName() + ": entry " + std::to_string(entry.number) +
                           " does not belong to this archive or was written twice");
    const SessionMembers& session = sessions[index];
    std::string context = archive.displayName() + ": session " + std::to_string(session.number);
    std::array<std::string_view, kPartCount> bytes = {entry.source.request, entry.source.response,
                                                      entry.source.metadata, entry.source.webSocket};
    std::uint64_t responseBytes = responseBodySize(entry.source.response);
    // The session's parts in the order of their members in the source archive.
    std::array<std::size_t, kPartCount> order{0, 1, 2, 3};
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return session.member[a] < session.member[b]; });
    bool changed = false;
    for (std::size_t p : order) {
      std::int64_t member = session.member[p];
      if (member == kNoMember) continue;
      const MemberInfo& info = members[static_cast<std::size_t>(member)];
      Expected<std::optional<std::string>> patched = std::optional<std::string>();
      switch (static_cast<Part>(p)) {
        case Part::Request: patched = patchRequestMember(entry, bytes[p]); break;
        case Part::Response: patched = patchResponseMember(entry, bytes[p]); break;
        case Part::Metadata: patched = patchMetadataMember(entry, bytes[p]); break;
        case Part::WebSocket: patched = patchWebSocketMember(entry, bytes[p]); break;
      }
      if (!patched) return patched.error().withContext(context + ": " + info.name);
      if (patched->has_value()) {
        changed = true;
        if (static_cast<Part>(p) == Part::Response) responseBytes = responseBodySize(**patched);
        // A rewritten member keeps its original date, so a run's output depends on its input only.
        if (auto s = out_->add(info.name, std::move(**patched), info.mtime); !s) return s;
      } else {
        if (auto s = copyMember(static_cast<std::size_t>(member), bytes[p]); !s) return s;
      }
    }
    written_[index] = true;
    anyChange_ = anyChange_ || changed;
    IndexRow row = indexRowFor(entry, session.number, responseBytes);
    for (std::size_t p = 0; p < kPartCount; ++p)
      row.memberLinks.push_back(session.member[p] == kNoMember
                                    ? std::string()
                                    : backslashed(members[static_cast<std::size_t>(session.member[p])].name));
    rows_.push_back(std::move(row));
    return Status::ok();
  }

  Status finish() override {
    if (!archive_) {  // no session came: a SAZ without sessions, written anew
      out_.reset();
      auto empty = createSazConvertWriter(name_, path_, options_);
      if (!empty) return empty.error();
      return empty.value()->finish();
    }
    SazArchive& archive = *archive_;
    bool dropped = std::find(written_.begin(), written_.end(), false) != written_.end();
    if (indexSource_ >= 0) {
      const MemberInfo& info = archive.members()[static_cast<std::size_t>(indexSource_)];
      // The index repeats every URL: once anything changed it is regenerated from the edited sessions.
      if (anyChange_ || dropped) {
        if (auto s = out_->add(info.name, buildIndexHtml(rows_), info.mtime); !s) return s;
      } else {
        if (auto s = copyMember(static_cast<std::size_t>(indexSource_), std::nullopt); !s) return s;
      }
    }
    return out_->commit();
  }

private:
  static const SessionSource* sessionSource(const Entry& entry) {
    const SourceDetail* d = entry.source.detail;
    return d && d->format() == TraceFormat::Saz ? static_cast<const SessionSource*>(d) : nullptr;
  }

  std::string name_, path_;
  WriteOptions options_;
  std::shared_ptr<SazArchive> archive_;  // the source, known from the first entry
  std::unique_ptr<ZipOutput> out_;
  std::vector<bool> written_;
  std::int64_t indexSource_ = -1;
  bool anyChange_ = false;
  std::vector<IndexRow> rows_;
};

class SazConvertWriter final : public TraceWriter {
public:
  SazConvertWriter(std::string name, std::unique_ptr<ZipOutput> out, std::unique_ptr<Spool> spool)
      : name_(std::move(name)), out_(std::move(out)), spool_(std::move(spool)) {}

  Status start() {
    return out_->setComment(defaultArchiveComment());
  }

  Status write(const Piece& piece) override {
    // Entries only; a NetLog's auxiliary entries (socket bytes, session headers) are not requests.
    if (piece.kind != Piece::Kind::Entry || piece.entry->auxiliary) return Status::ok();
    const Entry& entry = *piece.entry;
    std::size_t number = sessions_.size() + 1;
    std::string context = name_ + ": entry " + std::to_string(entry.number ? entry.number : number);
    Session session;
    session.mtime = dateOf(entry);
    auto request = buildRequestMember(entry);
    if (!request) return request.error().withContext(context);
    auto spooled = spool_->put(*request);
    if (!spooled) return spooled.error();
    session.parts[0] = *spooled;
    session.present[0] = true;
    std::uint64_t responseBytes = 0;
    if (hasResponse(entry)) {
      auto response = buildResponseMember(entry);
      if (!response) return response.error().withContext(context);
      responseBytes = responseBodySize(*response);
      auto s = spool_->put(*response);
      if (!s) return s.error();
      session.parts[1] = *s;
      session.present[1] = true;
    }
    auto meta = spool_->put(buildMetadataMember(entry, number));
    if (!meta) return meta.error();
    session.parts[2] = *meta;
    session.present[2] = true;
    if (!entry.webSocketMessages.empty()) {
      auto ws = writeWebSocketMember(entry.webSocketMessages);
      if (!ws) return ws.error().withContext(context);
      auto s = spool_->put(*ws);
      if (!s) return s.error();
      session.parts[3] = *s;
      session.present[3] = true;
    }
    Entry shown = entry;
    shown.response.present = hasResponse(entry);
    rows_.push_back(indexRowFor(shown, number, responseBytes));
    sessions_.push_back(session);
    return Status::ok();
  }

  Status finish() override {
    std::time_t first = sessions_.empty() ? kZipEpoch : sessions_.front().mtime;
    if (auto s = out_->addDirectory("raw/", first); !s) return s;
    std::size_t width = paddingWidth(sessions_.size());
    // Fiddler's own order: c, m, s, then w.
    static constexpr Part kOrder[] = {Part::Request, Part::Metadata, Part::Response, Part::WebSocket};
    for (std::size_t i = 0; i < sessions_.size(); ++i) {
      for (Part p : kOrder) {
        std::size_t k = static_cast<std::size_t>(p);
        std::string name = sessionMemberName(i + 1, p, width);
        rows_[i].memberLinks.push_back(sessions_[i].present[k] ? backslashed(name) : std::string());
        if (!sessions_[i].present[k]) continue;
        auto bytes = spool_->get(sessions_[i].parts[k]);
        if (!bytes) return bytes.error();
        if (auto s = out_->add(name, std::move(bytes.value()), sessions_[i].mtime); !s) return s;
      }
    }
    if (auto s = out_->add("_index.htm", buildIndexHtml(rows_), first); !s) return s;
    if (auto s = out_->add("[Content_Types].xml", std::string(contentTypesXml()), first); !s) return s;
    return out_->commit();
  }

private:
  struct Session {
    std::array<Spool::Range, kPartCount> parts{};
    std::array<bool, kPartCount> present{};
    std::time_t mtime = 0;
  };

  // Members are dated with their entry's start, so a conversion depends on its input only: the
  // previous entry's date when an entry has none, 1980-01-01 (the zip epoch) before any.
  std::time_t dateOf(const Entry& entry) {
    if (entry.startedDateTime.present)
      if (auto t = parseDateTime(entry.startedDateTime.value); t && t->set)
        lastDate_ = static_cast<std::time_t>(t->micros / 1000000);
    return lastDate_;
  }
  std::time_t lastDate_ = kZipEpoch;
  std::string name_;
  std::unique_ptr<ZipOutput> out_;
  std::unique_ptr<Spool> spool_;  // member bytes until the session count fixes their names
  std::vector<Session> sessions_;
  std::vector<IndexRow> rows_;
};

}  // namespace
}  // namespace saz

Expected<std::unique_ptr<TraceWriter>> createSazPatchWriter(const std::string& name, const std::string& path,
                                                            const WriteOptions& options) {
  auto out = saz::ZipOutput::create(path, options.sazPassword, name);
  if (!out) return out.error();
  return std::unique_ptr<TraceWriter>(std::make_unique<saz::SazPatchWriter>(name, path, options, std::move(out.value())));
}

Expected<std::unique_ptr<TraceWriter>> createSazConvertWriter(const std::string& name, const std::string& path,
                                                              const WriteOptions& options) {
  auto out = saz::ZipOutput::create(path, options.sazPassword, name);
  if (!out) return out.error();
  auto spool = saz::Spool::create(path == "-" ? temporaryDirectory() + "/-" : path);
  if (!spool) return spool.error();
  auto writer = std::make_unique<saz::SazConvertWriter>(name, std::move(out.value()), std::move(spool.value()));
  if (auto s = writer->start(); !s) return s.error();
  return std::unique_ptr<TraceWriter>(std::move(writer));
}

}  // namespace tracesan
