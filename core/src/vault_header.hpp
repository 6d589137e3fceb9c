// The vault header: the first 4096 bytes of the vault file, readable before unlocking.
// It holds no secret in the clear: the vault id, the Argon2id parameters and salt, and the
// data key (DEK) wrapped twice, by the passphrase's key (KEK) and by the recovery key
// (an age X25519 identity). Changing the passphrase rewrites only this header.
//
// Two slots of 2048 bytes, each: "TECHOVLT" | u64 generation | u32 length | JSON |
// SHA-256(generation || length || JSON). A write goes to the older slot and is synced
// before it counts, so a torn header write leaves the other slot intact; readers take the
// valid slot with the highest generation. Private to core.
#pragma once

#include <array>
#include <string>

#include "techo/age.hpp"
#include "techo/crypto.hpp"
#include "techo/result.hpp"
#include "vault_vfs.hpp"

struct sqlite3_vfs;

namespace techo::detail {

struct VaultHeader {
  std::array<std::uint8_t, 16> vault_id{};
  std::uint64_t generation = 0;
  crypto::Argon2Params kdf;
  std::array<std::uint8_t, 16> salt{};
  crypto::Bytes dek_by_passphrase;  // nonce(24) || ciphertext(32) || tag(16)
  std::string recovery_recipient;   // age1…
  crypto::Bytes dek_by_recovery;    // an age file to the recovery recipient
  std::string created_at;
};

using DataKey = crypto::Secret<32>;

// Reads the newer valid slot. VAULT_CORRUPT when neither slot is valid, NOT_FOUND-like
// INVALID_ARGUMENT when the file does not exist.
[[nodiscard]] Result<VaultHeader> read_vault_header(const std::string& path);
// Writes `header` (its generation decides the slot) and syncs it.
[[nodiscard]] Status write_vault_header(const std::string& path, const VaultHeader& header);

// Key hierarchy.
[[nodiscard]] Result<DataKey> unwrap_with_passphrase(const VaultHeader& header, std::string_view passphrase);
[[nodiscard]] Result<DataKey> unwrap_with_recovery(const VaultHeader& header, std::string_view recovery_identity);
[[nodiscard]] Status wrap_with_passphrase(VaultHeader& header, const DataKey& dek, std::string_view passphrase);
void wrap_with_recovery(VaultHeader& header, const DataKey& dek, const age::X25519Recipient& recipient);

// The page and journal keys, derived from the DEK (HKDF), so the DEK itself never
// encrypts data.
VaultKeys derive_vault_keys(const VaultHeader& header, const DataKey& dek);

}  // namespace techo::detail
