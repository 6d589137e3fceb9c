// Importing lifelog samples: Vault::LifelogImport, one open transaction in which samples
// are stored as they arrive (a sample already in the vault is not stored twice) and the
// days they touch merged at commit; import_lifelog is its one-call form.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "techo/vault.hpp"
#include "vault_audit_log.hpp"
#include "vault_connection.hpp"
#include "vault_lifelog_days.hpp"

namespace techo {

struct Vault::LifelogImport::State {
  explicit State(sqlite::Database& database) : db(database) {}
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  sqlite::Database& db;
  detail::VaultConnection* connection = nullptr;  // for the log entry the import commits with
  std::optional<sqlite::Transaction> tx;  // rolls back unless committed, after `add` is finalized
  bool open() const { return tx && tx->active(); }
  std::int64_t source_id = 0;
  sqlite::Statement add;
  LifelogReport report;
  detail::TouchedDays days;  // touched by new samples: merged at commit

  // Where a metric's new samples are counted: its count in the report and its touched
  // days, found once per metric rather than looked up by name for every sample.
  struct MetricTally {
    std::string metric;
    std::int64_t* count;
    detail::LocalDays* days;
  };
  std::vector<MetricTally> tallies;  // the metrics seen, most recent first
  MetricTally& tally(const std::string& metric) {
    for (auto it = tallies.begin(); it != tallies.end(); ++it) {
      if (it->metric != metric) continue;
      if (it != tallies.begin()) std::iter_swap(it, tallies.begin());  // samples of one metric come in runs
      return tallies.front();
    }
    // std::map nodes stay where they are, so the pointers stay valid.
    tallies.insert(tallies.begin(), MetricTally{metric, &report.by_metric[metric], &days[{0, metric}]});
    return tallies.front();
  }
};

Vault::LifelogImport::LifelogImport(std::unique_ptr<State> state) : state_(std::move(state)) {}
Vault::LifelogImport::~LifelogImport() = default;

Result<std::unique_ptr<Vault::LifelogImport>> Vault::begin_lifelog_import(const SourceInfo& source,
                                                                         const std::string& format) {
  if (source.name.empty()) return Error{ErrorCode::kInvalidArgument, "an import needs a source name (the file name)", {}};
  auto& db = connection_->db;
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
  state->connection = connection_.get();
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
  st.add.bind(1, st.source_id).bind(2, sample.metric).bind(3, lifelog::utc_text(sample.start).view())
      .bind(4, lifelog::utc_text(sample.end).view()).bind(6, sample.value).bind(7, sample.unit).bind(8, sample.device)
      .bind(9, lifelog::device_kind_name(sample.kind)).bind(10, sample.detail);
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
    // Incremental: only the days new samples touch are merged again. Wearables and apps
    // belong to the account holder (person 0).
    State::MetricTally& metric = st.tally(sample.metric);
    ++*metric.count;
    detail::touched_days(sample, *metric.days);
  }
  return Ok{};
}

Result<Vault::LifelogReport> Vault::LifelogImport::commit(std::vector<Error> skipped) {
  auto& st = *state_;
  if (!st.open()) return Error{ErrorCode::kInvalidArgument, "this import is finished", {}};
  auto n = detail::recompute_touched(st.db, st.days);
  if (!n) return std::move(n).error().within(st.report.source.name);
  st.report.days_recomputed = *n;
  nlohmann::json by_metric = st.report.by_metric;
  detail::AuditEvent event{"import", 0, 0,
                           {{"source", st.report.source.name},
                            {"kind", "lifelog"},
                            {"format", st.report.format},
                            {"verification", verification_name(st.report.source.verification)},
                            {"samples", st.report.imported},
                            {"byMetric", std::move(by_metric)},
                            {"duplicates", st.report.duplicates},
                            {"skipped", skipped.size()}}};
  if (auto a = detail::append_audit(*st.connection, event); !a) return std::move(a).error().within(st.report.source.name);
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

}  // namespace techo
