// Values the secret rules would take but that are evidence the finder reads, redacted only as far
// as they really hold secrets: SAML / WS-Fed messages lose their secret elements and keep their
// Status, Issuer, IDs and timestamps; an error code on Entra's error lookup page is kept.
//
//   SamlCallbacks cb{replaceSecret, redactText};
//   SamlRedacted r = redactSamlValue(form["SAMLResponse"], "request.body.form.SAMLResponse", cb);
//   if (r.outcome == SamlOutcome::NotRedactable) { /* replace the whole value, as before */ }
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "detect/Scanners.h"

namespace tracesan::redact {

struct SamlCallbacks {
  // The placeholder of a secret element's content; also records and learns it.
  std::function<std::string(std::string_view kind, std::string_view secret, const std::string& location)> replaceSecret;
  // The rest of the document with free-text secrets (tokens, keys, personal data) replaced, or
  // nullopt when it holds none.
  std::function<std::optional<std::string>(std::string_view text, const std::string& location)> redactText;
};

enum class SamlOutcome {
  Unchanged,      // a SAML / WS-Fed message without secrets (an error Status, a SOAP fault)
  Changed,        // `value` is the message without its secrets, encoded as it came
  NotRedactable,  // not SAML XML, or XML whose secrets cannot be told apart: replace it whole
};

struct SamlRedacted {
  SamlOutcome outcome = SamlOutcome::NotRedactable;
  std::string value;
};

// A SAMLRequest / SAMLResponse / wresult value (URL or form decoding already undone): decoded
// (XML, base64, base64 of raw or zlib deflate), its Assertion / EncryptedAssertion, signature
// values, certificates, NameIDs, attribute values, cipher values, security tokens and key material
// replaced by placeholders, the rest put through `redactText`, and encoded again the same way.
SamlRedacted redactSamlValue(std::string_view value, const std::string& location, const SamlCallbacks& callbacks);

// True for the `code` query parameter of Entra's error lookup page
// (https://login.microsoftonline.com/error?code=50125): an AADSTS code, not an authorization code.
// `url` is the text the parameter was scanned from.
bool isErrorLookupCode(std::string_view url, const detect::NamedValue& value);

}  // namespace tracesan::redact
