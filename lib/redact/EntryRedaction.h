// EntryRedaction: the work of the redaction engine on one entry, and the engine's state
// (Redactor::Impl: rules, options, the pseudonymizer). The detectors (lib/detect) say where named
// values and tokens sit; this part owns the policy: which of them are secrets (the RuleSet), what
// replaces them (keyed pseudonyms) and how the replacement is written back in the value's own encoding.
//
//   redact::redactEntry(*impl, session.impl(), entry, result, redact::EntryPass::Both);
#pragma once

#include <cstdint>
#include <optional>

#include "rules/Pseudonym.h"
#include "text/WordFinder.h"
#include "tracesan/Redactor.h"

namespace tracesan {

struct Redactor::Impl {
  const std::uint64_t id;  // names this redactor in per-thread memos
  RuleSet rules;
  RedactOptions options;
  redact::Pseudonymizer pseudo;
  // Words one of which every text free-text redaction changes holds: a JWT starts with eyJ, a URL
  // with http, a value pattern match holds one of its literals. Texts without any are skipped in
  // one pass. Absent when the patterns have no literals or there would be too many words.
  std::optional<text::WordFinder> freeTextWords;
  // Its first words are the Regex rules' literals (RuleSet::patternLiterals(false)): a hit on one
  // of them spares findPatterns its own literal search.
  std::size_t regexWords = 0;
  // Then the personal-data patterns' literals, "eyj" at eyjWord, "http" after it; then, from
  // pairWords on (when they fit), the words of pairNameWords: one pass over a text finds them all.
  std::size_t eyjWord = 0;
  std::size_t pairWords = 0;
  bool freeTextHasPairWords() const { return freeTextWords && freeTextWords->words().size() > pairWords; }
  // Words one of which every name a text pair can be redacted under holds: the required literal of
  // each name rule the text pairs are decided by, and "cookie". Absent when some rule has none.
  std::optional<text::WordFinder> pairNameWords;
  Impl(RuleSet r, RedactOptions o);
};

namespace redact {

enum class EntryPass {
  First,  // the structured scan and free text of every part (learns secrets into the session)
  Known,  // every text searched for the secrets the session knows
  Both,   // First, then Known
};

// Redacts `entry` in place, adding records to `result` and what it learns to `session`.
void redactEntry(const Redactor::Impl& redactor, RedactionSession::Impl& session, Entry& entry,
                 RedactionResult& result, EntryPass pass);

}  // namespace redact
}  // namespace tracesan
