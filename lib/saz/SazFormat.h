// The SAZ reader and writers, as the format registry (lib/formats) opens them.
#pragma once

#include <memory>
#include <string>

#include "support/PrefixSource.h"
#include "tracesan/Io.h"
#include "tracesan/Trace.h"

namespace tracesan {

// `path` is a regular file (stdin is spooled to a temporary file first, which the reader keeps
// alive through `spool`); `displayName` is for messages.
Expected<std::unique_ptr<TraceReader>> openSazReader(const std::string& path, const std::string& displayName,
                                                     const ReadOptions& options, std::shared_ptr<TemporaryFile> spool);
// Writes the sessions of a SAZ (from openSazReader) into a new SAZ at `path`: members the entries
// did not change are copied as stored. `name` (the input's) is for messages.
Expected<std::unique_ptr<TraceWriter>> createSazPatchWriter(const std::string& name, const std::string& path,
                                                            const WriteOptions& options);
// Writes the entries of any trace as a new SAZ.
Expected<std::unique_ptr<TraceWriter>> createSazConvertWriter(const std::string& name, const std::string& path,
                                                              const WriteOptions& options);

}  // namespace tracesan
