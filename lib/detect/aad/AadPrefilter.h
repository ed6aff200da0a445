// A cheap look at an entry's raw bytes that tells the AADSTS finder when an entry cannot hold a
// finding, so a whole-trace search can skip decoding and scanning it. Sound, not exact: it may say
// "maybe" for an entry without findings, never "no" for an entry with one.
//
//   if (!aad::mayHoldAadError(entry.source.json)) { /* findAadErrors(entry) is empty */ }
#pragma once

#include <string_view>

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

}  // namespace tracesan::aad
