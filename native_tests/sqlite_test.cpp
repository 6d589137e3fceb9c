// The SQLite wrapper's row loop: every row in order, and a failing step is an error,
// never the end of the rows.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "sqlite/sqlite.hpp"

using techo::ErrorCode;
using techo::sqlite::Database;
using techo::sqlite::Row;

namespace {
// Yields 1, 2, then fails: abs() of the smallest integer overflows at the third step.
constexpr const char* kFailsOnThirdRow =
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 5) "
    "SELECT CASE WHEN x < 3 THEN x ELSE abs(-9223372036854775807 - 1) END FROM n";
}  // namespace

TEST_CASE("Statement::each reads every row, in order", "[sqlite]") {
  auto db = Database::open(":memory:");
  REQUIRE(db.has_value());
  auto stmt = db->prepare("SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3");
  REQUIRE(stmt.has_value());
  std::vector<std::int64_t> seen;
  REQUIRE(stmt->each([&](const Row& row) { seen.push_back(row.column_int(0)); }).has_value());
  CHECK(seen == std::vector<std::int64_t>{1, 2, 3});
}

TEST_CASE("Statement::each reports a step that fails midway, after the rows before it", "[sqlite]") {
  auto db = Database::open(":memory:");
  REQUIRE(db.has_value());
  auto stmt = db->prepare(kFailsOnThirdRow);
  REQUIRE(stmt.has_value());
  std::vector<std::int64_t> seen;
  auto done = stmt->each([&](const Row& row) { seen.push_back(row.column_int(0)); });
  REQUIRE_FALSE(done.has_value());
  CHECK(done.error().code == ErrorCode::kStorage);
  CHECK(seen == std::vector<std::int64_t>{1, 2});
}

TEST_CASE("Statement::each reports SQLITE_BUSY instead of ending quietly", "[sqlite]") {
  const auto path = (std::filesystem::temp_directory_path() / "techo-sqlite-each-busy.db").string();
  std::filesystem::remove(path);
  auto writer = Database::open(path);
  auto reader = Database::open(path);
  REQUIRE(writer.has_value());
  REQUIRE(reader.has_value());
  REQUIRE(writer->exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)").has_value());
  auto stmt = reader->prepare("SELECT x FROM t");  // prepared while the file is free
  REQUIRE(stmt.has_value());
  REQUIRE(writer->exec("BEGIN EXCLUSIVE; INSERT INTO t VALUES (2)").has_value());
  int rows = 0;
  auto done = stmt->each([&](const Row&) { ++rows; });
  REQUIRE_FALSE(done.has_value());
  CHECK(done.error().code == ErrorCode::kStorage);
  CHECK(done.error().message.find("SQLite code 5") != std::string::npos);  // SQLITE_BUSY
  CHECK(rows == 0);
  REQUIRE(writer->exec("ROLLBACK").has_value());
  std::filesystem::remove(path);
}

TEST_CASE("Statement::each stops at the first error a row returns, and returns it", "[sqlite]") {
  auto db = Database::open(":memory:");
  REQUIRE(db.has_value());
  auto stmt = db->prepare("SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3");
  REQUIRE(stmt.has_value());
  int rows = 0;
  auto done = stmt->each([&](const Row& row) -> techo::Status {
    ++rows;
    if (row.column_int(0) == 2) return techo::Error{ErrorCode::kMalformedInput, "row two", "row 2"};
    return techo::Ok{};
  });
  REQUIRE_FALSE(done.has_value());
  CHECK(done.error().path == "row 2");
  CHECK(rows == 2);
}
