// Placeholder while the streaming HAR reader is written (issue 3).
#include "support/Formats.h"

namespace tracesan {
Expected<std::unique_ptr<TraceReader>> openHarReader(std::unique_ptr<ByteSource> source, const ReadOptions&) {
  return Error(ErrorKind::Unsupported, source->name() + ": HAR reading is not built yet");
}
Expected<std::unique_ptr<TraceWriter>> createHarPatchWriter(TraceReader& reader, std::unique_ptr<OutputFile>) {
  return Error(ErrorKind::Unsupported, reader.name() + ": HAR writing is not built yet");
}
Expected<std::unique_ptr<TraceWriter>> createHarConvertWriter(TraceReader& reader, std::unique_ptr<OutputFile>) {
  return Error(ErrorKind::Unsupported, reader.name() + ": HAR writing is not built yet");
}
}  // namespace tracesan
