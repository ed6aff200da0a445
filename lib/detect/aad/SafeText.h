// What the finder may print. Findings travel to tickets and chats, so URLs lose the values of
// credential parameters and messages lose e-mail addresses unless the user asked to see them.
// Kept in one place so the shared redactor can take over later.
//
//   safeUrl("https://app/cb?code=abc&state=1")  -> "https://app/cb?code=REDACTED&state=REDACTED"
#pragma once

#include <string>
#include <string_view>

namespace tracesan::aad {

inline constexpr std::string_view kRedacted = "REDACTED";

// True for query, fragment or form parameter names whose values are secrets or personal data
// (code, id_token, access_token, refresh_token, client_secret, password, login_hint, ...).
bool isSecretParam(std::string_view name);

// The URL with the values of secret query and fragment parameters, and any userinfo password,
// replaced by REDACTED. Everything else is kept as written.
std::string safeUrl(std::string_view url);

// The text with the values of secret `name=value` pairs (names as isSecretParam) and any JWT
// replaced by REDACTED: free-text messages can run on into credentials.
std::string maskCredentials(std::string_view text);

// The text with e-mail addresses replaced by REDACTED.
std::string maskEmails(std::string_view text);

}  // namespace tracesan::aad
