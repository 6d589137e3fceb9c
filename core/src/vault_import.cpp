// Importing records: Vault::Import, one open transaction in which resources are stored
// as they arrive (deduplicated by the ResourceWriter, vital signs copied into the
// lifelog), committed whole or rolled back whole; import_bundle and import_stream are
// the one-call forms of it.
#include <optional>

#include "techo/vault.hpp"
#include "vault_audit_log.hpp"
#include "vault_connection.hpp"
#include "vault_lifelog_days.hpp"
#include "vault_lifelog_observations.hpp"
#include "vault_people.hpp"
#include "vault_resource_writer.hpp"

namespace techo {

Result<ImportReport> Vault::import_bundle(const SourceInfo& source, const fhir::Bundle& bundle) {
  auto import = begin_import(source);
  if (!import) return std::move(import).error();
  for (const auto& r : bundle.resources) {  // stored as they are: no copy of each resource
    if (auto s = (*import)->store(r); !s) return std::move(s).error().within(source.name);
  }
  return (*import)->commit(source, fhir::StreamReport{fhir::InputKind::kBundle, bundle.type, bundle.skipped, bundle.flagged, bundle.profile});
}

Result<ImportReport> Vault::import_stream(const SourceInfo& source, const ResourceProducer& produce) {
  auto import = begin_import(source);
  if (!import) return std::move(import).error();
  auto read = produce([&](fhir::Resource&& r) { return (*import)->store(r); });
  if (!read) return std::move(read).error().within(source.name);  // the Import rolls back
  return (*import)->commit(source, std::move(read).value());
}

struct Vault::Import::State {
  explicit State(sqlite::Database& database) : db(database) {}
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  sqlite::Database& db;
  detail::VaultConnection* connection = nullptr;  // for the log entry the import commits with
  // Declared before the statements that use it: they are finalized first, then it rolls
  // back unless committed, whichever way the import ends.
  std::optional<sqlite::Transaction> tx;
  std::int64_t source_id = 0;
  std::optional<detail::ResourceWriter> writer;
  std::optional<detail::ObservationLifelog> lifelog;  // vital signs and activity join the lifelog
  std::vector<Error> lifelog_problems;
  ImportReport report;
  bool open() const { return tx && tx->active(); }
};

Vault::Import::Import(std::unique_ptr<State> state) : state_(std::move(state)) {}
Vault::Import::~Import() = default;

Result<std::unique_ptr<Vault::Import>> Vault::begin_import(const SourceInfo& source) {
  if (source.name.empty()) {
    return Error{ErrorCode::kInvalidArgument, "an import needs a source name (the file name)", {}};
  }
  auto& db = connection_->db;
  auto state = std::make_unique<Import::State>(db);
  auto tx = sqlite::Transaction::begin(db);
  if (!tx) return std::move(tx).error().within(source.name);
  state->tx.emplace(std::move(tx).value());
  auto insert_source = db.prepare(
      "INSERT INTO sources(name, bundle_type, encrypted, verification, issuer_name, issuer_key_id, signed_at) "
      "VALUES (?, '', ?, ?, ?, ?, ?)");
  if (!insert_source) return std::move(insert_source).error();
  auto s = insert_source->bind(1, source.name).bind(2, std::int64_t{source.encrypted})
               .bind(3, verification_name(source.verification)).bind(4, source.claimed_issuer_name)
               .bind(5, source.issuer_key_id).bind(6, source.signed_at).run();
  if (!s) return std::move(s).error().within(source.name);
  state->source_id = db.last_insert_rowid();
  state->connection = connection_.get();
  state->writer.emplace(db, state->source_id);
  state->lifelog.emplace(db, state->source_id);
  state->report.source = source;
  return std::unique_ptr<Import>(new Import(std::move(state)));
}

Status Vault::Import::store(const fhir::Resource& r) {
  auto& st = *state_;
  if (!st.open()) return Error{ErrorCode::kInvalidArgument, "this import is finished", {}};
  auto outcome = st.writer->store(r);
  if (!outcome) return std::move(outcome).error();
  const bool written = *outcome == detail::ResourceWriter::Outcome::kNew || *outcome == detail::ResourceWriter::Outcome::kUpdated;
  if (written && r.type == "Observation") {
    const bool replacing = *outcome == detail::ResourceWriter::Outcome::kUpdated;
    if (auto s = st.lifelog->write(st.writer->last_written(), r, replacing, st.lifelog_problems); !s) return s;
  }
  switch (*outcome) {
    case detail::ResourceWriter::Outcome::kNew:
      ++st.report.imported[r.type];
      ++st.report.imported_total;
      break;
    case detail::ResourceWriter::Outcome::kUpdated: ++st.report.updated; break;
    case detail::ResourceWriter::Outcome::kUnchanged: ++st.report.unchanged; break;
    case detail::ResourceWriter::Outcome::kHistorical: ++st.report.historical; break;
  }
  return Ok{};
}

Status Vault::Import::store_unless_known(const fhir::Resource& r) {
  auto& st = *state_;
  if (!st.open()) return Error{ErrorCode::kInvalidArgument, "this import is finished", {}};
  auto known = st.writer->known(r);
  if (!known) return std::move(known).error();
  if (!*known) return store(r);
  ++st.report.unchanged;
  return Ok{};
}

Status Vault::Import::forget_notebook_parts(const std::string& data_id) {
  auto& st = *state_;
  if (!st.open()) return Error{ErrorCode::kInvalidArgument, "this import is finished", {}};
  auto drop = st.db.prepare("DELETE FROM notebook_parts WHERE data_id = ?");
  if (!drop) return std::move(drop).error();
  return drop->bind(1, data_id).run();
}

Result<ImportReport> Vault::Import::commit(const SourceInfo& source, fhir::StreamReport&& read) {
  auto& st = *state_;
  if (!st.open()) return Error{ErrorCode::kInvalidArgument, "this import is finished", {}};
  auto& db = st.db;
  auto finish = [&]() -> Status {
    auto update = db.prepare(
        "UPDATE sources SET bundle_type = ?, verification = ?, issuer_name = ?, issuer_key_id = ?, signed_at = ?, "
        "bundle_profile = ? WHERE id = ?");
    if (!update) return std::move(update).error();
    auto s = update->bind(1, read.bundle_type).bind(2, verification_name(source.verification))
                 .bind(3, source.claimed_issuer_name).bind(4, source.issuer_key_id).bind(5, source.signed_at)
                 .bind(6, read.bundle_profile).bind(7, st.source_id).run();
    if (!s) return s;
    if (auto l = detail::link_people(db); !l) return l;
    if (auto a = st.lifelog->assign_people(); !a) return a;
    auto days = detail::recompute_touched(db, st.lifelog->touched());
    if (!days) return days.error();
    nlohmann::json by_type = st.report.imported;
    detail::AuditEvent event{"import", 0, 0,
                             {{"source", source.name},
                              {"kind", "records"},
                              {"verification", verification_name(source.verification)},
                              {"resources", st.report.imported_total},
                              {"byType", std::move(by_type)},
                              {"updated", st.report.updated},
                              {"unchanged", st.report.unchanged},
                              {"skipped", read.skipped.size()}}};
    if (auto a = detail::append_audit(*st.connection, event); !a) return a;
    return st.tx->commit();
  };
  if (auto s = finish(); !s) return std::move(s).error().within(source.name);  // State rolls back
  st.report.source = source;
  st.report.skipped = std::move(read.skipped);
  st.report.flagged = std::move(read.flagged);
  for (auto& p : st.lifelog_problems) {
    st.report.flagged.push_back(Error{p.code, "not added to the lifelog: " + p.message, p.path});
  }
  return std::move(st.report);
}

}  // namespace techo
