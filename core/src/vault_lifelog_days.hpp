// The stored merged lifelog: recomputing the days an import touched (and their weeks)
// from the samples around them. Private to core.
#pragma once

#include <map>
#include <set>
#include <string>

#include "sqlite/sqlite.hpp"
#include "techo/lifelog.hpp"
#include "techo/lifelog_merge.hpp"

namespace techo::detail {

// Local days ("2026-01-01") each sample of `samples` touches, per metric. Local time is
// the sample's own offset, Japan time (UTC+9) when it wrote none.
void touched_days(const std::vector<lifelog::Sample>& samples, std::map<std::string, std::set<std::string>>& days);

// Recomputes these days of a metric (and the weeks containing them). Value: days written.
[[nodiscard]] Result<std::int64_t> recompute_days(sqlite::Database& db, const std::string& metric,
                                                  const std::set<std::string>& days);

// Every day with samples of a metric, for recomputing after a priority change.
[[nodiscard]] Result<std::set<std::string>> all_days(sqlite::Database& db, const std::string& metric);

[[nodiscard]] Result<lifelog::Priority> load_priority(sqlite::Database& db, const std::string& metric);

}  // namespace techo::detail
