#include "vault_view_queries.hpp"

#include <map>

#include "vault_connection.hpp"
#include "vault_record_queries.hpp"
#include "vault_view_index.hpp"

namespace techo::detail {

namespace {

// The view index joined to what decides whose a row is; ?1 is the person (0 = everyone),
// ?2 whether the vault knows at most one person (then rows naming nobody are theirs).
constexpr const char* kRows =
    " FROM view_keys k WHERE (?1 = 0 OR NOT k.recorded OR k.profile_id = ?1 OR (k.profile_id IS NULL AND ?2)) ";
// The same with the row's source `s` (whether it came in a document).
constexpr const char* kRowsWithSource =
    " FROM view_keys k JOIN sources s ON s.id = k.source_id "
    "WHERE (?1 = 0 OR NOT k.recorded OR k.profile_id = ?1 OR (k.profile_id IS NULL AND ?2)) ";

}  // namespace

ViewQueries::ViewQueries(Vault& vault) : db_(vault.connection_->db) {}

Result<std::vector<StoredResource>> ViewQueries::resources(const std::vector<std::int64_t>& ids) {
  std::vector<StoredResource> out;
  if (ids.empty()) return out;
  std::string list = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) list += (i ? "," : "") + std::to_string(ids[i]);
  list += "]";
  auto stmt = db_.prepare(std::string(kStoredResourceSelect) +
                          "WHERE res.id IN (SELECT value FROM json_each(?1)) ORDER BY res.id");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, list);
  return stored_resources_of(*stmt);
}

Result<std::int64_t> ViewQueries::id_named(const std::string& reference) {
  if (reference.empty() || reference[0] == '#') return std::int64_t{0};
  auto by_url = db_.prepare("SELECT id FROM resources WHERE full_url = ?1 AND full_url <> '' ORDER BY id LIMIT 1");
  if (!by_url) return std::move(by_url).error();
  by_url->bind(1, reference);
  auto row = by_url->step();
  if (!row) return std::move(row).error();
  if (*row) return by_url->column_int(0);
  // "Type/id", or an absolute URL whose tail is Type/id.
  const auto slash = reference.rfind('/');
  if (slash == std::string::npos || slash == 0) return std::int64_t{0};
  const auto type_at = reference.rfind('/', slash - 1);
  const std::string type = reference.substr(type_at == std::string::npos ? 0 : type_at + 1, slash - (type_at == std::string::npos ? 0 : type_at + 1));
  auto by_id = db_.prepare("SELECT id FROM resources WHERE resource_type = ?1 AND fhir_id = ?2 ORDER BY id LIMIT 1");
  if (!by_id) return std::move(by_id).error();
  by_id->bind(1, type).bind(2, reference.substr(slash + 1));
  auto found = by_id->step();
  if (!found) return std::move(found).error();
  return *found ? by_id->column_int(0) : std::int64_t{0};
}

Result<std::optional<StoredResource>> ViewQueries::resource_named(const std::string& reference) {
  auto id = id_named(reference);
  if (!id) return std::move(id).error();
  if (*id == 0) return std::optional<StoredResource>{};
  auto rows = resources({*id});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<StoredResource>{};
  return std::optional<StoredResource>(std::move(rows->front()));
}

Result<std::vector<std::int64_t>> ViewQueries::ids(const std::string& sql, std::int64_t person,
                                                   const std::vector<std::string>& texts) {
  auto single = RecordQueries(db_).knows_at_most_one_person();
  if (!single) return std::move(single).error();
  auto stmt = db_.prepare(sql);
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, person).bind(2, std::int64_t{*single});
  for (std::size_t i = 0; i < texts.size(); ++i) stmt->bind(static_cast<int>(i) + 3, texts[i]);
  std::vector<std::int64_t> out;
  auto read = stmt->each([&](const sqlite::Row& row) -> Status {
    out.push_back(row.column_int(0));
    return Ok{};
  });
  if (!read) return std::move(read).error();
  return out;
}

Result<std::vector<std::int64_t>> ViewQueries::maybe_current_medications(std::int64_t person, const std::string& today) {
  return ids(std::string("SELECT DISTINCT k.resource_id") + kRows + "AND k.kind = 'medication' AND (k.until >= ?3 OR (k.flags & " +
                 std::to_string(kViewKeyNamesPrescription) + ") <> 0)",
             person, {today});
}

Result<std::vector<std::int64_t>> ViewQueries::latest_results(std::int64_t person) {
  // The latest of each analyte is the last of its values ordered by date, then as stored
  // (row, then component): the row numbered 1 here, unless an undated one gets a later
  // date from its document — so those are read too.
  return ids(std::string("SELECT DISTINCT id FROM (SELECT k.resource_id AS id, k.effective_at AS e, ROW_NUMBER() OVER ("
                         "PARTITION BY k.profile_id, k.group_key ORDER BY k.effective_at DESC, k.resource_id DESC, "
                         "k.part DESC) AS n") +
                 kRows + "AND k.kind = 'result') WHERE n = 1 OR e = ''",
             person);
}

Result<std::vector<std::int64_t>> ViewQueries::infection_results(std::int64_t person) {
  return ids(std::string("SELECT DISTINCT k.resource_id") + kRows + "AND k.kind = 'result' AND (k.flags & " +
                 std::to_string(kViewKeyInfection) + ") <> 0",
             person);
}

Result<std::vector<std::int64_t>> ViewQueries::checkup_results(std::int64_t person) {
  return ids(std::string("SELECT DISTINCT k.resource_id") + kRowsWithSource + "AND k.kind = 'result' AND ((k.flags & " +
                 std::to_string(kViewKeyCheckupCode) + ") <> 0 OR s.bundle_type = 'document')",
             person);
}

Result<std::vector<std::int64_t>> ViewQueries::admissions(std::int64_t person, const std::string& from) {
  return ids(std::string("SELECT DISTINCT k.resource_id") + kRows +
                 "AND k.kind = 'admission' AND (k.effective_at >= ?3 OR k.until >= ?3 OR k.effective_at = '')",
             person, {from});
}

Result<std::vector<std::int64_t>> ViewQueries::document_entries(const std::string& kind, std::int64_t person) {
  return ids(std::string("SELECT DISTINCT k.resource_id") + kRowsWithSource + "AND k.kind = ?3 AND s.bundle_type = 'document'", person,
             {kind});
}

Result<std::vector<std::int64_t>> ViewQueries::newest(const std::string& kind, std::int64_t person, int limit) {
  const std::string n = std::to_string(limit);
  return ids(std::string("SELECT id FROM (SELECT id FROM (SELECT DISTINCT k.resource_id AS id, k.effective_at AS e") + kRows +
                 "AND k.kind = ?3 AND k.effective_at <> '') ORDER BY e DESC, id ASC LIMIT " + n +
                 ") UNION SELECT DISTINCT k.resource_id" + kRows + "AND k.kind = ?3 AND k.effective_at = ''",
             person, {kind});
}

Result<std::vector<std::int64_t>> ViewQueries::newest_in_group(const std::string& kind, std::int64_t person,
                                                              std::int64_t group_person, const std::string& group, int limit) {
  // ?5: the group's person as stored (NULL for 0: nobody the vault knows).
  const std::string in_group = std::string(kRows) + "AND k.kind = ?3 AND k.group_key = ?4 AND k.profile_id IS ?5 ";
  auto single = RecordQueries(db_).knows_at_most_one_person();
  if (!single) return std::move(single).error();
  std::vector<std::int64_t> out;
  for (const std::string& sql :
       {"SELECT k.resource_id" + in_group + "AND k.effective_at <> '' ORDER BY k.effective_at DESC, k.resource_id DESC, "
        "k.part DESC LIMIT " + std::to_string(limit),
        "SELECT k.resource_id" + in_group + "AND k.effective_at = ''"}) {
    auto stmt = db_.prepare(sql);
    if (!stmt) return std::move(stmt).error();
    stmt->bind(1, person).bind(2, std::int64_t{*single}).bind(3, kind).bind(4, group);
    if (group_person == 0) stmt->bind_null(5);
    else stmt->bind(5, group_person);
    auto read = stmt->each([&](const sqlite::Row& row) -> Status {
      out.push_back(row.column_int(0));
      return Ok{};
    });
    if (!read) return std::move(read).error();
  }
  return out;
}

Result<std::vector<ViewQueries::Group>> ViewQueries::groups(const std::string& kind, std::int64_t person, int excluded_flags,
                                                           bool newest) {
  auto single = RecordQueries(db_).knows_at_most_one_person();
  if (!single) return std::move(single).error();
  const std::string where = std::string(kRowsWithSource) + "AND k.kind = ?3 AND (k.flags & " + std::to_string(excluded_flags) + ") = 0";
  auto totals = db_.prepare("SELECT COALESCE(k.profile_id, 0), k.group_key, COUNT(*), MIN(NULLIF(k.effective_at, '')), "
                            "MAX(k.effective_at), MAX(k.flags & " + std::to_string(kViewKeyNumeric) + ")" + where +
                            " GROUP BY k.profile_id, k.group_key");
  // One row per way of writing the institution; a document's entries per document. The
  // bare column takes the row of the MIN / MAX (SQLite's documented rule for one such aggregate).
  auto representatives = db_.prepare(
      std::string("SELECT COALESCE(k.profile_id, 0), k.group_key, k.resource_id, ") + (newest ? "MAX" : "MIN") +
      "(k.effective_at)" + where + " GROUP BY k.profile_id, k.group_key, k.context_key, CASE WHEN s.bundle_type = 'document' THEN s.id ELSE 0 END");
  if (!totals) return std::move(totals).error();
  if (!representatives) return std::move(representatives).error();
  std::map<std::pair<std::int64_t, std::string>, Group> by_key;
  totals->bind(1, person).bind(2, std::int64_t{*single}).bind(3, kind);
  auto read = totals->each([&](const sqlite::Row& row) -> Status {
    Group g;
    g.person = row.column_int(0);
    g.key = row.column_text(1);
    g.count = row.column_int(2);
    g.first = row.column_is_null(3) ? std::string() : row.column_text(3);
    g.last = row.column_text(4);
    g.numeric = row.column_int(5) != 0;
    by_key.emplace(std::make_pair(g.person, g.key), std::move(g));
    return Ok{};
  });
  if (!read) return std::move(read).error();
  representatives->bind(1, person).bind(2, std::int64_t{*single}).bind(3, kind);
  read = representatives->each([&](const sqlite::Row& row) -> Status {
    if (auto it = by_key.find({row.column_int(0), row.column_text(1)}); it != by_key.end()) {
      it->second.representatives.push_back(row.column_int(2));
    }
    return Ok{};
  });
  if (!read) return std::move(read).error();
  std::vector<Group> out;
  for (auto& [key, g] : by_key) out.push_back(std::move(g));
  return out;
}

}  // namespace techo::detail
