#include "vault_resource_writer.hpp"

#include "json_dump.hpp"
#include "techo/records.hpp"
#include "vault_people.hpp"
#include "vault_schema.hpp"

namespace techo::detail {

Status ResourceWriter::prepare() {
  if (prepared_) return Ok{};
  auto find = db_.prepare(
      "SELECT id, content_hash, last_updated, source_id FROM resources WHERE identity_key = ? LIMIT 1");
  auto insert = db_.prepare(
      "INSERT INTO resources(source_id, resource_type, fhir_id, full_url, json, identity_key, content_hash, last_updated) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  auto update = db_.prepare(
      "UPDATE resources SET source_id = ?, fhir_id = ?, full_url = ?, json = ?, content_hash = ?, last_updated = ? "
      "WHERE id = ?");
  // The version being replaced, copied as it is into history.
  auto history_current = db_.prepare(
      "INSERT INTO resource_history(resource_id, source_id, json, content_hash, last_updated) "
      "SELECT id, source_id, json, content_hash, last_updated FROM resources WHERE id = ?");
  auto history = db_.prepare(
      "INSERT INTO resource_history(resource_id, source_id, json, content_hash, last_updated) VALUES (?, ?, ?, ?, ?)");
  auto clear_record = db_.prepare("DELETE FROM records WHERE resource_id = ?");
  auto insert_record = db_.prepare(
      "INSERT INTO records(resource_id, category, code_system, code, display, value_number, value_text, unit, "
      "effective_at, status, subject_ref, profile_id) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT profile_id FROM profile_refs WHERE ref = ?11))");
  for (auto* r : {&find, &insert, &update, &history_current, &history, &clear_record, &insert_record}) {
    if (!*r) return std::move(*r).error();
  }
  clear_record_ = std::move(clear_record).value();
  insert_record_ = std::move(insert_record).value();
  find_ = std::move(find).value();
  insert_ = std::move(insert).value();
  update_ = std::move(update).value();
  history_current_ = std::move(history_current).value();
  history_ = std::move(history).value();
  prepared_ = true;
  return Ok{};
}

namespace {

void collect_entries(const nlohmann::json& sections, std::unordered_set<std::string>& out, int depth) {
  if (!sections.is_array() || depth > 8) return;  // untrusted input never drives deep recursion
  for (const auto& s : sections) {
    if (!s.is_object()) continue;
    if (auto e = s.find("entry"); e != s.end() && e->is_array()) {
      for (const auto& ref : *e) {
        if (ref.is_object() && ref.contains("reference") && ref["reference"].is_string()) out.insert(ref["reference"].get<std::string>());
      }
    }
    if (auto sub = s.find("section"); sub != s.end()) collect_entries(*sub, out, depth + 1);
  }
}

}  // namespace

void ResourceWriter::remember_document(const fhir::Resource& composition) {
  document_subject_ = records::subject_of(composition.body);
  document_entries_.clear();
  if (document_subject_.empty() || !composition.body.is_object()) return;
  if (auto sections = composition.body.find("section"); sections != composition.body.end()) collect_entries(*sections, document_entries_, 0);
  if (auto encounter = composition.body.find("encounter"); encounter != composition.body.end() && encounter->is_object()) {
    if (auto ref = encounter->find("reference"); ref != encounter->end() && ref->is_string()) document_entries_.insert(ref->get<std::string>());
  }
}

std::string ResourceWriter::document_subject_of(const fhir::Resource& entry) const {
  if (document_entries_.empty()) return {};
  const bool listed = (!entry.full_url.empty() && document_entries_.count(entry.full_url)) ||
                      (!entry.id.empty() && document_entries_.count(entry.type + "/" + entry.id));
  return listed ? document_subject_ : std::string();
}

Result<bool> ResourceWriter::known(const fhir::Resource& r) {
  if (auto s = prepare(); !s) return s.error();
  const std::string key = fhir::identity_key(r);
  if (key.empty()) return false;
  find_.bind(1, key);
  auto row = find_.step();
  find_.reset();
  if (!row) return std::move(row).error();
  return row.value();
}

Result<ResourceWriter::Outcome> ResourceWriter::store(const fhir::Resource& r) {
  if (auto s = prepare(); !s) return s.error();
  if (r.type == "Composition") remember_document(r);
  const std::string json = json_dump::dump(r.body);  // dump()'s bytes: the stored text the hash is of
  const std::string hash = resource_digest(json);
  std::string key = fhir::identity_key(r);
  const std::string updated_at = fhir::last_updated(r.body);

  if (!key.empty()) {
    find_.bind(1, key);
    auto row = find_.step();
    if (!row) return std::move(row).error();
    const bool found = row.value();
    const std::int64_t id = found ? find_.column_int(0) : 0;
    const std::string current_hash = found ? find_.column_text(1) : std::string();
    const std::string current_updated = found ? find_.column_text(2) : std::string();
    const bool same_import = found && find_.column_int(3) == source_id_;
    find_.reset();
    if (found && current_hash == hash) return Outcome::kUnchanged;
    if (found && same_import) {
      // One file with two different resources under one identity: keep both, never
      // merge within an import (that could lose a record); the second goes unkeyed.
      key.clear();
    } else if (found) {
      // Newer when its lastUpdated is not before the vault's (or either has none).
      const bool newer = updated_at.empty() || current_updated.empty() || updated_at >= current_updated;
      if (!newer) {
        auto s = history_.bind(1, id).bind(2, source_id_).bind(3, json).bind(4, hash).bind(5, updated_at).run();
        if (!s) return s.error();
        return Outcome::kHistorical;
      }
      if (auto s = history_current_.bind(1, id).run(); !s) return s.error();
      auto s = update_.bind(1, source_id_).bind(2, r.id).bind(3, r.full_url).bind(4, json).bind(5, hash)
                   .bind(6, updated_at).bind(7, id).run();
      if (!s) return s.error();
      if (auto w = write_record(id, r); !w) return w.error();
      if (auto v = view_index_.write(id, source_id_, r); !v) return v.error();
      last_written_ = id;
      return Outcome::kUpdated;
    }
  }
  auto s = insert_.bind(1, source_id_).bind(2, r.type).bind(3, r.id).bind(4, r.full_url).bind(5, json).bind(6, key)
               .bind(7, hash).bind(8, updated_at).run();
  if (!s) return s.error();
  last_written_ = db_.last_insert_rowid();
  // A new row has no record to clear: resources are never deleted (and records would go
  // with them, ON DELETE CASCADE), so no old record can hold its id.
  if (auto w = insert_record(last_written_, r); !w) return w.error();
  if (auto v = view_index_.write(last_written_, source_id_, r); !v) return v.error();
  // A person exists as soon as their Patient does: the records after it link as written.
  if (r.type == "Patient") {
    if (auto l = link_patients(db_); !l) return l.error();
  }
  return Outcome::kNew;
}

Status ResourceWriter::write_record(std::int64_t resource_id, const fhir::Resource& resource) {
  if (auto s = prepare(); !s) return s;
  if (auto s = clear_record_.bind(1, resource_id).run(); !s) return s;
  return insert_record(resource_id, resource);
}

Status ResourceWriter::insert_record(std::int64_t resource_id, const fhir::Resource& resource) {
  auto record = records::normalize(resource);
  if (!record) return Ok{};
  if (record->subject.empty()) record->subject = document_subject_of(resource);
  insert_record_.bind(1, resource_id).bind(2, record->category).bind(3, record->code_system).bind(4, record->code)
      .bind(5, record->display).bind(7, record->value_text).bind(8, record->unit).bind(9, record->effective_at)
      .bind(10, record->status).bind(11, record->subject);
  if (record->value_number) {
    insert_record_.bind(6, *record->value_number);
  } else {
    insert_record_.bind_null(6);
  }
  return insert_record_.run();
}

}  // namespace techo::detail
