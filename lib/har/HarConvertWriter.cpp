// Placeholder: converting another format to HAR needs the entry serializer (issue 4, lib/convert).
#include "support/Formats.h"

namespace tracesan {
Expected<std::unique_ptr<TraceWriter>> createHarConvertWriter(TraceReader& reader, std::unique_ptr<OutputFile>) {
  return Error(ErrorKind::Unsupported, reader.name() + ": converting to HAR is not supported yet");
}
}  // namespace tracesan
