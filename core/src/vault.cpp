#include "techo/vault.hpp"

#include "sqlite/sqlite.hpp"
#include "vault_schema.hpp"

namespace techo {

struct Vault::Impl {
  sqlite::Database db;
};

Vault::Vault(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Vault::Vault(Vault&&) noexcept = default;
Vault& Vault::operator=(Vault&&) noexcept = default;
Vault::~Vault() = default;

std::string_view verification_name(Verification v) noexcept {
  switch (v) {
    case Verification::kVerified: return "verified";
    case Verification::kUnknownIssuer: return "unknown_issuer";
    case Verification::kUnsigned: return "unsigned";
  }
  return "unsigned";
}

namespace {
Verification verification_from(std::string_view name) {
  if (name == "verified") return Verification::kVerified;
  if (name == "unknown_issuer") return Verification::kUnknownIssuer;
  return Verification::kUnsigned;
}
}  // namespace

int Vault::schema_version() noexcept { return detail::latest_schema_version(); }

Result<Vault> Vault::open(const std::string& path) {
  auto db = sqlite::Database::open(path);
  if (!db) return std::move(db).error().within(path);
  if (auto s = db->exec("PRAGMA foreign_keys = ON"); !s) return s.error();
  if (auto s = detail::migrate(db.value()); !s) return s.error().within(path);
  return Vault(std::make_unique<Impl>(Impl{std::move(db).value()}));
}

Result<ImportReport> Vault::import_bundle(const SourceInfo& source, const fhir::Bundle& bundle) {
  if (source.name.empty()) {
    return Error{ErrorCode::kInvalidArgument, "an import needs a source name (the file name)", {}};
  }
  ImportReport report;
  report.source = source;
  report.skipped = bundle.skipped;

  auto& db = impl_->db;
  auto stored = sqlite::in_transaction(db, [&]() -> Status {
    auto insert_source = db.prepare(
        "INSERT INTO sources(name, bundle_type, encrypted, verification, issuer_name, issuer_key_id, signed_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!insert_source) return std::move(insert_source).error();
    auto s = insert_source->bind(1, source.name).bind(2, bundle.type).bind(3, std::int64_t{source.encrypted})
                 .bind(4, verification_name(source.verification)).bind(5, source.issuer_name)
                 .bind(6, source.issuer_key_id).bind(7, source.signed_at).run();
    if (!s) return s;
    const std::int64_t source_id = db.last_insert_rowid();

    auto insert = db.prepare(
        "INSERT INTO resources(source_id, resource_type, fhir_id, full_url, json) VALUES (?, ?, ?, ?, ?)");
    if (!insert) return std::move(insert).error();
    for (const auto& r : bundle.resources) {
      auto ins = insert->bind(1, source_id).bind(2, r.type).bind(3, r.id).bind(4, r.full_url)
                     .bind(5, r.body.dump()).run();
      if (!ins) return ins;
      ++report.imported[r.type];
      ++report.imported_total;
    }
    return Ok{};
  });
  if (!stored) return stored.error().within(source.name);
  return report;
}

Status Vault::add_trusted_issuer(const TrustedIssuer& issuer) {
  auto stmt = impl_->db.prepare(
      "INSERT INTO trusted_issuers(key_id, name, public_key) VALUES (?, ?, ?) "
      "ON CONFLICT(key_id) DO UPDATE SET name = excluded.name");
  if (!stmt) return std::move(stmt).error();
  return stmt->bind(1, issuer.key_id).bind(2, issuer.name).bind(3, issuer.public_key).run();
}

Result<std::vector<TrustedIssuer>> Vault::trusted_issuers() {
  auto stmt = impl_->db.prepare("SELECT key_id, name, public_key FROM trusted_issuers ORDER BY added_at, key_id");
  if (!stmt) return std::move(stmt).error();
  std::vector<TrustedIssuer> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return std::move(row).error();
    if (!row.value()) break;
    out.push_back({stmt->column_text(0), stmt->column_text(1), stmt->column_text(2)});
  }
  return out;
}

Result<bool> Vault::is_trusted_issuer(std::string_view key_id) {
  auto stmt = impl_->db.prepare("SELECT 1 FROM trusted_issuers WHERE key_id = ?");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, key_id);
  return stmt->step();
}

Result<Summary> Vault::summary() {
  Summary out;
  auto& db = impl_->db;

  auto counts = db.prepare("SELECT resource_type, count(*) FROM resources GROUP BY resource_type");
  if (!counts) return std::move(counts).error();
  for (;;) {
    auto row = counts->step();
    if (!row) return std::move(row).error();
    if (!row.value()) break;
    const std::int64_t n = counts->column_int(1);
    out.counts[counts->column_text(0)] = n;
    out.total += n;
  }

  auto patients = db.prepare("SELECT json FROM resources WHERE resource_type = 'Patient' ORDER BY id");
  if (!patients) return std::move(patients).error();
  for (;;) {
    auto row = patients->step();
    if (!row) return std::move(row).error();
    if (!row.value()) break;
    // Stored by this build from parsed JSON, so it parses; allow_exceptions=false keeps a
    // damaged row from throwing and yields a discarded value instead.
    auto patient = nlohmann::json::parse(patients->column_text(0), nullptr, false);
    if (patient.is_discarded()) {
      return Error{ErrorCode::kStorage, "a stored Patient resource is not valid JSON", "resources"};
    }
    PatientSummary p;
    p.id = patient.value("id", "");
    auto name = fhir::patient_name(patient);
    p.name = std::move(name.display);
    p.name_phonetic = std::move(name.phonetic);
    p.birth_date = patient.value("birthDate", "");
    p.gender = patient.value("gender", "");
    out.patients.push_back(std::move(p));
  }

  auto sources = db.prepare(
      "SELECT s.name, s.encrypted, s.verification, s.issuer_name, s.issuer_key_id, s.signed_at, s.imported_at, "
      "(SELECT count(*) FROM resources r WHERE r.source_id = s.id) FROM sources s ORDER BY s.id");
  if (!sources) return std::move(sources).error();
  for (;;) {
    auto row = sources->step();
    if (!row) return std::move(row).error();
    if (!row.value()) break;
    SourceSummary source;
    source.info.name = sources->column_text(0);
    source.info.encrypted = sources->column_int(1) != 0;
    source.info.verification = verification_from(sources->column_text(2));
    source.info.issuer_name = sources->column_text(3);
    source.info.issuer_key_id = sources->column_text(4);
    source.info.signed_at = sources->column_text(5);
    source.imported_at = sources->column_text(6);
    source.resources = sources->column_int(7);
    out.sources.push_back(std::move(source));
  }
  return out;
}

}  // namespace techo
