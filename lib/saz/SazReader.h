// The streaming SAZ reader: one session at a time, parsed into an Entry whose spans point into
// that session's members (kept in memory only until the next session is read).
//
//   auto reader = openSazReader("trace.saz", "trace.saz", options, nullptr);
//   while (Entry* e = reader.value()->next().value()) std::cout << e->number << " " << e->request.url.value << "\n";
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>

#include "saz/SazArchive.h"
#include "saz/SessionPrefetch.h"
#include "support/PrefixSource.h"
#include "tracesan/Trace.h"

namespace tracesan::saz {

// Offset used in a SourceSpan when a value has no single place in the member (an obs-folded
// header line): writers must not patch it in place.
inline constexpr std::uint64_t kNoOffset = UINT64_MAX;

// What the SAZ patch writer needs of a session besides its bytes: the archive it came from (to
// copy unchanged members as stored, and the archive's other members) and which session it is.
struct SessionSource final : SourceDetail {
  std::shared_ptr<SazArchive> archive;
  std::size_t session = 0;  // index into archive->sessions()
  TraceFormat format() const override { return TraceFormat::Saz; }
  std::unique_ptr<SourceDetail> clone() const override { return std::make_unique<SessionSource>(*this); }
};

class SazReader final : public TraceReader {
public:
  SazReader(std::unique_ptr<SazArchive> archive, std::shared_ptr<TemporaryFile> spool, ReadOptions options)
      : archive_(std::move(archive)), spool_(std::move(spool)), options_(std::move(options)) {
    detail_.archive = archive_;
  }
  ~SazReader() override;

  TraceFormat format() const override { return TraceFormat::Saz; }
  const std::string& name() const override { return archive_->displayName(); }
  // One Entry piece per session: a SAZ has no bytes outside its sessions that a writer copies.
  Expected<Piece> read() override;

private:
  Status loadSession(const SessionMembers& session);

  std::shared_ptr<SazArchive> archive_;
  std::unique_ptr<SessionPrefetch> prefetch_;  // started by the first read(); stops before archive_ goes
  std::shared_ptr<TemporaryFile> spool_;
  ReadOptions options_;
  std::size_t position_ = 0;
  std::optional<Error> failed_;  // a read error is final: read() repeats it
  std::array<std::string, kPartCount> bytes_;
  SessionSource detail_;
  Entry entry_;
};

// Parsing helpers shared by the reader and the writers; errors carry no location.
Status fillRequest(std::string_view bytes, bool https, std::uint64_t maxDecoded, Request& request);
Status fillResponse(std::string_view bytes, bool isConnect, std::uint64_t maxDecoded, Response& response);

}  // namespace tracesan::saz
