// Sanitizes a trace with the first redaction pass of its entries (the decisions: most of the
// work) on worker threads, while the reading thread reads the next entries and, in entry order,
// finishes each one (secrets learned so far replaced verbatim), and a writing thread writes them.
// It runs a HAR into a HAR (patched), and any trace into a converted format (SAZ to HAR, HAR to
// SAZ); not SAZ into SAZ, whose writer reads the archive the reader is on. The output is byte for
// byte what the serial loop gives:
//
//   for each entry: redactor.redact(entry, session); writer.write(entry);
//
// because the first pass of an entry depends on nothing learned before it, and everything that
// does (the verbatim pass, the text outside entries, the writing) runs in order.
//
//   tracesan::ParallelSanitize pipeline(*reader, *writer, redactor, session, 2, outside, onResult);
//   while (Entry* e = reader->next().value()) pipeline.add(std::move(*e));
//   pipeline.finish(); writer->finish();
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "tracesan/Redactor.h"
#include "tracesan/Trace.h"

namespace tracesan {

class ParallelSanitize {
public:
  // Whether the pipeline can run this pair: `writer` created for `reader`, nothing read yet.
  static bool supports(TraceReader& reader, const TraceWriter& writer);

  using OutsideEditor = std::function<void(std::string& json)>;
  using ResultSink = std::function<void(const RedactionResult&)>;
  // Takes over the reader's outside editor and passthrough: `outside` is what the caller would
  // have set with setOutsideEditor (it runs in order here, on the caller's thread). `sink` gets
  // each entry's result in order, on the caller's thread. `workers` >= 1.
  ParallelSanitize(TraceReader& reader, TraceWriter& writer, const Redactor& redactor, RedactionSession& session,
                   std::size_t workers, OutsideEditor outside, ResultSink sink);
  ~ParallelSanitize();
  ParallelSanitize(const ParallelSanitize&) = delete;
  ParallelSanitize& operator=(const ParallelSanitize&) = delete;

  // Takes the entry just read (its source is copied). May finish and write earlier entries.
  Status add(Entry&& entry);
  // Finishes and writes everything added (and the text read after it).
  Status finish();

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tracesan
