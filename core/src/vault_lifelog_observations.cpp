#include "vault_lifelog_observations.hpp"

#include <string>

#include "techo/lifelog_fhir.hpp"
#include "techo/records.hpp"

namespace techo::detail {
namespace {

// The person a subject reference stands for: the profile it links to, 0 for the account
// holder (and for a subject no Patient in the vault names yet).
std::string person_of_subject(const std::string& subject) {
  return "coalesce((SELECT CASE WHEN r.profile_id = (SELECT id FROM profiles WHERE relationship = 'self' ORDER BY id LIMIT 1) "
         "THEN 0 ELSE r.profile_id END FROM profile_refs r WHERE r.ref = " + subject + "), 0)";
}
const std::string kPersonOfSample = person_of_subject("lifelog_samples.subject_ref");

}  // namespace

Status ObservationLifelog::prepare() {
  if (prepared_) return Ok{};
  auto stored = db_.prepare("SELECT metric, start_at, end_at, utc_offset, person FROM lifelog_samples WHERE resource_id = ?");
  auto clear = db_.prepare("DELETE FROM lifelog_samples WHERE resource_id = ?");
  auto add = db_.prepare(
      "INSERT OR IGNORE INTO lifelog_samples(source_id, metric, start_at, end_at, utc_offset, value, unit, device, "
      "device_kind, detail, resource_id, subject_ref) "
      "VALUES (coalesce(nullif(?1, 0), (SELECT source_id FROM resources WHERE id = ?11)), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, '', ?11, ?12)");
  for (auto* s : {&stored, &clear, &add}) {
    if (!*s) return std::move(*s).error();
  }
  stored_ = std::move(stored).value();
  clear_ = std::move(clear).value();
  add_ = std::move(add).value();
  prepared_ = true;
  return Ok{};
}

// Adds the days of the samples stored for a resource (about to be replaced) to touched.
Status ObservationLifelog::touch_stored(std::int64_t resource_id) {
  stored_.bind(1, resource_id);
  auto read = stored_.each([&](const sqlite::Row& row) {
    lifelog::Sample s;
    s.metric = row.column_text(0);
    s.start = lifelog::parse_date_time(row.column_text(1)).value_or(lifelog::Instant{}).utc;
    s.end = lifelog::parse_date_time(row.column_text(2)).value_or(lifelog::Instant{}).utc;
    if (!row.column_is_null(3)) s.utc_offset_minutes = static_cast<int>(row.column_int(3));
    touched_days(s, row.column_int(4), days_);
  });
  if (!read) return std::move(read).error();
  stored_.reset();
  return Ok{};
}

Status ObservationLifelog::write(std::int64_t resource_id, const fhir::Resource& resource, bool replacing,
                                 std::vector<Error>& problems) {
  if (resource.type != "Observation") return Ok{};
  if (auto s = prepare(); !s) return s;
  auto derived = lifelog::samples_from_observation(resource.body);
  if (replacing) {
    if (auto s = touch_stored(resource_id); !s) return s;
    if (auto s = clear_.bind(1, resource_id).run(); !s) return s;
  }
  if (derived.samples.empty() && derived.problems.empty()) return Ok{};  // most Observations: lab results
  const std::string name = "Observation/" + (resource.id.empty() ? resource.full_url : resource.id);
  for (auto& p : derived.problems) problems.push_back(std::move(p).within(name));
  const std::string subject = records::subject_of(resource.body);
  for (const auto& sample : derived.samples) {
    add_.bind(1, source_id_).bind(2, sample.metric).bind(3, lifelog::format_utc(sample.start))
        .bind(4, lifelog::format_utc(sample.end)).bind(6, sample.value).bind(7, sample.unit).bind(8, sample.device)
        .bind(9, std::string(lifelog::device_kind_name(sample.kind))).bind(11, resource_id).bind(12, subject);
    if (sample.utc_offset_minutes) {
      add_.bind(5, std::int64_t{*sample.utc_offset_minutes});
    } else {
      add_.bind_null(5);
    }
    if (auto s = add_.run(); !s) return s;
    touched_days(sample, written_[subject][sample.metric]);
  }
  return Ok{};
}

Status ObservationLifelog::assign_people() {
  if (auto s = prepare(); !s) return s;
  // Samples whose person changes leave that person's days and join another's: both merge again.
  auto moving = db_.prepare("SELECT DISTINCT resource_id FROM lifelog_samples WHERE subject_ref <> '' AND person <> " + kPersonOfSample);
  if (!moving) return std::move(moving).error();
  std::vector<std::int64_t> resources;
  auto read = moving->each([&](const sqlite::Row& row) {
    resources.push_back(row.column_int(0));
  });
  if (!read) return std::move(read).error();
  for (const auto id : resources) {
    if (auto s = touch_stored(id); !s) return s;
  }
  if (!resources.empty()) {
    auto s = db_.exec(("UPDATE OR REPLACE lifelog_samples SET person = " + kPersonOfSample +
                       " WHERE subject_ref <> '' AND person <> " + kPersonOfSample).c_str());
    if (!s) return s;
    for (const auto id : resources) {
      if (auto t = touch_stored(id); !t) return t;
    }
  }
  // The days this import wrote, for whoever their subjects now are.
  if (written_.empty()) return Ok{};
  auto person_of = db_.prepare("SELECT " + person_of_subject("?1"));
  if (!person_of) return std::move(person_of).error();
  for (const auto& [subject, metrics] : written_) {
    person_of->reset();
    person_of->bind(1, subject);
    auto row = person_of->step();
    if (!row) return std::move(row).error();
    const std::int64_t person = row.value() ? person_of->column_int(0) : 0;
    for (const auto& [metric, days] : metrics) days_[{person, metric}].insert(days.begin(), days.end());
  }
  written_.clear();
  return Ok{};
}

}  // namespace techo::detail

namespace techo::detail {

Status derive_lifelog_from_observations(sqlite::Database& db) {
  if (auto s = db.exec("DELETE FROM lifelog_samples WHERE resource_id IS NOT NULL"); !s) return s;
  auto select = db.prepare("SELECT id, fhir_id, full_url, json FROM resources WHERE resource_type = 'Observation'");
  if (!select) return std::move(select).error();
  ObservationLifelog observations(db);
  std::vector<Error> problems;  // unreadable measurements stay out of the lifelog, as on import
  auto read = select->each([&](const sqlite::Row& row) -> Status {
    fhir::Resource r;
    r.type = "Observation";
    r.id = row.column_text(1);
    r.full_url = row.column_text(2);
    r.body = nlohmann::json::parse(row.column_text(3), nullptr, false);
    if (r.body.is_discarded()) return Ok{};
    if (auto s = observations.write(row.column_int(0), r, /*replacing=*/false, problems); !s) return s;
    return Ok{};
  });
  if (!read) return std::move(read).error();
  if (auto s = observations.assign_people(); !s) return s;
  return recompute_everything(db);
}

}  // namespace techo::detail
