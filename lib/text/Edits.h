// Span edits against one text: each replaces the bytes [begin, end) with its replacement. Every
// place that patches text (the redactor's values, patching writers, scrubbed messages, sanitized
// sign-in logs) applies its edits here and says what an overlap means; only that choice differs.
//
//   std::vector<text::Edit> edits{{4, 9, "REDACTED"}};
//   std::string out = text::applyEdits("key=value", std::move(edits), text::Overlap::Reject).value();  // "key=REDACTED"
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "tracesan/Error.h"

namespace tracesan::text {

struct Edit {
  std::size_t begin = 0, end = 0;
  std::string replacement;
};

// What overlapping edits mean. Edits are taken in order of `begin`; of edits that begin at the
// same byte, the one added first comes first.
enum class Overlap {
  // Edits never overlap (a writer's spans come from distinct values): an overlap, or an edit
  // that reaches past the end of the text, is an internal error.
  Reject,
  // An edit that begins inside one already taken is dropped (the redactor's detectors may find
  // the same bytes twice); so is one that reaches past the end.
  FirstWins,
  // An edit lying inside a longer one is dropped (a changed header value supersedes a changed
  // cookie inside it); of edits with the same span, the one added last wins. A partial overlap,
  // or an edit past the end, is an internal error.
  OuterWins,
  // Overlapping or touching edits become one edit over their union with the first one's
  // replacement (a scrubbed message shows one mark for adjacent secrets). Edits past the end are
  // dropped.
  Merge,
};

// `text` with `edits` applied; errors only under Overlap::Reject and Overlap::OuterWins.
Expected<std::string> applyEdits(std::string_view text, std::vector<Edit> edits, Overlap overlap);

// The same, appended to `out` (a streaming writer's buffer); on an error `out` is left as it was.
Status appendEdited(std::string& out, std::string_view text, std::vector<Edit> edits, Overlap overlap);

}  // namespace tracesan::text
