#include "vault_issuers.hpp"

namespace techo::detail {

Status IssuerList::add_trusted(const TrustedIssuer& issuer) {
  auto stmt = db_.prepare(
      "INSERT INTO trusted_issuers(key_id, name, public_key) VALUES (?, ?, ?) "
      "ON CONFLICT(key_id) DO UPDATE SET name = excluded.name");
  if (!stmt) return std::move(stmt).error();
  return stmt->bind(1, issuer.key_id).bind(2, issuer.name).bind(3, issuer.public_key).run();
}

namespace {
// Issuers (trusted or pending) as a query's (key_id, name, public_key) rows.
Result<std::vector<TrustedIssuer>> issuer_rows(sqlite::Database& db, std::string_view sql) {
  auto stmt = db.prepare(sql);
  if (!stmt) return std::move(stmt).error();
  std::vector<TrustedIssuer> out;
  auto read = stmt->each([&](const sqlite::Row& row) {
    out.push_back({row.column_text(0), row.column_text(1), row.column_text(2)});
  });
  if (!read) return std::move(read).error();
  return out;
}
}  // namespace

Result<std::vector<TrustedIssuer>> IssuerList::trusted() {
  return issuer_rows(db_, "SELECT key_id, name, public_key FROM trusted_issuers ORDER BY added_at, key_id");
}

Result<bool> IssuerList::is_trusted(std::string_view key_id) {
  auto stmt = db_.prepare("SELECT 1 FROM trusted_issuers WHERE key_id = ?");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, key_id);
  return stmt->step();
}

Result<std::optional<std::string>> IssuerList::trusted_name(std::string_view key_id) {
  auto stmt = db_.prepare("SELECT name FROM trusted_issuers WHERE key_id = ?");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, key_id);
  auto row = stmt->step();
  if (!row) return std::move(row).error();
  if (!row.value()) return std::optional<std::string>();
  return std::optional<std::string>(stmt->column_text(0));
}

Result<std::vector<TrustedIssuer>> IssuerList::pending() {
  return issuer_rows(db_, "SELECT key_id, name, public_key FROM pending_issuers ORDER BY restored_at, key_id");
}

namespace {
Error no_pending_issuer() {
  return Error{ErrorCode::kInvalidArgument, "no restored issuer with this key id is waiting to be confirmed", "keyId"};
}
}  // namespace

Status IssuerList::confirm_pending(std::string_view key_id) {
  auto& db = db_;
  return sqlite::in_transaction(db, [&]() -> Status {
    auto move = db.prepare(
        "INSERT INTO trusted_issuers(key_id, name, public_key) SELECT key_id, name, public_key FROM pending_issuers "
        "WHERE key_id = ? ON CONFLICT(key_id) DO UPDATE SET name = excluded.name");
    if (!move) return std::move(move).error();
    if (auto s = move->bind(1, key_id).run(); !s) return s;
    if (db.changes() == 0) return no_pending_issuer();
    auto forget = db.prepare("DELETE FROM pending_issuers WHERE key_id = ?");
    if (!forget) return std::move(forget).error();
    return forget->bind(1, key_id).run();
  });
}

Status IssuerList::dismiss_pending(std::string_view key_id) {
  auto forget = db_.prepare("DELETE FROM pending_issuers WHERE key_id = ?");
  if (!forget) return std::move(forget).error();
  if (auto s = forget->bind(1, key_id).run(); !s) return s;
  if (db_.changes() == 0) return no_pending_issuer();
  return Ok{};
}

}  // namespace techo::detail
