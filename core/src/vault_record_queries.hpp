// What the vault holds, read back: normalized records a page at a time, the stored FHIR
// resources the views are computed from, the people the records are about, the newest
// resources first (timeline) and the summary (counts, patients, sources with their trust).
// Private to core; Vault forwards its queries here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sqlite/sqlite.hpp"
#include "techo/vault.hpp"

namespace techo::detail {

// The columns stored_resource_from reads, and the joins they come from (resources `res`,
// sources `s`, records `r`): a query adds its WHERE.
inline constexpr const char* kStoredResourceSelect =
    "SELECT res.id, res.resource_type, res.fhir_id, res.full_url, res.json, s.name, COALESCE(r.profile_id, 0), "
    "s.id, s.bundle_type, s.bundle_profile "
    "FROM resources res JOIN sources s ON s.id = res.source_id LEFT JOIN records r ON r.resource_id = res.id ";
// One row of kStoredResourceSelect, parsed; and every row a statement of it gives.
Result<StoredResource> stored_resource_from(const sqlite::Row& row);
Result<std::vector<StoredResource>> stored_resources_of(sqlite::Statement& stmt);

class RecordQueries {
 public:
  explicit RecordQueries(sqlite::Database& db) : db_(db) {}

  [[nodiscard]] Result<std::vector<Vault::RecordRow>> records(const Vault::RecordQuery& query);
  [[nodiscard]] Result<std::vector<Person>> people();
  [[nodiscard]] Result<std::vector<StoredResource>> stored_resources(const std::vector<std::string>& types,
                                                                     std::int64_t person);
  [[nodiscard]] Result<std::vector<Vault::TimelineEntry>> timeline(int limit, std::int64_t before);
  [[nodiscard]] Result<Summary> summary();

  // Records that name no known person belong to the only person there is, if any.
  Result<bool> knows_at_most_one_person();

 private:
  sqlite::Database& db_;
};

}  // namespace techo::detail
