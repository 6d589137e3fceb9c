// Held parts of split お薬手帳 notebooks (table notebook_parts, schema 16). A part is held
// in its own small transaction; the notebook is imported, and its parts forgotten, in the
// import's one transaction (Vault::Import::forget_notebook_parts).
#include <algorithm>

#include "techo/vault.hpp"
#include "vault_connection.hpp"

namespace techo {
namespace {

Result<Vault::NotebookParts> parts_of(sqlite::Database& db, const std::string& data_id) {
  auto stmt = db.prepare("SELECT part, total FROM notebook_parts WHERE data_id = ? ORDER BY part");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, data_id);
  Vault::NotebookParts out;
  out.data_id = data_id;
  std::vector<int> held;
  auto read = stmt->each([&](const sqlite::Row& row) {
    held.push_back(static_cast<int>(row.column_int(0)));
    out.total = static_cast<int>(row.column_int(1));
  });
  if (!read) return std::move(read).error();
  out.read = static_cast<int>(held.size());
  for (int p = 1; p <= out.total; ++p) {
    if (std::find(held.begin(), held.end(), p) == held.end()) out.missing.push_back(p);
  }
  return out;
}

}  // namespace

Result<Vault::NotebookParts> Vault::hold_notebook_part(const std::string& data_id, int part, int total, std::string_view text) {
  auto& db = connection_->db;
  auto held = parts_of(db, data_id);
  if (!held) return std::move(held).error();
  if (held->total != 0 && held->total != total) {
    return Error{ErrorCode::kMalformedInput,
                 "this part says the notebook has " + std::to_string(total) + " parts, the parts read before said " +
                     std::to_string(held->total),
                 "911"};
  }
  auto s = sqlite::in_transaction(db, [&]() -> Status {
    auto insert = db.prepare(
        "INSERT INTO notebook_parts(data_id, part, total, text) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(data_id, part) DO UPDATE SET text = excluded.text, received_at = excluded.received_at");
    if (!insert) return std::move(insert).error();
    return insert->bind(1, data_id).bind(2, std::int64_t{part}).bind(3, std::int64_t{total}).bind(4, text).run();
  });
  if (!s) return std::move(s).error();
  return parts_of(db, data_id);
}

Result<std::vector<std::string>> Vault::notebook_part_texts(const std::string& data_id) {
  auto stmt = connection_->db.prepare("SELECT text FROM notebook_parts WHERE data_id = ? ORDER BY part");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, data_id);
  std::vector<std::string> out;
  auto read = stmt->each([&](const sqlite::Row& row) { out.push_back(row.column_text(0)); });
  if (!read) return std::move(read).error();
  return out;
}

Result<std::vector<Vault::NotebookParts>> Vault::pending_notebook_parts() {
  auto& db = connection_->db;
  auto stmt = db.prepare("SELECT DISTINCT data_id FROM notebook_parts ORDER BY data_id");
  if (!stmt) return std::move(stmt).error();
  std::vector<std::string> ids;
  auto read = stmt->each([&](const sqlite::Row& row) { ids.push_back(row.column_text(0)); });
  if (!read) return std::move(read).error();
  std::vector<NotebookParts> out;
  for (const auto& id : ids) {
    auto parts = parts_of(db, id);
    if (!parts) return std::move(parts).error();
    out.push_back(std::move(parts).value());
  }
  return out;
}

}  // namespace techo
