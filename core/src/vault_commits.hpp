// Which version of every page belongs to the vault's last commit, private to core.
//
// Each page's authentication tag proves the page came from this vault at this position,
// but not from this *version*: a page, a journal or a header slot kept from an older
// state would authenticate too, and records would silently revert. So the header's
// authenticated commit record holds the number of pages and a root (BLAKE2b-256) over
// all their tags, and this ledger keeps the tags of the current state in memory:
//   - at open, the tags on disk must match the header's root (VAULT_CORRUPT otherwise);
//   - every page read must carry the tag the ledger expects;
//   - every commit writes a new header generation with the new root, in two steps that
//     bracket SQLite's own commit point (the journal's deletion):
//       1. after the pages are synced: "pending", with the root of the new pages and the
//          base (generation and root) of the state the journal restores;
//       2. after the journal is gone: "committed".
//     A hot journal is accepted only if it is bound (in its blocks' associated data) to
//     the generation the header says a journal may come from; after SQLite plays it back
//     the pages must match that base root exactly. This works because page nonces are
//     derived from the page's number and content (vault_vfs.cpp), so a page restored to
//     the same content gets the same tag.
// Whole-file rollback (every byte from an older copy) is consistent and cannot be seen
// from inside the file; the generation lets the app remember the newest one it saw.
//
// The header also carries the disclosure log's head (AuditHead) as of its commit. The log
// stages the head of what a transaction appended (stage_audit_head); the pending header
// carries it, with the base's head beside the base. When the journal goes, the
// transaction is over either way: if the pages are the base's (a rollback played the
// journal back), the base's head is the one written; otherwise the staged one is. A
// transaction that rolled back before its pages reached the file leaves no header at
// all, and the staged head is dropped then too. So no header names entries whose pages
// were not committed.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vault_header.hpp"
#include "vault_vfs.hpp"

struct sqlite3_file;

namespace techo::detail {

using PageTag = std::array<std::uint8_t, 16>;

class CommitLedger {
 public:
  CommitLedger(VaultHeader header, HeaderKey key, FaultPlan* faults);

  // The main database file as SQLite opens it (the VFS's own handle, held until close):
  // reads every page's tag and checks them against the header, or, when `hot_journal`,
  // defers the check until the journal has been played back. SQLite result code.
  [[nodiscard]] int attach(sqlite3_file* file, bool hot_journal);
  void detach() noexcept { file_ = nullptr; }

  // Whether `tag` is the one the current state has at page `pgno` (1-based).
  [[nodiscard]] bool expects(std::uint32_t pgno, const std::uint8_t* tag) const noexcept;
  // Pages the ledger knows (the database's size in pages).
  std::uint64_t pages() const noexcept { return tags_.size() / 16; }
  void written(std::uint32_t pgno, const std::uint8_t* tag);
  void truncated(std::uint64_t pages);

  // SQLite opens the journal to write a new transaction into it while a journal the VFS
  // took as hot is still expected to be played back: SQLite judged it not hot (a crash
  // before its header was written leaves a first byte of zero) and played nothing back.
  // The pages are then the header's commit, as with no journal. True when so: the stale
  // journal's bytes are to be discarded before the new one is written.
  [[nodiscard]] bool journal_reused();

  // SQLite synced the database file / deleted its journal: the two header writes.
  [[nodiscard]] int database_synced();
  [[nodiscard]] int journal_deleted();

  // The generation the current journal is bound to (its blocks' associated data).
  std::uint64_t journal_generation() const noexcept { return committed_generation_; }

  // Writes `fields` (new key wraps: a passphrase change) into both slots, so no slot is
  // left holding the old ones. The commit record stays the ledger's.
  [[nodiscard]] Status rewrite_header(VaultHeader fields);

  const VaultHeader& header() const noexcept { return header_; }

  // The disclosure log's head after what the open transaction appended, written with its
  // commit; dropped if it rolls back. Only inside a write transaction.
  void stage_audit_head(const AuditHead& head) noexcept { staged_audit_ = head; }
  // The head as of the last commit (what the header holds), or as staged by the open
  // transaction: where the next entry continues the chain.
  const AuditHead& audit_head() const noexcept { return staged_audit_ ? *staged_audit_ : committed_audit_; }
  const AuditHead& committed_audit_head() const noexcept { return committed_audit_; }
  // Set when the pages do not belong to the header's commit: every read then fails.
  const std::optional<std::string>& problem() const noexcept { return problem_; }

  // The commit record of an empty vault (no pages): what a new header starts with.
  static CommitRecord empty();

 private:
  CommitRecord current() const;
  // Writes the next header generation. `pages` is the commit record of the pages as they
  // are, when the caller already has it; otherwise it is hashed from the tags here.
  // `audit`: the log head a committed header names (a pending one takes the staged head,
  // and the committed one as its base's).
  int write_next(bool pending, std::optional<CommitRecord> pages = std::nullopt,
                 std::optional<AuditHead> audit = std::nullopt);

  VaultHeader header_;
  HeaderKey key_;
  FaultPlan* faults_ = nullptr;
  sqlite3_file* file_ = nullptr;
  std::vector<std::uint8_t> tags_;  // 16 bytes per page, page 1 first
  bool dirty_ = false;              // pages changed since the last header write
  CommitRecord committed_;          // the state a journal written now would restore
  std::uint64_t committed_generation_ = 0;
  std::optional<CommitRecord> expect_after_playback_;
  AuditHead committed_audit_;                // the log head of committed_
  std::optional<AuditHead> staged_audit_;    // set by the open transaction's appends
  std::optional<std::string> problem_;
};

}  // namespace techo::detail
