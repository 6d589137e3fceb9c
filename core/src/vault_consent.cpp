#include "vault_consent.hpp"

#include <algorithm>
#include <set>

#include <functional>
#include <map>

#include "json_read.hpp"
#include "techo/jcs.hpp"
#include "techo/age.hpp"
#include "techo/encoding.hpp"
#include "techo/envelope.hpp"
#include "techo/lifelog_export.hpp"
#include "techo/records.hpp"
#include "techo/research.hpp"
#include "techo/share_package.hpp"
#include "techo/views.hpp"
#include "vault_audit_log.hpp"
#include "vault_profile_keys.hpp"
#include "vault_record_queries.hpp"

namespace techo {

std::string GrantInfo::status(std::int64_t now_unix) const {
  if (revocation) return "revoked";
  if (grant.grant.once && packages > 0) return "used";
  if (consent::expired(grant.grant, now_unix)) return "expired";
  return "active";
}

namespace detail {
namespace {

using nlohmann::json;

constexpr const char* kGrantColumns =
    "SELECT id, profile_id, signed_json, revocation_json, packages, last_shared_at FROM consent_grants ";

Result<GrantInfo> grant_of_row(const sqlite::Row& row) {
  GrantInfo info;
  info.person = row.column_int(1);
  auto grant = consent::parse_signed_grant(row.column_text(2), "consent_grants[" + std::to_string(row.column_int(0)) + "]");
  // The vault wrote and signed it: a grant that no longer verifies is damage, never data.
  if (!grant) return Error{ErrorCode::kVaultCorrupt, "a stored grant no longer verifies: " + grant.error().message, grant.error().path};
  info.grant = std::move(*grant);
  if (const std::string revocation = row.column_text(3); !revocation.empty()) {
    auto r = consent::parse_revocation(revocation, "consent_grants.revocation");
    if (!r || !consent::revokes(*r, info.grant)) {
      return Error{ErrorCode::kVaultCorrupt, "a stored revocation does not verify", "consent_grants.revocation"};
    }
    info.revocation = std::move(*r);
  }
  info.packages = row.column_int(4);
  info.last_shared_at = row.column_text(5);
  return info;
}

json grant_detail(const consent::Grant& g) {
  return json{{"grant", g.id},       {"grantee", g.grantee.name}, {"recipient", g.grantee.recipient},
              {"purpose", g.purpose}, {"categories", g.categories}, {"expires", g.expires}};
}

std::string package_name(const fhir::Resource& r) { return r.full_url.empty() ? r.type + "/" + r.id : r.full_url; }

}  // namespace


Result<std::int64_t> ConsentStore::row_of(std::string_view grant_id) {
  auto row = c_.db.prepare("SELECT id FROM consent_grants WHERE grant_uid = ?");
  if (!row) return std::move(row).error();
  std::int64_t id = 0;
  row->bind(1, grant_id);
  if (auto r = row->each([&](const sqlite::Row& r) { id = r.column_int(0); }); !r) return std::move(r).error();
  return id;
}

Result<std::int64_t> ConsentStore::store_revocation(const consent::Revocation& revocation) {
  auto text = jcs::canonicalize(consent::to_json(revocation));
  if (!text) return std::move(text).error();
  auto update = c_.db.prepare("UPDATE consent_grants SET revocation_json = ?, revoked_at = ? WHERE grant_uid = ?");
  if (!update) return std::move(update).error();
  if (auto r = update->bind(1, *text).bind(2, revocation.revoked).bind(3, revocation.grant_id).run(); !r) return std::move(r).error();
  return row_of(revocation.grant_id);
}

Result<consent::PersonRef> ConsentStore::person_ref(std::int64_t person) {
  auto people = RecordQueries(c_.db).people();
  if (!people) return std::move(people).error();
  const auto it = std::find_if(people->begin(), people->end(), [&](const Person& p) { return p.id == person; });
  if (it == people->end()) return Error{ErrorCode::kInvalidArgument, "the vault has no person with this id", "person"};
  auto keys = ProfileKeyring(c_.db).public_keys(person);
  if (!keys) return std::move(keys).error();
  consent::PersonRef ref;
  ref.name = it->name;
  ref.birth_year = it->birth_date.size() >= 4 ? it->birth_date.substr(0, 4) : "";
  ref.key_id = keys->key_id;
  ref.signing_key = keys->signing_public_key;
  return ref;
}

Result<std::string> ConsentStore::setting(const char* key, const char* fallback) {
  auto stmt = c_.db.prepare("SELECT value FROM consent_settings WHERE key = ?");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, std::string_view(key));
  std::string value = fallback;
  auto read = stmt->each([&](const sqlite::Row& row) { value = row.column_text(0); });
  if (!read) return std::move(read).error();
  return value;
}

Status ConsentStore::put_setting(const char* key, const std::string& value) {
  auto stmt = c_.db.prepare(
      "INSERT INTO consent_settings(key, value) VALUES (?1, ?2) "
      "ON CONFLICT(key) DO UPDATE SET value = ?2, set_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')");
  if (!stmt) return std::move(stmt).error();
  return stmt->bind(1, std::string_view(key)).bind(2, value).run();
}

Result<ConsentSettings> ConsentStore::settings() {
  ConsentSettings out;
  auto opted = setting("research_opt_out", "0");
  if (!opted) return std::move(opted).error();
  out.research_opt_out = *opted == "1";
  auto stmt = c_.db.prepare("SELECT set_at FROM consent_settings WHERE key = 'research_opt_out'");
  if (!stmt) return std::move(stmt).error();
  auto read = stmt->each([&](const sqlite::Row& row) { out.research_opt_out_changed_at = row.column_text(0); });
  if (!read) return std::move(read).error();
  auto age = setting("hand_over_age", "15");
  if (!age) return std::move(age).error();
  out.hand_over_age = std::atoi(age->c_str());
  return out;
}

Status ConsentStore::set_research_opt_out(bool opted_out) {
  auto current = settings();
  if (!current) return std::move(current).error();
  if (current->research_opt_out == opted_out) return Ok{};  // no change, nothing to log
  return sqlite::in_transaction(c_.db, [&]() -> Status {
    if (auto s = put_setting("research_opt_out", opted_out ? "1" : "0"); !s) return s;
    return append_audit(c_, AuditEvent{"research_opt_out", 0, 0, json{{"optedOut", opted_out}}});
  });
}

Status ConsentStore::set_hand_over_age(int age) {
  if (age < 10 || age > 20) return Error{ErrorCode::kInvalidArgument, "expected a hand-over age from 10 to 20", "age"};
  return sqlite::in_transaction(c_.db, [&]() -> Status { return put_setting("hand_over_age", std::to_string(age)); });
}

Result<std::optional<std::string>> ConsentStore::handed_over_at(std::int64_t person) {
  auto stmt = c_.db.prepare("SELECT handed_over_at FROM profile_handovers WHERE profile_id = ?");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, person);
  std::optional<std::string> at;
  auto read = stmt->each([&](const sqlite::Row& row) { at = row.column_text(0); });
  if (!read) return std::move(read).error();
  return at;
}

Result<GrantInfo> ConsentStore::create(std::int64_t person, const consent::GrantRequest& request, std::int64_t now_unix) {
  if (request.purpose == "hand-over") {
    return Error{ErrorCode::kInvalidArgument, "a hand-over is made by handOver, not as a grant", "purpose"};
  }
  auto handed = handed_over_at(person);
  if (!handed) return std::move(handed).error();
  if (*handed) {
    return Error{ErrorCode::kInvalidArgument, "this record was handed over to its owner on " + **handed + ": they decide who sees it now", "person"};
  }
  if (request.purpose == "research") {
    auto s = settings();
    if (!s) return std::move(s).error();
    if (s->research_opt_out) {
      return Error{ErrorCode::kOptedOut, "you opted out of research use of your record: turn the opt-out off to grant research access", "purpose"};
    }
  }
  auto ref = person_ref(person);
  if (!ref) return std::move(ref).error();
  auto grant = consent::make_grant(request, *ref, now_unix);
  if (!grant) return std::move(grant).error();
  if (grant->proxy) {
    // A proxy ends when the child's record is due to be handed over, at the latest.
    auto people = RecordQueries(c_.db).people();
    auto s = settings();
    if (!people) return std::move(people).error();
    if (!s) return std::move(s).error();
    for (const auto& p : *people) {
      if (p.id != person || p.birth_date.size() < 10) continue;
      const std::string due = std::to_string(std::atoi(p.birth_date.substr(0, 4).c_str()) + s->hand_over_age) + p.birth_date.substr(4, 6) + "T00:00:00Z";
      if (auto at = consent::parse_utc_timestamp(due); at && *at < *consent::parse_utc_timestamp(grant->expires)) {
        if (*at <= now_unix) return Error{ErrorCode::kInvalidArgument, "this child is of hand-over age: hand the record over instead of a proxy", "person"};
        grant->expires = consent::utc_timestamp(*at);
      }
    }
  }
  auto key = ProfileKeyring(c_.db).signing_key(person);
  if (!key) return std::move(key).error();
  auto signed_grant = consent::sign(*grant, *key);
  if (!signed_grant) return std::move(signed_grant).error();
  auto text = jcs::canonicalize(consent::to_json(*signed_grant));
  if (!text) return std::move(text).error();
  auto s = sqlite::in_transaction(c_.db, [&]() -> Status {
    auto insert = c_.db.prepare(
        "INSERT INTO consent_grants(profile_id, grantee_name, grantee_recipient, scope_json, purpose, created_at, expires_at, "
        "signature, grant_uid, signed_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert) return std::move(insert).error();
    const auto& g = signed_grant->grant;
    auto run = insert->bind(1, person).bind(2, g.grantee.name).bind(3, g.grantee.recipient)
                   .bind(4, consent::to_json(*signed_grant)["scope"].dump()).bind(5, g.purpose).bind(6, g.issued)
                   .bind(7, g.expires).bind(8, consent::to_json(*signed_grant)["signature"].get<std::string>())
                   .bind(9, g.id).bind(10, *text).run();
    if (!run) return run;
    json detail = grant_detail(g);
    detail["proxy"] = g.proxy;
    return append_audit(c_, AuditEvent{"grant", person, c_.db.last_insert_rowid(), std::move(detail)});
  });
  if (!s) return std::move(s).error();
  return find(signed_grant->grant.id);
}

Result<std::vector<GrantInfo>> ConsentStore::list(std::int64_t person) {
  auto stmt = c_.db.prepare(std::string(kGrantColumns) + "WHERE grant_uid != '' AND (?1 = 0 OR profile_id = ?1) ORDER BY id DESC");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, person);
  std::vector<GrantInfo> out;
  auto read = stmt->each([&](const sqlite::Row& row) -> Status {
    auto info = grant_of_row(row);
    if (!info) return std::move(info).error();
    out.push_back(std::move(*info));
    return Ok{};
  });
  if (!read) return std::move(read).error();
  return out;
}

Result<GrantInfo> ConsentStore::find(std::string_view grant_id) {
  auto stmt = c_.db.prepare(std::string(kGrantColumns) + "WHERE grant_uid = ?");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, grant_id);
  std::optional<GrantInfo> found;
  auto read = stmt->each([&](const sqlite::Row& row) -> Status {
    auto info = grant_of_row(row);
    if (!info) return std::move(info).error();
    found = std::move(*info);
    return Ok{};
  });
  if (!read) return std::move(read).error();
  if (!found) return Error{ErrorCode::kInvalidArgument, "the vault has no grant with this id", "id"};
  return std::move(*found);
}

Result<GrantInfo> ConsentStore::revoke(std::string_view grant_id, std::int64_t now_unix) {
  auto info = find(grant_id);
  if (!info) return std::move(info).error();
  if (info->revocation) return std::move(*info);  // revoking twice changes nothing
  auto key = ProfileKeyring(c_.db).signing_key(info->person);
  if (!key) return std::move(key).error();
  auto revocation = consent::revoke(info->grant, *key, now_unix);
  if (!revocation) return std::move(revocation).error();
  auto s = sqlite::in_transaction(c_.db, [&]() -> Status {
    auto id = store_revocation(*revocation);
    if (!id) return std::move(id).error();
    return append_audit(c_, AuditEvent{"revoke", info->person, *id, grant_detail(info->grant.grant)});
  });
  if (!s) return std::move(s).error();
  return find(grant_id);
}

Result<std::vector<fhir::Resource>> ConsentStore::package_resources(const consent::SignedGrant& signed_grant, std::int64_t person) {
  const consent::Grant& g = signed_grant.grant;
  RecordQueries queries(c_.db);
  // The person's own Patient resources (one per clinic, pharmacy, checkup).
  std::set<std::int64_t> own_patients;
  {
    auto stmt = c_.db.prepare("SELECT resource_id FROM profile_patients WHERE profile_id = ?");
    if (!stmt) return std::move(stmt).error();
    stmt->bind(1, person);
    if (auto r = stmt->each([&](const sqlite::Row& row) { own_patients.insert(row.column_int(0)); }); !r) return std::move(r).error();
  }
  auto patients = queries.stored_resources({"Patient"}, person);
  if (!patients) return std::move(patients).error();
  std::vector<fhir::Resource> patient_list;
  std::set<std::string> patient_names;
  for (const auto& p : *patients) {
    if (!own_patients.count(p.id)) continue;
    patient_list.push_back(p.resource);
    consent::add_patient_names(p.resource.body, package_name(p.resource), patient_names);
  }
  if (patient_list.empty()) {
    return Error{ErrorCode::kInvalidArgument, "this person has no Patient resource yet: import one of their records first", "person"};
  }
  auto about_person = [&](const json& body) { return consent::names_patient(records::subject_of(body), patient_names); };
  // The facts: the grant's own rule (consent::covers), about this person.
  std::vector<fhir::Resource> facts;
  std::set<std::int64_t> emergency_ids;
  const bool emergency = std::binary_search(g.categories.begin(), g.categories.end(), std::string("emergency-summary"));
  if (emergency) {
    views::Query q;
    q.person = person;
    auto card = views::emergency(vault_, q);
    if (!card) return std::move(card).error();
    std::function<void(const json&)> ids = [&](const json& v) {
      if (v.is_object()) {
        if (const json* id = json_read::find(v, "id"); id && id->is_number_integer()) emergency_ids.insert(id->get<std::int64_t>());
        for (const auto& [k, x] : v.items()) {
          if (k != "person") ids(x);
        }
      } else if (v.is_array()) {
        for (const auto& x : v) ids(x);
      }
    };
    ids(*card);
  }
  auto stored = queries.stored_resources(consent::resource_types_for(g), person);
  if (!stored) return std::move(stored).error();
  consent::Grant without_emergency = g;
  without_emergency.categories.erase(std::remove(without_emergency.categories.begin(), without_emergency.categories.end(), "emergency-summary"),
                                     without_emergency.categories.end());
  for (auto& r : *stored) {
    if (consent::is_supporting(r.resource.type)) continue;
    const bool by_category = consent::covers(without_emergency, r.resource);
    const bool by_emergency = emergency_ids.count(r.id) && consent::covers(g, r.resource);
    if ((by_category || by_emergency) && about_person(r.resource.body)) facts.push_back(std::move(r.resource));
  }
  // Lifelog metrics: the merged days of the period, as the lifelog export writes them.
  for (const auto& category : g.categories) {
    if (category.rfind(consent::kLifelogCategoryPrefix, 0) != 0) continue;
    const std::string metric = category.substr(consent::kLifelogCategoryPrefix.size());
    auto days = vault_.lifelog_days(metric, g.data_start.empty() ? "0000-01-01" : g.data_start,
                                    g.data_end.empty() ? "9999-12-31" : g.data_end, person);
    if (!days) return std::move(days).error();
    std::vector<lifelog::ExportDay> export_days;
    for (const auto& d : *days) export_days.push_back({metric, d.day, 540, d.value, d.explanation});
    const json bundle = lifelog::to_fhir(export_days);
    for (const auto& entry : json_read::list(bundle, "entry")) {
      fhir::Resource r;
      r.body = entry.value("resource", json::object());
      r.body["subject"] = {{"reference", package_name(patient_list.front())}};
      r.type = "Observation";
      r.id = json_read::text(r.body, "id");
      r.full_url = json_read::text(entry, "fullUrl");
      if (consent::covers(g, r)) facts.push_back(std::move(r));
    }
  }
  // What the facts refer to (who, where, which product), one level deep.
  std::set<std::string> referenced;
  for (const auto& f : facts) consent::collect_references(f.body, referenced);
  auto supporting = queries.stored_resources({"Practitioner", "PractitionerRole", "Organization", "Medication", "Location", "Substance"}, 0);
  if (!supporting) return std::move(supporting).error();
  std::vector<fhir::Resource> out = patient_list;
  std::set<std::string> included;
  for (auto& s : *supporting) {
    const std::string name = package_name(s.resource);
    if ((referenced.count(name) || referenced.count(s.resource.type + "/" + s.resource.id)) && included.insert(name).second) {
      out.push_back(std::move(s.resource));
    }
  }
  for (auto& f : facts) out.push_back(std::move(f));
  // Two stored resources may share a fullUrl (versions from two files): keep the first.
  std::set<std::string> names;
  out.erase(std::remove_if(out.begin(), out.end(), [&](const fhir::Resource& r) { return !names.insert(package_name(r)).second; }), out.end());
  return out;
}

Result<SharePackage> ConsentStore::package(std::string_view grant_id, std::int64_t now_unix) {
  auto info = find(grant_id);
  if (!info) return std::move(info).error();
  const consent::Grant& g = info->grant.grant;
  const std::string status = info->status(now_unix);
  if (status == "revoked") {
    return Error{ErrorCode::kGrantRevoked, "this grant was revoked on " + info->revocation->revoked + ": no package is made from it", "id"};
  }
  if (status == "used") return Error{ErrorCode::kGrantExpired, "this grant was for one share, and its package was made on " + info->last_shared_at, "id"};
  if (status == "expired") return Error{ErrorCode::kGrantExpired, "this grant expired at " + g.expires, "id"};
  if (g.purpose == "research") {
    auto s = settings();
    if (!s) return std::move(s).error();
    if (s->research_opt_out) return Error{ErrorCode::kOptedOut, "you opted out of research use of your record", "id"};
  }
  auto resources = package_resources(info->grant, info->person);
  if (!resources) return std::move(resources).error();
  const bool pseudonymised = g.purpose == "research";
  auto key = ProfileKeyring(c_.db).signing_key(info->person);
  if (!key) return std::move(key).error();
  if (pseudonymised) {
    crypto::Secret<32> seed;
    std::copy(key->secret_key.data(), key->secret_key.data() + 32, seed.data());
    *resources = research::pseudonymise(*resources, research::key_for_grant(seed, g.id));
  }
  auto archive = consent::package_archive(info->grant, *resources, pseudonymised, *key, now_unix);
  if (!archive) return std::move(archive).error();
  auto recipient = age::X25519Recipient::parse(g.grantee.recipient);
  if (!recipient) return std::move(recipient).error();
  age::EncryptOptions options;
  options.recipients.push_back(*recipient);
  auto file = age::encrypt(crypto::as_bytes(*archive), std::move(options));
  crypto::wipe(archive->data(), archive->size());
  if (!file) return std::move(file).error();
  SharePackage out;
  out.file = std::move(*file);
  out.resources = static_cast<std::int64_t>(resources->size());
  out.sha256 = encoding::hex_encode(crypto::sha256(out.file));
  out.pseudonymised = pseudonymised;
  std::map<std::string, std::int64_t> by_type;
  for (const auto& r : *resources) ++by_type[r.type];
  auto s = sqlite::in_transaction(c_.db, [&]() -> Status {
    auto update = c_.db.prepare("UPDATE consent_grants SET packages = packages + 1, last_shared_at = ? WHERE grant_uid = ?");
    if (!update) return std::move(update).error();
    if (auto r = update->bind(1, consent::utc_timestamp(now_unix)).bind(2, grant_id).run(); !r) return r;
    auto id = row_of(grant_id);
    if (!id) return std::move(id).error();
    json detail = grant_detail(g);
    detail["resources"] = out.resources;
    detail["byType"] = by_type;
    detail["sha256"] = out.sha256;
    detail["pseudonymised"] = pseudonymised;
    return append_audit(c_, AuditEvent{"package", info->person, *id, std::move(detail)});
  });
  if (!s) return std::move(s).error();
  return out;
}

Result<HandOverReport> ConsentStore::hand_over(std::int64_t person, std::string_view recipient_text, std::int64_t now_unix) {
  auto recipient = age::X25519Recipient::parse(recipient_text);
  if (!recipient) return Error{ErrorCode::kInvalidArgument, "expected the child's own age key (age1…): " + recipient.error().message, "recipient"};
  auto handed = handed_over_at(person);
  if (!handed) return std::move(handed).error();
  if (*handed) return Error{ErrorCode::kInvalidArgument, "this record was already handed over on " + **handed, "person"};
  auto people = RecordQueries(c_.db).people();
  if (!people) return std::move(people).error();
  const auto it = std::find_if(people->begin(), people->end(), [&](const Person& p) { return p.id == person; });
  if (it == people->end()) return Error{ErrorCode::kInvalidArgument, "the vault has no person with this id", "person"};
  if (it->relationship == "self") return Error{ErrorCode::kInvalidArgument, "the account holder's own record is not handed over", "person"};
  auto ref = person_ref(person);
  if (!ref) return std::move(ref).error();
  // The whole record, as a package whose grant says what happened: the guardian (through
  // the child's profile key) passing it to the child's own key.
  consent::GrantRequest request;
  request.grantee = {it->name, std::string(recipient_text), ""};
  request.purpose = "app";
  request.categories.assign(std::begin(consent::kCategories), std::end(consent::kCategories));
  request.categories.erase(std::remove(request.categories.begin(), request.categories.end(), "emergency-summary"), request.categories.end());
  request.once = true;
  auto grant = consent::make_grant(request, *ref, now_unix);
  if (!grant) return std::move(grant).error();
  grant->purpose = "hand-over";
  grant->expires = consent::utc_timestamp(now_unix + consent::default_lifetime_seconds("hand-over"));
  auto key = ProfileKeyring(c_.db).signing_key(person);
  if (!key) return std::move(key).error();
  auto signed_grant = consent::sign(*grant, *key);
  if (!signed_grant) return std::move(signed_grant).error();
  auto resources = package_resources(*signed_grant, person);
  if (!resources) return std::move(resources).error();
  auto archive = consent::package_archive(*signed_grant, *resources, false, *key, now_unix);
  if (!archive) return std::move(archive).error();
  age::EncryptOptions options;
  options.recipients.push_back(*recipient);
  auto file = age::encrypt(crypto::as_bytes(*archive), std::move(options));
  crypto::wipe(archive->data(), archive->size());
  if (!file) return std::move(file).error();
  HandOverReport report;
  report.file = std::move(*file);
  report.resources = static_cast<std::int64_t>(resources->size());
  report.handed_over_at = consent::utc_timestamp(now_unix);
  auto grants = list(person);
  if (!grants) return std::move(grants).error();
  const std::string sha = encoding::hex_encode(crypto::sha256(report.file));
  auto s = sqlite::in_transaction(c_.db, [&]() -> Status {
    for (const auto& g : *grants) {
      if (g.revocation) continue;
      auto revocation = consent::revoke(g.grant, *key, now_unix);
      if (!revocation) return std::move(revocation).error();
      if (auto stored = store_revocation(*revocation); !stored) return std::move(stored).error();
      if (g.status(now_unix) == "active") ++report.grants_ended;
      if (auto r = append_audit(c_, AuditEvent{"revoke", person, 0, json{{"grant", g.grant.grant.id}, {"grantee", g.grant.grant.grantee.name}, {"reason", "hand-over"}}}); !r) return r;
    }
    auto insert = c_.db.prepare("INSERT INTO profile_handovers(profile_id, recipient, package_sha256, handed_over_at) VALUES (?, ?, ?, ?)");
    if (!insert) return std::move(insert).error();
    if (auto r = insert->bind(1, person).bind(2, recipient_text).bind(3, sha).bind(4, report.handed_over_at).run(); !r) return r;
    return append_audit(c_, AuditEvent{"hand_over", person, 0,
                                       json{{"recipient", std::string(recipient_text)}, {"resources", report.resources},
                                            {"grantsEnded", report.grants_ended}, {"sha256", sha}}});
  });
  if (!s) return std::move(s).error();
  return report;
}

}  // namespace detail
}  // namespace techo
