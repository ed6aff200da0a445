// The HAR reader and patching writer, as the format registry (lib/formats) opens them.
#pragma once

#include <memory>
#include <string>

#include "support/PrefixSource.h"
#include "tracesan/Io.h"
#include "tracesan/Trace.h"

namespace tracesan {

Expected<std::unique_ptr<TraceReader>> openHarReader(std::unique_ptr<ByteSource> source, const ReadOptions& options);
// Writes the pieces of a HAR (from openHarReader) with each entry's changed values patched in.
std::unique_ptr<TraceWriter> createHarPatchWriter(std::unique_ptr<OutputFile> out);

}  // namespace tracesan
