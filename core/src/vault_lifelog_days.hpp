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

// The lifelog is kept per person: 0 is the account holder (whose wearables are imported),
// another number the profile of a family member whose Observations name them. Days are
// local day numbers (days since 1970-01-01 in the samples' local time), kept as numbers
// because an import touches them once per sample; they become "2026-01-01" when written.
using LocalDays = std::set<std::int64_t>;
using TouchedDays = std::map<std::pair<std::int64_t, std::string>, LocalDays>;  // (person, metric) -> local days

// Adds the local days `sample` touches to its person's metric. Local time is the sample's
// own offset, Japan time (UTC+9) when it wrote none.
void touched_days(const lifelog::Sample& sample, std::int64_t person, TouchedDays& days);
// The same into one metric's days.
void touched_days(const lifelog::Sample& sample, LocalDays& days);
// "2026-01-01" of a local day number.
std::string day_text(std::int64_t local_day);

// One person's stored samples of `metric` overlapping [from, to) (UTC seconds), oldest
// first, and the name of the file each came from when `sources` is given. A sample is
// taken to last at most three days (so the index on its start finds it). The reader keeps
// its statement prepared for many windows; load_samples is one read.
class SampleReader {
 public:
  [[nodiscard]] static Result<SampleReader> prepare(sqlite::Database& db, bool with_sources);
  [[nodiscard]] Result<std::vector<lifelog::Sample>> read(std::int64_t person, const std::string& metric, std::int64_t from,
                                                          std::int64_t to, std::vector<std::string>* sources);

 private:
  SampleReader(sqlite::Statement stmt, bool with_sources) : stmt_(std::move(stmt)), with_sources_(with_sources) {}
  sqlite::Statement stmt_;
  bool with_sources_;
};
[[nodiscard]] Result<std::vector<lifelog::Sample>> load_samples(sqlite::Database& db, std::int64_t person,
                                                                const std::string& metric, std::int64_t from,
                                                                std::int64_t to, std::vector<std::string>* sources);

// Recomputes these days of one person's metric (and the weeks containing them). Value:
// days written.
[[nodiscard]] Result<std::int64_t> recompute_days(sqlite::Database& db, std::int64_t person, const std::string& metric,
                                                  const LocalDays& days);

// Recomputes the touched days of each person's metric.
[[nodiscard]] Result<std::int64_t> recompute_touched(sqlite::Database& db, const TouchedDays& days);

// Every day of every person of a metric (after a priority change); of every metric (after
// a migration).
[[nodiscard]] Result<std::int64_t> recompute_metric(sqlite::Database& db, const std::string& metric);
[[nodiscard]] Status recompute_everything(sqlite::Database& db);

[[nodiscard]] Result<lifelog::Priority> load_priority(sqlite::Database& db, const std::string& metric);

}  // namespace techo::detail
