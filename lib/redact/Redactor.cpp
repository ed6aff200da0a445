// The public API of the redaction engine (tracesan/Redactor.h). The work lives in its parts:
// EntryRedaction (one entry: decisions, replacements, the second pass), KnownSecrets (what a
// session learned, found again verbatim) and Placeholders (placeholder syntax, the redactor's
// overlap policy for text edits). Bodies are classified by http/MediaType.h, entries walked by
// support/EntryVisitor.h and edits applied by text/Edits.h.
#include "tracesan/Redactor.h"

#include "redact/EntryRedaction.h"
#include "redact/KnownSecrets.h"

namespace tracesan {

Redactor::Redactor(RuleSet rules, RedactOptions options)
    : impl_(std::make_unique<Impl>(std::move(rules), std::move(options))) {}
Redactor::~Redactor() = default;

RedactionResult Redactor::redact(Entry& entry, RedactionSession& session) const {
  RedactionResult result;
  redact::redactEntry(*impl_, session.impl(), entry, result, redact::EntryPass::Both);
  return result;
}

RedactionResult Redactor::redactFirstPass(Entry& entry, RedactionSession& learned) const {
  RedactionResult result;
  redact::redactEntry(*impl_, learned.impl(), entry, result, redact::EntryPass::First);
  return result;
}

void Redactor::redactKnownPass(Entry& entry, RedactionSession& session, RedactionResult& result) const {
  redact::redactEntry(*impl_, session.impl(), entry, result, redact::EntryPass::Known);
}

RedactionResult Redactor::redact(Entry& entry) const {
  RedactionSession session;
  return redact(entry, session);
}

std::vector<Leak> Redactor::checkEntry(const Entry& entry) const {
  Entry copy = entry;
  return checkEntryInPlace(copy);
}

std::vector<Leak> Redactor::checkEntryInPlace(Entry& entry) const {
  RedactionSession session;
  RedactionResult result = redact(entry, session);
  return std::move(result.records);
}

std::string Redactor::placeholder(std::string_view kind, std::string_view secret) const {
  return impl_->pseudo.placeholder(kind, secret);
}

const RedactOptions& Redactor::options() const { return impl_->options; }
const RuleSet& Redactor::rules() const { return impl_->rules; }

}  // namespace tracesan
