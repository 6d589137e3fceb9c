// The lifelog read back, per person: stored samples, the merged days and weeks, and the
// person's source priority per metric (setting it recomputes every day of the metric).
// `person` is a profile id (Vault::people()); 0, or the account holder's id, is them.
// Private to core; Vault forwards its lifelog queries here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sqlite/sqlite.hpp"
#include "techo/vault.hpp"

namespace techo::detail {

class LifelogQueries {
 public:
  explicit LifelogQueries(sqlite::Database& db) : db_(db) {}

  [[nodiscard]] Result<std::vector<Vault::StoredSample>> samples(const std::string& metric, std::int64_t from,
                                                                 std::int64_t to, std::int64_t person);
  [[nodiscard]] Result<std::vector<Vault::LifelogDay>> days(const std::string& metric, const std::string& from_day,
                                                            const std::string& to_day, std::int64_t person);
  [[nodiscard]] Result<std::vector<Vault::LifelogWeek>> weeks(const std::string& metric, const std::string& from_day,
                                                              const std::string& to_day, std::int64_t person);
  [[nodiscard]] Result<lifelog::Priority> priority(const std::string& metric);
  // Value: days recomputed.
  [[nodiscard]] Result<std::int64_t> set_priority(const std::string& metric, const lifelog::Priority& priority);

 private:
  sqlite::Database& db_;
};

}  // namespace techo::detail
