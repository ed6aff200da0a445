// Converting another format (SAZ) to HAR: every entry is serialized anew by lib/convert.
#include "convert/HarSerializer.h"
#include "convert/ConvertFormat.h"

namespace tracesan {
Expected<std::unique_ptr<TraceWriter>> createHarConvertWriter(std::unique_ptr<OutputFile> out) {
  return convert::makeHarConvertWriter(std::move(out));
}
}  // namespace tracesan
