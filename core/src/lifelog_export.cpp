#include "techo/lifelog_export.hpp"

#include "techo/lifelog_fhir.hpp"

#include <cstdio>

namespace techo::lifelog {
namespace {

using nlohmann::json;

struct Code {
  const char* metric;
  const char* loinc;
  const char* display;
  const char* ucum;
  const char* category;     // FHIR observation category
  const char* omh_schema;   // Open mHealth schema name
  const char* omh_version;
  const char* omh_key;
  const char* omh_unit;
  const char* statistic;    // OMH descriptive statistic of a daily value ("" for totals)
};
constexpr Code kCodes[] = {
    {"steps", "41950-7", "Number of steps in 24 hour Measured", "{steps}", "activity", "step-count", "3.0", "step_count", "steps", ""},
    {"heart-rate", "8867-4", "Heart rate", "/min", "vital-signs", "heart-rate", "2.0", "heart_rate", "beats/min", "average"},
    {"body-weight", "29463-7", "Body weight", "kg", "vital-signs", "body-weight", "2.0", "body_weight", "kg", "average"},
    {"blood-pressure-systolic", "8480-6", "Systolic blood pressure", "mm[Hg]", "vital-signs", "", "", "", "", "average"},
    {"blood-pressure-diastolic", "8462-4", "Diastolic blood pressure", "mm[Hg]", "vital-signs", "", "", "", "", "average"},
    {"sleep", "93832-4", "Sleep duration", "min", "activity", "sleep-duration", "2.0", "sleep_duration", "min", ""},
    {"distance", "41953-1", "Walking distance 24 hour Calculated", "m", "activity", "", "", "", "", ""},
    {"calories-burned", "41981-2", "Calories burned", "kcal", "activity", "calories-burned", "2.0", "kcal_burned", "kcal", ""},
    {"oxygen-saturation", "2708-6", "Oxygen saturation in Arterial blood", "%", "vital-signs", "oxygen-saturation", "2.0", "oxygen_saturation", "%", "average"},
    {"body-temperature", "8310-5", "Body temperature", "Cel", "vital-signs", "body-temperature", "3.0", "body_temperature", "C", "average"},
};

const Code* code_of(const std::string& metric) {
  for (const auto& c : kCodes) {
    if (metric == c.metric) return &c;
  }
  return nullptr;
}

std::string offset_text(int minutes) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", minutes < 0 ? '-' : '+', std::abs(minutes) / 60, std::abs(minutes) % 60);
  return buf;
}

}  // namespace

json to_fhir(const std::vector<ExportDay>& days) {
  json entries = json::array();
  for (const auto& d : days) {
    const Code* c = code_of(d.metric);
    if (!c) continue;
    const std::string start = d.day + "T00:00:00" + offset_text(d.utc_offset_minutes);
    const std::string end = d.day + "T23:59:59" + offset_text(d.utc_offset_minutes);
    const std::string id = "lifelog-" + d.metric + "-" + d.day;
    json obs{{"resourceType", "Observation"},
             {"id", id},
             {"meta", {{"tag", {{{"system", kMergedLifelogTagSystem}, {"code", kMergedLifelogTagCode}}}}}},
             {"status", "final"},
             {"category", {{{"coding", {{{"system", "http://terminology.hl7.org/CodeSystem/observation-category"}, {"code", c->category}}}}}}},
             {"code", {{"coding", {{{"system", "http://loinc.org"}, {"code", c->loinc}, {"display", c->display}}}}}},
             {"effectivePeriod", {{"start", start}, {"end", end}}},
             {"valueQuantity", {{"value", d.value}, {"unit", c->ucum}, {"system", "http://unitsofmeasure.org"}, {"code", c->ucum}}},
             {"note", {{{"text", d.explanation}}}}};
    if (*c->statistic) obs["method"] = {{"text", std::string("daily ") + c->statistic + " of merged readings"}};
    entries.push_back({{"fullUrl", "urn:techo:lifelog:" + d.metric + ":" + d.day}, {"resource", std::move(obs)}});
  }
  return json{{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", std::move(entries)}};
}

json to_open_mhealth(const std::vector<ExportDay>& days) {
  json points = json::array();
  for (const auto& d : days) {
    const Code* c = code_of(d.metric);
    if (!c || !*c->omh_schema) continue;
    json body{{c->omh_key, {{"value", d.value}, {"unit", c->omh_unit}}},
              {"effective_time_frame", {{"time_interval", {{"start_date_time", d.day + "T00:00:00" + offset_text(d.utc_offset_minutes)},
                                                           {"end_date_time", d.day + "T23:59:59" + offset_text(d.utc_offset_minutes)}}}}}};
    if (*c->statistic) body["descriptive_statistic"] = c->statistic;
    points.push_back({{"header", {{"id", "techo-" + d.metric + "-" + d.day},
                                  {"creation_date_time", d.day + "T23:59:59" + offset_text(d.utc_offset_minutes)},
                                  {"schema_id", {{"namespace", "omh"}, {"name", c->omh_schema}, {"version", c->omh_version}}},
                                  {"acquisition_provenance", {{"source_name", "Techo (merged: " + d.explanation + ")"}, {"modality", "sensed"}}}}},
                      {"body", std::move(body)}});
  }
  return points;
}

}  // namespace techo::lifelog
