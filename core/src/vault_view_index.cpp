#include "vault_view_index.hpp"

#include "json_read.hpp"
#include "techo/terminology.hpp"
#include "views_clinical.hpp"
#include "views_medications.hpp"
#include "views_results.hpp"

namespace techo::detail {

namespace {

using nlohmann::json;

// What an entry's institution (and prescriber, pharmacy) is read from, as written: entries
// with the same text resolve to the same names, so a view reads one of them for all. Kept
// as a 64-bit FNV-1a digest of that text (the same on every platform, so a vault moves
// between builds): a collision only makes a view read one resource fewer for a list of names.
std::int64_t context_key(const json& body) {
  std::uint64_t hash = 14695981039346656037ull;
  const auto mix = [&](std::string_view text) {
    for (unsigned char ch : text) hash = (hash ^ ch) * 1099511628211ull;
  };
  for (const char* element : {"requester", "encounter", "performer", "location", "authorizingPrescription",
                              "informationSource", "extension", "contained"}) {
    if (const json* value = json_read::find(body, element)) {
      mix(element);
      mix(value->dump());
    }
  }
  return static_cast<std::int64_t>(hash >> 1);
}

}  // namespace

Status ViewIndex::prepare() {
  if (prepared_) return Ok{};
  auto clear = db_.prepare("DELETE FROM view_keys WHERE resource_id = ?");
  if (!clear) return std::move(clear).error();
  auto insert = db_.prepare(
      "INSERT INTO view_keys (resource_id, source_id, part, kind, group_key, context_key, effective_at, until, flags, "
      "profile_id, recorded) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, (SELECT profile_id FROM records WHERE resource_id = ?1), "
      "EXISTS (SELECT 1 FROM records WHERE resource_id = ?1))");
  if (!insert) return std::move(insert).error();
  clear_ = std::move(clear).value();
  insert_ = std::move(insert).value();
  prepared_ = true;
  return Ok{};
}

Status ViewIndex::insert(std::int64_t resource_id, std::int64_t source_id, int part, const char* kind, const std::string& group,
                         std::int64_t context, const std::string& date, const std::string& until, int flags) {
  return insert_.bind(1, resource_id).bind(2, source_id).bind(3, std::int64_t{part}).bind(4, kind).bind(5, group)
      .bind(6, context).bind(7, date).bind(8, until).bind(9, std::int64_t{flags}).run();
}

Status ViewIndex::write(std::int64_t resource_id, std::int64_t source_id, const fhir::Resource& resource) {
  if (auto s = prepare(); !s) return s;
  if (auto s = clear_.bind(1, resource_id).run(); !s) return s;
  const json& body = resource.body;
  const std::string& type = resource.type;
  if (type == "MedicationRequest" || type == "MedicationDispense" || type == "MedicationStatement") {
    const auto key = views::detail::medication_key(body, type);
    return insert(resource_id, source_id, 0, "medication", key.drug, context_key(body), key.date, key.until,
                  key.names_prescription ? kViewKeyNamesPrescription : 0);
  }
  if (type == "Observation") {
    int part = 0;
    for (const auto& p : views::detail::observation_points(body)) {
      int flags = 0;
      if (p.value) flags |= kViewKeyNumeric;
      if (p.infection) flags |= kViewKeyInfection;
      if (terminology::lookup(p.code.system).name == "特定健診項目") flags |= kViewKeyCheckupCode;
      if (p.category == "social-history" || p.category == "survey") flags |= kViewKeyNotTrend;
      if (auto s = insert(resource_id, source_id, part++, "result", p.analyte, context_key(body), p.date, "", flags); !s) return s;
    }
    return Ok{};
  }
  if (type == "Encounter" && views::detail::is_admission(body)) {
    const json* period = json_read::find(body, "period");
    const std::string end = period ? json_read::text(*period, "end") : std::string();
    return insert(resource_id, source_id, 0, "admission", "", 0, json_read::first_date(body, {"period"}), end, 0);
  }
  return Ok{};
}

}  // namespace techo::detail
