#include "vault_schema.hpp"

#include <array>
#include <string>

namespace techo::detail {
namespace {

constexpr std::array kMigrations = {
    // 1: sources (one row per import, the provenance of what came with it) and the raw
    // resources exactly as received.
    R"sql(
      CREATE TABLE sources (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL,
        bundle_type TEXT NOT NULL,
        imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE TABLE resources (
        id            INTEGER PRIMARY KEY,
        source_id     INTEGER NOT NULL REFERENCES sources(id),
        resource_type TEXT NOT NULL,
        fhir_id       TEXT NOT NULL,
        full_url      TEXT NOT NULL,
        json          TEXT NOT NULL
      );
      CREATE INDEX resources_by_type ON resources(resource_type);
    )sql",
    // 2: where each import came from, as far as it could be verified, and the issuer keys
    // the person trusts.
    R"sql(
      ALTER TABLE sources ADD COLUMN encrypted INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE sources ADD COLUMN verification TEXT NOT NULL DEFAULT 'unsigned'
        CHECK (verification IN ('verified', 'unknown_issuer', 'unsigned'));
      ALTER TABLE sources ADD COLUMN issuer_name TEXT NOT NULL DEFAULT '';
      ALTER TABLE sources ADD COLUMN issuer_key_id TEXT NOT NULL DEFAULT '';
      ALTER TABLE sources ADD COLUMN signed_at TEXT NOT NULL DEFAULT '';
      CREATE TABLE trusted_issuers (
        key_id     TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        public_key TEXT NOT NULL,
        added_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
    )sql",
};

}  // namespace

int latest_schema_version() noexcept { return static_cast<int>(kMigrations.size()); }

Status migrate(sqlite::Database& db) {
  auto version_stmt = db.prepare("PRAGMA user_version");
  if (!version_stmt) return std::move(version_stmt).error();
  auto row = version_stmt->step();
  if (!row) return std::move(row).error();
  const int current = static_cast<int>(version_stmt->column_int(0));
  if (current > latest_schema_version()) {
    return Error{ErrorCode::kUnsupported,
                 "this vault was written by a newer Techo (schema " + std::to_string(current) +
                     "); update the app to open it",
                 "PRAGMA user_version"};
  }
  for (int next = current + 1; next <= latest_schema_version(); ++next) {
    auto step = sqlite::in_transaction(db, [&]() -> Status {
      if (auto s = db.exec(kMigrations[next - 1]); !s) return s;
      return db.exec(("PRAGMA user_version = " + std::to_string(next)).c_str());
    });
    if (!step) return step.error().within("schema migration " + std::to_string(next));
  }
  return Ok{};
}

}  // namespace techo::detail
