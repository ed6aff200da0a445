// The whole-trace AADSTS search in two halves: what it reads of each entry (a ReadOptions filter
// built on the prefilter) and what it does in trace order with each entry's findings.
//
//   ReadOptions read; read.entryFilter = aad::traceSearchFilter(options);
//   aad::TraceSearch search(options);
//   for (each entry, in order) search.add(entry, aad::TraceSearch::searched(entry) ? findAadErrors(entry, search.options()) : {});
//   std::vector<Finding> findings = search.take();
#pragma once

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "tracesan/AadErrors.h"
#include "tracesan/Trace.h"

namespace tracesan::aad {

// What a whole-trace search reads of each entry: ReadOptions::entryFilter for it (entries ruled
// out are read in part, Entry::partial). Reading every entry whole when the user is shown: the
// user comes from request bodies (GetCredentialType, the login form) that a partial entry lacks.
std::function<bool(std::string_view raw)> traceSearchFilter(const FindOptions& options);

// The in-order half of a whole-trace search: entries come in trace order, each with what
// findAadErrors(entry) found in it (computed anywhere, e.g. on another thread; nothing for a
// partial or auxiliary entry). Fills each finding's context and its flow's app, tenant and user.
class TraceSearch {
public:
  explicit TraceSearch(FindOptions options);
  ~TraceSearch();
  TraceSearch(const TraceSearch&) = delete;
  TraceSearch& operator=(const TraceSearch&) = delete;

  // The options per-entry finding must use (Finding::file filled in).
  const FindOptions& options() const;
  // Whether findAadErrors should look at this entry at all.
  static bool searched(const Entry& entry) { return !entry.partial && !entry.auxiliary; }
  void add(const Entry& entry, std::vector<Finding> found);
  std::vector<Finding> take();

private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace tracesan::aad
