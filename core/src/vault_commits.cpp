#include "vault_commits.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>

namespace techo::detail {
namespace {

// Where a page's tag sits in the file: after its ciphertext and nonce (vault_vfs.hpp).
constexpr sqlite3_int64 kTagInPage = kVaultPageSize - 16;
// Pages read at once when the tags are loaded at open: 64 KiB, which stays in the CPU's
// cache between the read and the copying out of the tags.
constexpr std::uint64_t kPagesPerRead = 16;

CommitRecord record_of(const std::vector<std::uint8_t>& tags) {
  CommitRecord r;
  r.pages = tags.size() / 16;
  std::uint8_t count[8];
  for (int i = 0; i < 8; ++i) count[i] = static_cast<std::uint8_t>(r.pages >> (8 * i));
  // Unkeyed: the root is only ever compared with the one in the MAC'd header.
  std::vector<std::uint8_t> all(count, count + 8);
  all.insert(all.end(), tags.begin(), tags.end());
  r.root = crypto::blake2b256(all);
  return r;
}

}  // namespace

CommitLedger::CommitLedger(VaultHeader header, HeaderKey key, FaultPlan* faults)
    : header_(std::move(header)), key_(std::move(key)), faults_(faults) {}

CommitRecord CommitLedger::empty() { return record_of({}); }

CommitRecord CommitLedger::current() const { return record_of(tags_); }

int CommitLedger::attach(sqlite3_file* file, bool hot_journal) {
  file_ = file;
  sqlite3_int64 size = 0;
  if (int rc = file->pMethods->xFileSize(file, &size); rc != SQLITE_OK) return rc;
  const sqlite3_int64 data = std::max<sqlite3_int64>(0, size - static_cast<sqlite3_int64>(kVaultHeaderRegion));
  const auto pages = static_cast<std::uint64_t>(data / kVaultPageSize);
  tags_.assign(pages * 16, 0);
  // One pass over the file in large reads, taking each page's tag from the buffer: a
  // read of 16 bytes per page cost one system call per page at every unlock.
  std::unique_ptr<std::uint8_t[]> chunk(new std::uint8_t[kPagesPerRead * kVaultPageSize]);  // not zeroed: read into
  for (std::uint64_t first = 0; first < pages; first += kPagesPerRead) {
    const std::uint64_t count = std::min<std::uint64_t>(pages - first, kPagesPerRead);
    const sqlite3_int64 at = static_cast<sqlite3_int64>(kVaultHeaderRegion) + static_cast<sqlite3_int64>(first) * kVaultPageSize;
    const int bytes = static_cast<int>(count * kVaultPageSize);
    if (int rc = file->pMethods->xRead(file, chunk.get(), bytes, at); rc != SQLITE_OK) return rc;
    for (std::uint64_t p = 0; p < count; ++p) {
      std::memcpy(tags_.data() + (first + p) * 16, chunk.get() + p * kVaultPageSize + kTagInPage, 16);
    }
  }

  if (header_.format < 2) {
    // The legacy header had neither MAC nor commit record: take the pages as they are
    // (the last time that is possible) and replace both slots with authenticated ones.
    committed_ = current();
    committed_generation_ = header_.generation;
    committed_audit_ = AuditHead{};  // no Techo with a log wrote this header
    if (hot_journal) {
      problem_ = "this vault was left mid-commit by an older Techo; open it once with that version";
      return SQLITE_OK;
    }
    for (int slot = 0; slot < 2; ++slot) {
      if (int rc = write_next(false); rc != SQLITE_OK) return rc;
    }
    return SQLITE_OK;
  }

  if (hot_journal) {
    // SQLite will play the journal back before anything is read; the pages must then be
    // exactly the state that journal restores.
    committed_ = header_.pending ? header_.base : header_.commit;
    committed_generation_ = header_.pending ? header_.base_generation : header_.generation;
    committed_audit_ = header_.pending ? header_.base_audit : header_.audit;
    expect_after_playback_ = committed_;
    return SQLITE_OK;
  }
  // No journal: a pending header's journal went away, so its commit is the vault's state.
  committed_ = header_.commit;
  committed_generation_ = header_.generation;
  committed_audit_ = header_.audit;
  if (current() != header_.commit || (data % kVaultPageSize) != 0) {
    problem_ = "the vault's pages are not the ones its last commit wrote (a page or header from another version was put back)";
  }
  return SQLITE_OK;
}

bool CommitLedger::expects(std::uint32_t pgno, const std::uint8_t* tag) const noexcept {
  if (problem_ || pgno == 0 || pgno > pages()) return false;
  return std::memcmp(tags_.data() + (std::size_t{pgno} - 1) * 16, tag, 16) == 0;
}

void CommitLedger::written(std::uint32_t pgno, const std::uint8_t* tag) {
  if (pgno > pages()) tags_.resize(std::size_t{pgno} * 16, 0);
  std::memcpy(tags_.data() + (std::size_t{pgno} - 1) * 16, tag, 16);
  dirty_ = true;
}

void CommitLedger::truncated(std::uint64_t new_pages) {
  if (new_pages < pages()) {
    tags_.resize(new_pages * 16);
    dirty_ = true;
  }
}

int CommitLedger::write_next(bool pending, std::optional<CommitRecord> pages, std::optional<AuditHead> audit) {
  VaultHeader next = header_;
  next.format = 2;
  next.generation = header_.generation + 1;
  next.pending = pending;
  next.commit = pages ? *pages : current();
  next.base = pending ? committed_ : CommitRecord{};
  next.base_generation = pending ? committed_generation_ : 0;
  next.audit = pending ? staged_audit_.value_or(committed_audit_) : audit.value_or(committed_audit_);
  next.base_audit = pending ? committed_audit_ : AuditHead{};
  if (int rc = write_header_slot(file_, next, key_, faults_); rc != SQLITE_OK) return rc;
  header_ = std::move(next);
  dirty_ = false;
  if (!pending) {
    committed_ = header_.commit;
    committed_generation_ = header_.generation;
    committed_audit_ = header_.audit;
  }
  return SQLITE_OK;
}

bool CommitLedger::journal_reused() {
  if (!expect_after_playback_) return false;
  expect_after_playback_.reset();
  committed_ = header_.commit;
  committed_generation_ = header_.generation;
  committed_audit_ = header_.audit;
  if (current() != header_.commit) {
    problem_ = "the vault's pages are not the ones its last commit wrote (a page or header from another version was put back)";
  }
  return true;
}

int CommitLedger::database_synced() {
  if (problem_) return SQLITE_IOERR_DATA;
  if (expect_after_playback_ || !dirty_ || !file_) return SQLITE_OK;  // playback is checked when its journal goes
  return write_next(true);
}

int CommitLedger::journal_deleted() {
  // The transaction is over, committed or rolled back: its staged log head is settled
  // here (carried by the pending header if it committed) and never outlives it.
  staged_audit_.reset();
  if (problem_ || !file_) return SQLITE_OK;
  if (expect_after_playback_) {
    const CommitRecord want = *expect_after_playback_;
    expect_after_playback_.reset();
    const CommitRecord now = current();
    if (now != want) {
      problem_ = "the vault's journal does not restore its last commit (a journal from another version was put back)";
      return SQLITE_OK;
    }
    if (!header_.pending && !dirty_) return SQLITE_OK;  // the header already names this state
    return write_next(false, now, committed_audit_);
  }
  if (!header_.pending && !dirty_) return SQLITE_OK;
  if (!header_.pending) {
    // Pages reached the file mid-transaction (a cache spill) and the rollback put them
    // back without a sync: the state, and the log head, are the last commit's.
    (void)write_next(false, std::nullopt, committed_audit_);
    return SQLITE_OK;
  }
  // The commit is done once its journal is gone; if this write fails the pending header,
  // which names the same pages, still opens it. No page was written since that pending
  // header (dirty_ is clear), so its root is the one to commit: no second hash over
  // every page's tag. Pages back at the base mean a rollback played the journal back
  // (and synced): the base's log head, not the one the pending header carried.
  const CommitRecord now = dirty_ ? current() : header_.commit;
  const AuditHead audit = now == header_.base ? header_.base_audit : header_.audit;
  (void)write_next(false, now, audit);
  return SQLITE_OK;
}

Status CommitLedger::rewrite_header(VaultHeader fields) {
  if (!file_) return Error{ErrorCode::kInternal, "the vault file is not open", {}};
  const VaultHeader before = header_;
  fields.generation = header_.generation;
  header_ = std::move(fields);
  for (int slot = 0; slot < 2; ++slot) {
    if (write_next(false) != SQLITE_OK) {
      // The first slot may already hold the new wraps: keep it, it opens the same pages.
      if (slot == 0) header_ = before;
      return Error{ErrorCode::kStorage, "cannot write the vault header", "vault header"};
    }
  }
  return Ok{};
}

}  // namespace techo::detail
