#include "vault_lifelog_queries.hpp"

#include <nlohmann/json.hpp>

#include "vault_lifelog_days.hpp"

namespace techo::detail {

namespace {

// The person key the lifelog tables use: 0 for the account holder.
Result<std::int64_t> lifelog_person(sqlite::Database& db, std::int64_t profile_id) {
  if (profile_id == 0) return std::int64_t{0};
  auto stmt = db.prepare("SELECT relationship FROM profiles WHERE id = ?");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, profile_id);
  auto row = stmt->step();
  if (!row) return std::move(row).error();
  if (!row.value()) return Error{ErrorCode::kInvalidArgument, "no such person in this vault", "person " + std::to_string(profile_id)};
  return stmt->column_text(0) == "self" ? std::int64_t{0} : profile_id;
}

}  // namespace

Result<std::vector<Vault::StoredSample>> LifelogQueries::samples(const std::string& metric, std::int64_t from,
                                                                std::int64_t to, std::int64_t person) {
  auto key = lifelog_person(db_, person);
  if (!key) return std::move(key).error();
  std::vector<std::string> sources;
  auto samples = load_samples(db_, *key, metric, from, to, &sources);
  if (!samples) return std::move(samples).error();
  std::vector<Vault::StoredSample> out;
  out.reserve(samples->size());
  for (std::size_t i = 0; i < samples->size(); ++i) out.push_back({std::move((*samples)[i]), std::move(sources[i])});
  return out;
}

Result<std::vector<Vault::LifelogDay>> LifelogQueries::days(const std::string& metric, const std::string& from_day,
                                                            const std::string& to_day, std::int64_t person) {
  auto key = lifelog_person(db_, person);
  if (!key) return std::move(key).error();
  auto stmt = db_.prepare(
      "SELECT day, value, min_value, max_value, readings, explanation, sources FROM lifelog_daily "
      "WHERE person = ? AND metric = ? AND day >= ? AND day <= ? ORDER BY day");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, *key).bind(2, metric).bind(3, from_day).bind(4, to_day);
  std::vector<Vault::LifelogDay> out;
  auto read = stmt->each([&](const sqlite::Row& row) {
    Vault::LifelogDay d;
    d.day = row.column_text(0);
    d.value = row.column_double(1);
    if (!row.column_is_null(2)) d.min = row.column_double(2);
    if (!row.column_is_null(3)) d.max = row.column_double(3);
    d.readings = row.column_int(4);
    d.explanation = row.column_text(5);
    d.sources = nlohmann::json::parse(row.column_text(6), nullptr, false);
    out.push_back(std::move(d));
  });
  if (!read) return std::move(read).error();
  return out;
}

Result<std::vector<Vault::LifelogWeek>> LifelogQueries::weeks(const std::string& metric, const std::string& from_day,
                                                             const std::string& to_day, std::int64_t person) {
  auto key = lifelog_person(db_, person);
  if (!key) return std::move(key).error();
  auto stmt = db_.prepare(
      "SELECT week_start, value, days FROM lifelog_weekly "
      "WHERE person = ? AND metric = ? AND week_start >= ? AND week_start <= ? ORDER BY week_start");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, *key).bind(2, metric).bind(3, from_day).bind(4, to_day);
  std::vector<Vault::LifelogWeek> out;
  auto read = stmt->each([&](const sqlite::Row& row) {
    out.push_back({row.column_text(0), row.column_double(1), row.column_int(2)});
  });
  if (!read) return std::move(read).error();
  return out;
}

Result<lifelog::Priority> LifelogQueries::priority(const std::string& metric) { return load_priority(db_, metric); }

Result<std::int64_t> LifelogQueries::set_priority(const std::string& metric, const lifelog::Priority& priority) {
  auto& db = db_;
  std::int64_t written = 0;
  auto done = sqlite::in_transaction(db, [&]() -> Status {
    nlohmann::json kinds = nlohmann::json::array();
    for (auto k : priority.order) kinds.push_back(lifelog::device_kind_name(k));
    auto set = db.prepare("INSERT OR REPLACE INTO lifelog_priority(metric, kinds) VALUES (?, ?)");
    if (!set) return std::move(set).error();
    if (auto s = set->bind(1, metric).bind(2, kinds.dump()).run(); !s) return s;
    auto n = recompute_metric(db, metric);
    if (!n) return std::move(n).error();
    written = *n;
    return Ok{};
  });
  if (!done) return done.error();
  return written;
}

}  // namespace techo::detail
