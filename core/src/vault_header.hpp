// The vault header: the first 4096 bytes of the vault file, readable before unlocking.
// It holds no secret in the clear: the vault id, the Argon2id parameters and salt, the
// data key (DEK) wrapped twice, by the passphrase's key (KEK) and by the recovery key (an
// age X25519 identity), and the commit record: how many pages the last commit left, a
// root over their authentication tags (see vault_commits.hpp) and the disclosure log's
// head as of that commit ("commit.auditLog": {entries, head, checkpoint}).
//
// Two slots of 2048 bytes, each:
//   "TECHOVLT" | u64 generation | u32 length | JSON | SHA-256(generation || length || JSON)
//   | HMAC-SHA256(header key, generation || length || JSON)
// The SHA-256 only tells a torn write from a whole one, so a slot can be chosen before
// unlocking: readers take the whole slot with the highest generation. The HMAC, under a
// key derived from the DEK, is checked right after unlocking: whoever can write the file
// but does not hold the key cannot change a single field (the recovery recipient that
// backups are encrypted to, the commit root, the generation). The Argon2id parameters
// are also bound into the passphrase wrap, and capped, so forged costs cannot hang an
// unlock. A write goes to the slot its generation names (generation % 2) and is synced
// before it counts. Private to core.
#pragma once

#include <array>
#include <optional>
#include <string>

#include "techo/age.hpp"
#include "techo/crypto.hpp"
#include "techo/result.hpp"
#include "vault_vfs.hpp"

struct sqlite3_file;

namespace techo::detail {

// Argon2id costs a vault may carry: below the minimum a stolen file falls to guessing;
// above the maximum an unlock (forged or not) would take many seconds and keep the wasm
// memory it grew. Minimum: OWASP's floor for Argon2id (19 MiB, 2 passes); maximum: 8
// passes over 256 MiB (about 2 s in wasm).
inline constexpr unsigned long long kMinKdfOps = 2;
inline constexpr std::size_t kMinKdfMemBytes = 19u << 20;
inline constexpr unsigned long long kMaxKdfOps = 8;
inline constexpr std::size_t kMaxKdfMemBytes = 256u << 20;
[[nodiscard]] bool kdf_in_range(const crypto::Argon2Params& kdf) noexcept;

// The pages of one state of the vault: their number and a digest of their tags.
struct CommitRecord {
  std::uint64_t pages = 0;
  std::array<std::uint8_t, 32> root{};
  friend bool operator==(const CommitRecord&, const CommitRecord&) = default;
};

// The disclosure log's head as of a commit (vault_audit_log.hpp), bound into the header so
// that a log cut short, or rewritten, by someone who can write the database is seen.
struct AuditHead {
  std::uint64_t entries = 0;             // seq of the newest entry (entries count from 1)
  std::array<std::uint8_t, 32> head{};   // its entry hash; zeros while the log is empty
  std::uint64_t checkpoint = 0;          // seq of the newest signed checkpoint; 0: none yet
  friend bool operator==(const AuditHead&, const AuditHead&) = default;
};

struct VaultHeader {
  int format = 2;  // 1: the legacy header, which had no MAC and no commit record
  std::array<std::uint8_t, 16> vault_id{};
  std::uint64_t generation = 0;
  crypto::Argon2Params kdf;
  std::array<std::uint8_t, 16> salt{};
  crypto::Bytes dek_by_passphrase;  // nonce(24) || ciphertext(32) || tag(16)
  int wrap_format = 2;              // 1: the legacy wrap, whose associated data has no kdf
  std::string recovery_recipient;   // age1…
  crypto::Bytes dek_by_recovery;    // an age file to the recovery recipient
  std::string created_at;

  // The pages as of this header. `pending`: written after a commit's pages were synced
  // and before its journal went away, so a hot journal bound to `base_generation` may
  // still exist and, played back, restores `base`.
  CommitRecord commit;
  bool pending = false;
  CommitRecord base;
  std::uint64_t base_generation = 0;
  // The log's head with `commit`, and with `base` when pending. Headers written before
  // the log existed have none: an empty log, which is what those vaults hold.
  AuditHead audit;
  AuditHead base_audit;

  // As read: the bytes the MAC covers and the MAC found.
  std::string authenticated;
  std::array<std::uint8_t, 32> mac{};
};

using DataKey = crypto::Secret<32>;
using HeaderKey = crypto::Secret<32>;

// Reads the newer whole slot. VAULT_CORRUPT when neither slot is whole, or when it
// carries key-derivation costs outside the accepted range; INVALID_ARGUMENT when the file
// does not exist or is not a vault.
[[nodiscard]] Result<VaultHeader> read_vault_header(const std::string& path);
// The MAC check, once the DEK is known: VAULT_CORRUPT when any field was changed.
[[nodiscard]] Status check_header_mac(const VaultHeader& header, const HeaderKey& key);

// Writes `header` into the slot its generation names, with its MAC, and syncs it: through
// an open file of the vault (the VFS's own handle), or by path before the vault is open.
// SQLite result codes / Status.
[[nodiscard]] int write_header_slot(sqlite3_file* file, const VaultHeader& header, const HeaderKey& key,
                                    FaultPlan* faults);
[[nodiscard]] Status write_vault_header(const std::string& path, const VaultHeader& header, const HeaderKey& key);

// Key hierarchy.
[[nodiscard]] Result<DataKey> unwrap_with_passphrase(const VaultHeader& header, std::string_view passphrase);
[[nodiscard]] Result<DataKey> unwrap_with_recovery(const VaultHeader& header, std::string_view recovery_identity);
[[nodiscard]] Status wrap_with_passphrase(VaultHeader& header, const DataKey& dek, std::string_view passphrase);
void wrap_with_recovery(VaultHeader& header, const DataKey& dek, const age::X25519Recipient& recipient);

// The keys derived from the DEK (HKDF), so the DEK itself never encrypts or authenticates
// anything: page, page-nonce and journal keys for the VFS, and the header's MAC key.
VaultKeys derive_vault_keys(const VaultHeader& header, const DataKey& dek);
HeaderKey derive_header_key(const VaultHeader& header, const DataKey& dek);

}  // namespace techo::detail
