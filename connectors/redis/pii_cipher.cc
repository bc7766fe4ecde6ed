// AES-256-GCM gives confidentiality and integrity in one pass, so Open can
// tell a wrong key or a flipped bit from a good value; the nonce is random
// (96 bits) rather than a counter because several processes seal with the
// same key and share no state — at the register's scale (millions of values,
// far below 2^32 per key) random nonces do not collide in practice.
// Base64 is written here (strict, padded, no line breaks) instead of
// EVP_EncodeBlock/DecodeBlock, whose decoder accepts junk and loses the
// length of padded input.
// OpenSSL fails these calls only on allocation failure; sealing cannot report
// an error and must never fall back to a weak nonce, so it aborts instead.
#include "connectors/redis/pii_cipher.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <memory>
#include <string>

namespace leye {
namespace {

constexpr std::string_view kPrefix = "v1:";
constexpr size_t kNonceLen = 12;
constexpr size_t kTagLen = 16;
constexpr std::string_view kSalt = "leye pii salt v1";
constexpr std::string_view kEncInfo = "leye pii aes-256-gcm v1";
constexpr std::string_view kMacInfo = "leye pii hmac-sha256 v1";
constexpr std::string_view kB64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

[[noreturn]] void Die() { std::abort(); }

std::string Hex(const unsigned char* p, size_t n) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string s(n * 2, '0');
  for (size_t i = 0; i < n; ++i) {
    s[2 * i] = kHex[p[i] >> 4];
    s[2 * i + 1] = kHex[p[i] & 15];
  }
  return s;
}

std::string Base64(const unsigned char* p, size_t n) {
  std::string s;
  s.reserve((n + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    unsigned v = (p[i] << 16) | (p[i + 1] << 8) | p[i + 2];
    s += kB64[v >> 18];
    s += kB64[(v >> 12) & 63];
    s += kB64[(v >> 6) & 63];
    s += kB64[v & 63];
  }
  if (n - i == 1) {
    unsigned v = p[i] << 16;
    s += kB64[v >> 18];
    s += kB64[(v >> 12) & 63];
    s += "==";
  } else if (n - i == 2) {
    unsigned v = (p[i] << 16) | (p[i + 1] << 8);
    s += kB64[v >> 18];
    s += kB64[(v >> 12) & 63];
    s += kB64[(v >> 6) & 63];
    s += '=';
  }
  return s;
}

int B64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Strict: length a multiple of 4, padding only at the end, unused bits zero.
bool UnBase64(std::string_view s, std::string* out) {
  if (s.size() % 4 != 0) return false;
  out->clear();
  out->reserve(s.size() / 4 * 3);
  for (size_t i = 0; i < s.size(); i += 4) {
    bool last = i + 4 == s.size();
    int pad = 0;
    if (last && s[i + 3] == '=') pad = s[i + 2] == '=' ? 2 : 1;
    unsigned v = 0;
    for (int k = 0; k < 4; ++k) {
      int d = 0;
      if (k < 4 - pad) {
        d = B64Value(s[i + k]);
        if (d < 0) return false;
      }
      v = (v << 6) | static_cast<unsigned>(d);
    }
    if ((pad == 1 && (v & 0xff)) || (pad == 2 && (v & 0xffff))) return false;
    out->push_back(static_cast<char>(v >> 16));
    if (pad < 2) out->push_back(static_cast<char>((v >> 8) & 0xff));
    if (pad < 1) out->push_back(static_cast<char>(v & 0xff));
  }
  return true;
}

bool Hkdf(std::string_view secret, std::string_view info, unsigned char* out, size_t len) {
  std::unique_ptr<EVP_KDF, decltype(&EVP_KDF_free)> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr),
                                                        &EVP_KDF_free);
  if (!kdf) return false;
  std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)> ctx(EVP_KDF_CTX_new(kdf.get()),
                                                                &EVP_KDF_CTX_free);
  if (!ctx) return false;
  std::string digest = "SHA256";
  std::array<OSSL_PARAM, 5> params = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest.data(), 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<char*>(secret.data()),
                                        secret.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(kSalt.data()),
                                        kSalt.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(info.data()),
                                        info.size()),
      OSSL_PARAM_construct_end(),
  };
  return EVP_KDF_derive(ctx.get(), out, len, params.data()) == 1;
}

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

}  // namespace

Result<PiiCipher> PiiCipher::FromSecret(std::string_view secret) {
  if (secret.size() < 32)
    return Status::Invalid("the PII secret must be at least 32 characters, got " +
                           std::to_string(secret.size()));
  PiiCipher c;
  if (!Hkdf(secret, kEncInfo, c.enc_key_.data(), c.enc_key_.size()) ||
      !Hkdf(secret, kMacInfo, c.mac_key_.data(), c.mac_key_.size()))
    return Status::Internal("pii cipher: HKDF-SHA256 key derivation failed");
  return c;
}

PiiCipher::~PiiCipher() {
  OPENSSL_cleanse(enc_key_.data(), enc_key_.size());
  OPENSSL_cleanse(mac_key_.data(), mac_key_.size());
}

std::string PiiCipher::Seal(std::string_view plain) const {
  std::string raw(kNonceLen + plain.size() + kTagLen, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(raw.data());
  unsigned char* body = nonce + kNonceLen;
  if (RAND_bytes(nonce, kNonceLen) != 1) Die();
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int len = 0;
  int fin = 0;
  if (!ctx ||
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, enc_key_.data(), nonce) != 1 ||
      EVP_EncryptUpdate(ctx.get(), body, &len, reinterpret_cast<const unsigned char*>(plain.data()),
                        static_cast<int>(plain.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), body + len, &fin) != 1 ||
      static_cast<size_t>(len) + static_cast<size_t>(fin) != plain.size() ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagLen, body + plain.size()) != 1)
    Die();
  std::string out(kPrefix);
  out += Base64(nonce, raw.size());
  return out;
}

Result<std::string> PiiCipher::Open(std::string_view sealed) const {
  std::string raw;
  if (!sealed.starts_with(kPrefix) || !UnBase64(sealed.substr(kPrefix.size()), &raw) ||
      raw.size() < kNonceLen + kTagLen)
    return Status::Internal("pii cipher: not a sealed value");
  auto* nonce = reinterpret_cast<unsigned char*>(raw.data());
  unsigned char* body = nonce + kNonceLen;
  size_t body_len = raw.size() - kNonceLen - kTagLen;
  std::string plain(body_len, '\0');
  auto* out = reinterpret_cast<unsigned char*>(plain.data());
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int len = 0;
  int fin = 0;
  if (!ctx ||
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, enc_key_.data(), nonce) != 1 ||
      EVP_DecryptUpdate(ctx.get(), out, &len, body, static_cast<int>(body_len)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagLen, body + body_len) != 1)
    return Status::Internal("pii cipher: cannot decrypt");
  if (EVP_DecryptFinal_ex(ctx.get(), out + len, &fin) != 1) {
    OPENSSL_cleanse(plain.data(), plain.size());
    return Status::Internal("pii cipher: sealed value tampered with or sealed under another key");
  }
  return plain;
}

std::string PiiCipher::Hmac(std::string_view plain) const {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int md_len = 0;
  if (HMAC(EVP_sha256(), mac_key_.data(), static_cast<int>(mac_key_.size()),
           reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), md.data(),
           &md_len) == nullptr)
    Die();
  return Hex(md.data(), md_len);
}

bool PiiCipher::LooksSealed(std::string_view s) {
  std::string raw;
  return s.starts_with(kPrefix) && UnBase64(s.substr(kPrefix.size()), &raw) &&
         raw.size() >= kNonceLen + kTagLen;
}

std::string Sha256Hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int md_len = 0;
  if (EVP_Digest(data.data(), data.size(), md.data(), &md_len, EVP_sha256(), nullptr) != 1) Die();
  return Hex(md.data(), md_len);
}

}  // namespace leye
