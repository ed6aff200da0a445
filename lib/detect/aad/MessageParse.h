// Reading AADSTS codes and their details out of free text: error descriptions, $Config messages,
// SAML StatusMessages, SOAP faults and any body. Text may still be JSON-escaped ("\r\n" as four
// characters) or form-encoded ("+", "%3a", "%0d%0a"); both are understood.
//
//   auto m = findCodeMentions("AADSTS50125: Sign-in was interrupted.\r\nTrace ID: 1111...");  // {50125}
//   MessageDetails d = parseMessage(text, m[0]);   // d.message == "Sign-in was interrupted."
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tracesan::aad {

// Code families: Entra ID's AADSTS codes and Azure AD B2C's AADB2C codes (*.b2clogin.com).
inline constexpr std::string_view kAadsts = "AADSTS";
inline constexpr std::string_view kAadB2c = "AADB2C";

// "AADSTS" or "AADB2C" followed by 5 to 7 digits, standing as its own word: not preceded by a
// letter, digit or '_' (a preceding JSON escape like "\n" or a percent escape like "%0a" counts as
// a separator) and not followed by one.
struct CodeMention {
  long code = 0;
  std::size_t begin = 0;  // offset of "AADSTS" / "AADB2C"
  std::size_t end = 0;    // offset after the digits
  std::string_view family = kAadsts;  // kAadsts or kAadB2c
};
// At most the first 64 mentions are returned.
std::vector<CodeMention> findCodeMentions(std::string_view text);

// True when `text` names at least one AADSTS or AADB2C code (cheap pre-check before the regex).
bool mentionsAadsts(std::string_view text);

struct MessageDetails {
  std::string message;  // the text after "AADSTSnnnnn:" up to the end of its line or the next code
  std::string traceId;
  std::string correlationId;
  std::string timestamp;
};

// Details of one mention; Trace ID / Correlation ID / Timestamp are looked for after it. With
// `markup` (a raw body: XML, HTML, broken JSON) the message also ends at '<' or '"'.
MessageDetails parseMessage(std::string_view text, const CodeMention& mention, bool markup = false);

// Undoes JSON string escapes and form encoding where the text shows them; used on small windows
// of text, never on whole bodies.
std::string normalizeMessageText(std::string_view text);

}  // namespace tracesan::aad
