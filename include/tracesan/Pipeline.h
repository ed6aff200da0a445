// The jobs a tool runs on a trace, one call each, over the reader's pieces (Trace.h): sanitize,
// learn, check, convert and find errors. Each takes a worker count and gives the same result,
// byte for byte and in the same order, for any count: what depends only on one entry (most of the
// work) runs on the workers, everything that depends on order runs in order on the caller's thread.
//
//   auto reader = tracesan::openTrace("in.har");
//   auto writer = tracesan::createWriter(*reader.value(), "out.har", tracesan::TraceFormat::Unknown);
//   tracesan::RedactionSession session;
//   tracesan::SanitizeOptions options;
//   options.workers = 2;
//   auto stats = tracesan::sanitize(*reader.value(), *writer.value(), redactor, session, options);
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "tracesan/AadErrors.h"
#include "tracesan/Redactor.h"
#include "tracesan/Trace.h"

namespace tracesan {

struct JobOptions {
  std::size_t workers = 0;  // threads besides the caller's; 0: everything on the caller's thread
  // Called on the caller's thread as each entry is read (e.g. progress: Entry::offset).
  std::function<void(const Entry& entry)> onEntry;
};

struct SanitizeOptions : JobOptions {
  // Each entry's result, and that of each text outside entries, in trace order, on the caller's thread.
  std::function<void(const RedactionResult& result)> onResult;
};

struct SanitizeStats {
  std::size_t entries = 0;
  std::size_t redactions = 0;
  std::size_t failClosed = 0;  // bodies replaced whole: they could not be decoded
};

// Redacts every piece of `reader` (entries, and the text outside them) with `redactor`, learning
// secrets into `session` (which may hold secrets learned before), writes the pieces to `writer`
// and finishes it. On an error nothing is finished: the writer's output never appears.
Expected<SanitizeStats> sanitize(TraceReader& reader, TraceWriter& writer, const Redactor& redactor,
                                 RedactionSession& session, const SanitizeOptions& options = {});

// The first pass of two-pass learning: sanitize without writing, so that `session` holds every
// secret of the trace before the pass that writes.
Expected<SanitizeStats> learn(TraceReader& reader, const Redactor& redactor, RedactionSession& session,
                              const JobOptions& options = {});

// Copies every piece of `reader` into `writer` unchanged (a converting writer converts) and
// finishes it; returns the number of entries.
Expected<std::size_t> convert(TraceReader& reader, TraceWriter& writer, const JobOptions& options = {});

struct CheckOptions : JobOptions {
  // The leaks of each entry and of each text outside entries, in trace order, on the caller's thread.
  std::function<void(const std::vector<Leak>& leaks)> onLeaks;
};

struct CheckStats {
  std::size_t entries = 0;
  std::size_t leaks = 0;
};

// What --check reports: every value the redactor would change, and every body it cannot read.
Expected<CheckStats> check(TraceReader& reader, const Redactor& redactor, const CheckOptions& options = {});

// The whole-trace AADSTS search (findAadErrors) with per-entry work on `jobs.workers` threads.
Expected<std::vector<Finding>> findErrors(TraceReader& reader, const FindOptions& options, const JobOptions& jobs = {});
// Opens `path` (as openTrace) for findErrors: entries that cannot hold a finding are read only in part.
Expected<std::unique_ptr<TraceReader>> openForSearch(const std::string& path, const ReadOptions& read,
                                                     const FindOptions& options);

}  // namespace tracesan
