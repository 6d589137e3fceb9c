#include "sqlite/sqlite.hpp"

#include <sqlite3.h>

#include <utility>

namespace techo::sqlite {

Error storage_error(sqlite3* db, int rc, std::string_view what) {
  int extended = db ? sqlite3_extended_errcode(db) : rc;
  std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  // A page that failed authentication (the vault VFS reports SQLITE_IOERR_DATA) or a
  // structure SQLite finds damaged: the vault is corrupt, and says so.
  if (extended == SQLITE_IOERR_DATA || (extended & 0xff) == SQLITE_CORRUPT || (extended & 0xff) == SQLITE_NOTADB) {
    return Error{ErrorCode::kVaultCorrupt,
                 "the vault is damaged: stored data failed authentication (" + std::string(what) + ", SQLite code " +
                     std::to_string(extended) + ")",
                 {}};
  }
  return Error{ErrorCode::kStorage,
               std::string(what) + ": " + detail + " (SQLite code " + std::to_string(extended) + ")",
               {}};
}

// ---- Statement -------------------------------------------------------------------------

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      db_(other.db_),
      bind_error_(std::move(other.bind_error_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
    db_ = other.db_;
    bind_error_ = std::move(other.bind_error_);
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::string_view text) {
  int rc = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK && !bind_error_) bind_error_ = storage_error(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK && !bind_error_) bind_error_ = storage_error(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK && !bind_error_) bind_error_ = storage_error(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind_null(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK && !bind_error_) bind_error_ = storage_error(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind_blob(int index, std::span<const std::uint8_t> bytes) {
  int rc = sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK && !bind_error_) bind_error_ = storage_error(db_, rc, "bind");
  return *this;
}

Result<bool> Statement::step() {
  if (bind_error_) return *bind_error_;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return storage_error(db_, rc, "step");
}

Status Statement::run() {
  auto r = step();
  if (!r) return std::move(r).error();
  reset();
  return Ok{};
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_.reset();
}

std::int64_t Statement::column_int(int index) const { return sqlite3_column_int64(stmt_, index); }

double Statement::column_double(int index) const { return sqlite3_column_double(stmt_, index); }
bool Statement::column_is_null(int index) const { return sqlite3_column_type(stmt_, index) == SQLITE_NULL; }

std::string Statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(stmt_, index);
  if (!text) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)));
}

std::span<const std::uint8_t> Statement::column_blob(int index) const {
  const auto* bytes = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, index));
  if (!bytes) return {};
  return {bytes, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index))};
}

// ---- Database --------------------------------------------------------------------------

Result<Database> Database::open(const std::string& path, const char* vfs) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs);
  if (rc != SQLITE_OK) {
    Error e = storage_error(db, rc, "cannot open the database");
    sqlite3_close_v2(db);
    return e;
  }
  sqlite3_extended_result_codes(db, 1);
  return Database(db);
}

Database::Database(Database&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

// close_v2: a statement still alive somewhere (a bug) delays the close instead of
// failing it and leaking the connection with its page cache.
Database::~Database() { sqlite3_close_v2(db_); }

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return storage_error(db_, rc, "prepare");
  return Statement(stmt, db_);
}

Status Database::exec(const char* sql) {
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return storage_error(db_, rc, "exec");
  return Ok{};
}

Status Database::file_control_reserve_bytes(int& reserve) {
  int rc = sqlite3_file_control(db_, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
  if (rc != SQLITE_OK) return storage_error(db_, rc, "reserve bytes");
  return Ok{};
}

Status Database::copy_into(Database& destination) {
  sqlite3_backup* backup = sqlite3_backup_init(destination.db_, "main", db_, "main");
  if (!backup) return storage_error(destination.db_, sqlite3_errcode(destination.db_), "copy the vault");
  const int stepped = sqlite3_backup_step(backup, -1);
  const int finished = sqlite3_backup_finish(backup);
  if (stepped != SQLITE_DONE) return storage_error(destination.db_, stepped, "copy the vault");
  if (finished != SQLITE_OK) return storage_error(destination.db_, finished, "copy the vault");
  return Ok{};
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
std::int64_t Database::changes() const { return sqlite3_changes64(db_); }
bool Database::in_transaction() const { return db_ && sqlite3_get_autocommit(db_) == 0; }

// ---- Transaction -----------------------------------------------------------------------

Result<Transaction> Transaction::begin(Database& db) {
  if (auto s = db.exec("BEGIN IMMEDIATE"); !s) return std::move(s).error();
  return Transaction(db);
}

Result<Transaction> Transaction::begin_read(Database& db) {
  if (auto s = db.exec("BEGIN"); !s) return std::move(s).error();
  return Transaction(db);
}

Transaction& Transaction::operator=(Transaction&& other) noexcept {
  if (this != &other) {
    rollback();
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

Status Transaction::commit() {
  if (!db_) return Error{ErrorCode::kInternal, "the transaction has already ended", {}};
  Database& db = *std::exchange(db_, nullptr);
  if (auto s = db.exec("COMMIT"); !s) {
    if (db.in_transaction()) (void)db.exec("ROLLBACK");
    return s;
  }
  return Ok{};
}

void Transaction::rollback() noexcept {
  Database* db = std::exchange(db_, nullptr);
  // SQLite ends a transaction by itself after some errors (SQLITE_FULL, an I/O error).
  if (db && db->in_transaction()) (void)db->exec("ROLLBACK");
}

}  // namespace techo::sqlite
