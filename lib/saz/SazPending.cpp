// Placeholder until the SAZ reader and writer land (issue 4): every SAZ operation reports that
// SAZ is not supported yet, so nothing is silently passed through.
#include "support/Formats.h"

namespace tracesan {

namespace {
Error notYet(const std::string& name) {
  return {ErrorKind::Unsupported, name + ": Fiddler SAZ archives are not supported yet"};
}
}  // namespace

Expected<std::unique_ptr<TraceReader>> openSazReader(const std::string&, const std::string& displayName,
                                                     const ReadOptions&, std::shared_ptr<TemporaryFile>) {
  return notYet(displayName);
}
Expected<std::unique_ptr<TraceWriter>> createSazPatchWriter(TraceReader&, const std::string& path, const WriteOptions&) {
  return notYet(path);
}
Expected<std::unique_ptr<TraceWriter>> createSazConvertWriter(TraceReader&, const std::string& path,
                                                              const WriteOptions&) {
  return notYet(path);
}

}  // namespace tracesan
