#include "techo/lifelog_fhir.hpp"

#include <string_view>

#include "techo/lifelog_units.hpp"
#include "techo/terminology.hpp"
#include "json_read.hpp"

namespace techo::lifelog {
namespace {

using nlohmann::json;

// LOINC codes of lifelog measurements. Panels (blood pressure) are read by component.
struct Code {
  std::string_view loinc;  // or the analyte part of a JLAC10 code
  std::string_view metric;
};
constexpr Code kCodes[] = {
    {"8867-4", "heart-rate"},           {"9279-1", "respiratory-rate"},
    {"8480-6", "blood-pressure-systolic"}, {"8462-4", "blood-pressure-diastolic"},
    {"29463-7", "body-weight"},         {"3141-9", "body-weight"},
    {"8302-2", "body-height"},          {"8306-3", "body-height"},
    {"39156-5", "body-mass-index"},     {"8310-5", "body-temperature"},
    {"8331-1", "body-temperature"},     {"2708-6", "oxygen-saturation"},
    {"59408-5", "oxygen-saturation"},   {"41950-7", "steps"},
    {"55423-8", "steps"},               {"93832-4", "sleep"},
    {"41953-1", "distance"},            {"41981-2", "calories-burned"},
};

// 特定健診 items (JLAC10 layout, the MHLW item code table; matched by their analyte part,
// as the checkup form does): a checkup's height, weight, BMI and blood pressure are
// measurements like any other.
constexpr Code kCheckupItems[] = {
    {"9N001", "body-height"}, {"9N006", "body-weight"}, {"9N011", "body-mass-index"},
    {"9A751", "blood-pressure-systolic"}, {"9A752", "blood-pressure-systolic"}, {"9A755", "blood-pressure-systolic"},
    {"9A761", "blood-pressure-diastolic"}, {"9A762", "blood-pressure-diastolic"}, {"9A765", "blood-pressure-diastolic"},
};

std::string_view metric_of(const json& codeable) {
  if (!codeable.is_object()) return {};
  const auto codings = codeable.find("coding");
  if (codings == codeable.end() || !codings->is_array()) return {};
  for (const auto& c : *codings) {
    if (!c.is_object()) continue;
    const auto system_at = c.find("system");
    const auto code_at = c.find("code");
    if (system_at == c.end() || code_at == c.end() || !system_at->is_string() || !code_at->is_string()) continue;
    const auto system = terminology::lookup(system_at->get_ref<const std::string&>());
    const std::string& code = code_at->get_ref<const std::string&>();
    if (system.name == "LOINC") {
      for (const auto& k : kCodes) {
        if (k.loinc == code) return k.metric;
      }
    } else if (system.kind == terminology::Kind::kLab && code.size() == 17) {
      for (const auto& k : kCheckupItems) {
        if (code.compare(0, k.loinc.size(), k.loinc) == 0) return k.metric;
      }
    }
  }
  return {};
}

bool merged_lifelog(const json& obs) {
  if (!obs.contains("meta") || !obs["meta"].is_object() || !obs["meta"].contains("tag") || !obs["meta"]["tag"].is_array()) return false;
  for (const auto& t : obs["meta"]["tag"]) {
    if (t.is_object() && json_read::value_or(t, "system", "") == kMergedLifelogTagSystem && json_read::value_or(t, "code", "") == kMergedLifelogTagCode) return true;
  }
  return false;
}

std::string text_at(const json& o, const char* key) {
  return o.contains(key) && o[key].is_string() ? o[key].get<std::string>() : std::string();
}

// The device as the Observation names it: its device, else who performed it.
std::string device_of(const json& obs) {
  if (obs.contains("device") && obs["device"].is_object()) {
    if (auto d = text_at(obs["device"], "display"); !d.empty()) return d;
  }
  if (obs.contains("performer") && obs["performer"].is_array()) {
    for (const auto& p : obs["performer"]) {
      if (!p.is_object()) continue;
      if (auto d = text_at(p, "display"); !d.empty()) return d;
    }
  }
  return {};
}

struct Frame {
  std::int64_t start = 0, end = 0;
  std::optional<int> offset;
};

// A FHIR dateTime: full date-times keep their offset; a date alone is taken as noon in
// Japan time (the day is what it says), without an offset.
std::optional<Instant> instant_of(const std::string& text) {
  if (auto t = parse_date_time(text)) return t;
  if (text.size() == 10) {
    if (auto t = parse_date_time(text + "T12:00:00+09:00")) return Instant{t->utc, std::nullopt};
  }
  return std::nullopt;
}

Result<Frame> frame_of(const json& obs) {
  for (const char* key : {"effectiveDateTime", "effectiveInstant"}) {
    if (!obs.contains(key)) continue;
    auto t = instant_of(text_at(obs, key));
    if (!t) return Error{ErrorCode::kMalformedInput, "expected a date-time", std::string("Observation.") + key};
    return Frame{t->utc, t->utc, t->offset_minutes};
  }
  if (obs.contains("effectivePeriod") && obs["effectivePeriod"].is_object()) {
    const json& p = obs["effectivePeriod"];
    auto s = instant_of(text_at(p, "start"));
    if (!s) return Error{ErrorCode::kMalformedInput, "expected a date-time", "Observation.effectivePeriod.start"};
    auto e = p.contains("end") ? instant_of(text_at(p, "end")) : s;
    if (!e) return Error{ErrorCode::kMalformedInput, "expected a date-time", "Observation.effectivePeriod.end"};
    if (e->utc < s->utc) return Error{ErrorCode::kMalformedInput, "the period ends before it starts", "Observation.effectivePeriod"};
    return Frame{s->utc, e->utc, s->offset_minutes ? s->offset_minutes : e->offset_minutes};
  }
  return Error{ErrorCode::kMalformedInput, "a measurement without a time cannot join the lifelog", "Observation.effective[x]"};
}

// The value of a quantity in the metric's stored unit, by its UCUM code (else its unit).
Result<double> value_of(const json& holder, std::string_view metric, const std::string& where) {
  if (!holder.contains("valueQuantity") || !holder["valueQuantity"].is_object()) {
    return Error{ErrorCode::kMalformedInput, "expected a valueQuantity", where + ".valueQuantity"};
  }
  const json& q = holder["valueQuantity"];
  if (!q.contains("value") || !q["value"].is_number()) return Error{ErrorCode::kMalformedInput, "expected a number", where + ".valueQuantity.value"};
  std::string unit = text_at(q, "code");
  if (unit.empty()) unit = text_at(q, "unit");
  if (unit.empty() && metric == "steps") unit = "{steps}";
  auto v = to_stored_unit(metric, unit, q["value"].get<double>());
  if (!v) {
    return Error{ErrorCode::kMalformedInput, "a unit Techo does not convert for " + std::string(metric) + ": \"" + unit + "\"",
                 where + ".valueQuantity.code"};
  }
  return *v;
}

}  // namespace

ObservationSamples samples_from_observation(const json& obs) {
  ObservationSamples out;
  if (!obs.is_object()) return out;

  // What the Observation measures: itself, or its components (a blood-pressure panel).
  struct Part {
    std::string_view metric;
    const json* holder;  // the element with the value
    std::string where;
  };
  // (Most Observations are lab results: this look at their code is all they cost.)
  static const json kNone;
  auto code_of = [](const json& o) -> const json& {
    auto it = o.find("code");
    return it == o.end() ? kNone : *it;
  };
  std::vector<Part> parts;
  if (auto m = metric_of(code_of(obs)); !m.empty()) parts.push_back({m, &obs, "Observation"});
  if (auto components = obs.find("component"); components != obs.end() && components->is_array()) {
    for (std::size_t i = 0; i < components->size(); ++i) {
      const json& c = (*components)[i];
      if (!c.is_object()) continue;
      if (auto m = metric_of(code_of(c)); !m.empty()) parts.push_back({m, &c, "Observation.component[" + std::to_string(i) + "]"});
    }
  }
  if (parts.empty() || text_at(obs, "resourceType") != "Observation" || merged_lifelog(obs)) return out;
  if (const std::string status = text_at(obs, "status"); status == "cancelled" || status == "entered-in-error") return out;

  auto frame = frame_of(obs);
  if (!frame) {
    out.problems.push_back(std::move(frame).error());
    return out;
  }
  const std::string device = device_of(obs);
  const DeviceKind kind = device_kind_by_name(device).value_or(DeviceKind::kMedicalDevice);
  for (const auto& [metric, holder, where] : parts) {
    auto value = value_of(*holder, metric, where);
    if (!value) {
      out.problems.push_back(std::move(value).error());
      continue;
    }
    Sample s;
    s.metric = std::string(metric);
    s.start = frame->start;
    s.end = frame->end;
    s.utc_offset_minutes = frame->offset;
    s.value = *value;
    s.unit = std::string(stored_unit(metric));
    s.device = device;
    s.kind = kind;
    out.samples.push_back(std::move(s));
  }
  return out;
}

}  // namespace techo::lifelog
