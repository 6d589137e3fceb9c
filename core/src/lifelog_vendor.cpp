// Vendor exports as their APIs return them (Fitbit Web API, Google Fit REST, Withings),
// and Techo's generic CSV. Times the vendor gives without an offset (Fitbit's local
// clock) are kept without one: days are then reckoned in Japan time, and the sample says
// it had no offset. Epoch times (Google Fit, Withings) are exact.
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "techo/lifelog.hpp"

namespace techo::lifelog {
namespace {

using nlohmann::json;

Sample make(const char* metric, std::int64_t start, std::int64_t end, std::optional<int> offset, double value, const char* unit,
            const std::string& device, DeviceKind kind) {
  Sample s;
  s.metric = metric;
  s.start = start;
  s.end = end;
  s.utc_offset_minutes = offset;
  s.value = value;
  s.unit = unit;
  s.device = device;
  s.kind = kind;
  return s;
}

std::int64_t number_of(const json& v) {
  if (v.is_number()) return v.get<std::int64_t>();
  if (v.is_string()) return std::stoll(v.get<std::string>());
  return 0;
}

// Local "YYYY-MM-DD" + "HH:MM:SS", no offset: seconds as if UTC (no offset recorded).
std::optional<std::int64_t> local_time(const std::string& date, const std::string& time) {
  auto t = parse_date_time(date + "T" + time);
  if (!t) return std::nullopt;
  return t->utc - 9 * 3600;  // Japan time when nothing says otherwise
}

Result<ParseReport> fitbit(const json& root) {
  ParseReport r;
  r.format = "fitbit";
  const std::string device = "Fitbit";
  auto intraday = [&](const char* day_key, const char* intraday_key, const char* metric, const char* unit, bool interval) {
    auto days = root.find(day_key);
    auto data = root.find(intraday_key);
    if (days == root.end() || data == root.end() || !days->is_array() || days->empty()) return;
    const std::string date = (*days)[0].value("dateTime", "");
    const auto& set = data->value("dataset", json::array());
    for (std::size_t i = 0; i < set.size(); ++i) {
      const auto start = local_time(date, set[i].value("time", ""));
      if (!start || !set[i].contains("value") || !set[i]["value"].is_number()) {
        r.skipped.push_back({ErrorCode::kInvalidResource, "expected a time and a number",
                             std::string(intraday_key) + ".dataset[" + std::to_string(i) + "]"});
        continue;
      }
      r.samples.push_back(make(metric, *start, interval ? *start + 60 : *start, std::nullopt, set[i]["value"].get<double>(), unit,
                               device, DeviceKind::kWatch));
    }
  };
  intraday("activities-steps", "activities-steps-intraday", "steps", "{steps}", true);
  intraday("activities-heart", "activities-heart-intraday", "heart-rate", "/min", false);
  if (auto weights = root.find("weight"); weights != root.end() && weights->is_array()) {
    for (std::size_t i = 0; i < weights->size(); ++i) {
      const auto& w = (*weights)[i];
      const auto at = local_time(w.value("date", ""), w.value("time", "00:00:00"));
      if (!at || !w.contains("weight") || !w["weight"].is_number()) {
        r.skipped.push_back({ErrorCode::kInvalidResource, "expected a date, a time and a weight", "weight[" + std::to_string(i) + "]"});
        continue;
      }
      r.samples.push_back(make("body-weight", *at, *at, std::nullopt, w["weight"].get<double>(), "kg", "Fitbit Aria", DeviceKind::kMedicalDevice));
    }
  }
  return r;
}

Result<ParseReport> google_fit(const json& root) {
  ParseReport r;
  r.format = "googlefit";
  const auto& points = root.value("point", json::array());
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    const std::string where = "point[" + std::to_string(i) + "]";
    const std::string type = p.value("dataTypeName", "");
    const auto& values = p.value("value", json::array());
    if (values.empty()) {
      r.skipped.push_back({ErrorCode::kInvalidResource, "expected a value", where + ".value"});
      continue;
    }
    const double v = values[0].contains("intVal") ? values[0]["intVal"].get<double>() : values[0].value("fpVal", std::nan(""));
    const std::int64_t start = number_of(p.value("startTimeNanos", json(0))) / 1000000000;
    const std::int64_t end = number_of(p.value("endTimeNanos", json(0))) / 1000000000;
    // The app that recorded it: "raw:com.google.step_count.delta:com.nike.plusgps:" → com.nike.plusgps
    std::string origin = p.value("originDataSourceId", "");
    if (auto last = origin.find_last_of(':'); last != std::string::npos && last > 0) {
      const auto before = origin.find_last_of(':', last - 1);
      origin = origin.substr(before + 1, last - before - 1);
    }
    if (origin.empty()) origin = "Google Fit";
    const DeviceKind kind = origin.find("android.gms") != std::string::npos ? DeviceKind::kPhone : DeviceKind::kApp;
    if (std::isnan(v)) {
      r.skipped.push_back({ErrorCode::kInvalidResource, "expected intVal or fpVal", where + ".value[0]"});
    } else if (type == "com.google.step_count.delta") {
      r.samples.push_back(make("steps", start, end, 0, v, "{steps}", origin, kind));
    } else if (type == "com.google.heart_rate.bpm") {
      r.samples.push_back(make("heart-rate", start, end, 0, v, "/min", origin, kind));
    } else if (type == "com.google.weight") {
      r.samples.push_back(make("body-weight", start, end, 0, v, "kg", origin, kind));
    } else if (type == "com.google.height") {
      r.samples.push_back(make("body-height", start, end, 0, v * 100, "cm", origin, kind));
    } else if (type == "com.google.calories.expended") {
      r.samples.push_back(make("calories-burned", start, end, 0, v, "kcal", origin, kind));
    }
    // Other data types (location, speed, activity segments) are not lifelog measures here.
  }
  return r;
}

Result<ParseReport> withings(const json& root) {
  ParseReport r;
  r.format = "withings";
  const auto& groups = root["body"].value("measuregrps", json::array());
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const auto& g = groups[i];
    if (g.value("category", 1) != 1) continue;  // 2 = a goal, not a measurement
    const std::int64_t at = number_of(g.value("date", json(0)));
    const auto& measures = g.value("measures", json::array());
    for (std::size_t k = 0; k < measures.size(); ++k) {
      const auto& m = measures[k];
      const double value = m.value("value", 0.0) * std::pow(10.0, m.value("unit", 0));
      switch (m.value("type", 0)) {
        case 1: r.samples.push_back(make("body-weight", at, at, 0, value, "kg", "Withings", DeviceKind::kMedicalDevice)); break;
        case 9: r.samples.push_back(make("blood-pressure-diastolic", at, at, 0, value, "mm[Hg]", "Withings", DeviceKind::kMedicalDevice)); break;
        case 10: r.samples.push_back(make("blood-pressure-systolic", at, at, 0, value, "mm[Hg]", "Withings", DeviceKind::kMedicalDevice)); break;
        case 11: r.samples.push_back(make("heart-rate", at, at, 0, value, "/min", "Withings", DeviceKind::kMedicalDevice)); break;
        default: break;  // body fat and others: not merged here
      }
    }
  }
  return r;
}

}  // namespace

bool looks_like_vendor_json(std::string_view head) {
  head = head.substr(0, 65536);
  return head.find("\"activities-") != std::string_view::npos || head.find("\"dataTypeName\"") != std::string_view::npos ||
         head.find("\"measuregrps\"") != std::string_view::npos || head.find("\"weight\": [") != std::string_view::npos;
}

Result<ParseReport> parse_vendor_json(std::string_view bytes) {
  auto root = json::parse(bytes, nullptr, false);
  if (root.is_discarded() || !root.is_object()) return Error{ErrorCode::kMalformedInput, "not valid JSON", {}};
  if (root.contains("activities-steps") || root.contains("activities-heart") || root.contains("weight")) return fitbit(root);
  if (root.contains("point")) return google_fit(root);
  if (root.contains("body") && root["body"].contains("measuregrps")) return withings(root);
  return Error{ErrorCode::kUnsupported, "not a Fitbit, Google Fit or Withings export Techo reads", {}};
}

constexpr std::string_view kCsvHeader = "timestamp,metric,value,unit,source";

bool looks_like_lifelog_csv(std::string_view head) { return head.substr(0, kCsvHeader.size()) == kCsvHeader; }

// Techo's generic CSV: a header "timestamp,metric,value,unit,source" then one row per
// reading; "timestamp" is RFC 3339, or "start/end" for an interval. Units must be the
// UCUM units Techo stores ({steps}, /min, mm[Hg], kg, min, Cel, %, kcal, m, cm).
Result<ParseReport> parse_lifelog_csv(std::string_view bytes) {
  ParseReport r;
  r.format = "csv";
  std::istringstream in{std::string(bytes)};
  std::string line;
  if (!std::getline(in, line)) return Error{ErrorCode::kMalformedInput, "the CSV is empty", "line 1"};
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line != kCsvHeader) {
    return Error{ErrorCode::kMalformedInput, "expected the header timestamp,metric,value,unit,source", "line 1"};
  }
  static const char* kMetrics[] = {"steps", "heart-rate", "blood-pressure-systolic", "blood-pressure-diastolic", "body-weight",
                                   "sleep", "body-height", "body-temperature", "oxygen-saturation", "calories-burned", "distance",
                                   "respiratory-rate", "blood-glucose"};
  for (std::size_t n = 2; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::stringstream row(line);
    for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
    const std::string where = "line " + std::to_string(n);
    if (cells.size() != 5) {
      r.skipped.push_back({ErrorCode::kInvalidResource, "expected 5 fields", where});
      continue;
    }
    const auto slash = cells[0].find('/');
    const auto start = parse_date_time(cells[0].substr(0, slash));
    const auto end = slash == std::string::npos ? start : parse_date_time(cells[0].substr(slash + 1));
    if (!start || !end) {
      r.skipped.push_back({ErrorCode::kInvalidResource, "expected an RFC 3339 timestamp (or start/end)", where + ": timestamp"});
      continue;
    }
    bool known = false;
    for (const char* m : kMetrics) known = known || cells[1] == m;
    if (!known) {
      r.skipped.push_back({ErrorCode::kInvalidResource, "a metric Techo does not know: \"" + cells[1] + "\"", where + ": metric"});
      continue;
    }
    char* rest = nullptr;
    const double value = std::strtod(cells[2].c_str(), &rest);
    if (cells[2].empty() || (rest && *rest)) {
      r.skipped.push_back({ErrorCode::kInvalidResource, "expected a number", where + ": value"});
      continue;
    }
    Sample s;
    s.metric = cells[1];
    s.start = start->utc;
    s.end = end->utc;
    s.utc_offset_minutes = start->offset_minutes;
    s.value = value;
    s.unit = cells[3];
    s.device = cells[4];
    s.kind = DeviceKind::kManual;  // typed or kept by the person
    r.samples.push_back(std::move(s));
  }
  return r;
}

bool looks_like_lifelog(std::string_view head) {
  return looks_like_lifelog_csv(head) || looks_like_open_mhealth(head) || looks_like_vendor_json(head);
}

Result<ParseReport> parse_lifelog(std::string_view bytes) {
  if (looks_like_lifelog_csv(bytes)) return parse_lifelog_csv(bytes);
  if (looks_like_open_mhealth(bytes)) return parse_open_mhealth(bytes);
  return parse_vendor_json(bytes);
}

}  // namespace techo::lifelog
