#include "saz/WinZipAes.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <zip.h>

#include <array>
#include <vector>

namespace tracesan::saz {
namespace {

constexpr std::size_t kVerifierSize = 2;
constexpr std::size_t kCodeSize = 10;  // the first 10 bytes of the HMAC-SHA1
constexpr int kIterations = 1000;      // PBKDF2 iterations fixed by the WinZip AES format

// Key (and salt) sizes by strength: the salt is half the key.
std::size_t keySize(std::uint16_t method) {
  switch (method) {
    case ZIP_EM_AES_128: return 16;
    case ZIP_EM_AES_192: return 24;
    case ZIP_EM_AES_256: return 32;
    default: return 0;
  }
}

}  // namespace

AesCheck checkWinZipAes(std::string_view raw, std::string_view password, std::uint16_t method) {
  const std::size_t key = keySize(method);
  const std::size_t salt = key / 2;
  if (key == 0 || raw.size() < salt + kVerifierSize + kCodeSize) return AesCheck::Malformed;
  // PBKDF2-HMAC-SHA1 gives the AES key, then the HMAC key, then the password verifier.
  std::vector<unsigned char> derived(2 * key + kVerifierSize);
  if (PKCS5_PBKDF2_HMAC_SHA1(password.data(), static_cast<int>(password.size()),
                             reinterpret_cast<const unsigned char*>(raw.data()), static_cast<int>(salt), kIterations,
                             static_cast<int>(derived.size()), derived.data()) != 1)
    return AesCheck::Malformed;
  if (CRYPTO_memcmp(derived.data() + 2 * key, raw.data() + salt, kVerifierSize) != 0) return AesCheck::WrongPassword;

  std::string_view data = raw.substr(salt + kVerifierSize, raw.size() - salt - kVerifierSize - kCodeSize);
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int macSize = 0;
  if (!HMAC(EVP_sha1(), derived.data() + key, static_cast<int>(key), reinterpret_cast<const unsigned char*>(data.data()),
            data.size(), mac.data(), &macSize) ||
      macSize < kCodeSize)
    return AesCheck::Malformed;
  if (CRYPTO_memcmp(mac.data(), raw.data() + raw.size() - kCodeSize, kCodeSize) != 0) return AesCheck::NotAuthentic;
  return AesCheck::Authentic;
}

}  // namespace tracesan::saz
