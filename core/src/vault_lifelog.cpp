// The vault's lifelog tables: storing imported samples (idempotently) and reading them
// back for the merge and the dashboard.
#include <map>
#include <optional>
#include <set>

#include "techo/vault.hpp"
#include "vault_impl.hpp"
#include "vault_lifelog_days.hpp"

namespace techo {

struct Vault::LifelogImport::State {
  explicit State(sqlite::Database& database) : db(database) {}
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  sqlite::Database& db;
  std::optional<sqlite::Transaction> tx;  // rolls back unless committed, after `add` is finalized
  bool open() const { return tx && tx->active(); }
  std::int64_t source_id = 0;
  sqlite::Statement add;
  LifelogReport report;
  detail::TouchedDays days;  // touched by new samples: merged at commit
};

Vault::LifelogImport::LifelogImport(std::unique_ptr<State> state) : state_(std::move(state)) {}
Vault::LifelogImport::~LifelogImport() = default;

Result<std::unique_ptr<Vault::LifelogImport>> Vault::begin_lifelog_import(const SourceInfo& source,
                                                                         const std::string& format) {
  if (source.name.empty()) return Error{ErrorCode::kInvalidArgument, "an import needs a source name (the file name)", {}};
  auto& db = impl_->db;
  auto state = std::make_unique<LifelogImport::State>(db);
  auto tx = sqlite::Transaction::begin(db);
  if (!tx) return std::move(tx).error().within(source.name);
  state->tx.emplace(std::move(tx).value());
  auto add_source = db.prepare(
      "INSERT INTO sources(name, bundle_type, encrypted, verification, issuer_name, issuer_key_id, signed_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!add_source) return std::move(add_source).error();
  auto s = add_source->bind(1, source.name).bind(2, "lifelog:" + format).bind(3, std::int64_t{source.encrypted})
               .bind(4, verification_name(source.verification)).bind(5, source.claimed_issuer_name)
               .bind(6, source.issuer_key_id).bind(7, source.signed_at).run();
  if (!s) return std::move(s).error().within(source.name);
  state->source_id = db.last_insert_rowid();
  auto add = db.prepare(
      "INSERT OR IGNORE INTO lifelog_samples(source_id, metric, start_at, end_at, utc_offset, value, unit, device, "
      "device_kind, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!add) return std::move(add).error();
  state->add = std::move(add).value();
  state->report.source = source;
  state->report.format = format;
  return std::unique_ptr<LifelogImport>(new LifelogImport(std::move(state)));
}

Status Vault::LifelogImport::store(const lifelog::Sample& sample) {
  auto& st = *state_;
  if (!st.open()) return Error{ErrorCode::kInvalidArgument, "this import is finished", {}};
  st.add.bind(1, st.source_id).bind(2, sample.metric).bind(3, lifelog::format_utc(sample.start))
      .bind(4, lifelog::format_utc(sample.end)).bind(6, sample.value).bind(7, sample.unit).bind(8, sample.device)
      .bind(9, std::string(lifelog::device_kind_name(sample.kind))).bind(10, sample.detail);
  if (sample.utc_offset_minutes) {
    st.add.bind(5, std::int64_t{*sample.utc_offset_minutes});
  } else {
    st.add.bind_null(5);
  }
  if (auto r = st.add.run(); !r) return r;
  if (st.db.changes() == 0) {
    ++st.report.duplicates;
  } else {
    ++st.report.imported;
    ++st.report.by_metric[sample.metric];
    detail::touched_days(sample, 0, st.days);  // wearables and apps: the account holder  // incremental: only these days are merged again
  }
  return Ok{};
}

Result<Vault::LifelogReport> Vault::LifelogImport::commit(std::vector<Error> skipped) {
  auto& st = *state_;
  if (!st.open()) return Error{ErrorCode::kInvalidArgument, "this import is finished", {}};
  auto n = detail::recompute_touched(st.db, st.days);
  if (!n) return std::move(n).error().within(st.report.source.name);
  st.report.days_recomputed = *n;
  if (auto s = st.tx->commit(); !s) return std::move(s).error().within(st.report.source.name);
  st.report.skipped = std::move(skipped);
  return std::move(st.report);
}

Result<Vault::LifelogReport> Vault::import_lifelog(const SourceInfo& source, const lifelog::ParseReport& parsed) {
  auto import = begin_lifelog_import(source, parsed.format);
  if (!import) return std::move(import).error();
  for (const auto& sample : parsed.samples) {
    if (auto s = (*import)->store(sample); !s) return std::move(s).error().within(source.name);
  }
  return (*import)->commit(parsed.skipped);
}

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

Result<std::vector<Vault::StoredSample>> Vault::lifelog_samples(const std::string& metric, std::int64_t from,
                                                                std::int64_t to, std::int64_t person) {
  auto key = lifelog_person(impl_->db, person);
  if (!key) return std::move(key).error();
  std::vector<std::string> sources;
  auto samples = detail::load_samples(impl_->db, *key, metric, from, to, &sources);
  if (!samples) return std::move(samples).error();
  std::vector<StoredSample> out;
  out.reserve(samples->size());
  for (std::size_t i = 0; i < samples->size(); ++i) out.push_back({std::move((*samples)[i]), std::move(sources[i])});
  return out;
}

Result<std::vector<Vault::LifelogDay>> Vault::lifelog_days(const std::string& metric, const std::string& from_day,
                                                            const std::string& to_day, std::int64_t person) {
  auto key = lifelog_person(impl_->db, person);
  if (!key) return std::move(key).error();
  auto stmt = impl_->db.prepare(
      "SELECT day, value, min_value, max_value, readings, explanation, sources FROM lifelog_daily "
      "WHERE person = ? AND metric = ? AND day >= ? AND day <= ? ORDER BY day");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, *key).bind(2, metric).bind(3, from_day).bind(4, to_day);
  std::vector<LifelogDay> out;
  auto read = stmt->each([&](const sqlite::Row& row) {
    LifelogDay d;
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

Result<std::vector<Vault::LifelogWeek>> Vault::lifelog_weeks(const std::string& metric, const std::string& from_day,
                                                             const std::string& to_day, std::int64_t person) {
  auto key = lifelog_person(impl_->db, person);
  if (!key) return std::move(key).error();
  auto stmt = impl_->db.prepare(
      "SELECT week_start, value, days FROM lifelog_weekly "
      "WHERE person = ? AND metric = ? AND week_start >= ? AND week_start <= ? ORDER BY week_start");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, *key).bind(2, metric).bind(3, from_day).bind(4, to_day);
  std::vector<LifelogWeek> out;
  auto read = stmt->each([&](const sqlite::Row& row) {
    out.push_back({row.column_text(0), row.column_double(1), row.column_int(2)});
  });
  if (!read) return std::move(read).error();
  return out;
}

Result<lifelog::Priority> Vault::lifelog_priority(const std::string& metric) { return detail::load_priority(impl_->db, metric); }

Result<std::int64_t> Vault::set_lifelog_priority(const std::string& metric, const lifelog::Priority& priority) {
  auto& db = impl_->db;
  std::int64_t written = 0;
  auto done = sqlite::in_transaction(db, [&]() -> Status {
    nlohmann::json kinds = nlohmann::json::array();
    for (auto k : priority.order) kinds.push_back(lifelog::device_kind_name(k));
    auto set = db.prepare("INSERT OR REPLACE INTO lifelog_priority(metric, kinds) VALUES (?, ?)");
    if (!set) return std::move(set).error();
    if (auto s = set->bind(1, metric).bind(2, kinds.dump()).run(); !s) return s;
    auto n = detail::recompute_metric(db, metric);
    if (!n) return std::move(n).error();
    written = *n;
    return Ok{};
  });
  if (!done) return done.error();
  return written;
}

}  // namespace techo
