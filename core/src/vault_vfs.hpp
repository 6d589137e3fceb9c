// The vault's encrypting VFS, private to core: a shim over SQLite's default VFS that
// encrypts every page of the database file and every byte of its rollback journal with
// XChaCha20-Poly1305, so nothing readable ever reaches storage (disk, or MEMFS/IndexedDB
// in a browser).
//
// Database file layout:
//   [0, 4096)            the vault header (key slots; see vault_header.hpp), not a page
//   4096 + (n-1) * 4096  page n: 4056 bytes of ciphertext, then the 24-byte nonce and the
//                        16-byte tag in the page's reserved bytes (SQLite keeps 40 bytes
//                        free at the end of each page for us)
// The associated data binds the vault id and the page number, so pages cannot be swapped
// between positions or vaults. A page's nonce is derived from its number and content
// (keyed BLAKE2b), so the same content at the same place always encrypts the same way:
// a page a journal restores gets back the very tag it had, which is what lets the commit
// ledger (vault_commits.hpp) check that the pages are those of the last commit. A page
// that fails authentication, or carries a tag the ledger does not expect, reads as
// SQLITE_IOERR_DATA, which the vault reports as VAULT_CORRUPT: never wrong data.
//
// Journal layout: blocks of 4096 plaintext bytes, each stored as nonce(24) ||
// ciphertext(u32 length || 4096 bytes) || tag(16); the associated data binds the vault id,
// the block index and the generation of the commit the journal restores, so a journal
// from another version of the vault does not decrypt. Journal writes are not
// page-aligned, so blocks are read, patched and rewritten as needed.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <string>

#include "techo/crypto.hpp"
#include "techo/result.hpp"

struct sqlite3_vfs;

namespace techo::detail {

constexpr int kVaultPageSize = 4096;
constexpr int kVaultReservedBytes = 40;  // nonce + tag
constexpr std::size_t kVaultHeaderRegion = 4096;

struct VaultKeys {
  std::array<std::uint8_t, 16> vault_id{};
  crypto::Secret<32> page_key;
  crypto::Secret<32> nonce_key;
  crypto::Secret<32> journal_key;
};

class CommitLedger;

// Simulates a crash for the reliability tests: the Nth mutating operation (write, sync,
// truncate or delete; counted from 1 across all files) fails, and so does every one after
// it, as if the process had died at that instant. Nothing is written once tripped.
struct FaultPlan {
  int fail_at = 0;  // 0: never
  int seen = 0;
  bool tripped() const { return fail_at > 0 && seen >= fail_at; }
  bool next() {  // true: this operation must fail
    ++seen;
    return tripped();
  }
};

class EncryptedVfs {
 public:
  // Registers a uniquely named VFS holding these keys; SQLite opens the vault (one main
  // database file) through it, and `ledger` keeps that file's commits.
  [[nodiscard]] static Result<std::unique_ptr<EncryptedVfs>> create(VaultKeys keys, std::unique_ptr<CommitLedger> ledger,
                                                                    FaultPlan* faults = nullptr);
  ~EncryptedVfs();  // unregisters and wipes the keys; every connection must be closed first
  EncryptedVfs(const EncryptedVfs&) = delete;
  EncryptedVfs& operator=(const EncryptedVfs&) = delete;

  const char* name() const noexcept { return name_.c_str(); }
  // Pages decrypted since registration: how much reading work the encryption did.
  std::uint64_t pages_decrypted() const noexcept;
  CommitLedger& ledger() noexcept;
  const CommitLedger& ledger() const noexcept;

  struct State;  // the C callbacks' view; defined in the .cpp

 private:
  EncryptedVfs() = default;
  std::unique_ptr<State> state_;
  std::string name_;
};

}  // namespace techo::detail
