// The disclosure log: what was done with the person's record (unlocks, failed unlocks,
// imports, exports, backups, restores, grants, revocations, packages, hand-overs), kept
// append-only and tamper-evident. Private to core; Vault::audit_log and
// Vault::verify_audit_log read it, every job that discloses or changes the record appends
// to it inside its own transaction.
//
// An entry (table audit_log, schema 11):
//   seq        its place, from 1, one more than the entry before it
//   at         when (UTC, "2026-05-01T09:30:00.123Z"); a failed unlock keeps its own time
//   action     "unlock", "unlock_failed", "create", "import" (records or lifelog: detail
//              "kind"), "export", "backup", "restore", "passphrase_change", and from the
//              consent work "grant", "revoke", "package", "hand_over", "research_opt_out"
//   person     whose record (a profile id), 0 for the whole vault
//   grant_id   the consent grant (consent_grants.id), NULL for none (0 in the hash)
//   detail     a JSON object a person can read, stored in its RFC 8785 canonical form
//   prev_hash  the previous entry's entry_hash; 32 zero bytes for the first
//   entry_hash BLAKE2b-256 of the RFC 8785 canonical JSON of
//                {"seq", "at", "action", "person", "grantId", "detail", "prev"}
//              with prev the previous entry hash in lowercase hex (64 zeros for the first).
// So an entry cannot be edited, removed or moved without breaking the chain after it.
//
// Checkpoints (audit_checkpoints): the head {seq, entry_hash} signed with the account
// holder's Ed25519 key (ProfileKeyring, the person whose relationship is "self") over the
// canonical JSON {"type": "techo-audit-checkpoint/v1", "vaultId", "seq", "head",
// "signedAt", "keyId"} (head in hex). Written at every unlock and every kCheckpointEvery
// entries, in encrypted vaults once an account holder exists (before that the log is
// "unsigned so far": no keys to sign with). A checkpoint handed to someone outside the
// vault (a grantee, a second device) lets them tell later that the log before it was
// rewritten, which nothing inside the file can prove to someone who holds its key.
//
// Bound into the header: each commit's authenticated header names the log's head as of
// that commit (AuditHead: entries, head hash, newest checkpoint; vault_commits.hpp), and
// only append_audit moves it. So rows deleted from the end, or rewritten, or added by
// anyone writing the database directly disagree with the header. In an encrypted vault
// the next entry continues from the header's head, not from the newest row, so a cut
// followed by new entries still shows as a gap. Unencrypted vaults (":memory:") are
// hash-chained but have neither header nor keys: verify reports bound = false, and a cut
// of the newest entries cannot be seen there.
//
// What each layer stops: the triggers stop the app's own code and SQL mistakes; the chain
// and the header stop anyone who can run SQL on the open vault but cannot write the
// header (which needs the data key); someone holding the data key can rewrite all of it,
// and only checkpoints kept outside the vault (signed, so not forgeable afterwards by
// anyone who lacks the signing key at that time) show that.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "techo/result.hpp"
#include "techo/vault.hpp"
#include "vault_connection.hpp"

namespace techo::detail {

struct AuditEvent {
  std::string action;        // "unlock", "unlock_failed", "import", "export", "backup", "restore", "grant", "revoke", "package", "hand_over", "research_opt_out", ...
  std::int64_t person = 0;   // whose record, 0 when vault-wide
  std::int64_t grant_id = 0; // consent_grants.id, 0 when none
  nlohmann::json detail = nlohmann::json::object();  // what a person reads: e.g. {"grantee": "...", "resources": 12, "categories": [...]}
};

// A checkpoint is signed every this many entries (and at every unlock).
inline constexpr std::int64_t kCheckpointEvery = 256;

// Appends inside the caller's open transaction (call it within sqlite::in_transaction so
// the event commits with the work it records, or not at all). INTERNAL when no
// transaction is open (a misuse); INVALID_ARGUMENT when the action is empty or the detail
// is not a JSON object of I-JSON values.
[[nodiscard]] Status append_audit(VaultConnection& connection, const AuditEvent& event);
// The same with the time the event happened (a failed unlock, logged at the next unlock).
[[nodiscard]] Status append_audit_at(VaultConnection& connection, const AuditEvent& event, const std::string& at);

// Signs a checkpoint of the current head unless it has one, inside the caller's
// transaction. Nothing to do in an unencrypted vault, with an empty log, or while the
// vault has no account holder.
[[nodiscard]] Status checkpoint_audit(VaultConnection& connection);

// Now, as entries record it: UTC with milliseconds.
std::string audit_now();

// The entries newest first: `limit` of them with seq below `before` (0: from the newest).
[[nodiscard]] Result<Vault::AuditPage> audit_page(VaultConnection& connection, int limit, std::int64_t before);

// Every entry and checkpoint checked against the chain, the signatures and the header.
[[nodiscard]] Result<Vault::AuditVerification> verify_audit(VaultConnection& connection);

}  // namespace techo::detail
