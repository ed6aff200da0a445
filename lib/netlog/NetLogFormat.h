// The NetLog reader and patching writer, as the format registry (lib/formats) opens them.
#pragma once

#include <memory>
#include <string>

#include "support/PrefixSource.h"
#include "tracesan/Io.h"
#include "tracesan/Trace.h"

namespace tracesan {

Expected<std::unique_ptr<TraceReader>> openNetLogReader(std::unique_ptr<ByteSource> source, const ReadOptions& options);
// Patches the bytes of a NetLog read by `reader`; refuses readers of other formats.
Expected<std::unique_ptr<TraceWriter>> createNetLogPatchWriter(TraceReader& reader, std::unique_ptr<OutputFile> out);
// Wraps a converting writer so that it receives the NetLog requests only (not auxiliary entries).
std::unique_ptr<TraceWriter> requestsOnly(std::unique_ptr<TraceWriter> writer);

}  // namespace tracesan
