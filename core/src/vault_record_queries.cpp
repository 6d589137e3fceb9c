#include "vault_record_queries.hpp"

#include <nlohmann/json.hpp>

namespace techo::detail {

namespace {
Verification verification_from(std::string_view name) {
  if (name == "verified") return Verification::kVerified;
  if (name == "unknown_issuer") return Verification::kUnknownIssuer;
  return Verification::kUnsigned;
}
}  // namespace

Result<std::vector<Vault::RecordRow>> RecordQueries::records(const Vault::RecordQuery& query) {
  auto stmt = db_.prepare(
      "SELECT r.id, r.category, r.code_system, r.code, r.display, r.value_number, r.value_text, r.unit, r.effective_at, "
      "r.status, res.resource_type, s.name, COALESCE(r.profile_id, 0) FROM records r "
      "JOIN resources res ON res.id = r.resource_id JOIN sources s ON s.id = res.source_id "
      "WHERE (?1 = '' OR r.category = ?1) AND (?3 = 0 OR (r.effective_at, r.id) < (?2, ?3)) "
      "AND (?5 = 0 OR r.profile_id = ?5 OR (r.profile_id IS NULL AND ?6)) AND (?7 = 0 OR res.source_id = ?7) "
      "ORDER BY r.effective_at DESC, r.id DESC LIMIT ?4");
  if (!stmt) return std::move(stmt).error();
  auto single = knows_at_most_one_person();
  if (!single) return std::move(single).error();
  stmt->bind(1, query.category).bind(2, query.before_effective_at).bind(3, query.before_id)
      .bind(4, std::int64_t{query.limit}).bind(5, query.person).bind(6, std::int64_t{*single})
      .bind(7, query.source_id);
  std::vector<Vault::RecordRow> out;
  auto read = stmt->each([&](const sqlite::Row& row) {
    Vault::RecordRow r;
    r.id = row.column_int(0);
    r.record.category = row.column_text(1);
    r.record.code_system = row.column_text(2);
    r.record.code = row.column_text(3);
    r.record.display = row.column_text(4);
    if (!row.column_is_null(5)) r.record.value_number = row.column_double(5);
    r.record.value_text = row.column_text(6);
    r.record.unit = row.column_text(7);
    r.record.effective_at = row.column_text(8);
    r.record.status = row.column_text(9);
    r.resource_type = row.column_text(10);
    r.source = row.column_text(11);
    r.person = row.column_int(12);
    out.push_back(std::move(r));
  });
  if (!read) return std::move(read).error();
  return out;
}

// Records that name no known person belong to the only person there is, if any.
Result<bool> RecordQueries::knows_at_most_one_person() {
  auto stmt = db_.prepare("SELECT count(*) <= 1 FROM profiles");
  if (!stmt) return std::move(stmt).error();
  auto row = stmt->step();
  if (!row) return std::move(row).error();
  return stmt->column_int(0) != 0;
}

Result<std::vector<Person>> RecordQueries::people() {
  auto stmt = db_.prepare(
      "SELECT p.id, p.display_name, p.name_phonetic, p.birth_date, p.gender, "
      "coalesce((SELECT c.relationship FROM profile_relationships c WHERE c.profile_id = p.id), p.relationship), "
      "(SELECT count(*) FROM records r WHERE r.profile_id = p.id), "
      "coalesce((SELECT h.handed_over_at FROM profile_handovers h WHERE h.profile_id = p.id), ''), p.patient_ref "
      "FROM profiles p "
      "ORDER BY p.relationship <> 'self', p.birth_date, p.id");
  if (!stmt) return std::move(stmt).error();
  std::vector<Person> out;
  auto read = stmt->each([&](const sqlite::Row& row) {
    out.push_back({row.column_int(0), row.column_text(1), row.column_text(2), row.column_text(3),
                   row.column_text(4), row.column_text(5), row.column_int(6), row.column_text(7), row.column_text(8)});
  });
  if (!read) return std::move(read).error();
  return out;
}

Result<std::vector<StoredResource>> RecordQueries::stored_resources(const std::vector<std::string>& types,
                                                                    std::int64_t person) {
  std::string placeholders;
  for (std::size_t i = 0; i < types.size(); ++i) placeholders += (i ? ", ?" : "?") + std::to_string(i + 3);
  if (types.empty()) return std::vector<StoredResource>{};
  auto single = knows_at_most_one_person();
  if (!single) return std::move(single).error();
  // A resource has at most one record, so the LEFT JOIN keeps one row per resource.
  auto stmt = db_.prepare(std::string(kStoredResourceSelect) +
      "WHERE res.resource_type IN (" + placeholders + ") "
      "AND (?1 = 0 OR r.id IS NULL OR r.profile_id = ?1 OR (r.profile_id IS NULL AND ?2)) ORDER BY res.id");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, person).bind(2, std::int64_t{*single});
  for (std::size_t i = 0; i < types.size(); ++i) stmt->bind(static_cast<int>(i) + 3, types[i]);
  return stored_resources_of(*stmt);
}

Result<std::vector<StoredResource>> stored_resources_of(sqlite::Statement& stmt) {
  std::vector<StoredResource> out;
  auto read = stmt.each([&](const sqlite::Row& row) -> Status {
    auto r = stored_resource_from(row);
    if (!r) return std::move(r).error();
    out.push_back(std::move(r).value());
    return Ok{};
  });
  if (!read) return std::move(read).error();
  return out;
}

Result<StoredResource> stored_resource_from(const sqlite::Row& row) {
  StoredResource r;
  r.id = row.column_int(0);
  r.resource.type = row.column_text(1);
  r.resource.id = row.column_text(2);
  r.resource.full_url = row.column_text(3);
  r.resource.body = nlohmann::json::parse(row.column_text(4), nullptr, false);
  if (r.resource.body.is_discarded()) {
    return Error{ErrorCode::kStorage, "a stored resource is not valid JSON", "resources[" + std::to_string(r.id) + "]"};
  }
  r.source = row.column_text(5);
  r.person = row.column_int(6);
  r.source_id = row.column_int(7);
  r.source_kind = row.column_text(8);
  r.source_profile = row.column_text(9);
  return r;
}

Result<std::vector<Vault::TimelineEntry>> RecordQueries::timeline(int limit, std::int64_t before) {
  auto stmt = db_.prepare(
      "SELECT id, resource_type, json FROM resources WHERE (?1 = 0 OR id < ?1) ORDER BY id DESC LIMIT ?2");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, before).bind(2, std::int64_t{limit});
  std::vector<Vault::TimelineEntry> out;
  auto read = stmt->each([&](const sqlite::Row& row) {
    out.push_back({row.column_int(0), row.column_text(1), row.column_text(2)});
  });
  if (!read) return std::move(read).error();
  return out;
}

Result<Summary> RecordQueries::summary() {
  Summary out;
  auto& db = db_;

  auto counts = db.prepare("SELECT resource_type, count(*) FROM resources GROUP BY resource_type");
  if (!counts) return std::move(counts).error();
  auto read_counts = counts->each([&](const sqlite::Row& row) {
    const std::int64_t n = row.column_int(1);
    out.counts[row.column_text(0)] = n;
    out.total += n;
  });
  if (!read_counts) return std::move(read_counts).error();

  auto patients = db.prepare("SELECT json FROM resources WHERE resource_type = 'Patient' ORDER BY id");
  if (!patients) return std::move(patients).error();
  auto read_patients = patients->each([&](const sqlite::Row& row) -> Status {
    // Stored by this build from parsed JSON, so it parses; allow_exceptions=false keeps a
    // damaged row from throwing and yields a discarded value instead.
    auto patient = nlohmann::json::parse(row.column_text(0), nullptr, false);
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
    return Ok{};
  });
  if (!read_patients) return std::move(read_patients).error();

  // A signed source (its signature checked at import) is verified when the person trusts
  // its key now, and then shows the person's name for the key; issuer_name holds only
  // what the signer wrote.
  auto sources = db.prepare(
      "SELECT s.name, s.encrypted, s.verification, s.issuer_name, s.issuer_key_id, s.signed_at, s.imported_at, "
      "coalesce(n.resources, 0), s.id, t.name FROM sources s "
      "LEFT JOIN (SELECT source_id, count(*) AS resources FROM resources GROUP BY source_id) n ON n.source_id = s.id "
      "LEFT JOIN trusted_issuers t ON t.key_id = s.issuer_key_id AND s.verification <> 'unsigned' "
      "ORDER BY s.id");
  if (!sources) return std::move(sources).error();
  auto read_sources = sources->each([&](const sqlite::Row& row) {
    SourceSummary source;
    source.info.name = row.column_text(0);
    source.info.encrypted = row.column_int(1) != 0;
    const bool is_signed = verification_from(row.column_text(2)) != Verification::kUnsigned;
    const bool trusted = !row.column_is_null(9);
    source.info.verification =
        !is_signed ? Verification::kUnsigned : trusted ? Verification::kVerified : Verification::kUnknownIssuer;
    source.info.issuer_name = trusted ? row.column_text(9) : std::string();
    source.info.claimed_issuer_name = row.column_text(3);
    source.info.issuer_key_id = row.column_text(4);
    source.info.signed_at = row.column_text(5);
    source.imported_at = row.column_text(6);
    source.resources = row.column_int(7);
    source.id = row.column_int(8);
    out.sources.push_back(std::move(source));
  });
  if (!read_sources) return std::move(read_sources).error();
  return out;
}

}  // namespace techo::detail
