// Serializes model entries (from any reader) as HAR 1.2 JSON, for converting SAZ to HAR. Bodies
// are written decoded: as text when they are valid UTF-8, else base64 with "encoding": "base64".
//
//   out.write(harLogPrefix());
//   for (each entry, i) { if (i) out.write(","); out.write(serializeHarEntry(entry)); }
//   out.write(harLogSuffix());
#pragma once

#include <string>
#include <string_view>

#include "tracesan/Trace.h"

namespace tracesan::convert {

// One HAR 1.2 entry object, every required field present (unknown timings are -1, missing
// startedDateTime is the Unix epoch). Extensions (`_name`) and `_webSocketMessages` are kept.
std::string serializeHarEntry(const Entry& entry);

// The log wrapper around the comma-separated entries: version 1.2, creator tracesan.
std::string harLogPrefix();
std::string_view harLogSuffix();

}  // namespace tracesan::convert

#include <memory>

#include "tracesan/Io.h"

namespace tracesan::convert {

// A TraceWriter that writes every entry it receives as a new HAR 1.2 document to `out`
// (committed on finish). createHarConvertWriter in lib/har can return this directly.
std::unique_ptr<TraceWriter> makeHarConvertWriter(std::unique_ptr<OutputFile> out);

}  // namespace tracesan::convert
