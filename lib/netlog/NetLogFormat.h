// The NetLog reader and patching writer, as the format registry (lib/formats) opens them.
#pragma once

#include <memory>
#include <string>

#include "support/PrefixSource.h"
#include "tracesan/Io.h"
#include "tracesan/Trace.h"

namespace tracesan {

Expected<std::unique_ptr<TraceReader>> openNetLogReader(std::unique_ptr<ByteSource> source, const ReadOptions& options);
// Writes the pieces of a NetLog (from openNetLogReader) with each entry's changed values patched
// into its event lines.
std::unique_ptr<TraceWriter> createNetLogPatchWriter(std::unique_ptr<OutputFile> out);

}  // namespace tracesan
