// The known-secrets index and RedactionSession (see KnownSecrets.h).
#include "redact/KnownSecrets.h"

#include <algorithm>
#include <optional>

#include "codec/Base64.h"
#include "text/Edits.h"
#include "text/TextCodec.h"

namespace tracesan {


namespace redact {
void addOtherForms(RedactionSession::Impl& session, std::string_view secret, std::string_view replacement,
                   std::string_view kind) {
  auto variant = [&](std::string v) {
    if (v != secret) session.add(v, replacement, kind);
  };
  if (secret.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~") != std::string_view::npos) {
    std::string once = text::percentEncode(secret, false);
    variant(text::percentEncode(once, false));
    variant(std::move(once));
    std::string json = text::jsonEscape(secret), js;
    for (char c : json) c == '/' ? js += "\\/" : js += c;
    variant(std::move(js));
    variant(std::move(json));
    variant(text::htmlEscapeAttribute(secret));
    // HTML-safe JSON serializers escape a few symbols as \u00XX: Go and minifiers in lower case
    // with "\/", System.Text.Json in upper case (also '+').
    auto htmlSafe = [&](const char* hex, std::string_view escapedSet, bool slash) {
      std::string escaped;
      for (char c : secret) {
        auto u = static_cast<unsigned char>(c);
        if (slash && c == '/') escaped += "\\/";
        else if (escapedSet.find(c) != std::string_view::npos) escaped += std::string("\\u00") + hex[u >> 4] + hex[u & 15];
        else escaped += c;
      }
      variant(std::move(escaped));
    };
    htmlSafe("0123456789abcdef", "&<>='\"", true);
    htmlSafe("0123456789ABCDEF", "&<>='\"+`", false);
  }
  // Not for GUIDs: ids sit aligned inside base64 JWT payloads, which a replacement would break.
  if (secret.size() >= 12 && !text::isGuid(secret)) variant(codec::base64Encode(secret));
}
}  // namespace redact

RedactionSession::RedactionSession() : impl_(std::make_unique<Impl>()) {}
RedactionSession::~RedactionSession() = default;
RedactionSession::RedactionSession(RedactionSession&&) noexcept = default;
RedactionSession& RedactionSession::operator=(RedactionSession&&) noexcept = default;
void RedactionSession::remember(std::string_view secret, std::string_view placeholder, std::string_view kind) {
  impl_->add(secret, placeholder, kind);
  redact::addOtherForms(*impl_, secret, placeholder, kind);
}
void RedactionSession::absorb(const RedactionSession& other) {
  for (const auto& k : other.impl_->known) impl_->add(k.secret, k.replacement, k.kind);
}
std::size_t RedactionSession::size() const { return impl_->known.size(); }

namespace {

// Each secret of `index` written differently inside a JSON string, with that form (known[] order);
// `collides` when a form is also a secret learned later that takes another replacement.
std::vector<std::pair<std::size_t, std::string>> jsonEscapedForms(const RedactionSession::Impl& index, bool& collides) {
  std::vector<std::pair<std::size_t, std::string>> forms;
  collides = false;
  for (std::size_t k = 0; k < index.known.size(); ++k) {
    const std::string& secret = index.known[k].secret;
    std::string escaped = text::jsonEscape(secret);
    if (escaped == secret) continue;
    // The form of a secret is usually learned with it (addOtherForms), so it is often here already.
    // Only a later secret that takes another replacement would now win where the form did.
    if (auto it = index.index.find(escaped); it != index.index.end() && it->second > k) {
      const RedactionSession::Impl::Known& other = index.known[it->second];
      collides = collides || other.replacement != index.known[k].replacement || other.kind != index.known[k].kind;
    }
    forms.emplace_back(k, std::move(escaped));
  }
  return forms;
}

// A form that is also a learned secret takes the replacement of whichever came first.
RedactionSession::Impl orderedWithForms(const RedactionSession::Impl& index) {
  RedactionSession::Impl out;
  for (const auto& k : index.known) {
    out.add(k.secret, k.replacement, k.kind);
    std::string escaped = text::jsonEscape(k.secret);
    if (escaped != k.secret) out.add(escaped, k.replacement, k.kind);
  }
  return out;
}

// `into` (`index` itself, or a copy of it) with the escaped forms of `index`'s secrets. Without a
// collision each form goes after all the secrets rather than right after its own: the same index,
// without indexing every secret again.
void withForms(RedactionSession::Impl& into, const RedactionSession::Impl& index,
               const std::vector<std::pair<std::size_t, std::string>>& forms, bool collides) {
  if (collides) {
    into = orderedWithForms(index);
    return;
  }
  if (&into != &index) into.copyFrom(index);
  for (const auto& [k, escaped] : forms) {
    const RedactionSession::Impl::Known& known = into.known[k];  // a deque: add() leaves it where it is
    into.add(escaped, known.replacement, known.kind);
  }
}

}  // namespace

std::optional<RedactionSession> RedactionSession::withJsonEscapedForms() const {
  bool collides = false;
  auto forms = jsonEscapedForms(*impl_, collides);
  if (forms.empty()) return std::nullopt;
  RedactionSession out;
  withForms(*out.impl_, *impl_, forms, collides);
  return out;
}

void RedactionSession::addJsonEscapedForms() {
  bool collides = false;
  auto forms = jsonEscapedForms(*impl_, collides);
  if (!forms.empty()) withForms(*impl_, *impl_, forms, collides);
}

std::size_t RedactionSession::countKnown(std::string_view text, std::size_t stopAt, std::size_t& consumed) const {
  std::vector<Impl::Hit> hits;
  impl_->find(text, hits);
  std::size_t count = 0, end = 0;
  for (const auto& h : hits) {
    if (h.begin >= stopAt) break;
    ++count;
    end = h.end;
  }
  consumed = std::max(end, std::min(stopAt, text.size()));
  return count;
}

std::size_t RedactionSession::longestSecret() const {
  std::size_t n = 0;
  for (const auto& k : impl_->known) n = std::max(n, k.secret.size());
  return n;
}

std::size_t RedactionSession::replaceKnown(std::string_view text, std::size_t stopAt, std::string& out,
                                           std::size_t& consumed) const {
  std::vector<Impl::Hit> hits;
  impl_->find(text, hits);
  std::vector<text::Edit> edits;
  for (const auto& h : hits) {
    if (h.begin >= stopAt) break;
    edits.push_back({h.begin, h.end, impl_->known[h.known].replacement});
  }
  const std::size_t count = edits.size();
  consumed = std::max(edits.empty() ? 0 : edits.back().end, std::min(stopAt, text.size()));
  // find() never returns overlapping hits.
  (void)text::appendEdited(out, text.substr(0, consumed), std::move(edits), text::Overlap::FirstWins);
  return count;
}

}  // namespace tracesan
