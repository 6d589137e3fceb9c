// libsodium wrappers: the primitives age and the vault are built from. Outputs are zeroed
// when an operation fails, and secrets live in SecretBytes, which wipes itself.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace techo::crypto {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Must succeed once before any other call; safe to call again. False only when libsodium
// cannot find a random source (then nothing here is safe to use).
[[nodiscard]] bool init() noexcept;

// A fixed-size secret that is wiped when it goes away or is moved from.
template <std::size_t N>
class Secret {
 public:
  Secret() = default;
  ~Secret() { wipe(); }
  Secret(const Secret& other) = default;
  Secret& operator=(const Secret& other) = default;
  Secret(Secret&& other) noexcept : bytes_(other.bytes_) { other.wipe(); }
  Secret& operator=(Secret&& other) noexcept {
    bytes_ = other.bytes_;
    other.wipe();
    return *this;
  }
  std::uint8_t* data() noexcept { return bytes_.data(); }
  const std::uint8_t* data() const noexcept { return bytes_.data(); }
  static constexpr std::size_t size() noexcept { return N; }
  std::span<const std::uint8_t, N> view() const noexcept { return bytes_; }
  std::span<std::uint8_t, N> span() noexcept { return bytes_; }
  void wipe() noexcept;

 private:
  std::array<std::uint8_t, N> bytes_{};
};

void wipe(void* data, std::size_t size) noexcept;
template <std::size_t N>
void Secret<N>::wipe() noexcept { crypto::wipe(bytes_.data(), N); }

// A byte string that is wiped when it goes away (passphrases, decrypted chunks).
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::size_t size) : bytes_(size) {}
  SecretBytes(ByteView bytes) : bytes_(bytes.begin(), bytes.end()) {}  // NOLINT
  ~SecretBytes() { clear(); }
  SecretBytes(const SecretBytes&) = default;
  SecretBytes& operator=(const SecretBytes&) = default;
  SecretBytes(SecretBytes&& other) noexcept : bytes_(std::move(other.bytes_)) { other.bytes_.clear(); }
  SecretBytes& operator=(SecretBytes&& other) noexcept {
    clear();
    bytes_ = std::move(other.bytes_);
    other.bytes_.clear();
    return *this;
  }
  std::uint8_t* data() noexcept { return bytes_.data(); }
  const std::uint8_t* data() const noexcept { return bytes_.data(); }
  std::size_t size() const noexcept { return bytes_.size(); }
  bool empty() const noexcept { return bytes_.empty(); }
  ByteView view() const noexcept { return bytes_; }
  void clear() noexcept {
    wipe(bytes_.data(), bytes_.size());
    bytes_.clear();
  }
  // Appends without leaving an unwiped copy behind when the storage has to grow.
  void append(ByteView more);

 private:
  Bytes bytes_;
};

inline ByteView as_bytes(std::string_view text) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

void random_bytes(std::span<std::uint8_t> out) noexcept;
[[nodiscard]] bool constant_time_equal(ByteView a, ByteView b) noexcept;

// ---- hashes and MACs ---------------------------------------------------------------
// BLAKE2b-256 (libsodium's generic hash): an identity hash where no standard demands
// SHA-256 — three to four times faster in wasm, which matters for hashing every resource.
std::array<std::uint8_t, 32> blake2b256(ByteView data) noexcept;
// Keyed BLAKE2b over the concatenation of `parts`; `key` 16..64 bytes, `out` 16..64 bytes.
void blake2b_keyed(ByteView key, std::initializer_list<ByteView> parts, std::span<std::uint8_t> out) noexcept;

constexpr std::size_t kSha256Bytes = 32;
std::array<std::uint8_t, kSha256Bytes> sha256(ByteView data) noexcept;

// Incremental SHA-256, for content hashes of streamed data.
class Sha256 {
 public:
  Sha256() noexcept;
  void update(ByteView data) noexcept;
  std::array<std::uint8_t, kSha256Bytes> finish() noexcept;

 private:
  alignas(16) std::array<std::uint8_t, 128> state_{};  // crypto_hash_sha256_state (104 bytes)
};

std::array<std::uint8_t, 32> hmac_sha256(ByteView key, ByteView message) noexcept;

// HKDF-SHA256 (RFC 5869), extract then expand, built on libsodium's HMAC-SHA256 (1.0.18
// has no HKDF of its own). `out` may be at most 255 * 32 bytes.
void hkdf_sha256(ByteView ikm, ByteView salt, std::string_view info, std::span<std::uint8_t> out) noexcept;

// ---- key agreement -------------------------------------------------------------------
constexpr std::size_t kX25519Bytes = 32;
// X25519(scalar, point). False (and `out` zeroed) when the result is all zeros, i.e. the
// point has small order: the age spec requires rejecting that.
[[nodiscard]] bool x25519(std::span<const std::uint8_t, 32> scalar, std::span<const std::uint8_t, 32> point,
                          std::span<std::uint8_t, 32> out) noexcept;
void x25519_base(std::span<const std::uint8_t, 32> scalar, std::span<std::uint8_t, 32> out) noexcept;

// ---- AEAD: ChaCha20-Poly1305 (IETF, 12-byte nonce), as age uses it --------------------
constexpr std::size_t kAeadKeyBytes = 32;
constexpr std::size_t kAeadNonceBytes = 12;
constexpr std::size_t kAeadTagBytes = 16;

// out.size() must be plaintext.size() + 16.
void chacha20poly1305_seal(std::span<const std::uint8_t, 32> key, std::span<const std::uint8_t, 12> nonce,
                           ByteView plaintext, std::span<std::uint8_t> out) noexcept;
// out.size() must be ciphertext.size() - 16. False (and `out` zeroed) when the tag fails.
[[nodiscard]] bool chacha20poly1305_open(std::span<const std::uint8_t, 32> key,
                                         std::span<const std::uint8_t, 12> nonce, ByteView ciphertext,
                                         std::span<std::uint8_t> out) noexcept;

// ---- AEAD: XChaCha20-Poly1305 (24-byte random nonces), for the vault's pages and keys ----
constexpr std::size_t kXNonceBytes = 24;
// Detached form: ciphertext in place of the plaintext, tag separately.
void xchacha20poly1305_seal(std::span<const std::uint8_t, 32> key, std::span<const std::uint8_t, 24> nonce,
                            ByteView plaintext, ByteView ad, std::span<std::uint8_t> ciphertext,
                            std::span<std::uint8_t, 16> tag) noexcept;
// False (and `plaintext` zeroed) when the tag does not verify.
[[nodiscard]] bool xchacha20poly1305_open(std::span<const std::uint8_t, 32> key, std::span<const std::uint8_t, 24> nonce,
                                          ByteView ciphertext, ByteView ad, std::span<const std::uint8_t, 16> tag,
                                          std::span<std::uint8_t> plaintext) noexcept;

// ---- password-based key derivation: Argon2id ------------------------------------------
struct Argon2Params {
  unsigned long long ops = 3;
  std::size_t mem_bytes = 64u << 20;
};
// False when the parameters are out of libsodium's range or memory runs out.
[[nodiscard]] bool argon2id(ByteView password, std::span<const std::uint8_t, 16> salt, const Argon2Params& params,
                            std::span<std::uint8_t> out) noexcept;

// ---- signatures: Ed25519 ---------------------------------------------------------------
constexpr std::size_t kEd25519PublicKeyBytes = 32;
constexpr std::size_t kEd25519SignatureBytes = 64;
struct Ed25519KeyPair {
  std::array<std::uint8_t, 32> public_key{};
  Secret<64> secret_key;  // libsodium's form: seed || public key
};
// From a 32-byte seed, so that a key can be stored as its seed.
Ed25519KeyPair ed25519_from_seed(std::span<const std::uint8_t, 32> seed) noexcept;
std::array<std::uint8_t, 64> ed25519_sign(const Ed25519KeyPair& key, ByteView message) noexcept;
[[nodiscard]] bool ed25519_verify(std::span<const std::uint8_t, 32> public_key, std::span<const std::uint8_t> signature,
                                  ByteView message) noexcept;

// ---- password hashing ----------------------------------------------------------------
// scrypt with r = 8, p = 1 and N = 2^log_n, as age uses it. False when memory runs out.
[[nodiscard]] bool scrypt(ByteView password, ByteView salt, unsigned log_n, std::span<std::uint8_t> out) noexcept;

}  // namespace techo::crypto
