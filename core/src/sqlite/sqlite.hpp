// A thin RAII layer over the SQLite C API, private to core. Every failure becomes an
// Error carrying SQLite's extended code and message; nothing here throws.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "techo/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace techo::sqlite {

class Database;
class Row;

class Statement {
 public:
  Statement() = default;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binds are 1-based like SQLite's; the statement must still be unstepped or reset.
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, double value);
  Statement& bind_null(int index);
  Statement& bind_blob(int index, std::span<const std::uint8_t> bytes);

  // true: a row is ready; false: done. An error ends the statement.
  [[nodiscard]] Result<bool> step();
  // For statements that return no rows (INSERT, UPDATE, DDL).
  [[nodiscard]] Status run();
  void reset();

  // Calls `on_row` with every row the statement yields, in order. The one way core reads
  // rows: a step that fails (SQLITE_BUSY, a page that fails authentication, a damaged
  // structure) is returned as its Error, never taken for the end of the rows. `on_row`
  // returns void, or a Status whose error stops the reading and is returned as it is.
  // The statement is left done (or failed), not reset: a cached statement is reset and
  // bound again by its next user, as before.
  template <typename OnRow>
  [[nodiscard]] Status each(OnRow&& on_row);

  [[nodiscard]] std::int64_t column_int(int index) const;
  [[nodiscard]] std::string column_text(int index) const;
  [[nodiscard]] double column_double(int index) const;
  [[nodiscard]] bool column_is_null(int index) const;
  // The bytes of a BLOB column, valid until the statement steps, resets or ends.
  [[nodiscard]] std::span<const std::uint8_t> column_blob(int index) const;

 private:
  friend class Database;
  Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
  // The first bind failure is reported by step()/run() so chained binds stay readable.
  std::optional<Error> bind_error_;
};

// The current row of a statement, as `each` hands it over: columns only, so a row
// callback cannot step, bind or reset the statement under the loop.
class Row {
 public:
  explicit Row(const Statement& stmt) : stmt_(stmt) {}
  [[nodiscard]] std::int64_t column_int(int index) const { return stmt_.column_int(index); }
  [[nodiscard]] std::string column_text(int index) const { return stmt_.column_text(index); }
  [[nodiscard]] double column_double(int index) const { return stmt_.column_double(index); }
  [[nodiscard]] bool column_is_null(int index) const { return stmt_.column_is_null(index); }
  [[nodiscard]] std::span<const std::uint8_t> column_blob(int index) const { return stmt_.column_blob(index); }

 private:
  const Statement& stmt_;
};

template <typename OnRow>
Status Statement::each(OnRow&& on_row) {
  for (;;) {
    auto more = step();
    if (!more) return std::move(more).error();
    if (!more.value()) return Ok{};
    const Row row(*this);
    if constexpr (std::is_void_v<std::invoke_result_t<OnRow&, const Row&>>) {
      on_row(row);
    } else if (Status s = on_row(row); !s) {
      return s;
    }
  }
}

class Database {
 public:
  Database() = default;
  // `vfs`: the name of a registered VFS, or null for the default.
  [[nodiscard]] static Result<Database> open(const std::string& path, const char* vfs = nullptr);
  // SQLITE_FCNTL_RESERVE_BYTES on "main": sets (when >= 0) and returns the reserve.
  [[nodiscard]] Status file_control_reserve_bytes(int& reserve);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  [[nodiscard]] Result<Statement> prepare(std::string_view sql);
  // Runs one or more statements that return no rows.
  [[nodiscard]] Status exec(const char* sql);

  // Copies every page of this database into `destination` (SQLite's online backup), which
  // must use the same page size and reserve.
  [[nodiscard]] Status copy_into(Database& destination);

  [[nodiscard]] std::int64_t last_insert_rowid() const;
  // Rows changed by the last INSERT/UPDATE/DELETE (0 for an INSERT OR IGNORE that ignored).
  [[nodiscard]] std::int64_t changes() const;
  // Whether a transaction is open (SQLite may end one by itself after some errors).
  [[nodiscard]] bool in_transaction() const;

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

// Error from the connection's last failure, with SQLite's extended result code in the message.
Error storage_error(sqlite3* db, int rc, std::string_view what);

// An open transaction that ends on every exit: committed by commit(), rolled back by the
// destructor otherwise, whether the work returned an error, returned early or threw.
// Work that spans calls (a streaming import) holds one, so dropping the job rolls back.
class [[nodiscard]] Transaction {
 public:
  // BEGIN IMMEDIATE: the write lock is taken now, so a later statement never waits for it.
  [[nodiscard]] static Result<Transaction> begin(Database& db);
  // BEGIN (deferred): for reads that must see one consistent state.
  [[nodiscard]] static Result<Transaction> begin_read(Database& db);

  Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  Transaction& operator=(Transaction&& other) noexcept;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() { rollback(); }

  // COMMIT; when it fails, everything is rolled back and the error returned. Either way
  // the transaction has ended.
  [[nodiscard]] Status commit();
  void rollback() noexcept;
  [[nodiscard]] bool active() const noexcept { return db_ != nullptr; }

 private:
  explicit Transaction(Database& db) : db_(&db) {}
  Database* db_;
};

// Runs a callable inside BEGIN IMMEDIATE ... COMMIT; an error or an exception rolls
// everything back, so the database holds all of the work or none of it.
template <typename Work>
Status in_transaction(Database& db, Work&& work) {
  auto tx = Transaction::begin(db);
  if (!tx) return std::move(tx).error();
  Status done = work();
  if (!done) return done;  // ~Transaction rolls back
  return tx->commit();
}

}  // namespace techo::sqlite
