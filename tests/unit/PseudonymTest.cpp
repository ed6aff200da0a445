#include <catch2/catch.hpp>

#include <openssl/hmac.h>

#include "rules/Pseudonym.h"
#include "tracesan/Redactor.h"

using tracesan::isPlaceholder;
using tracesan::redact::Pseudonymizer;
using tracesan::redact::sanitizeKind;

TEST_CASE("a placeholder is the kind and the first 8 hex digits of HMAC-SHA256 of the secret") {
  Pseudonymizer p(Pseudonymizer::parseKey("test-key"));
  // HMAC-SHA256("test-key", "0.AXYA-FAKE-refresh") computed independently with OpenSSL's one-shot API.
  unsigned char mac[32];
  unsigned int len = 0;
  std::string secret = "0.AXYA-FAKE-refresh";
  HMAC(EVP_sha256(), "test-key", 8, reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), mac, &len);
  char hex[9];
  std::snprintf(hex, sizeof hex, "%02x%02x%02x%02x", mac[0], mac[1], mac[2], mac[3]);
  CHECK(p.placeholder("refresh_token", secret) == std::string("REDACTED-refresh_token-") + hex);
}

TEST_CASE("the same secret gets the same placeholder and different secrets different ones") {
  Pseudonymizer p(Pseudonymizer::parseKey("k"));
  CHECK(p.placeholder("code", "secret-one") == p.placeholder("code", "secret-one"));
  CHECK(p.placeholder("code", "secret-one") != p.placeholder("code", "secret-two"));
}

TEST_CASE("different keys give different placeholders") {
  CHECK(Pseudonymizer(Pseudonymizer::parseKey("a")).tag("s3cret-FAKE") !=
        Pseudonymizer(Pseudonymizer::parseKey("b")).tag("s3cret-FAKE"));
}

TEST_CASE("a hex key is decoded to bytes and any other key is used as is") {
  CHECK(Pseudonymizer::parseKey("00ff41") == std::string("\x00\xff\x41", 3));
  CHECK(Pseudonymizer::parseKey("abc") == "abc");        // odd length: not hex
  CHECK(Pseudonymizer::parseKey("my-key") == "my-key");
  CHECK(Pseudonymizer(Pseudonymizer::parseKey("6b6579")).tag("x") == Pseudonymizer(std::string("key")).tag("x"));
}

TEST_CASE("without a key every pseudonymizer draws its own random key") {
  CHECK(Pseudonymizer("").tag("same-secret") != Pseudonymizer("").tag("same-secret"));
  CHECK(Pseudonymizer::randomKey().size() == 32);
}

TEST_CASE("placeholders hold only letters, digits, underscores and dashes") {
  Pseudonymizer p(std::string("k"));
  std::string ph = p.placeholder("x.ms cookie/1", "v");
  CHECK(ph.rfind("REDACTED-x_ms_cookie_1-", 0) == 0);
  CHECK(ph.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") == std::string::npos);
  CHECK(sanitizeKind("") == "secret");
}

TEST_CASE("isPlaceholder recognises exactly one placeholder") {
  Pseudonymizer p(std::string("k"));
  CHECK(isPlaceholder(p.placeholder("refresh_token", "v")));
  CHECK_FALSE(isPlaceholder("REDACTED-refresh_token-3f9a1c2"));
  CHECK_FALSE(isPlaceholder("REDACTED-refresh_token-3f9a1c2ez"));
  CHECK_FALSE(isPlaceholder("REDACTED--3f9a1c2e"));
  CHECK_FALSE(isPlaceholder("xREDACTED-code-3f9a1c2e"));
  CHECK_FALSE(isPlaceholder("REDACTED-co-de-3f9a1c2e"));
}
