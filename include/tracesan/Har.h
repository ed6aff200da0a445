// HAR 1.2 specifics: the HAR reader and patching writer as formats/ opens them (openTrace and
// createWriter choose them by content and output format; use these to read a HAR from any
// ByteSource, or to write one to an OutputFile you created).
//
//   auto reader = tracesan::openHarReader(std::move(source), {});
//   auto writer = tracesan::createHarPatchWriter(std::move(outputFile));
//   tracesan::convert(*reader.value(), *writer);   // Pipeline.h: the same bytes, patched where edited
#pragma once

#include <memory>

#include "tracesan/Io.h"
#include "tracesan/Trace.h"

namespace tracesan {

// Reads a HAR one entry at a time: Outside pieces for the text around the entries (the log
// header, pages, comments, the commas between entries), an Entry piece for each entry.
Expected<std::unique_ptr<TraceReader>> openHarReader(std::unique_ptr<ByteSource> source, const ReadOptions& options);
// Writes the pieces of a HAR (from openHarReader) with each entry's changed values patched in.
std::unique_ptr<TraceWriter> createHarPatchWriter(std::unique_ptr<OutputFile> out);

}  // namespace tracesan
