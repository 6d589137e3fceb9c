// Open mHealth import: validate each body against its schema, then turn it into samples
// with UCUM units, UTC times and the offset the source wrote.
#include <array>
#include <cmath>
#include <nlohmann/json.hpp>

#include "lifelog_omh_schemas.hpp"
#include "techo/json_schema.hpp"
#include "techo/lifelog.hpp"
#include "techo/lifelog_units.hpp"
#include "json_read.hpp"
#include "json_bounded.hpp"

namespace techo::lifelog {
namespace {

using nlohmann::json;

const json_schema::Registry& registry() {
  static const json_schema::Registry kRegistry = [] {
    json_schema::Registry r;
    for (const auto& s : detail::embedded_omh_schemas()) (void)r.add_text(std::string(s.name), s.text);
    // Newer Open mHealth schemas point at IEEE 1752.1 schemas, which are not published
    // with them; the Open mHealth schemas they were made from stand in for them, and for
    // the time frame (where IEEE is stricter) Techo's own stand-in (core/schemas/stand-ins).
    const std::string ieee = "https://w3id.org/ieee/ieee-1752-schema/";
    for (const auto& [ieee_name, omh] : std::array<std::pair<const char*, const char*>, 6>{{
             {"time-frame-1.0.json", "ieee-time-frame-1.0.json"},
             {"descriptive-statistic-1.0.json", "descriptive-statistic-1.x.json"},
             {"unit-value-1.0.json", "unit-value-1.x.json"},
             {"length-unit-value-1.0.json", "length-unit-value-1.x.json"},
             {"temperature-unit-value-1.0.json", "temperature-unit-value-1.x.json"},
             {"body-posture-1.0.json", "body-posture-1.x.json"}}}) {
      r.alias(ieee + ieee_name, omh);
    }
    return r;
  }();
  return kRegistry;
}

// The schemas a bare body may follow, by the key that names its measure; newest first.
struct Kind {
  const char* key;
  const char* schema;
  std::array<const char*, 4> versions;
};
constexpr Kind kKinds[] = {
    {"step_count", "step-count", {"3.0", "2.0", "1.0"}},
    {"heart_rate", "heart-rate", {"2.0", "1.1", "1.0"}},
    {"systolic_blood_pressure", "blood-pressure", {"4.0", "3.1", "3.0", "2.0"}},
    {"body_weight", "body-weight", {"3.0", "2.0", "1.0"}},
    {"body_height", "body-height", {"2.0", "1.0"}},
    {"body_temperature", "body-temperature", {"4.0", "3.0", "2.0", "1.0"}},
    {"oxygen_saturation", "oxygen-saturation", {"2.0", "1.0"}},
    {"respiratory_rate", "respiratory-rate", {"2.0", "1.0"}},
    {"kcal_burned", "calories-burned", {"2.0", "1.0"}},
    {"blood_glucose", "blood-glucose", {"4.0", "3.0", "2.0", "1.0"}},
    {"body_mass_index", "body-mass-index", {"3.0", "2.0", "1.0"}},
    {"sleep_duration", "sleep-duration", {"2.0", "1.0"}},
    {"activity_name", "physical-activity", {"1.2", "1.1", "1.0"}},
};

std::string at_path(const std::string& base, const char* key) { return base.empty() ? key : base + "." + key; }

Error bad(const std::string& path, const std::string& message) { return {ErrorCode::kInvalidResource, message, path}; }

std::optional<double> seconds_of(const json& duration) {
  if (!duration.is_object() || !duration.contains("value") || !duration["value"].is_number()) return std::nullopt;
  static const std::pair<const char*, double> kUnits[] = {{"ps", 1e-12}, {"ns", 1e-9}, {"us", 1e-6}, {"ms", 1e-3},
                                                           {"sec", 1},    {"min", 60},  {"h", 3600},  {"d", 86400},
                                                           {"wk", 604800}, {"Mo", 2629746}, {"yr", 31556952}};
  const std::string unit = json_read::value_or(duration, "unit", "");
  for (const auto& [name, factor] : kUnits) {
    if (unit == name) return duration["value"].get<double>() * factor;
  }
  return std::nullopt;
}

struct Frame {
  std::int64_t start = 0, end = 0;
  std::optional<int> offset;
};

// effective_time_frame: a date_time, or a time_interval of start/end/duration.
Result<Frame> frame_of(const json& body, const std::string& base) {
  const std::string where = at_path(base, "effective_time_frame");
  auto tf = body.find("effective_time_frame");
  if (tf == body.end()) return bad(where, "no effective_time_frame: the value cannot be placed in time");
  if (auto dt = tf->find("date_time"); dt != tf->end() && dt->is_string()) {
    auto t = parse_date_time(dt->get<std::string>());
    if (!t) return bad(where + ".date_time", "expected an RFC 3339 date-time");
    return Frame{t->utc, t->utc, t->offset_minutes};
  }
  auto ti = tf->find("time_interval");
  if (ti == tf->end() || !ti->is_object()) return bad(where, "expected a date_time or a time_interval");
  const std::string iw = where + ".time_interval";
  std::optional<Instant> start, end;
  if (auto s = ti->find("start_date_time"); s != ti->end() && s->is_string()) start = parse_date_time(s->get<std::string>());
  if (auto e = ti->find("end_date_time"); e != ti->end() && e->is_string()) end = parse_date_time(e->get<std::string>());
  std::optional<std::int64_t> duration;
  if (auto d = ti->find("duration"); d != ti->end()) {
    if (auto seconds = seconds_of(*d)) duration = json_read::whole_number(std::round(*seconds));
  }
  if (start && !end && duration) end = Instant{start->utc + *duration, start->offset_minutes};
  if (end && !start && duration) start = Instant{end->utc - *duration, end->offset_minutes};
  if (!start || !end) {
    return bad(iw, ti->contains("date") ? "a date without times (part_of_day) cannot be placed in a day's timeline"
                                        : "expected a start and an end (or a duration)");
  }
  if (end->utc < start->utc) return bad(iw, "the interval ends before it starts");
  return Frame{start->utc, end->utc, start->offset_minutes ? start->offset_minutes : end->offset_minutes};
}

struct Measure {
  double value;
  std::string unit;
};

// A unit-value in the metric's UCUM unit.
Result<Measure> measure_of(const json& v, const std::string& metric, const std::string& where) {
  if (v.is_number()) {
    if (metric == "steps") return Measure{v.get<double>(), "{steps}"};
    return bad(where, "expected a value with a unit");
  }
  if (!v.is_object() || !v.contains("value") || !v["value"].is_number()) return bad(where + ".value", "expected a number");
  const double x = v["value"].get<double>();
  const std::string unit = json_read::value_or(v, "unit", "");
  if (auto stored = to_stored_unit(metric, unit, x)) return Measure{*stored, std::string(stored_unit(metric))};
  return bad(where + ".unit", "a unit Techo does not convert for " + metric + ": \"" + unit + "\"");
}

DeviceKind kind_of(const std::string& source_name, const std::string& modality) {
  if (modality == "self-reported") return DeviceKind::kManual;
  return device_kind_by_name(source_name).value_or(DeviceKind::kApp);
}

// The samples of one validated body.
Status samples_of(const std::string& schema, const json& body, const std::string& base, const Sample& like,
                  std::vector<Sample>& out) {
  auto frame = frame_of(body, base);
  if (!frame) return std::move(frame).error();
  Sample s = like;
  s.start = frame->start;
  s.end = frame->end;
  s.utc_offset_minutes = frame->offset;
  if (auto stat = body.find("descriptive_statistic"); stat != body.end() && stat->is_string()) s.detail = stat->get<std::string>();
  auto add = [&](const char* key, const std::string& metric) -> Status {
    auto v = body.find(key);
    if (v == body.end()) return Ok{};
    auto m = measure_of(*v, metric, at_path(base, key));
    if (!m) return std::move(m).error();
    Sample one = s;
    one.metric = metric;
    one.value = m->value;
    one.unit = m->unit;
    out.push_back(std::move(one));
    return Ok{};
  };
  if (schema == "step-count") return add("step_count", "steps");
  if (schema == "heart-rate") return add("heart_rate", "heart-rate");
  if (schema == "blood-pressure") {
    if (auto st = add("systolic_blood_pressure", "blood-pressure-systolic"); !st) return st;
    return add("diastolic_blood_pressure", "blood-pressure-diastolic");
  }
  if (schema == "body-weight") return add("body_weight", "body-weight");
  if (schema == "body-height") return add("body_height", "body-height");
  if (schema == "body-temperature") return add("body_temperature", "body-temperature");
  if (schema == "oxygen-saturation") return add("oxygen_saturation", "oxygen-saturation");
  if (schema == "respiratory-rate") return add("respiratory_rate", "respiratory-rate");
  if (schema == "calories-burned") return add("kcal_burned", "calories-burned");
  if (schema == "blood-glucose") return add("blood_glucose", "blood-glucose");
  if (schema == "body-mass-index") return add("body_mass_index", "body-mass-index");
  if (schema == "sleep-duration") return add("sleep_duration", "sleep");
  if (schema == "physical-activity") {
    if (auto st = add("distance", "distance"); !st) return st;
    return add("kcal_burned", "calories-burned");
  }
  if (schema == "sleep-episode") {
    Sample one = s;
    one.metric = "sleep";
    one.unit = "min";
    one.value = static_cast<double>(s.end - s.start) / 60.0;
    if (auto total = body.find("total_sleep_time"); total != body.end()) {
      auto m = measure_of(*total, "sleep", at_path(base, "total_sleep_time"));
      if (!m) return std::move(m).error();
      one.value = m->value;
    }
    one.detail = json_read::value_or(body, "is_main_sleep", false) ? "main" : "";
    out.push_back(std::move(one));
    return Ok{};
  }
  return bad(base, "the Open mHealth schema " + schema + " is not a lifelog measure Techo imports");
}

// One data point or bare body at `base`.
Status read_point(const json& point, const std::string& base, ParseReport& report) {
  if (!point.is_object()) return bad(base.empty() ? "$" : base, "expected an Open mHealth data point or body");
  Sample like;
  const json* body = &point;
  std::string body_base = base;
  std::string schema, version;
  if (auto header = point.find("header"); header != point.end() && point.contains("body")) {
    body = &point["body"];
    body_base = at_path(base, "body");
    if (auto id = header->find("schema_id"); id != header->end() && id->is_object()) {
      schema = id->value("name", "");
      version = id->value("version", "");
    }
    if (auto prov = header->find("acquisition_provenance"); prov != header->end() && prov->is_object()) {
      like.device = prov->value("source_name", "");
      like.kind = kind_of(like.device, prov->value("modality", ""));
    }
  }
  if (!body->is_object()) return bad(body_base.empty() ? "$" : body_base, "expected a body object");
  const auto& schemas = registry();
  if (!schema.empty()) {
    std::string file = schema + "-" + version + ".json";
    if (!schemas.contains(file)) file = schema + "-" + version.substr(0, version.find('.')) + ".x.json";
    if (!schemas.contains(file)) return bad(at_path(base, "header.schema_id"), "an Open mHealth schema Techo does not know: " + schema + " " + version);
    if (auto s = schemas.validate(*body, file, body_base); !s) return s;
    return samples_of(schema, *body, body_base, like, report.samples);
  }
  for (const auto& kind : kKinds) {
    if (!body->contains(kind.key)) continue;
    std::optional<Error> newest_error;
    for (const char* v : kind.versions) {
      if (!v) break;
      auto s = schemas.validate(*body, std::string(kind.schema) + "-" + v + ".json", body_base);
      if (s) return samples_of(kind.schema, *body, body_base, like, report.samples);
      if (!newest_error) newest_error = s.error();
    }
    return *newest_error;
  }
  // A sleep episode names no measure: its interval is the measure.
  if (body->contains("effective_time_frame")) {
    for (const char* v : {"1.1", "1.0"}) {
      if (schemas.validate(*body, std::string("sleep-episode-") + v + ".json", body_base)) {
        return samples_of("sleep-episode", *body, body_base, like, report.samples);
      }
    }
  }
  return bad(body_base.empty() ? "$" : body_base, "not an Open mHealth measure Techo recognises");
}

}  // namespace

Status validate_open_mhealth(std::string_view body_json, std::string_view schema_file) {
  auto body = json_bounded::parse(body_json);
  if (!body) return std::move(body).error();
  return registry().validate(*body, schema_file, "");
}

Result<ParseReport> parse_open_mhealth(std::string_view bytes) {
  auto parsed = json_bounded::parse(bytes);
  if (!parsed) return std::move(parsed).error();
  const json& root = *parsed;
  ParseReport report;
  report.format = "openmhealth";
  if (root.is_array()) {
    for (std::size_t i = 0; i < root.size(); ++i) {
      if (auto s = read_point(root[i], "[" + std::to_string(i) + "]", report); !s) report.skipped.push_back(s.error());
    }
  } else if (auto s = read_point(root, "", report); !s) {
    report.skipped.push_back(s.error());
  }
  return report;
}

}  // namespace techo::lifelog
