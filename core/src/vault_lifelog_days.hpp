// The stored merged lifelog: recomputing the days an import touched (and their weeks)
// from the samples around them. Private to core.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "sqlite/sqlite.hpp"
#include "techo/lifelog.hpp"
#include "techo/lifelog_merge.hpp"

namespace techo::detail {

// Adds the local days ("2026-01-01") `sample` touches to its metric's set. Local time is
// the sample's own offset, Japan time (UTC+9) when it wrote none.
void touched_days(const lifelog::Sample& sample, std::map<std::string, std::set<std::string>>& days);

// The stored samples of `metric` overlapping [from, to) (UTC seconds), oldest first, and
// the name of the file each came from when `sources` is given. A sample is taken to last
// at most three days (so the index on its start finds it).
[[nodiscard]] Result<std::vector<lifelog::Sample>> load_samples(sqlite::Database& db, const std::string& metric,
                                                                std::int64_t from, std::int64_t to,
                                                                std::vector<std::string>* sources);

// Recomputes these days of a metric (and the weeks containing them). Value: days written.
[[nodiscard]] Result<std::int64_t> recompute_days(sqlite::Database& db, const std::string& metric,
                                                  const std::set<std::string>& days);

// Every day with samples of a metric, for recomputing after a priority change.
[[nodiscard]] Result<std::set<std::string>> all_days(sqlite::Database& db, const std::string& metric);

[[nodiscard]] Result<lifelog::Priority> load_priority(sqlite::Database& db, const std::string& metric);

}  // namespace techo::detail
