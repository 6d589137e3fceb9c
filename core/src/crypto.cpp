#include "techo/crypto.hpp"

#include <sodium.h>

#include <algorithm>
#include <cassert>
#include <cstring>

namespace techo::crypto {

static_assert(sizeof(crypto_hash_sha256_state) <= 128, "Sha256 state buffer too small");

bool init() noexcept { return sodium_init() >= 0; }

void wipe(void* data, std::size_t size) noexcept {
  if (data && size) sodium_memzero(data, size);
}

void SecretBytes::append(ByteView more) {
  if (bytes_.size() + more.size() <= bytes_.capacity()) {
    bytes_.insert(bytes_.end(), more.begin(), more.end());
    return;
  }
  Bytes grown;
  grown.reserve(std::max(bytes_.size() + more.size(), bytes_.capacity() * 2));
  grown.insert(grown.end(), bytes_.begin(), bytes_.end());
  grown.insert(grown.end(), more.begin(), more.end());
  clear();
  bytes_ = std::move(grown);
}

void random_bytes(std::span<std::uint8_t> out) noexcept { randombytes_buf(out.data(), out.size()); }

bool constant_time_equal(ByteView a, ByteView b) noexcept {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::array<std::uint8_t, kSha256Bytes> sha256(ByteView data) noexcept {
  std::array<std::uint8_t, kSha256Bytes> out{};
  crypto_hash_sha256(out.data(), data.data(), data.size());
  return out;
}

Sha256::Sha256() noexcept {
  crypto_hash_sha256_init(reinterpret_cast<crypto_hash_sha256_state*>(state_.data()));
}
void Sha256::update(ByteView data) noexcept {
  crypto_hash_sha256_update(reinterpret_cast<crypto_hash_sha256_state*>(state_.data()), data.data(), data.size());
}
std::array<std::uint8_t, kSha256Bytes> Sha256::finish() noexcept {
  std::array<std::uint8_t, kSha256Bytes> out{};
  crypto_hash_sha256_final(reinterpret_cast<crypto_hash_sha256_state*>(state_.data()), out.data());
  return out;
}

std::array<std::uint8_t, 32> hmac_sha256(ByteView key, ByteView message) noexcept {
  crypto_auth_hmacsha256_state state;
  std::array<std::uint8_t, 32> out{};
  crypto_auth_hmacsha256_init(&state, key.data(), key.size());
  crypto_auth_hmacsha256_update(&state, message.data(), message.size());
  crypto_auth_hmacsha256_final(&state, out.data());
  sodium_memzero(&state, sizeof state);
  return out;
}

void hkdf_sha256(ByteView ikm, ByteView salt, std::string_view info, std::span<std::uint8_t> out) noexcept {
  assert(out.size() <= 255 * 32);
  // Extract: PRK = HMAC(salt, IKM); an absent salt is HashLen zero bytes (RFC 5869 §2.2).
  static const std::uint8_t kZeroSalt[32] = {};
  Secret<32> prk;
  {
    auto p = hmac_sha256(salt.empty() ? ByteView(kZeroSalt, 32) : salt, ikm);
    std::memcpy(prk.data(), p.data(), 32);
    sodium_memzero(p.data(), p.size());
  }
  // Expand: T(i) = HMAC(PRK, T(i-1) | info | i).
  std::uint8_t block[32];
  std::size_t done = 0;
  for (std::uint8_t counter = 1; done < out.size(); ++counter) {
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, prk.data(), prk.size());
    if (counter > 1) crypto_auth_hmacsha256_update(&state, block, sizeof block);
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(info.data()), info.size());
    crypto_auth_hmacsha256_update(&state, &counter, 1);
    crypto_auth_hmacsha256_final(&state, block);
    sodium_memzero(&state, sizeof state);
    const std::size_t n = std::min<std::size_t>(32, out.size() - done);
    std::memcpy(out.data() + done, block, n);
    done += n;
  }
  sodium_memzero(block, sizeof block);
}

bool x25519(std::span<const std::uint8_t, 32> scalar, std::span<const std::uint8_t, 32> point,
            std::span<std::uint8_t, 32> out) noexcept {
  // libsodium returns -1 for an all-zero result (a small-order point).
  if (crypto_scalarmult_curve25519(out.data(), scalar.data(), point.data()) != 0) {
    sodium_memzero(out.data(), out.size());
    return false;
  }
  return true;
}

void x25519_base(std::span<const std::uint8_t, 32> scalar, std::span<std::uint8_t, 32> out) noexcept {
  crypto_scalarmult_curve25519_base(out.data(), scalar.data());
}

void chacha20poly1305_seal(std::span<const std::uint8_t, 32> key, std::span<const std::uint8_t, 12> nonce,
                           ByteView plaintext, std::span<std::uint8_t> out) noexcept {
  assert(out.size() == plaintext.size() + kAeadTagBytes);
  crypto_aead_chacha20poly1305_ietf_encrypt(out.data(), nullptr, plaintext.data(), plaintext.size(), nullptr, 0,
                                            nullptr, nonce.data(), key.data());
}

bool chacha20poly1305_open(std::span<const std::uint8_t, 32> key, std::span<const std::uint8_t, 12> nonce,
                           ByteView ciphertext, std::span<std::uint8_t> out) noexcept {
  assert(ciphertext.size() >= kAeadTagBytes && out.size() == ciphertext.size() - kAeadTagBytes);
  // Detached verify-then-decrypt: no byte of `out` is written unless the tag is valid.
  const std::size_t body = ciphertext.size() - kAeadTagBytes;
  if (crypto_aead_chacha20poly1305_ietf_decrypt_detached(out.data(), nullptr, ciphertext.data(), body,
                                                         ciphertext.data() + body, nullptr, 0, nonce.data(),
                                                         key.data()) != 0) {
    sodium_memzero(out.data(), out.size());
    return false;
  }
  return true;
}

void xchacha20poly1305_seal(std::span<const std::uint8_t, 32> key, std::span<const std::uint8_t, 24> nonce,
                            ByteView plaintext, ByteView ad, std::span<std::uint8_t> ciphertext,
                            std::span<std::uint8_t, 16> tag) noexcept {
  assert(ciphertext.size() == plaintext.size());
  crypto_aead_xchacha20poly1305_ietf_encrypt_detached(ciphertext.data(), tag.data(), nullptr, plaintext.data(),
                                                      plaintext.size(), ad.data(), ad.size(), nullptr, nonce.data(),
                                                      key.data());
}

bool xchacha20poly1305_open(std::span<const std::uint8_t, 32> key, std::span<const std::uint8_t, 24> nonce,
                            ByteView ciphertext, ByteView ad, std::span<const std::uint8_t, 16> tag,
                            std::span<std::uint8_t> plaintext) noexcept {
  assert(ciphertext.size() == plaintext.size());
  if (crypto_aead_xchacha20poly1305_ietf_decrypt_detached(plaintext.data(), nullptr, ciphertext.data(),
                                                          ciphertext.size(), tag.data(), ad.data(), ad.size(),
                                                          nonce.data(), key.data()) != 0) {
    sodium_memzero(plaintext.data(), plaintext.size());
    return false;
  }
  return true;
}

bool argon2id(ByteView password, std::span<const std::uint8_t, 16> salt, const Argon2Params& params,
              std::span<std::uint8_t> out) noexcept {
  static_assert(crypto_pwhash_SALTBYTES == 16);
  if (crypto_pwhash(out.data(), out.size(), reinterpret_cast<const char*>(password.data()), password.size(),
                    salt.data(), params.ops, params.mem_bytes, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    sodium_memzero(out.data(), out.size());
    return false;
  }
  return true;
}

Ed25519KeyPair ed25519_from_seed(std::span<const std::uint8_t, 32> seed) noexcept {
  Ed25519KeyPair key;
  crypto_sign_seed_keypair(key.public_key.data(), key.secret_key.data(), seed.data());
  return key;
}

std::array<std::uint8_t, 64> ed25519_sign(const Ed25519KeyPair& key, ByteView message) noexcept {
  std::array<std::uint8_t, 64> signature{};
  crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(), key.secret_key.data());
  return signature;
}

bool ed25519_verify(std::span<const std::uint8_t, 32> public_key, std::span<const std::uint8_t> signature,
                    ByteView message) noexcept {
  return signature.size() == kEd25519SignatureBytes &&
         crypto_sign_verify_detached(signature.data(), message.data(), message.size(), public_key.data()) == 0;
}

bool scrypt(ByteView password, ByteView salt, unsigned log_n, std::span<std::uint8_t> out) noexcept {
  const std::uint64_t n = std::uint64_t{1} << log_n;
  if (crypto_pwhash_scryptsalsa208sha256_ll(password.data(), password.size(), salt.data(), salt.size(), n, 8, 1,
                                            out.data(), out.size()) != 0) {
    sodium_memzero(out.data(), out.size());
    return false;
  }
  return true;
}

std::array<std::uint8_t, 32> blake2b256(ByteView data) noexcept {
  std::array<std::uint8_t, 32> out{};
  crypto_generichash(out.data(), out.size(), data.data(), data.size(), nullptr, 0);
  return out;
}

void blake2b_keyed(ByteView key, std::initializer_list<ByteView> parts, std::span<std::uint8_t> out) noexcept {
  crypto_generichash_state state;
  crypto_generichash_init(&state, key.data(), key.size(), out.size());
  for (ByteView part : parts) crypto_generichash_update(&state, part.data(), part.size());
  crypto_generichash_final(&state, out.data(), out.size());
  sodium_memzero(&state, sizeof state);
}

}  // namespace techo::crypto
