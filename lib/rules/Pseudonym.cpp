#include "rules/Pseudonym.h"

#include "tracesan/Rules.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <random>

namespace tracesan::redact {
namespace {
int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

Pseudonymizer::Pseudonymizer(std::string keyBytes) : key_(keyBytes.empty() ? randomKey() : std::move(keyBytes)) {}

std::string Pseudonymizer::parseKey(std::string_view key) {
  bool hex = !key.empty() && key.size() % 2 == 0;
  for (char c : key) hex = hex && hexValue(c) >= 0;
  if (!hex) return std::string(key);
  std::string bytes;
  bytes.reserve(key.size() / 2);
  for (std::size_t i = 0; i < key.size(); i += 2)
    bytes.push_back(static_cast<char>(hexValue(key[i]) * 16 + hexValue(key[i + 1])));
  return bytes;
}

std::string Pseudonymizer::randomKey() {
  std::string key(32, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), static_cast<int>(key.size())) != 1) {
    // OpenSSL's generator failed; the OS generator is still unpredictable enough for pseudonyms.
    std::random_device rd;
    for (char& c : key) c = static_cast<char>(rd() & 0xff);
  }
  return key;
}

std::string Pseudonymizer::tag(std::string_view secret) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int macLen = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()), reinterpret_cast<const unsigned char*>(secret.data()),
       secret.size(), mac, &macLen);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(8, '0');
  for (std::size_t i = 0; i < 4; ++i) {
    out[2 * i] = kHex[mac[i] >> 4];
    out[2 * i + 1] = kHex[mac[i] & 0xf];
  }
  return out;
}

std::string Pseudonymizer::placeholder(std::string_view kind, std::string_view secret) const {
  std::string out(kPlaceholderPrefix);
  out += sanitizeKind(kind);
  out += '-';
  out += tag(secret);
  return out;
}

std::string sanitizeKind(std::string_view kind) {
  std::string out(kind.empty() ? std::string_view("secret") : kind);
  for (char& c : out)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
  return out;
}

}  // namespace tracesan::redact

namespace tracesan {

bool isPlaceholder(std::string_view s) {
  if (s.size() < redact::kPlaceholderPrefix.size() + 1 + 1 + 8 || s.substr(0, 9) != redact::kPlaceholderPrefix)
    return false;
  std::string_view hex = s.substr(s.size() - 8);
  if (s[s.size() - 9] != '-') return false;
  for (char c : hex)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  std::string_view kind = s.substr(9, s.size() - 9 - 9);
  if (kind.empty()) return false;
  return std::all_of(kind.begin(), kind.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

}  // namespace tracesan
