// Writers that convert entries of any format, as the format registry (lib/formats) creates them.
#pragma once

#include <memory>
#include <string>

#include "support/PrefixSource.h"
#include "tracesan/Io.h"
#include "tracesan/Trace.h"

namespace tracesan {

// Serializes entries of any format as a new HAR 1.2 document.
Expected<std::unique_ptr<TraceWriter>> createHarConvertWriter(std::unique_ptr<OutputFile> out);

}  // namespace tracesan
