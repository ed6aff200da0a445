// A cheap look at an entry's raw bytes that tells the AADSTS finder when an entry cannot hold a
// finding, so a whole-trace search can skip decoding and scanning it. Sound, not exact: it may say
// "maybe" for an entry without findings, never "no" for an entry with one.
//
//   if (!aad::mayHoldAadError(entry.source.json)) { /* findAadErrors(entry) is empty */ }
#pragma once

#include <functional>
#include <memory>

#include <string_view>

#include "tracesan/AadErrors.h"
#include "tracesan/Trace.h"

namespace tracesan::aad {

// False only when the finder finds nothing in the entry these raw bytes encode (a HAR entry's
// JSON). Every finding needs one of a few words in some decoded form of the entry: "AADSTS" or
// "AADB2C", "error_codes" / "error_description", "ErrorCode" or "arrValErrs" ($Config),
// "x-ms-clitelem", "SAMLResponse", "wresult". The words are looked for case-insensitively; an
// entry with a base64 body (which may also be compressed), or with a JSON \u escape or a percent
// escape that spells a letter, '_', '%' or '\' is always a "maybe", because those encodings could
// hide a word from a plain byte search.
bool mayHoldAadError(std::string_view raw);

// mayHoldAadError, or the entry names /authorize (in any case): such a request's URL or form body
// names the app and tenant that later findings of its flow borrow (RequestContext), so the
// whole-trace search reads it whole even without an error (a POST /authorize keeps client_id in
// its body). One pass over the bytes for both.
bool mayMatterToTraceSearch(std::string_view raw);

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
