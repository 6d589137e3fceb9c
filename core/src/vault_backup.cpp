// Backup and restore of the whole vault as standard files (see Vault::export_archive).
#include <algorithm>
#include <array>
#include <chrono>
#include <functional>
#include <set>
#include <nlohmann/json.hpp>

#include "json_bounded.hpp"
#include "json_read.hpp"
#include "sqlite/sqlite.hpp"
#include "tar.hpp"
#include "techo/encoding.hpp"
#include "techo/envelope.hpp"
#include "techo/vault.hpp"
#include "vault_audit_log.hpp"
#include "vault_backup.hpp"
#include "vault_connection.hpp"
#include "vault_people.hpp"
#include "vault_lifelog_observations.hpp"
#include "vault_resource_writer.hpp"
#include "vault_schema.hpp"

namespace techo {

namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "techo-backup/v1";
constexpr std::string_view kSourceExtension = "urn:techo:backup:source";

Error backup_error(std::string message, std::string where) {
  return Error{ErrorCode::kMalformedInput, "the backup is not usable: " + std::move(message), "backup: " + std::move(where)};
}

// Rows of one query as JSON objects, columns named as given.
Result<json> rows(sqlite::Database& db, const char* sql, std::initializer_list<const char*> names) {
  auto stmt = db.prepare(sql);
  if (!stmt) return std::move(stmt).error();
  json out = json::array();
  auto read = stmt->each([&](const sqlite::Row& row) {
    json object = json::object();
    int i = 0;
    for (const char* name : names) object[name] = row.column_text(i++);
    out.push_back(std::move(object));
  });
  if (!read) return std::move(read).error();
  return out;
}

// Source row id -> position in sources.json, in import order.
Result<std::map<std::string, int>> source_positions(sqlite::Database& db) {
  auto stmt = db.prepare("SELECT id FROM sources ORDER BY id");
  if (!stmt) return std::move(stmt).error();
  std::map<std::string, int> out;
  auto read = stmt->each([&](const sqlite::Row& row) {
    const int next = static_cast<int>(out.size());
    out[row.column_text(0)] = next;
  });
  if (!read) return std::move(read).error();
  return out;
}

// Streams records.fhir.json, the canonical FHIR Bundle of every stored resource, in
// pieces: the backup's records part, and (hashed) the vault's content digest. Written as
// text around the stored JSON, so no record is parsed again.
Status write_records_bundle(sqlite::Database& db, const std::map<std::string, int>& source_index,
                            const std::function<void(std::string_view)>& out, json* by_type, std::int64_t* count) {
  auto stmt = db.prepare("SELECT source_id, resource_type, full_url, json FROM resources ORDER BY id");
  if (!stmt) return std::move(stmt).error();
  out(R"({"resourceType":"Bundle","type":"collection","entry":[)");
  std::int64_t n = 0;
  std::string piece;
  auto read = stmt->each([&](const sqlite::Row& row) {
    const auto index = source_index.find(row.column_text(0));
    piece.clear();
    if (n++) piece += ',';
    piece += R"({"extension":[{"url":")";
    piece += kSourceExtension;
    piece += R"(","valueInteger":)";
    piece += std::to_string(index == source_index.end() ? -1 : index->second);
    piece += "}]";
    const std::string full_url = row.column_text(2);
    if (!full_url.empty()) piece += R"(,"fullUrl":)" + json(full_url).dump();
    piece += R"(,"resource":)";
    out(piece);
    out(row.column_text(3));
    out("}");
    if (by_type) {
      const std::string type = row.column_text(1);
      (*by_type)[type] = by_type->value(type, 0) + 1;
    }
  });
  if (!read) return std::move(read).error();
  out("]}");
  if (count) *count = n;
  return Ok{};
}

}  // namespace

Result<std::string> detail::records_content_sha256(sqlite::Database& db) {
  auto positions = source_positions(db);
  if (!positions) return std::move(positions).error();
  crypto::Sha256 hash;
  auto s = write_records_bundle(db, *positions, [&](std::string_view piece) { hash.update(crypto::as_bytes(piece)); },
                                nullptr, nullptr);
  if (!s) return s.error();
  return encoding::hex_encode(hash.finish());
}

Result<std::string> Vault::export_archive() {
  auto& db = connection_->db;
  // One transaction: every file of the backup sees the same state, and the backup's log
  // entry commits with it (a backup that cannot be logged is not handed out).
  auto tx = sqlite::Transaction::begin(db);
  if (!tx) return std::move(tx).error();

  auto sources = rows(db,
                      "SELECT id, name, bundle_type, imported_at, encrypted, verification, issuer_name, issuer_key_id, "
                      "signed_at, bundle_profile FROM sources ORDER BY id",
                      {"id", "name", "bundleType", "importedAt", "encrypted", "verification", "issuerName",
                       "issuerKeyId", "signedAt", "bundleProfile"});
  if (!sources) return std::move(sources).error();
  auto positions = source_positions(db);
  if (!positions) return std::move(positions).error();
  std::map<std::string, int>& source_index = *positions;
  for (std::size_t i = 0; i < sources->size(); ++i) {
    json& s = (*sources)[i];
    s["index"] = i;
    s.erase("id");
    s["encrypted"] = s["encrypted"] == "1";
  }
  auto issuers = rows(db, "SELECT key_id, name, public_key, added_at FROM trusted_issuers ORDER BY added_at, key_id",
                      {"keyId", "name", "publicKey", "addedAt"});
  if (!issuers) return std::move(issuers).error();

  std::string bundle;
  json by_type = json::object();
  std::int64_t resources = 0;
  if (auto s = write_records_bundle(db, source_index, [&](std::string_view piece) { bundle.append(piece); }, &by_type,
                                    &resources);
      !s) {
    return s.error();
  }

  std::string lifelog;
  std::int64_t samples = 0;
  {
    auto stmt = db.prepare(
        "SELECT source_id, metric, start_at, end_at, utc_offset, value, unit, device, device_kind, detail "
        "FROM lifelog_samples WHERE resource_id IS NULL ORDER BY id");  // the rest comes from the Observations
    if (!stmt) return std::move(stmt).error();
    auto read = stmt->each([&](const sqlite::Row& row) {
      ++samples;
      lifelog += json{{"source", source_index[row.column_text(0)]}, {"metric", row.column_text(1)},
                      {"start", row.column_text(2)}, {"end", row.column_text(3)},
                      {"utcOffset", row.column_is_null(4) ? json(nullptr) : json(row.column_int(4))},
                      {"value", row.column_double(5)},
                      {"unit", row.column_text(6)}, {"device", row.column_text(7)},
                      {"deviceKind", row.column_text(8)}, {"detail", row.column_text(9)}}
                     .dump() +
                 "\n";
    });
    if (!read) return std::move(read).error();
  }
  // Earlier versions of resources, each pointing at its resource by position in the
  // records Bundle.
  std::string history;
  std::int64_t versions = 0;
  {
    auto stmt = db.prepare(
        "WITH positions AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS position FROM resources) "
        "SELECT p.position, h.source_id, h.json, h.last_updated, h.recorded_at "
        "FROM resource_history h JOIN positions p ON p.id = h.resource_id ORDER BY h.id");
    if (!stmt) return std::move(stmt).error();
    auto read = stmt->each([&](const sqlite::Row& row) {
      ++versions;
      history += json{{"entry", row.column_int(0)}, {"source", source_index[row.column_text(1)]},
                      {"lastUpdated", row.column_text(3)}, {"recordedAt", row.column_text(4)}}
                     .dump();
      history.pop_back();  // append the stored resource as it is
      history += R"(,"resource":)" + row.column_text(2) + "}\n";
    });
    if (!read) return std::move(read).error();
  }

  const std::vector<std::pair<std::string, std::string>> parts = {
      {"records.fhir.json", std::move(bundle)},
      {"history.ndjson", std::move(history)},
      {"sources.json", sources->dump(2)},
      {"trusted-issuers.json", issuers->dump(2)},
      {"lifelog.ndjson", std::move(lifelog)},
  };
  json files = json::array();
  for (const auto& [name, data] : parts) files.push_back({{"name", name}, {"bytes", data.size()}, {"sha256", detail::content_hash(data)}});
  // The person's source priorities ({metric: [kinds]}): settings, not records, so in the
  // manifest.
  json priorities = json::object();
  {
    auto stmt = db.prepare("SELECT metric, kinds FROM lifelog_priority ORDER BY metric");
    if (!stmt) return std::move(stmt).error();
    auto read = stmt->each([&](const sqlite::Row& row) {
      priorities[row.column_text(0)] = json::parse(row.column_text(1), nullptr, false);
    });
    if (!read) return std::move(read).error();
  }
  const json manifest = {
      {"format", kFormat},
      {"lifelogPriority", priorities},
      {"schemaVersion", schema_version()},
      {"counts",
       {{"resources", resources}, {"resourcesByType", by_type}, {"earlierVersions", versions}, {"sources", sources->size()},
        {"trustedIssuers", issuers->size()}, {"lifelogSamples", samples}}},
      // The content hash is the records part's: detail::records_content_sha256 reproduces it.
      {"contentSha256", files[0]["sha256"]},
      {"files", files},
  };
  const long long now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
  detail::TarWriter tar;
  tar.add("manifest.json", manifest.dump(2) + "\n", now);
  for (const auto& [name, data] : parts) tar.add(name, data, now);
  std::string archive = tar.finish();
  detail::AuditEvent event{"backup", 0, 0,
                           {{"resources", resources},
                            {"sources", sources->size()},
                            {"lifelogSamples", samples},
                            {"archiveBytes", archive.size()}}};
  if (auto s = detail::append_audit(*connection_, event); !s) return std::move(s).error();
  if (auto s = tx->commit(); !s) return std::move(s).error();
  return archive;
}

namespace {

// The parts a backup holds; history.ndjson is optional (backups before it existed).
constexpr std::array<std::string_view, 5> kParts = {"records.fhir.json", "history.ndjson", "sources.json",
                                                    "trusted-issuers.json", "lifelog.ndjson"};

Error wrong_type(const std::string& where, const char* expected) {
  return backup_error(std::string("expected ") + expected, where);
}

// Checks the manifest's list against the archive, before anything is read or written:
// every part listed exactly once with its size and SHA-256, every listed part present and
// matching, and nothing in the archive that the manifest does not vouch for.
Status check_parts(const json& manifest, const std::map<std::string, std::string>& files) {
  const auto list = manifest.find("files");
  if (list == manifest.end() || !list->is_array()) return wrong_type("manifest.json: files", "a list of parts");
  std::set<std::string> listed;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& f = (*list)[i];
    const std::string where = "manifest.json: files[" + std::to_string(i) + "]";
    if (!f.is_object() || !f.contains("name") || !f["name"].is_string() || !f.contains("bytes") ||
        !f["bytes"].is_number_unsigned() || !f.contains("sha256") || !f["sha256"].is_string()) {
      return wrong_type(where, "a part with a name, bytes and sha256");
    }
    const std::string name = f["name"].get<std::string>();
    if (std::find(kParts.begin(), kParts.end(), name) == kParts.end()) {
      return backup_error("the manifest lists a part Techo does not know", name);
    }
    if (!listed.insert(name).second) return backup_error("the manifest lists a part twice", name);
    auto it = files.find(name);
    if (it == files.end()) return backup_error("a part listed in the manifest is missing", name);
    if (it->second.size() != f["bytes"].get<std::uint64_t>() || detail::content_hash(it->second) != f["sha256"].get<std::string>()) {
      return backup_error("a part does not match its SHA-256 in the manifest", name);
    }
  }
  for (const auto& [name, data] : files) {
    if (name != "manifest.json" && !listed.count(name)) {
      return backup_error("the archive holds a part its manifest does not list (and so does not vouch for)", name);
    }
  }
  for (const char* required : {"records.fhir.json", "sources.json", "trusted-issuers.json", "lifelog.ndjson"}) {
    if (!listed.count(required)) return backup_error("a part is missing from the backup", required);
  }
  return Ok{};
}

// A member that, when present, has the JSON type asked for (nlohmann's get<> would throw).
const json* member(const json& object, const char* key, json::value_t type) {
  const auto it = object.find(key);
  if (it == object.end()) return nullptr;
  const bool number = type == json::value_t::number_integer;
  if (number ? !it->is_number_integer() : it->type() != type) return &object;  // the object itself: "wrong type"
  return &*it;
}

struct RestoredSource {
  std::string name, bundle_type, bundle_profile, imported_at;
  bool encrypted = false;
};

// sources.json, read whole before the transaction. Only what a source says about itself
// comes back; whether it was signed, and by whom, the archive cannot prove.
Result<std::vector<RestoredSource>> read_sources(const json& sources) {
  std::vector<RestoredSource> out;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const json& s = sources[i];
    const std::string where = "sources.json: [" + std::to_string(i) + "]";
    if (!s.is_object()) return wrong_type(where, "a source object");
    RestoredSource r;
    const auto text = [&](const char* key, std::string& into, bool required) -> Status {
      const json* v = member(s, key, json::value_t::string);
      if (!v) return required ? wrong_type(where + "." + key, "a string") : Status(Ok{});
      if (v == &s) return wrong_type(where + "." + key, "a string");
      into = v->get<std::string>();
      return Ok{};
    };
    if (auto st = text("name", r.name, true); !st) return std::move(st).error();
    if (auto st = text("bundleType", r.bundle_type, false); !st) return std::move(st).error();
    if (auto st = text("bundleProfile", r.bundle_profile, false); !st) return std::move(st).error();
    if (auto st = text("importedAt", r.imported_at, false); !st) return std::move(st).error();
    if (const json* v = member(s, "encrypted", json::value_t::boolean); v) {
      if (v == &s) return wrong_type(where + ".encrypted", "true or false");
      r.encrypted = v->get<bool>();
    }
    out.push_back(std::move(r));
  }
  return out;
}

// trusted-issuers.json: each key is checked to be an Ed25519 key, and its id computed
// from it: the archive's own "keyId" is not believed.
Result<std::vector<TrustedIssuer>> read_issuers(const json& issuers) {
  std::vector<TrustedIssuer> out;
  for (std::size_t i = 0; i < issuers.size(); ++i) {
    const json& entry = issuers[i];
    const std::string where = "trusted-issuers.json: [" + std::to_string(i) + "]";
    if (!entry.is_object()) return wrong_type(where, "an issuer object");
    const json* name = member(entry, "name", json::value_t::string);
    const json* key = member(entry, "publicKey", json::value_t::string);
    if (!name || name == &entry || name->get_ref<const std::string&>().empty()) return wrong_type(where + ".name", "a name");
    if (!key || key == &entry) return wrong_type(where + ".publicKey", "a base64 Ed25519 key");
    auto bytes = encoding::base64_decode(key->get_ref<const std::string&>(), encoding::Padding::kRequired);
    if (!bytes || bytes->size() != 32) return wrong_type(where + ".publicKey", "a base64 Ed25519 key (32 bytes)");
    std::array<std::uint8_t, 32> public_key;
    std::copy(bytes->begin(), bytes->end(), public_key.begin());
    out.push_back({envelope::key_id(public_key), name->get<std::string>(), key->get<std::string>()});
  }
  return out;
}

}  // namespace

Result<Vault::RestoreReport> Vault::restore_archive(std::string_view archive) {
  auto files = detail::read_tar(archive);
  if (!files) return std::move(files).error();
  auto manifest_text = files->find("manifest.json");
  if (manifest_text == files->end()) return backup_error("manifest.json is missing", "manifest.json");
  json manifest = json_bounded::parse_or_discarded(manifest_text->second);
  if (manifest.is_discarded() || !manifest.is_object() || !manifest.contains("format") || manifest["format"] != kFormat) {
    return backup_error("manifest.json is not a Techo backup manifest", "manifest.json");
  }
  if (!manifest.contains("schemaVersion") || !manifest["schemaVersion"].is_number_integer()) {
    return wrong_type("manifest.json: schemaVersion", "a number");
  }
  if (manifest["schemaVersion"].get<std::int64_t>() > schema_version()) {
    return Error{ErrorCode::kUnsupported, "this backup was written by a newer Techo; update the app to restore it",
                 "backup: manifest.json"};
  }
  if (!manifest.contains("contentSha256") || !manifest["contentSha256"].is_string()) {
    return wrong_type("manifest.json: contentSha256", "a SHA-256 (hex)");
  }
  if (auto s = check_parts(manifest, *files); !s) return std::move(s).error();
  {
    auto any = connection_->db.prepare("SELECT 1 FROM sources LIMIT 1");
    if (!any) return std::move(any).error();
    auto row = any->step();
    if (!row) return std::move(row).error();
    if (row.value()) return Error{ErrorCode::kInvalidArgument, "a backup restores into an empty vault only", "backup"};
  }

  const json sources_json = json_bounded::parse_or_discarded(files->at("sources.json"));
  const json issuers_json = json_bounded::parse_or_discarded(files->at("trusted-issuers.json"));
  const json bundle = json_bounded::parse_or_discarded(files->at("records.fhir.json"));
  if (!sources_json.is_array()) return backup_error("not a JSON list of sources", "sources.json");
  if (!issuers_json.is_array()) return backup_error("not a JSON list of issuers", "trusted-issuers.json");
  if (!bundle.is_object()) return backup_error("not a FHIR Bundle", "records.fhir.json");
  auto sources = read_sources(sources_json);
  if (!sources) return std::move(sources).error();
  auto issuers = read_issuers(issuers_json);
  if (!issuers) return std::move(issuers).error();

  RestoreReport report;
  auto& db = connection_->db;
  std::string where;  // the part being written, for an error of a wrong-typed field
  auto restored = sqlite::in_transaction(db, [&]() -> Status {
   try {
    std::vector<std::int64_t> source_ids;
    auto add_source = db.prepare(
        "INSERT INTO sources(name, bundle_type, imported_at, encrypted, verification, bundle_profile) "
        "VALUES (?, ?, ?, ?, 'unsigned', ?)");
    if (!add_source) return std::move(add_source).error();
    for (const auto& s : *sources) {
      auto r = add_source->bind(1, s.name).bind(2, s.bundle_type).bind(3, s.imported_at)
                   .bind(4, std::int64_t{s.encrypted}).bind(5, s.bundle_profile).run();
      if (!r) return r;
      source_ids.push_back(db.last_insert_rowid());
      ++report.sources;
    }
    // Pending, not trusted; a key the person already trusts stays as they named it.
    auto add_pending = db.prepare(
        "INSERT OR IGNORE INTO pending_issuers(key_id, name, public_key) "
        "SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM trusted_issuers WHERE key_id = ?1)");
    if (!add_pending) return std::move(add_pending).error();
    for (const auto& i : *issuers) {
      if (auto r = add_pending->bind(1, i.key_id).bind(2, i.name).bind(3, i.public_key).run(); !r) return r;
      report.pending_issuers += db.changes();
    }
    std::map<std::size_t, detail::ResourceWriter> writers;  // one per source: identities are per import
    std::vector<std::int64_t> resource_ids;                 // by position in the records Bundle
    const auto& entries = bundle.value("entry", json::array());
    for (std::size_t n = 0; n < entries.size(); ++n) {
      const json& entry = entries[n];
      where = "records.fhir.json: Bundle.entry[" + std::to_string(n) + "]";
      std::size_t index = source_ids.size();
      for (const auto& ext : entry.value("extension", json::array())) {
        if (json_read::value_or(ext, "url", std::string("")) == kSourceExtension) index = json_read::value_or<std::size_t>(ext, "valueInteger", source_ids.size());
      }
      const auto resource = entry.find("resource");
      if (index >= source_ids.size() || resource == entry.end() || !resource->is_object()) {
        return backup_error("an entry has no resource or no known source", where);
      }
      if (!resource->contains("resourceType") || !(*resource)["resourceType"].is_string()) {
        return backup_error("a resource's resourceType is not text", where + ".resource.resourceType");
      }
      fhir::Resource r;
      r.type = json_read::value_or(*resource, "resourceType", std::string());
      r.id = json_read::value_or(*resource, "id", std::string());
      r.full_url = json_read::value_or(entry, "fullUrl", std::string(""));
      r.body = *resource;
      auto writer = writers.try_emplace(index, db, source_ids[index]).first;
      auto stored = writer->second.store(r);
      if (!stored) return std::move(stored).error();
      resource_ids.push_back(*stored == detail::ResourceWriter::Outcome::kNew ? db.last_insert_rowid() : 0);
      ++report.resources;
    }
    if (auto h = files->find("history.ndjson"); h != files->end()) {
      auto add_version = db.prepare(
          "INSERT INTO resource_history(resource_id, source_id, json, content_hash, last_updated, recorded_at) "
          "VALUES (?, ?, ?, ?, ?, ?)");
      if (!add_version) return std::move(add_version).error();
      std::size_t line = 0;
      for (std::size_t at = 0; at < h->second.size();) {
        const std::size_t end = std::min(h->second.find('\n', at), h->second.size());
        const json version = json_bounded::parse_or_discarded(std::string_view(h->second).substr(at, end - at));
        at = end + 1;
        ++line;
        where = "history.ndjson line " + std::to_string(line);
        const std::size_t entry = version.is_object() ? json_read::value_or<std::size_t>(version, "entry", resource_ids.size()) : resource_ids.size();
        const std::size_t source = version.is_object() ? json_read::value_or<std::size_t>(version, "source", source_ids.size()) : source_ids.size();
        if (entry >= resource_ids.size() || resource_ids[entry] == 0 || source >= source_ids.size() ||
            !version.contains("resource")) {
          return backup_error("a history line is not usable", "history.ndjson line " + std::to_string(line));
        }
        const std::string text = version["resource"].dump();
        auto r = add_version->bind(1, resource_ids[entry]).bind(2, source_ids[source]).bind(3, text)
                     .bind(4, detail::resource_digest(text)).bind(5, json_read::value_or(version, "lastUpdated", std::string("")))
                     .bind(6, json_read::value_or(version, "recordedAt", std::string(""))).run();
        if (!r) return r;
      }
    }
    std::size_t line_number = 0;
    auto add_sample = db.prepare(
        "INSERT INTO lifelog_samples(source_id, metric, start_at, end_at, utc_offset, value, unit, device, device_kind, "
        "detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!add_sample) return std::move(add_sample).error();
    const std::string& lifelog = files->at("lifelog.ndjson");
    for (std::size_t at = 0; at < lifelog.size();) {
      const std::size_t end = std::min(lifelog.find('\n', at), lifelog.size());
      ++line_number;
      const json sample = json_bounded::parse_or_discarded(lifelog.substr(at, end - at));
      at = end + 1;
      where = "lifelog.ndjson line " + std::to_string(line_number);
      const std::size_t index = sample.is_object() ? json_read::value_or<std::size_t>(sample, "source", source_ids.size()) : source_ids.size();
      if (index >= source_ids.size()) return backup_error("a lifelog line is not usable", "lifelog.ndjson line " + std::to_string(line_number));
      // Every field of the type Techo wrote: a wrong-typed one is the backup's fault, named.
      for (const char* key : {"metric", "start", "end", "unit", "device", "deviceKind", "detail"}) {
        if (sample.contains(key) && !sample[key].is_string()) return backup_error(std::string("expected ") + key + " to be text", where + ": " + key);
      }
      if (sample.contains("value") && !sample["value"].is_number()) return backup_error("expected value to be a number", where + ": value");
      add_sample->bind(1, source_ids[index]).bind(2, json_read::value_or(sample, "metric", std::string(""))).bind(3, json_read::value_or(sample, "start", std::string("")))
          .bind(4, json_read::value_or(sample, "end", std::string(""))).bind(6, json_read::value_or(sample, "value", 0.0)).bind(7, json_read::value_or(sample, "unit", std::string("")))
          .bind(8, json_read::value_or(sample, "device", std::string(""))).bind(9, json_read::value_or(sample, "deviceKind", std::string("app")))
          .bind(10, json_read::value_or(sample, "detail", std::string("")));
      if (sample.contains("utcOffset") && sample["utcOffset"].is_number_integer()) {
        add_sample->bind(5, sample["utcOffset"].get<std::int64_t>());
      } else {
        add_sample->bind_null(5);
      }
      auto r = add_sample->run();
      if (!r) return r;
      ++report.lifelog_samples;
    }
    auto digest = detail::records_content_sha256(db);
    if (!digest) return std::move(digest).error();
    if (*digest != manifest["contentSha256"].get<std::string>()) {
      return backup_error("the restored records do not match the manifest's content hash", "records.fhir.json");
    }
    report.content_sha256 = *digest;
    if (auto l = detail::link_people(db); !l) return l;
    where = "manifest.json: lifelogPriority";
    if (const auto p = manifest.find("lifelogPriority"); p != manifest.end() && p->is_object()) {
      auto set = db.prepare("INSERT OR REPLACE INTO lifelog_priority(metric, kinds) VALUES (?, ?)");
      if (!set) return std::move(set).error();
      for (const auto& [metric, kinds] : p->items()) {
        if (!kinds.is_array()) return backup_error("a lifelog priority is not a list", "manifest.json: lifelogPriority." + metric);
        if (auto r = set->bind(1, metric).bind(2, kinds.dump()).run(); !r) return r;
      }
    }
    // What is derived is derived again: the Observations' samples, the merged days.
    if (auto d = detail::derive_lifelog_from_observations(db); !d) return d;
    detail::AuditEvent event{"restore", 0, 0,
                             {{"resources", report.resources},
                              {"sources", report.sources},
                              {"lifelogSamples", report.lifelog_samples},
                              {"pendingIssuers", report.pending_issuers},
                              {"contentSha256", report.content_sha256}}};
    return detail::append_audit(*connection_, event);
   } catch (const json::exception& e) {
    // A field of the wrong type in a record, history or lifelog line (nlohmann's value()
    // and get<> throw): an error value, and the transaction rolls back.
    return backup_error(std::string("a field has the wrong type (") + e.what() + ")", where);
   }
  });
  if (!restored) return restored.error();
  return report;
}

}  // namespace techo
