// Encryption of personal data at rest (ARCHITECTURE.md: a worker's ID number
// is "stored encrypted"), and the keyed hash that lets the store index ID
// numbers without holding them in plain text.
//
// One secret (config / environment, >= 32 characters) yields two independent
// 256-bit keys by HKDF-SHA256 with distinct info labels:
//   "leye pii aes-256-gcm v1"  -> the AES-256-GCM key of Seal/Open
//   "leye pii hmac-sha256 v1"  -> the HMAC-SHA256 key of Hmac
// so the index hash never reveals anything about the encryption key and vice
// versa. Changing the secret makes every sealed value unreadable and every
// index key unfindable: rotating it needs a re-encryption pass.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "matcher/status.h"

namespace leye {

class PiiCipher {
 public:
  // Derives both keys from `secret`. Fewer than 32 characters -> Invalid.
  static Result<PiiCipher> FromSecret(std::string_view secret);

  PiiCipher(const PiiCipher&) = default;
  PiiCipher& operator=(const PiiCipher&) = default;
  ~PiiCipher();  // wipes the keys

  // "v1:" + base64(12-byte random nonce | ciphertext | 16-byte GCM tag),
  // standard base64 with padding. A fresh nonce each call, so sealing the
  // same value twice gives different strings (use Hmac to compare).
  // Thread-safe.
  std::string Seal(std::string_view plain) const;

  // The plain text of a Seal() output. Not of this format, tampered with, or
  // sealed under another secret -> Internal (the message never contains the
  // plain text). Thread-safe.
  Result<std::string> Open(std::string_view sealed) const;

  // Lowercase hex HMAC-SHA256 of `plain` (64 characters): deterministic, so
  // equal inputs give equal hashes; the lookup key of the ID-number index.
  std::string Hmac(std::string_view plain) const;

  // True when `s` has the shape of a Seal() output (says nothing of its key).
  static bool LooksSealed(std::string_view s);

 private:
  PiiCipher() = default;
  std::array<unsigned char, 32> enc_key_{};
  std::array<unsigned char, 32> mac_key_{};
};

// Lowercase hex SHA-256 (64 characters); used to store API tokens hashed.
std::string Sha256Hex(std::string_view data);

}  // namespace leye
