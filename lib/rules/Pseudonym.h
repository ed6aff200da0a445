// Keyed pseudonyms for secrets: REDACTED-<kind>-<first 8 hex of HMAC-SHA256(key, secret)>. The same
// secret always gets the same placeholder under one key, and the key cannot be recovered from them.
//
//   Pseudonymizer p(Pseudonymizer::parseKey("00ff…"));  p.placeholder("code", secret);
#pragma once

#include <string>
#include <string_view>

namespace tracesan::redact {

inline constexpr std::string_view kPlaceholderPrefix = "REDACTED-";

class Pseudonymizer {
public:
  // An empty key means a fresh random 32-byte key.
  explicit Pseudonymizer(std::string keyBytes);

  // Hex digits (even count) decode to bytes; anything else is used as is.
  static std::string parseKey(std::string_view key);
  static std::string randomKey();

  // 8 lowercase hex digits.
  std::string tag(std::string_view secret) const;
  std::string placeholder(std::string_view kind, std::string_view secret) const;

private:
  std::string key_;
};

// A kind safe for placeholders: anything outside [A-Za-z0-9_] becomes '_'.
std::string sanitizeKind(std::string_view kind);

}  // namespace tracesan::redact
