// WinZip AES (AE-1 / AE-2) authentication of a zip member, done here because libzip 1.7 checks the
// CRC of AE-2 members, whose CRC field is 0 by design, and so reports a CRC error at the end of
// every AE-2 member 7-Zip writes (nih-at/libzip#261, fixed upstream in 1.9: "Improve compatibility
// with WinAES"). AE-2's integrity check is the HMAC-SHA1 authentication code over the encrypted
// data; this verifies it on the member's raw bytes.
//
//   auto raw = /* zip_fopen_index(za, i, ZIP_FL_ENCRYPTED) ... */;
//   if (checkWinZipAes(raw, password, ZIP_EM_AES_256) == AesCheck::Authentic) { /* data is genuine */ }
#pragma once

#include <cstdint>
#include <string_view>

namespace tracesan::saz {

enum class AesCheck {
  Authentic,      // the password verifier and the authentication code match
  WrongPassword,  // the 2-byte password verifier does not match
  NotAuthentic,   // the verifier matches but the authentication code does not: corrupt data (or,
                  // 1 in 65536, a wrong password that passed the verifier)
  Malformed,      // too short for salt, verifier and code, or an unknown key size
};

// `raw`: the member's stored bytes (salt | password verifier | encrypted data | 10-byte code);
// `method`: libzip's ZIP_EM_AES_128, ZIP_EM_AES_192 or ZIP_EM_AES_256.
AesCheck checkWinZipAes(std::string_view raw, std::string_view password, std::uint16_t method);

}  // namespace tracesan::saz
