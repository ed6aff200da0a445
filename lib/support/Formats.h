// Internal registry of the format readers and writers, one pair per lib/<format>/ area.
#pragma once

#include <memory>
#include <string>

#include "support/PrefixSource.h"
#include "tracesan/Io.h"
#include "tracesan/Trace.h"

namespace tracesan {

// lib/har/
Expected<std::unique_ptr<TraceReader>> openHarReader(std::unique_ptr<ByteSource> source, const ReadOptions& options);
// Patches the bytes of a HAR read by `reader` (which must come from openHarReader).
Expected<std::unique_ptr<TraceWriter>> createHarPatchWriter(TraceReader& reader, std::unique_ptr<OutputFile> out);
// Serializes entries of any format as a new HAR 1.2 document.
Expected<std::unique_ptr<TraceWriter>> createHarConvertWriter(TraceReader& reader, std::unique_ptr<OutputFile> out);

// lib/saz/
// `path` is a regular file (stdin is spooled to a temporary file first, which the reader keeps
// alive through `spool`); `displayName` is for messages.
Expected<std::unique_ptr<TraceReader>> openSazReader(const std::string& path, const std::string& displayName,
                                                     const ReadOptions& options, std::shared_ptr<TemporaryFile> spool);
Expected<std::unique_ptr<TraceWriter>> createSazPatchWriter(TraceReader& reader, const std::string& path,
                                                            const WriteOptions& options);
Expected<std::unique_ptr<TraceWriter>> createSazConvertWriter(TraceReader& reader, const std::string& path,
                                                              const WriteOptions& options);

// lib/netlog/
Expected<std::unique_ptr<TraceReader>> openNetLogReader(std::unique_ptr<ByteSource> source, const ReadOptions& options);
Expected<std::unique_ptr<TraceWriter>> createNetLogPatchWriter(TraceReader& reader, std::unique_ptr<OutputFile> out);
// Wraps a converting writer so that it receives the NetLog requests only (not auxiliary entries).
std::unique_ptr<TraceWriter> requestsOnly(std::unique_ptr<TraceWriter> writer);

}  // namespace tracesan
