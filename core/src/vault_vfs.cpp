#include "vault_vfs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <new>
#include <vector>

#include "vault_commits.hpp"

namespace techo::detail {
namespace {

constexpr int kPageData = kVaultPageSize - kVaultReservedBytes;  // 4056 bytes encrypted per page
constexpr int kBlock = 4096;                                     // journal plaintext per block
constexpr int kBlockStored = 24 + 4 + kBlock + 16;

enum class Kind { kMainDb, kJournal };

}  // namespace

struct EncryptedVfs::State {
  sqlite3_vfs vfs{};
  sqlite3_vfs* base = nullptr;
  VaultKeys keys;
  std::unique_ptr<CommitLedger> ledger;
  std::string main_path;  // the database file SQLite opened through this VFS
  FaultPlan* faults = nullptr;
  // Journal nonces: a random 16-byte prefix per registration and a 64-bit counter. Unique
  // without drawing randomness per block (which in wasm costs a JavaScript call per byte).
  std::array<std::uint8_t, 16> nonce_prefix{};
  std::uint64_t nonce_counter = 0;
  std::uint64_t pages_decrypted = 0;

  void next_nonce(std::span<std::uint8_t, 24> out) {
    std::memcpy(out.data(), nonce_prefix.data(), 16);
    const std::uint64_t n = ++nonce_counter;
    for (int i = 0; i < 8; ++i) out[16 + i] = static_cast<std::uint8_t>(n >> (8 * i));
  }
  bool fail_now() { return faults && faults->next(); }
};

namespace {

using State = EncryptedVfs::State;

struct CryptFile {
  sqlite3_file base;  // must stay first: SQLite sees this struct as a sqlite3_file
  State* state;
  Kind kind;
  sqlite3_file* real;
  sqlite3_int64 journal_size;  // logical size of a journal; -1 when not yet known
  // The journal block being written, held in plaintext until a write moves on to another
  // block (or the journal is synced, read, truncated or closed). SQLite appends records
  // of 4 + 4096 + 4 bytes, so each one straddles two blocks: written through at once,
  // every block was sealed twice and read back (opened) once in between.
  std::int64_t held_block;  // its index, -1 when none
  bool held_dirty;          // it holds bytes not yet written out
  std::uint8_t held[kBlock];
};

sqlite3_file* real_of(sqlite3_file* f) { return reinterpret_cast<CryptFile*>(f)->real; }
CryptFile* crypt_of(sqlite3_file* f) { return reinterpret_cast<CryptFile*>(f); }

std::array<std::uint8_t, 16 + 8 + 1> associated_data(const State& s, std::uint64_t index, std::uint8_t kind) {
  std::array<std::uint8_t, 25> ad{};
  std::memcpy(ad.data(), s.keys.vault_id.data(), 16);
  for (int i = 0; i < 8; ++i) ad[16 + i] = static_cast<std::uint8_t>(index >> (56 - 8 * i));
  ad[24] = kind;
  return ad;
}

// A journal block also names the generation of the commit it restores.
std::array<std::uint8_t, 25 + 8> journal_associated_data(const State& s, std::uint64_t index) {
  std::array<std::uint8_t, 33> ad{};
  const auto base = associated_data(s, index, 'J');
  std::memcpy(ad.data(), base.data(), base.size());
  const std::uint64_t generation = s.ledger->journal_generation();
  for (int i = 0; i < 8; ++i) ad[25 + i] = static_cast<std::uint8_t>(generation >> (56 - 8 * i));
  return ad;
}

// The page's nonce from its number and content (see the header): deterministic, and
// unique for every distinct (page, content).
void page_nonce(const State& s, std::uint32_t pgno, const std::uint8_t* plain, std::span<std::uint8_t, 24> out) {
  std::uint8_t number[8];
  for (int i = 0; i < 8; ++i) number[i] = static_cast<std::uint8_t>(std::uint64_t{pgno} >> (56 - 8 * i));
  crypto::blake2b_keyed(s.keys.nonce_key.view(), {crypto::ByteView(number, 8), crypto::ByteView(plain, kPageData)}, out);
}

// ---- main database: page at a time ---------------------------------------------------------

// Reads and decrypts page `pgno` (1-based) into `plain` (4096 bytes; reserved bytes zero).
// The page is read straight into `plain` and decrypted in place: no copy, the same
// memory traffic as an unencrypted read. SQLITE_IOERR_SHORT_READ when the page lies
// beyond the end of the file (plain zeroed); SQLITE_IOERR_DATA when it fails to
// authenticate (plain zeroed).
int read_page(CryptFile* f, std::uint32_t pgno, std::uint8_t* plain) {
  const sqlite3_int64 at = static_cast<sqlite3_int64>(kVaultHeaderRegion) + (sqlite3_int64(pgno) - 1) * kVaultPageSize;
  int rc = f->real->pMethods->xRead(f->real, plain, kVaultPageSize, at);
  if (rc == SQLITE_IOERR_SHORT_READ) {
    bool empty = true;
    for (int i = 0; i < kVaultPageSize; ++i) empty &= plain[i] == 0;
    if (empty) return SQLITE_IOERR_SHORT_READ;
    // A page cut short: it cannot authenticate; fall through and report it as corrupt.
  } else if (rc != SQLITE_OK) {
    return rc;
  }
  std::uint8_t nonce_and_tag[kVaultReservedBytes];
  std::memcpy(nonce_and_tag, plain + kPageData, kVaultReservedBytes);
  std::memset(plain + kPageData, 0, kVaultReservedBytes);
  // A page from another version authenticates, but is not the one the last commit wrote.
  if (!f->state->ledger->expects(pgno, nonce_and_tag + 24)) {
    std::memset(plain, 0, kVaultPageSize);
    return SQLITE_IOERR_DATA;
  }
  const auto ad = associated_data(*f->state, pgno, 'P');
  if (!crypto::xchacha20poly1305_open(f->state->keys.page_key.view(), std::span<const std::uint8_t, 24>(nonce_and_tag, 24),
                                      crypto::ByteView(plain, kPageData), ad,
                                      std::span<const std::uint8_t, 16>(nonce_and_tag + 24, 16),
                                      std::span<std::uint8_t>(plain, kPageData))) {
    return SQLITE_IOERR_DATA;
  }
  ++f->state->pages_decrypted;
  return SQLITE_OK;
}

int write_page(CryptFile* f, std::uint32_t pgno, const std::uint8_t* plain) {
  std::uint8_t stored[kVaultPageSize];
  const auto ad = associated_data(*f->state, pgno, 'P');
  std::span<std::uint8_t, 24> nonce(stored + kPageData, 24);
  page_nonce(*f->state, pgno, plain, nonce);
  crypto::xchacha20poly1305_seal(f->state->keys.page_key.view(), nonce, crypto::ByteView(plain, kPageData), ad,
                                 std::span<std::uint8_t>(stored, kPageData),
                                 std::span<std::uint8_t, 16>(stored + kPageData + 24, 16));
  const sqlite3_int64 at = static_cast<sqlite3_int64>(kVaultHeaderRegion) + (sqlite3_int64(pgno) - 1) * kVaultPageSize;
  const int rc = f->real->pMethods->xWrite(f->real, stored, kVaultPageSize, at);
  if (rc == SQLITE_OK) f->state->ledger->written(pgno, stored + kPageData + 24);
  return rc;
}

int main_read(sqlite3_file* file, void* buf, int amt, sqlite3_int64 off) {
  CryptFile* f = crypt_of(file);
  auto* out = static_cast<std::uint8_t*>(buf);
  // The common case, a whole aligned page: decrypt straight into SQLite's buffer.
  if (amt == kVaultPageSize && off % kVaultPageSize == 0) {
    return read_page(f, static_cast<std::uint32_t>(off / kVaultPageSize + 1), out);
  }
  int result = SQLITE_OK;
  std::uint8_t plain[kVaultPageSize];
  while (amt > 0) {
    const auto pgno = static_cast<std::uint32_t>(off / kVaultPageSize + 1);
    const int in_page = static_cast<int>(off % kVaultPageSize);
    const int n = std::min(amt, kVaultPageSize - in_page);
    const int rc = read_page(f, pgno, plain);
    if (rc == SQLITE_IOERR_SHORT_READ) {
      result = SQLITE_IOERR_SHORT_READ;
    } else if (rc != SQLITE_OK) {
      crypto::wipe(plain, sizeof plain);
      return rc;
    }
    std::memcpy(out, plain + in_page, n);
    out += n;
    off += n;
    amt -= n;
  }
  crypto::wipe(plain, sizeof plain);
  return result;
}

int main_write(sqlite3_file* file, const void* buf, int amt, sqlite3_int64 off) {
  CryptFile* f = crypt_of(file);
  if (f->state->fail_now()) return SQLITE_IOERR_WRITE;
  const auto* in = static_cast<const std::uint8_t*>(buf);
  // The common case, a whole aligned page: sealed straight from SQLite's buffer, with no
  // plaintext copy to make and wipe.
  if (amt == kVaultPageSize && off % kVaultPageSize == 0) {
    return write_page(f, static_cast<std::uint32_t>(off / kVaultPageSize + 1), in);
  }
  std::uint8_t plain[kVaultPageSize];
  int rc = SQLITE_OK;
  while (amt > 0 && rc == SQLITE_OK) {
    const auto pgno = static_cast<std::uint32_t>(off / kVaultPageSize + 1);
    const int in_page = static_cast<int>(off % kVaultPageSize);
    const int n = std::min(amt, kVaultPageSize - in_page);
    if (n < kVaultPageSize) {  // a partial page: read, patch, rewrite
      const int r = read_page(f, pgno, plain);
      if (r != SQLITE_OK && r != SQLITE_IOERR_SHORT_READ) {
        rc = r;
        break;
      }
    }
    std::memcpy(plain + in_page, in, n);
    rc = write_page(f, pgno, plain);
    in += n;
    off += n;
    amt -= n;
  }
  crypto::wipe(plain, sizeof plain);
  return rc;
}

int main_truncate(sqlite3_file* file, sqlite3_int64 size) {
  CryptFile* f = crypt_of(file);
  if (f->state->fail_now()) return SQLITE_IOERR_TRUNCATE;
  const int rc = f->real->pMethods->xTruncate(f->real, size + static_cast<sqlite3_int64>(kVaultHeaderRegion));
  if (rc == SQLITE_OK) f->state->ledger->truncated(static_cast<std::uint64_t>(size / kVaultPageSize));
  return rc;
}

int main_file_size(sqlite3_file* file, sqlite3_int64* size) {
  sqlite3_file* real = real_of(file);
  int rc = real->pMethods->xFileSize(real, size);
  if (rc == SQLITE_OK) *size = std::max<sqlite3_int64>(0, *size - static_cast<sqlite3_int64>(kVaultHeaderRegion));
  return rc;
}

// ---- journal: blocks ------------------------------------------------------------------------

// Decrypts block `index` into `plain` (kBlock bytes) and its length. SQLITE_OK, or
// SQLITE_IOERR_SHORT_READ when the block does not exist, or SQLITE_IOERR_DATA.
int read_block(CryptFile* f, std::uint64_t index, std::uint8_t* plain, std::uint32_t* length) {
  std::uint8_t stored[kBlockStored];
  int rc = f->real->pMethods->xRead(f->real, stored, kBlockStored, static_cast<sqlite3_int64>(index) * kBlockStored);
  if (rc == SQLITE_IOERR_SHORT_READ) {
    bool empty = true;
    for (auto b : stored) empty &= b == 0;
    if (empty) {
      std::memset(plain, 0, kBlock);
      *length = 0;
      return SQLITE_IOERR_SHORT_READ;
    }
  } else if (rc != SQLITE_OK) {
    return rc;
  }
  std::uint8_t opened[4 + kBlock];
  const auto ad = journal_associated_data(*f->state, index);
  if (!crypto::xchacha20poly1305_open(f->state->keys.journal_key.view(), std::span<const std::uint8_t, 24>(stored, 24),
                                      crypto::ByteView(stored + 24, 4 + kBlock), ad,
                                      std::span<const std::uint8_t, 16>(stored + 24 + 4 + kBlock, 16),
                                      std::span<std::uint8_t>(opened, sizeof opened))) {
    return SQLITE_IOERR_DATA;
  }
  std::memcpy(length, opened, 4);
  if (*length > kBlock) return SQLITE_IOERR_DATA;
  std::memcpy(plain, opened + 4, kBlock);
  crypto::wipe(opened, sizeof opened);
  return SQLITE_OK;
}

int write_block(CryptFile* f, std::uint64_t index, const std::uint8_t* plain, std::uint32_t length) {
  std::uint8_t opened[4 + kBlock];
  std::memcpy(opened, &length, 4);
  std::memcpy(opened + 4, plain, kBlock);
  std::uint8_t stored[kBlockStored];
  f->state->next_nonce(std::span<std::uint8_t, 24>(stored, 24));
  const auto ad = journal_associated_data(*f->state, index);
  crypto::xchacha20poly1305_seal(f->state->keys.journal_key.view(), std::span<const std::uint8_t, 24>(stored, 24),
                                 crypto::ByteView(opened, sizeof opened), ad,
                                 std::span<std::uint8_t>(stored + 24, 4 + kBlock),
                                 std::span<std::uint8_t, 16>(stored + 24 + 4 + kBlock, 16));
  crypto::wipe(opened, sizeof opened);
  return f->real->pMethods->xWrite(f->real, stored, kBlockStored, static_cast<sqlite3_int64>(index) * kBlockStored);
}

int journal_size(CryptFile* f, sqlite3_int64* size) {
  if (f->journal_size >= 0) {
    *size = f->journal_size;
    return SQLITE_OK;
  }
  sqlite3_int64 stored = 0;
  int rc = f->real->pMethods->xFileSize(f->real, &stored);
  if (rc != SQLITE_OK) return rc;
  const sqlite3_int64 blocks = stored / kBlockStored;
  if (blocks == 0) {
    *size = 0;
  } else {
    std::uint8_t plain[kBlock];
    std::uint32_t length = 0;
    rc = read_block(f, static_cast<std::uint64_t>(blocks - 1), plain, &length);
    crypto::wipe(plain, sizeof plain);
    if (rc != SQLITE_OK) return rc == SQLITE_IOERR_SHORT_READ ? SQLITE_IOERR_DATA : rc;
    *size = (blocks - 1) * kBlock + length;
  }
  f->journal_size = *size;
  return SQLITE_OK;
}

// Writes the held block out, sealed with the length it has in a journal of `logical_size`.
int flush_held_block(CryptFile* f, sqlite3_int64 logical_size) {
  if (f->held_block < 0 || !f->held_dirty) return SQLITE_OK;
  const sqlite3_int64 start = f->held_block * kBlock;
  const auto length = static_cast<std::uint32_t>(std::clamp<sqlite3_int64>(logical_size - start, 0, kBlock));
  const int rc = write_block(f, static_cast<std::uint64_t>(f->held_block), f->held, length);
  if (rc == SQLITE_OK) f->held_dirty = false;
  return rc;
}

void drop_held_block(CryptFile* f) {
  if (f->held_block >= 0) crypto::wipe(f->held, sizeof f->held);
  f->held_block = -1;
  f->held_dirty = false;
}

// Before the journal's bytes on disk are read, synced, cut or left: the held block is
// written out. Only a journal whose size is known holds a dirty block.
int flush_journal(CryptFile* f) {
  if (f->kind != Kind::kJournal || !f->held_dirty) return SQLITE_OK;
  const int rc = flush_held_block(f, f->journal_size);
  if (rc != SQLITE_OK) {
    drop_held_block(f);
    f->journal_size = -1;
  }
  return rc;
}

int journal_read(sqlite3_file* file, void* buf, int amt, sqlite3_int64 off) {
  CryptFile* f = crypt_of(file);
  if (int flushed = flush_journal(f); flushed != SQLITE_OK) return flushed;
  sqlite3_int64 size = 0;
  int rc = journal_size(f, &size);
  if (rc != SQLITE_OK) return rc;
  auto* out = static_cast<std::uint8_t*>(buf);
  std::uint8_t plain[kBlock];
  int result = SQLITE_OK;
  while (amt > 0) {
    const int in_block = static_cast<int>(off % kBlock);
    const int n = std::min(amt, kBlock - in_block);
    if (off >= size) {
      std::memset(out, 0, static_cast<std::size_t>(amt));
      result = SQLITE_IOERR_SHORT_READ;
      break;
    }
    std::uint32_t length = 0;
    rc = read_block(f, static_cast<std::uint64_t>(off / kBlock), plain, &length);
    if (rc != SQLITE_OK) {
      crypto::wipe(plain, sizeof plain);
      return rc == SQLITE_IOERR_SHORT_READ ? SQLITE_IOERR_DATA : rc;
    }
    std::memcpy(out, plain + in_block, n);
    if (off + n > size) {  // the tail past the logical end reads as zeros, short
      std::memset(out + (size - off), 0, static_cast<std::size_t>(off + n - size));
      result = SQLITE_IOERR_SHORT_READ;
    }
    out += n;
    off += n;
    amt -= n;
  }
  crypto::wipe(plain, sizeof plain);
  return result;
}

// Writes [off, off+amt) of the journal's plaintext, block by block, through the held block.
int journal_write_range(CryptFile* f, const std::uint8_t* in, int amt, sqlite3_int64 off) {
  sqlite3_int64 size = 0;
  int rc = journal_size(f, &size);
  if (rc != SQLITE_OK) return rc;
  const sqlite3_int64 new_size = std::max(size, off + amt);
  while (amt > 0) {
    const auto index = static_cast<std::int64_t>(off / kBlock);
    const int in_block = static_cast<int>(off % kBlock);
    const int n = std::min(amt, kBlock - in_block);
    if (f->held_block != index) {
      rc = flush_held_block(f, new_size);
      if (rc != SQLITE_OK) break;
      // Every block but the held one is on disk as written: the one to change is read
      // back, unless it lies past the journal's end.
      std::uint32_t length = 0;
      if (index * kBlock < size) {
        rc = read_block(f, static_cast<std::uint64_t>(index), f->held, &length);
        if (rc != SQLITE_OK) break;
      } else {
        std::memset(f->held, 0, kBlock);
      }
      f->held_block = index;
      f->held_dirty = false;
    }
    std::memcpy(f->held + in_block, in, n);
    f->held_dirty = true;
    in += n;
    off += n;
    amt -= n;
  }
  if (rc != SQLITE_OK) {
    drop_held_block(f);
    f->journal_size = -1;
    return rc;
  }
  f->journal_size = new_size;
  return SQLITE_OK;
}

int journal_write(sqlite3_file* file, const void* buf, int amt, sqlite3_int64 off) {
  CryptFile* f = crypt_of(file);
  if (f->state->fail_now()) return SQLITE_IOERR_WRITE;
  sqlite3_int64 size = 0;
  int rc = journal_size(f, &size);
  if (rc != SQLITE_OK) return rc;
  if (off > size) {  // a gap: fill it with zeros first, so every earlier block is full
    std::vector<std::uint8_t> zeros(static_cast<std::size_t>(off - size), 0);
    rc = journal_write_range(f, zeros.data(), static_cast<int>(zeros.size()), size);
    if (rc != SQLITE_OK) return rc;
  }
  return journal_write_range(f, static_cast<const std::uint8_t*>(buf), amt, off);
}

int journal_truncate(sqlite3_file* file, sqlite3_int64 size) {
  CryptFile* f = crypt_of(file);
  if (f->state->fail_now()) return SQLITE_IOERR_TRUNCATE;
  if (int flushed = flush_journal(f); flushed != SQLITE_OK) return flushed;
  drop_held_block(f);
  sqlite3_int64 current = 0;
  int rc = journal_size(f, &current);
  if (rc != SQLITE_OK) return rc;
  if (size >= current) return SQLITE_OK;
  const sqlite3_int64 blocks = (size + kBlock - 1) / kBlock;
  if (size % kBlock != 0) {  // the new last block keeps a shorter length
    std::uint8_t plain[kBlock];
    std::uint32_t length = 0;
    rc = read_block(f, static_cast<std::uint64_t>(blocks - 1), plain, &length);
    if (rc == SQLITE_OK) {
      std::memset(plain + size % kBlock, 0, static_cast<std::size_t>(kBlock - size % kBlock));
      rc = write_block(f, static_cast<std::uint64_t>(blocks - 1), plain, static_cast<std::uint32_t>(size % kBlock));
    }
    crypto::wipe(plain, sizeof plain);
    if (rc != SQLITE_OK) return rc;
  }
  rc = f->real->pMethods->xTruncate(f->real, blocks * kBlockStored);
  f->journal_size = rc == SQLITE_OK ? size : -1;
  return rc;
}

int journal_file_size(sqlite3_file* file, sqlite3_int64* size) { return journal_size(crypt_of(file), size); }

// ---- shared ----------------------------------------------------------------------------------

int file_close(sqlite3_file* file) {
  CryptFile* f = crypt_of(file);
  if (f->kind == Kind::kMainDb) f->state->ledger->detach();
  const int flushed = f->real->pMethods ? flush_journal(f) : SQLITE_OK;
  drop_held_block(f);
  int rc = f->real->pMethods ? f->real->pMethods->xClose(f->real) : SQLITE_OK;
  if (rc == SQLITE_OK) rc = flushed;
  f->~CryptFile();
  return rc;
}

int file_sync(sqlite3_file* file, int flags) {
  CryptFile* f = crypt_of(file);
  if (f->state->fail_now()) return SQLITE_IOERR_FSYNC;
  if (int flushed = flush_journal(f); flushed != SQLITE_OK) return flushed;
  const int rc = f->real->pMethods->xSync(f->real, flags);
  // The pages of a commit are on disk: the header names them (as pending, see the ledger).
  if (rc == SQLITE_OK && f->kind == Kind::kMainDb) return f->state->ledger->database_synced();
  return rc;
}

int file_lock(sqlite3_file* file, int level) { return real_of(file)->pMethods->xLock(real_of(file), level); }
int file_unlock(sqlite3_file* file, int level) { return real_of(file)->pMethods->xUnlock(real_of(file), level); }
int file_check_reserved(sqlite3_file* file, int* out) {
  return real_of(file)->pMethods->xCheckReservedLock(real_of(file), out);
}
int file_control(sqlite3_file* file, int op, void* arg) {
  return real_of(file)->pMethods->xFileControl(real_of(file), op, arg);
}
int file_sector_size(sqlite3_file*) { return kVaultPageSize; }
int file_device_characteristics(sqlite3_file* file) {
  // Blocks are rewritten whole, so a write may touch bytes next to its range: never claim
  // that overwrites are power-safe or atomic.
  const int real = real_of(file)->pMethods->xDeviceCharacteristics(real_of(file));
  return real & ~(SQLITE_IOCAP_POWERSAFE_OVERWRITE | SQLITE_IOCAP_ATOMIC | SQLITE_IOCAP_ATOMIC512 |
                  SQLITE_IOCAP_ATOMIC1K | SQLITE_IOCAP_ATOMIC2K | SQLITE_IOCAP_ATOMIC4K | SQLITE_IOCAP_ATOMIC8K |
                  SQLITE_IOCAP_ATOMIC16K | SQLITE_IOCAP_ATOMIC32K | SQLITE_IOCAP_ATOMIC64K |
                  SQLITE_IOCAP_BATCH_ATOMIC);
}

// Version 1 methods: no shared memory and no mmap, so SQLite can use neither WAL nor
// memory-mapped reads, both of which would bypass the encryption.
const sqlite3_io_methods kMainMethods = {
    1, file_close, main_read, main_write, main_truncate, file_sync, main_file_size, file_lock, file_unlock,
    file_check_reserved, file_control, file_sector_size, file_device_characteristics,
    nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
const sqlite3_io_methods kJournalMethods = {
    1, file_close, journal_read, journal_write, journal_truncate, file_sync, journal_file_size, file_lock,
    file_unlock, file_check_reserved, file_control, file_sector_size, file_device_characteristics,
    nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};

constexpr int aligned_size() { return (static_cast<int>(sizeof(CryptFile)) + 15) & ~15; }

// ---- the VFS -----------------------------------------------------------------------------------

State* state_of(sqlite3_vfs* vfs) { return static_cast<State*>(vfs->pAppData); }

int vfs_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  State* s = state_of(vfs);
  auto* f = new (file) CryptFile{};
  f->state = s;
  f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + aligned_size());
  f->journal_size = -1;
  f->held_block = -1;
  f->held_dirty = false;
  f->kind = (flags & SQLITE_OPEN_MAIN_DB) ? Kind::kMainDb : Kind::kJournal;
  f->base.pMethods = nullptr;
  int rc = s->base->xOpen(s->base, name, f->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    f->~CryptFile();
    return rc;
  }
  f->base.pMethods = f->kind == Kind::kMainDb ? &kMainMethods : &kJournalMethods;
  if (f->kind == Kind::kJournal && (flags & SQLITE_OPEN_CREATE) && s->ledger->journal_reused()) {
    // A crash's leftover that SQLite did not play back, bound to a generation the new
    // journal may not share: emptied before the new transaction writes over it.
    int rc_truncate = s->fail_now() ? SQLITE_IOERR_TRUNCATE : f->real->pMethods->xTruncate(f->real, 0);
    if (rc_truncate != SQLITE_OK) {
      f->base.pMethods->xClose(&f->base);
      f->base.pMethods = nullptr;
      return rc_truncate;
    }
    f->journal_size = 0;
  }
  if (f->kind == Kind::kMainDb) {
    s->main_path = name ? name : "";
    std::error_code ec;
    const auto journal = std::filesystem::path(s->main_path + "-journal");
    const bool hot = std::filesystem::exists(journal, ec) && std::filesystem::file_size(journal, ec) > 0 && !ec;
    if (int attached = s->ledger->attach(f->real, hot); attached != SQLITE_OK) {
      f->base.pMethods->xClose(&f->base);
      f->base.pMethods = nullptr;
      return attached;
    }
  }
  return SQLITE_OK;
}

int vfs_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  State* s = state_of(vfs);
  if (s->fail_now()) return SQLITE_IOERR_DELETE;
  const int rc = s->base->xDelete(s->base, name, sync_dir);
  // SQLite's commit point: the journal of the main database is gone.
  if (rc == SQLITE_OK && name && !s->main_path.empty() && s->main_path + "-journal" == name) {
    return s->ledger->journal_deleted();
  }
  return rc;
}
int vfs_access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return state_of(vfs)->base->xAccess(state_of(vfs)->base, name, flags, out);
}
int vfs_full_pathname(sqlite3_vfs* vfs, const char* name, int n, char* out) {
  return state_of(vfs)->base->xFullPathname(state_of(vfs)->base, name, n, out);
}
int vfs_randomness(sqlite3_vfs* vfs, int n, char* out) {
  return state_of(vfs)->base->xRandomness(state_of(vfs)->base, n, out);
}
int vfs_sleep(sqlite3_vfs* vfs, int us) { return state_of(vfs)->base->xSleep(state_of(vfs)->base, us); }
// With SQLITE_OMIT_DEPRECATED the default VFS offers only the 64-bit clock.
int vfs_current_time_int64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  sqlite3_vfs* base = state_of(vfs)->base;
  if (base->iVersion >= 2 && base->xCurrentTimeInt64) return base->xCurrentTimeInt64(base, out);
  double days = 0;
  const int rc = base->xCurrentTime(base, &days);
  *out = static_cast<sqlite3_int64>(days * 86400000.0);
  return rc;
}
int vfs_current_time(sqlite3_vfs* vfs, double* out) {
  sqlite3_int64 ms = 0;
  const int rc = vfs_current_time_int64(vfs, &ms);
  *out = static_cast<double>(ms) / 86400000.0;
  return rc;
}
int vfs_last_error(sqlite3_vfs* vfs, int n, char* out) {
  return state_of(vfs)->base->xGetLastError ? state_of(vfs)->base->xGetLastError(state_of(vfs)->base, n, out) : 0;
}

std::atomic<unsigned> g_counter{0};

}  // namespace

Result<std::unique_ptr<EncryptedVfs>> EncryptedVfs::create(VaultKeys keys, std::unique_ptr<CommitLedger> ledger,
                                                           FaultPlan* faults) {
  sqlite3_vfs* base = sqlite3_vfs_find(nullptr);
  if (!base) return Error{ErrorCode::kStorage, "SQLite has no default VFS", {}};
  std::unique_ptr<EncryptedVfs> out(new EncryptedVfs());
  out->state_ = std::make_unique<State>();
  State& s = *out->state_;
  s.base = base;
  s.keys = std::move(keys);
  s.ledger = std::move(ledger);
  s.faults = faults;
  crypto::random_bytes(s.nonce_prefix);
  out->name_ = "techo-vault-" + std::to_string(++g_counter);

  sqlite3_vfs& v = s.vfs;
  v.iVersion = 2;
  v.szOsFile = aligned_size() + base->szOsFile;
  v.mxPathname = base->mxPathname;
  v.zName = out->name_.c_str();
  v.pAppData = &s;
  v.xOpen = vfs_open;
  v.xDelete = vfs_delete;
  v.xAccess = vfs_access;
  v.xFullPathname = vfs_full_pathname;
  v.xDlOpen = nullptr;
  v.xDlError = nullptr;
  v.xDlSym = nullptr;
  v.xDlClose = nullptr;
  v.xRandomness = vfs_randomness;
  v.xSleep = vfs_sleep;
  v.xCurrentTime = vfs_current_time;
  v.xGetLastError = vfs_last_error;
  v.xCurrentTimeInt64 = vfs_current_time_int64;
  if (int rc = sqlite3_vfs_register(&v, 0); rc != SQLITE_OK) {
    return Error{ErrorCode::kStorage, std::string("cannot register the vault VFS: ") + sqlite3_errstr(rc), {}};
  }
  return out;
}

std::uint64_t EncryptedVfs::pages_decrypted() const noexcept { return state_ ? state_->pages_decrypted : 0; }
CommitLedger& EncryptedVfs::ledger() noexcept { return *state_->ledger; }
const CommitLedger& EncryptedVfs::ledger() const noexcept { return *state_->ledger; }

EncryptedVfs::~EncryptedVfs() {
  if (state_) {
    sqlite3_vfs_unregister(&state_->vfs);
    state_->keys.page_key.wipe();
    state_->keys.nonce_key.wipe();
    state_->keys.journal_key.wipe();
  }
}

}  // namespace techo::detail
