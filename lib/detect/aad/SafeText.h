// What the finder may print. Findings travel to tickets and chats, so URLs and messages lose every
// value the shared secret rules (data/secret-rules.tsv, the same RuleSet the redactor uses) call a
// secret or personal: named parameters by the rules' parameter names, tokens and keys in any text
// by the JWT finder and the rules' patterns. Placeholders a sanitizer already wrote
// (REDACTED-code-1a2b3c4d) print as the same REDACTED, so an original trace and its sanitized copy
// give identical findings.
//
//   safeUrl("https://app/cb?code=abc&state=1")  -> "https://app/cb?code=REDACTED&state=REDACTED"
#pragma once

#include <string>
#include <string_view>

#include "tracesan/Rules.h"

namespace tracesan::aad {

inline constexpr std::string_view kRedacted = "REDACTED";

// The built-in rules, compiled once; nullptr if they fail to compile (then every parameter value
// and no free text is trusted: callers fail closed).
const RuleSet* builtInRules();

// True when the rules name `name` a secret, personal or state parameter in `context` (one
// ParamContext bit): code, id_token, client_secret, password, login_hint, state, ...
bool isSecretParam(std::string_view name, unsigned context = kContextQuery);

// The URL with the values of secret query and fragment parameters, any userinfo password, and
// tokens, keys, e-mail addresses and placeholders inside other values replaced by REDACTED.
// Everything else is kept as written.
std::string safeUrl(std::string_view url);

// Free text (an error message) with tokens, keys and placeholders replaced by REDACTED; e-mail
// addresses too unless `keepUser`.
std::string safeText(std::string_view text, bool keepUser);

}  // namespace tracesan::aad
