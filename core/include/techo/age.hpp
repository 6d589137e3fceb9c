// age v1 (age-encryption.org/v1): the format of every encrypted file Techo reads or
// writes, so that the stock `age` CLI opens ours and we open its. X25519 and scrypt
// recipients, ASCII armor, and the 64 KiB ChaCha20-Poly1305 STREAM, all streaming:
// memory stays bounded whatever the file size, and plaintext is released only chunk by
// verified chunk.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "techo/crypto.hpp"
#include "techo/result.hpp"

namespace techo::age {

constexpr std::size_t kChunkSize = 64 * 1024;
// scrypt needs 128 * 8 * 2^logN bytes: 2^20 is 1 GiB, about what a wasm32 tab can get.
// Files asking for more are refused as a header failure rather than exhausting memory,
// whatever the caller allows.
constexpr unsigned kMaxScryptLogN = 20;
// The work factor we write: age's own default (256 MiB, about a second).
constexpr unsigned kDefaultScryptLogN = 18;
// The most a decryption computes unless its caller opts in higher: scrypt runs before the
// header MAC can be checked, so any file can ask for it, and wasm memory once grown for
// it is never given back to the tab. age's own default is the most a file we or the stock
// CLI wrote needs.
constexpr unsigned kDefaultMaxScryptLogN = kDefaultScryptLogN;
// The most stanzas a header may hold. Each X25519 stanza costs a scalar multiplication
// per identity before the MAC can be checked, so thousands of non-matching ones would
// stall the tab; real files name a few recipients, and 256 leaves room for large families
// and grease stanzas.
constexpr std::size_t kMaxStanzas = 256;

class X25519Recipient {
 public:
  // "age1..." (bech32, lower case).
  [[nodiscard]] static Result<X25519Recipient> parse(std::string_view text);
  explicit X25519Recipient(const std::array<std::uint8_t, 32>& public_key) : key_(public_key) {}
  std::string to_string() const;
  const std::array<std::uint8_t, 32>& public_key() const noexcept { return key_; }
  friend bool operator==(const X25519Recipient&, const X25519Recipient&) = default;

 private:
  std::array<std::uint8_t, 32> key_;
};

class X25519Identity {
 public:
  [[nodiscard]] static X25519Identity generate();
  // "AGE-SECRET-KEY-1..." (bech32, upper case as age writes it; lower case accepted).
  [[nodiscard]] static Result<X25519Identity> parse(std::string_view text);
  // From the 32 secret bytes, as a vault stores a key it made.
  [[nodiscard]] static X25519Identity from_secret(std::span<const std::uint8_t, 32> secret);
  std::string to_string() const;
  X25519Recipient recipient() const;
  const crypto::Secret<32>& secret() const noexcept { return secret_; }

 private:
  X25519Identity() = default;
  crypto::Secret<32> secret_;
};

// An identity file as age-keygen writes it: one key per line, '#' comments, blank lines.
// Errors name the line.
[[nodiscard]] Result<std::vector<X25519Identity>> parse_identity_file(std::string_view text);

// Receives plaintext (when decrypting) or ciphertext (when encrypting), one piece at a
// time. Returning an error stops the operation with that error.
using Sink = std::function<Status(crypto::ByteView)>;

struct DecryptOptions {
  std::vector<X25519Identity> identities;
  std::optional<crypto::SecretBytes> passphrase;
  // The largest scrypt work factor (log2 N) this decryption will compute; a file asking
  // for more fails with kAgeHeader before any work is done. Raise it (at most
  // kMaxScryptLogN; more is treated as kMaxScryptLogN) only for a file the person trusts.
  unsigned max_scrypt_log_n = kDefaultMaxScryptLogN;
};

// Streaming decryption. Feed the file with push() in pieces of any size, then finish().
// The sink sees plaintext only after its chunk has been authenticated. After an error the
// decryptor stays failed.
class Decryptor {
 public:
  explicit Decryptor(DecryptOptions options);
  ~Decryptor();
  Decryptor(Decryptor&&) noexcept;
  Decryptor& operator=(Decryptor&&) noexcept;

  [[nodiscard]] Status push(crypto::ByteView input, const Sink& sink);
  [[nodiscard]] Status finish(const Sink& sink);

  bool armored() const noexcept;
  std::uint64_t plaintext_bytes() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct EncryptOptions {
  std::vector<X25519Recipient> recipients;    // or
  std::optional<crypto::SecretBytes> passphrase;  // (exactly one of the two kinds)
  unsigned scrypt_log_n = kDefaultScryptLogN;
  bool armor = false;
};

class Encryptor {
 public:
  // Fails when there is no recipient, or a passphrase together with recipients (age
  // requires a passphrase stanza to stand alone).
  [[nodiscard]] static Result<Encryptor> create(EncryptOptions options);
  ~Encryptor();
  Encryptor(Encryptor&&) noexcept;
  Encryptor& operator=(Encryptor&&) noexcept;

  [[nodiscard]] Status push(crypto::ByteView plaintext, const Sink& sink);
  [[nodiscard]] Status finish(const Sink& sink);

 private:
  struct Impl;
  explicit Encryptor(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Whole-buffer conveniences over the streaming classes.
[[nodiscard]] Result<crypto::SecretBytes> decrypt(crypto::ByteView file, DecryptOptions options);
[[nodiscard]] Result<crypto::Bytes> encrypt(crypto::ByteView plaintext, EncryptOptions options);

}  // namespace techo::age
