// The jobs of Pipeline.h, each a PieceRunner: what depends on one entry alone is `work`, what
// depends on order (learned secrets, the text outside entries, findings' context) is `inOrder`.
#include "tracesan/Pipeline.h"

#include "detect/aad/TraceSearch.h"
#include "pipeline/PieceRunner.h"

namespace tracesan {
namespace {

using pipeline::PieceRunner;

// The text outside entries is JSON (HAR, NetLog); text without a string holds nothing to redact.
bool mayHoldData(const Piece& piece) {
  return piece.kind == Piece::Kind::Outside && piece.bytes.find('"') != std::string_view::npos;
}

// A writer's error about an entry ("entry 5: …") names the trace, as the reader's own errors do;
// errors about the output name the output already.
Error named(const TraceReader& reader, const Error& error) {
  if (error.message().rfind("entry ", 0) != 0) return error;
  return error.withContext(reader.name());
}

// Reads every piece into `runner`, calling onEntry for each entry.
template <class Runner>
Expected<std::size_t> run(TraceReader& reader, Runner& runner, const JobOptions& options) {
  std::size_t entries = 0;
  for (;;) {
    auto piece = reader.read();
    if (!piece) {
      (void)runner.finish();  // what came before the error is delivered first
      return piece.error();
    }
    if (piece->kind == Piece::Kind::End) break;
    if (piece->kind == Piece::Kind::Entry) {
      ++entries;
      if (options.onEntry) options.onEntry(*piece->entry);
    }
    if (auto s = runner.add(*piece); !s) return named(reader, s.error());
  }
  if (auto s = runner.finish(); !s) return named(reader, s.error());
  return entries;
}

// Sanitizing, with or without a writer.
struct Redacted {
  RedactionResult result;
  std::unique_ptr<RedactionSession> learned;  // what the entry's first pass learned
  std::string edited;                          // the edited text outside entries
};

Expected<SanitizeStats> redactAll(TraceReader& reader, TraceWriter* writer, const Redactor& redactor,
                                  RedactionSession& session, const JobOptions& jobs,
                                  const std::function<void(const RedactionResult&)>& onResult) {
  SanitizeStats stats;
  auto account = [&](const RedactionResult& result) {
    stats.redactions += result.records.size();
    stats.failClosed += result.failClosed.size();
    if (onResult) onResult(result);
  };
  // An entry's first pass depends on nothing learned before it: on the workers. Alone, the
  // caller's thread does both passes at once (the same result, without a session per entry).
  const bool parallel = jobs.workers > 0;
  auto work = [&redactor, parallel](Piece& piece, Redacted& out) {
    if (!parallel) return;
    out.learned = std::make_unique<RedactionSession>();
    out.result = redactor.redactFirstPass(*piece.entry, *out.learned);
  };
  // In order: what was learned joins the session, then every secret learned so far is replaced.
  auto inOrder = [&](Piece& piece, Redacted& out) -> Status {
    if (piece.kind == Piece::Kind::Entry) {
      if (parallel) {
        session.absorb(*out.learned);
        out.learned.reset();
        redactor.redactKnownPass(*piece.entry, session, out.result);
      } else {
        out.result = redactor.redact(*piece.entry, session);
      }
      account(out.result);
    } else if (mayHoldData(piece)) {
      out.edited.assign(piece.bytes);
      account(redactor.redactJsonText(out.edited, session, "log"));
      piece.bytes = out.edited;
    }
    return Status::ok();
  };
  PieceRunner<Redacted>::Step write;
  if (writer) write = [writer](Piece& piece, Redacted&) { return writer->write(piece); };
  PieceRunner<Redacted> runner(jobs.workers, writer != nullptr, work, inOrder, write);
  auto entries = run(reader, runner, jobs);
  if (!entries) return entries.error();
  stats.entries = *entries;
  if (writer)
    if (auto s = writer->finish(); !s) return s.error();
  return stats;
}

}  // namespace

Expected<SanitizeStats> sanitize(TraceReader& reader, TraceWriter& writer, const Redactor& redactor,
                                 RedactionSession& session, const SanitizeOptions& options) {
  return redactAll(reader, &writer, redactor, session, options, options.onResult);
}

Expected<SanitizeStats> learn(TraceReader& reader, const Redactor& redactor, RedactionSession& session,
                              const JobOptions& options) {
  return redactAll(reader, nullptr, redactor, session, options, {});
}

Expected<std::size_t> convert(TraceReader& reader, TraceWriter& writer, const JobOptions& options) {
  struct Nothing {};
  // Nothing depends on one entry alone: no workers, each piece written as it is read.
  PieceRunner<Nothing> runner(
      0, true, [](Piece&, Nothing&) {}, [](Piece&, Nothing&) { return Status::ok(); },
      [&writer](Piece& piece, Nothing&) { return writer.write(piece); });
  auto entries = run(reader, runner, options);
  if (!entries) return entries.error();
  if (auto s = writer.finish(); !s) return s.error();
  return entries;
}

Expected<CheckStats> check(TraceReader& reader, const Redactor& redactor, const CheckOptions& options) {
  CheckStats stats;
  // Each check is independent: --check keeps no memory across entries.
  auto work = [&redactor](Piece& piece, std::vector<Leak>& leaks) { leaks = redactor.checkEntryInPlace(*piece.entry); };
  auto inOrder = [&](Piece& piece, std::vector<Leak>& leaks) -> Status {
    if (mayHoldData(piece)) leaks = redactor.checkJsonText(piece.bytes, "log");
    if (leaks.empty()) return Status::ok();
    stats.leaks += leaks.size();
    if (options.onLeaks) options.onLeaks(leaks);
    return Status::ok();
  };
  PieceRunner<std::vector<Leak>> runner(options.workers, false, work, inOrder);
  auto entries = run(reader, runner, options);
  if (!entries) return entries.error();
  stats.entries = *entries;
  return stats;
}

Expected<std::vector<Finding>> findErrors(TraceReader& reader, const FindOptions& options, const JobOptions& jobs) {
  FindOptions opts = options;
  if (opts.file.empty()) opts.file = reader.name();
  opts.progress = nullptr;  // jobs.onEntry is the progress here
  aad::TraceSearch search(std::move(opts));
  auto work = [&search](Piece& piece, std::vector<Finding>& found) {
    if (aad::TraceSearch::searched(*piece.entry)) found = findAadErrors(*piece.entry, search.options());
  };
  auto inOrder = [&](Piece& piece, std::vector<Finding>& found) -> Status {
    if (piece.kind == Piece::Kind::Entry) search.add(*piece.entry, std::move(found));
    return Status::ok();
  };
  PieceRunner<std::vector<Finding>> runner(jobs.workers, false, work, inOrder);
  JobOptions reading = jobs;
  if (options.progress) {  // FindOptions::progress, as findAadErrors calls it
    reading.onEntry = [&](const Entry& e) {
      if (jobs.onEntry) jobs.onEntry(e);
      options.progress(e);
    };
  }
  auto entries = run(reader, runner, reading);
  if (!entries) return entries.error();
  return search.take();
}

Expected<std::unique_ptr<TraceReader>> openForSearch(const std::string& path, const ReadOptions& read,
                                                     const FindOptions& options) {
  ReadOptions filtered = read;
  filtered.entryFilter = aad::traceSearchFilter(options);
  return openTrace(path, filtered);
}

}  // namespace tracesan
