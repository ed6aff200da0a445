// Chrome/Edge NetLog (net-export JSON) specifics: the reader and patching writer as formats/
// opens them. Entries are URL request hops (Entry::number is the request's source id), and, marked
// Entry::auxiliary, socket messages and other events with string values; event lines come as
// Source pieces after the entries they belong to.
//
//   auto reader = tracesan::openNetLogReader(std::move(source), {});
//   auto writer = tracesan::createNetLogPatchWriter(std::move(outputFile));
#pragma once

#include <memory>

#include "tracesan/Io.h"
#include "tracesan/Trace.h"

namespace tracesan {

Expected<std::unique_ptr<TraceReader>> openNetLogReader(std::unique_ptr<ByteSource> source, const ReadOptions& options);
// Writes the pieces of a NetLog (from openNetLogReader) with each entry's changed values patched
// into its event lines.
std::unique_ptr<TraceWriter> createNetLogPatchWriter(std::unique_ptr<OutputFile> out);

}  // namespace tracesan
