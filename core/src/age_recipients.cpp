#include "age_recipients.hpp"

#include <charconv>

#include "techo/encoding.hpp"

namespace techo::age::detail {
namespace {

using encoding::Padding;

constexpr std::string_view kX25519Label = "age-encryption.org/v1/X25519";
constexpr std::string_view kScryptLabel = "age-encryption.org/v1/scrypt";
constexpr std::size_t kWrappedKeyBytes = kFileKeyBytes + crypto::kAeadTagBytes;
constexpr std::array<std::uint8_t, 12> kZeroNonce{};

bool is_post_quantum(std::string_view type) {
  return type == "mlkem768x25519" || type.starts_with("mlkem") || type == "pq";
}

void seal_file_key(std::span<const std::uint8_t, 32> wrap_key, const FileKey& file_key, Stanza& stanza) {
  stanza.body.resize(kWrappedKeyBytes);
  crypto::chacha20poly1305_seal(wrap_key, kZeroNonce, file_key.view(), stanza.body);
}

bool open_file_key(std::span<const std::uint8_t, 32> wrap_key, const Stanza& stanza, FileKey& out) {
  return crypto::chacha20poly1305_open(wrap_key, kZeroNonce, stanza.body, out.span());
}

// ---- X25519 ---------------------------------------------------------------------------

struct X25519Stanza {
  std::array<std::uint8_t, 32> share;
};

Result<X25519Stanza> check_x25519(const Stanza& stanza) {
  if (stanza.args.size() != 2) return header_error("an X25519 stanza must have exactly one argument");
  auto share = encoding::base64_decode(stanza.args[1], Padding::kNone);
  if (!share || share->size() != 32) return header_error("an X25519 share is not 32 bytes of canonical base64");
  if (stanza.body.size() != kWrappedKeyBytes) return header_error("an X25519 stanza body is not 32 bytes");
  X25519Stanza out;
  std::copy(share->begin(), share->end(), out.share.begin());
  return out;
}

void x25519_wrap_key(std::span<const std::uint8_t, 32> shared, const std::array<std::uint8_t, 32>& share,
                     const std::array<std::uint8_t, 32>& recipient, crypto::Secret<32>& wrap_key) {
  std::array<std::uint8_t, 64> salt;
  std::copy(share.begin(), share.end(), salt.begin());
  std::copy(recipient.begin(), recipient.end(), salt.begin() + 32);
  crypto::hkdf_sha256(shared, salt, kX25519Label, wrap_key.span());
}

// ---- scrypt ---------------------------------------------------------------------------

struct ScryptStanza {
  std::array<std::uint8_t, 16> salt;
  unsigned log_n;
};

Result<ScryptStanza> check_scrypt(const Stanza& stanza, unsigned max_log_n) {
  if (stanza.args.size() != 3) return header_error("a scrypt stanza must have exactly two arguments");
  auto salt = encoding::base64_decode(stanza.args[1], Padding::kNone);
  if (!salt || salt->size() != 16) return header_error("a scrypt salt is not 16 bytes of canonical base64");
  // The work factor is a decimal without sign or leading zeros.
  const std::string& factor = stanza.args[2];
  unsigned log_n = 0;
  auto [end, ec] = std::from_chars(factor.data(), factor.data() + factor.size(), log_n);
  if (factor.empty() || factor[0] == '0' || ec != std::errc() || end != factor.data() + factor.size() ||
      log_n == 0 || log_n > 63) {
    return header_error("a scrypt work factor is not a decimal number from 1 to 63");
  }
  if (log_n > kMaxScryptLogN) {
    return header_error("the passphrase work factor 2^" + factor + " is more than Techo can compute (at most 2^" +
                        std::to_string(kMaxScryptLogN) + "): opening it would need more memory than a browser tab has");
  }
  if (log_n > max_log_n) {
    return header_error("the passphrase work factor 2^" + factor + " (" + std::to_string((1024ull << log_n) >> 20) +
                        " MiB of memory) is more than allowed for this file (2^" + std::to_string(max_log_n) +
                        "); a file Techo or the age tool wrote needs at most 2^" + std::to_string(kDefaultScryptLogN) +
                        ". If you trust this file, allow more with maxScryptLogN (at most " +
                        std::to_string(kMaxScryptLogN) + ")");
  }
  if (stanza.body.size() != kWrappedKeyBytes) return header_error("a scrypt stanza body is not 32 bytes");
  ScryptStanza out;
  std::copy(salt->begin(), salt->end(), out.salt.begin());
  out.log_n = log_n;
  return out;
}

bool scrypt_wrap_key(crypto::ByteView passphrase, const std::array<std::uint8_t, 16>& salt, unsigned log_n,
                     crypto::Secret<32>& wrap_key) {
  crypto::Bytes full_salt(kScryptLabel.begin(), kScryptLabel.end());
  full_salt.insert(full_salt.end(), salt.begin(), salt.end());
  return crypto::scrypt(passphrase, full_salt, log_n, wrap_key.span());
}

}  // namespace

Stanza wrap_x25519(const X25519Recipient& recipient, const FileKey& file_key) {
  crypto::Secret<32> ephemeral;
  crypto::random_bytes(ephemeral.span());
  std::array<std::uint8_t, 32> share;
  crypto::x25519_base(ephemeral.view(), share);
  crypto::Secret<32> shared;
  // A valid age1 recipient never yields a zero secret; parse() rejects nothing else.
  [[maybe_unused]] bool ok = crypto::x25519(ephemeral.view(), recipient.public_key(), shared.span());
  crypto::Secret<32> wrap_key;
  x25519_wrap_key(shared.view(), share, recipient.public_key(), wrap_key);
  Stanza stanza;
  stanza.args = {"X25519", encoding::base64_encode(share, Padding::kNone)};
  seal_file_key(wrap_key.view(), file_key, stanza);
  return stanza;
}

Stanza wrap_scrypt(crypto::ByteView passphrase, unsigned log_n, const FileKey& file_key) {
  std::array<std::uint8_t, 16> salt;
  crypto::random_bytes(salt);
  crypto::Secret<32> wrap_key;
  [[maybe_unused]] bool ok = scrypt_wrap_key(passphrase, salt, log_n, wrap_key);
  Stanza stanza;
  stanza.args = {"scrypt", encoding::base64_encode(salt, Padding::kNone), std::to_string(log_n)};
  seal_file_key(wrap_key.view(), file_key, stanza);
  return stanza;
}

Result<FileKey> unwrap_file_key(const Header& header, const DecryptOptions& options) {
  bool has_scrypt = false, has_x25519 = false, has_post_quantum = false;
  for (const auto& stanza : header.stanzas) {
    const std::string& type = stanza.args[0];
    if (type == "scrypt") has_scrypt = true;
    if (type == "X25519") has_x25519 = true;
    if (is_post_quantum(type)) has_post_quantum = true;
  }
  // A passphrase stanza must stand alone, or a key holder could make a passphrase file
  // look like it came from the passphrase's owner.
  if (has_scrypt && header.stanzas.size() != 1) return header_error("a scrypt stanza must be the only stanza");

  FileKey file_key;
  for (const auto& stanza : header.stanzas) {
    const std::string& type = stanza.args[0];
    if (type == "X25519") {
      auto parsed = check_x25519(stanza);
      if (!parsed) return std::move(parsed).error();
      for (const auto& identity : options.identities) {
        crypto::Secret<32> shared;
        if (!crypto::x25519(identity.secret().view(), parsed->share, shared.span())) {
          return header_error("an X25519 share is a low-order point");
        }
        crypto::Secret<32> wrap_key;
        x25519_wrap_key(shared.view(), parsed->share, identity.recipient().public_key(), wrap_key);
        if (open_file_key(wrap_key.view(), stanza, file_key)) return file_key;
      }
    } else if (type == "scrypt") {
      auto parsed = check_scrypt(stanza, options.max_scrypt_log_n);
      if (!parsed) return std::move(parsed).error();
      if (!options.passphrase) continue;
      crypto::Secret<32> wrap_key;
      if (!scrypt_wrap_key(options.passphrase->view(), parsed->salt, parsed->log_n, wrap_key)) {
        return Error{ErrorCode::kAgeHeader, "not enough memory for the passphrase work factor", "header"};
      }
      if (open_file_key(wrap_key.view(), stanza, file_key)) return file_key;
    }
  }

  if (has_scrypt) {
    return Error{ErrorCode::kAgeNoMatch,
                 options.passphrase ? "wrong passphrase" : "this file is protected by a passphrase; enter it to open the file",
                 "header"};
  }
  if (has_post_quantum && !has_x25519) {
    return Error{ErrorCode::kUnsupported,
                 "unsupported recipient type: this file was encrypted to a post-quantum key (mlkem768x25519), "
                 "which this version of Techo cannot open",
                 "header"};
  }
  if (options.identities.empty()) {
    return Error{ErrorCode::kAgeNoMatch, "this file was encrypted to a key; choose or paste your identity (AGE-SECRET-KEY-1…)",
                 "header"};
  }
  return Error{ErrorCode::kAgeNoMatch, "this file was encrypted for a different key", "header"};
}

}  // namespace techo::age::detail
