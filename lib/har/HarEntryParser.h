// Parses one HAR entry object (its JSON bytes) into the trace model, recording for each value
// the span of its raw JSON token relative to the entry's first byte.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "tracesan/Trace.h"

namespace tracesan {

class HarEntryParser {
public:
  HarEntryParser();
  ~HarEntryParser();
  // `json` must stay alive while `entry` is used (entry.source.json views into a copy owned here).
  Status parse(std::string_view json, Entry& entry);
  // Only request.method, request.url, response.status and response.present (and entry.source):
  // what a listing of entries shows. Skipped members are checked for JSON syntax only.
  Status parseSummary(std::string_view json, Entry& entry);

private:
  Status run(std::string_view json, Entry& entry, bool summary);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tracesan
