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

int Vault::schema_version() noexcept { return detail::latest_schema_version(); }

Result<Vault> Vault::open(const std::string& path) {
  auto db = sqlite::Database::open(path);
  if (!db) return std::move(db).error().within(path);
  if (auto s = db->exec("PRAGMA foreign_keys = ON"); !s) return s.error();
  if (auto s = detail::migrate(db.value()); !s) return s.error().within(path);
  return Vault(std::make_unique<Impl>(Impl{std::move(db).value()}));
}

Result<ImportReport> Vault::import_bundle(std::string_view source_name, const fhir::Bundle& bundle) {
  if (source_name.empty()) {
    return Error{ErrorCode::kInvalidArgument, "an import needs a source name (the file name)", {}};
  }
  ImportReport report;
  report.source = std::string(source_name);
  report.skipped = bundle.skipped;

  auto& db = impl_->db;
  auto stored = sqlite::in_transaction(db, [&]() -> Status {
    auto source = db.prepare("INSERT INTO sources(name, bundle_type) VALUES (?, ?)");
    if (!source) return std::move(source).error();
    if (auto s = source->bind(1, source_name).bind(2, bundle.type).run(); !s) return s;
    const std::int64_t source_id = db.last_insert_rowid();

    auto insert = db.prepare(
        "INSERT INTO resources(source_id, resource_type, fhir_id, full_url, json) VALUES (?, ?, ?, ?, ?)");
    if (!insert) return std::move(insert).error();
    for (const auto& r : bundle.resources) {
      auto s = insert->bind(1, source_id).bind(2, r.type).bind(3, r.id).bind(4, r.full_url)
                   .bind(5, r.body.dump()).run();
      if (!s) return s;
      ++report.imported[r.type];
      ++report.imported_total;
    }
    return Ok{};
  });
  if (!stored) return stored.error().within(source_name);
  return report;
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
  return out;
}

}  // namespace techo
