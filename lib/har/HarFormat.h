// The HAR reader and patching writer, as the format registry (lib/formats) opens them.
#pragma once

#include <memory>
#include <string>

#include "support/PrefixSource.h"
#include "tracesan/Io.h"
#include "tracesan/Trace.h"

namespace tracesan {

Expected<std::unique_ptr<TraceReader>> openHarReader(std::unique_ptr<ByteSource> source, const ReadOptions& options);
// Patches the bytes of a HAR read by `reader` (which must come from openHarReader).
Expected<std::unique_ptr<TraceWriter>> createHarPatchWriter(TraceReader& reader, std::unique_ptr<OutputFile> out);

}  // namespace tracesan
