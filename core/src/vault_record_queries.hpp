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

class RecordQueries {
 public:
  explicit RecordQueries(sqlite::Database& db) : db_(db) {}

  [[nodiscard]] Result<std::vector<Vault::RecordRow>> records(const Vault::RecordQuery& query);
  [[nodiscard]] Result<std::vector<Person>> people();
  [[nodiscard]] Result<std::vector<StoredResource>> stored_resources(const std::vector<std::string>& types,
                                                                     std::int64_t person);
  [[nodiscard]] Result<std::vector<Vault::TimelineEntry>> timeline(int limit, std::int64_t before);
  [[nodiscard]] Result<Summary> summary();

 private:
  // Records that name no known person belong to the only person there is, if any.
  Result<bool> knows_at_most_one_person();
  sqlite::Database& db_;
};

}  // namespace techo::detail
