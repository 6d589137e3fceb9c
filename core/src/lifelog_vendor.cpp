// Vendor exports as their APIs return them (Fitbit Web API, Google Fit REST, Withings),
// and Techo's generic CSV. Times the vendor gives without an offset (Fitbit's local
// clock) are kept without one: days are then reckoned in Japan time, and the sample says
// it had no offset. Epoch times (Google Fit, Withings) are exact.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "techo/lifelog.hpp"
#include "json_read.hpp"
#include "json_bounded.hpp"

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

// Epoch numbers arrive as numbers or as strings of digits; anything else reads as 0,
// which every caller rejects as "expected a date". Never throws (std::stoll would).
std::int64_t number_of(const json& v) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    return u <= static_cast<std::uint64_t>(INT64_MAX) ? static_cast<std::int64_t>(u) : 0;
  }
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number_float()) return json_read::whole_number(v.get<double>()).value_or(0);
  if (!v.is_string()) return 0;
  const auto& text = v.get_ref<const std::string&>();
  std::int64_t out = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() ? out : 0;
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
    const std::string date = json_read::value_or((*days)[0], "dateTime", "");
    const auto& set = json_read::list(*data, "dataset");
    for (std::size_t i = 0; i < set.size(); ++i) {
      const auto start = local_time(date, json_read::value_or(set[i], "time", ""));
      if (!start || !set[i].contains("value") || !set[i]["value"].is_number()) {
        r.skipped.push_back({ErrorCode::kInvalidResource, "expected a time and a number",
                             std::string(intraday_key) + ".dataset[" + std::to_string(i) + "]"});
        continue;
      }
      r.samples.push_back(make(metric, *start, interval ? *start + 60 : *start, std::nullopt, set[i]["value"].get<double>(), unit,
                               device, DeviceKind::kWatch));
    }
  };
  // Sleep logs: stage by stage when the log has levels (awake and restless time is not
  // sleep), else the whole log as time asleep. Times are local, without an offset.
  if (auto logs = root.find("sleep"); logs != root.end() && logs->is_array()) {
    static const std::map<std::string, std::string> kStages = {{"asleep", "asleep"}, {"light", "light"}, {"deep", "deep"}, {"rem", "rem"}};
    for (std::size_t i = 0; i < logs->size(); ++i) {
      const auto& log = (*logs)[i];
      const std::string where = "sleep[" + std::to_string(i) + "]";
      const json& levels = log.contains("levels") && log["levels"].is_object() ? json_read::list(log["levels"], "data") : json::array();
      if (levels.empty()) {
        const std::string start_text = json_read::value_or(log, "startTime", "");
        const auto start = start_text.size() >= 19 ? local_time(start_text.substr(0, 10), start_text.substr(11, 8)) : std::nullopt;
        if (!start || !log.contains("minutesAsleep") || !log["minutesAsleep"].is_number()) {
          r.skipped.push_back({ErrorCode::kInvalidResource, "expected a startTime and minutesAsleep", where});
          continue;
        }
        const double minutes = log["minutesAsleep"].get<double>();
        const auto in_bed = json_read::whole_number(json_read::value_or(log, "timeInBed", minutes) * 60);
        if (!in_bed || *in_bed < 0) {
          r.skipped.push_back({ErrorCode::kInvalidResource, "expected timeInBed to be a number of minutes", where + ".timeInBed"});
          continue;
        }
        r.samples.push_back(make("sleep", *start, *start + *in_bed, std::nullopt, minutes, "min", device, DeviceKind::kWatch));
        continue;
      }
      for (std::size_t k = 0; k < levels.size(); ++k) {
        const auto& level = levels[k];
        const std::string at = json_read::value_or(level, "dateTime", "");
        const auto start = at.size() >= 19 ? local_time(at.substr(0, 10), at.substr(11, 8)) : std::nullopt;
        const auto seconds = level.contains("seconds") && level["seconds"].is_number()
                                 ? json_read::whole_number(level["seconds"].get<double>())
                                 : std::nullopt;
        if (!start || !seconds || *seconds < 0) {
          r.skipped.push_back({ErrorCode::kInvalidResource, "expected a dateTime and seconds",
                               where + ".levels.data[" + std::to_string(k) + "]"});
          continue;
        }
        auto stage = kStages.find(json_read::value_or(level, "level", ""));
        if (stage == kStages.end()) continue;  // wake, awake, restless
        const std::int64_t from = start.value_or(0), length = seconds.value_or(0);  // both present (checked above)
        Sample s = make("sleep", from, from + length, std::nullopt, static_cast<double>(length) / 60.0, "min", device, DeviceKind::kWatch);
        s.detail = stage->second;
        r.samples.push_back(std::move(s));
      }
    }
  }
  intraday("activities-steps", "activities-steps-intraday", "steps", "{steps}", true);
  intraday("activities-heart", "activities-heart-intraday", "heart-rate", "/min", false);
  if (auto weights = root.find("weight"); weights != root.end() && weights->is_array()) {
    for (std::size_t i = 0; i < weights->size(); ++i) {
      const auto& w = (*weights)[i];
      const auto at = local_time(json_read::value_or(w, "date", ""), json_read::value_or(w, "time", "00:00:00"));
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
  const auto& points = json_read::list(root, "point");
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    const std::string where = "point[" + std::to_string(i) + "]";
    const std::string type = json_read::value_or(p, "dataTypeName", "");
    const auto& values = json_read::list(p, "value");
    if (values.empty()) {
      r.skipped.push_back({ErrorCode::kInvalidResource, "expected a value", where + ".value"});
      continue;
    }
    const double v = json_read::value_or(values[0], "intVal", json_read::value_or(values[0], "fpVal", std::nan("")));
    const std::int64_t start = number_of(json_read::value_or(p, "startTimeNanos", json(0))) / 1000000000;
    const std::int64_t end = number_of(json_read::value_or(p, "endTimeNanos", json(0))) / 1000000000;
    // The app that recorded it: "raw:com.google.step_count.delta:com.nike.plusgps:" → com.nike.plusgps
    std::string origin = json_read::value_or(p, "originDataSourceId", "");
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
    } else if (type == "com.google.activity.segment") {
      // Sleep segments (72 asleep, 109 light, 110 deep, 111 REM; 112 awake is not sleep)
      // and the common exercises; standing still, driving and the rest are not measures.
      static const std::map<int, std::pair<const char*, const char*>> kActivities = {
          {72, {"sleep", "asleep"}}, {109, {"sleep", "light"}}, {110, {"sleep", "deep"}}, {111, {"sleep", "rem"}},
          {1, {"exercise", "biking"}}, {7, {"exercise", "walking"}}, {8, {"exercise", "running"}}, {82, {"exercise", "swimming"}}};
      const auto code = json_read::whole_number(v);
      auto activity = code ? kActivities.find(static_cast<int>(std::clamp<std::int64_t>(*code, -1, 1000))) : kActivities.end();
      if (activity != kActivities.end()) {
        Sample s = make(activity->second.first, start, end, 0, static_cast<double>(end - start) / 60.0, "min", origin, kind);
        s.detail = activity->second.second;
        r.samples.push_back(std::move(s));
      }
    }
    // Other data types (location, speed) are not lifelog measures here.
  }
  return r;
}

// Withings sleep: measures (each stretch of a night with its state: 0 awake, 1 light,
// 2 deep, 3 REM) or summaries (a night's seconds per stage, without when each stage was:
// each stage becomes a sample over the night, whose total is their sum). Times are UTC;
// the local day is taken in Japan time (the export names a time zone, not an offset).
void withings_sleep(const json& series, ParseReport& r) {
  static const std::pair<const char*, const char*> kStages[] = {
      {"lightsleepduration", "light"}, {"deepsleepduration", "deep"}, {"remsleepduration", "rem"}};
  static const char* const kStates[] = {nullptr, "light", "deep", "rem"};
  const std::string device = "Withings Sleep";
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& night = series[i];
    const std::string where = "body.series[" + std::to_string(i) + "]";
    const std::int64_t start = number_of(json_read::value_or(night, "startdate", json(0))), end = number_of(json_read::value_or(night, "enddate", json(0)));
    const bool measure = night.contains("state");
    if (start <= 0 || end < start || (!measure && !(night.contains("data") && night["data"].is_object()))) {
      r.skipped.push_back({ErrorCode::kInvalidResource, measure ? "expected startdate and enddate" : "expected startdate, enddate and data", where});
      continue;
    }
    if (measure) {
      const int state = night["state"].is_number_integer() ? night["state"].get<int>() : -1;
      if (state < 0 || state > 3) {
        r.skipped.push_back({ErrorCode::kInvalidResource, "expected a state 0–3", where + ".state"});
      } else if (kStates[state]) {
        Sample s = make("sleep", start, end, std::nullopt, static_cast<double>(end - start) / 60.0, "min", device, DeviceKind::kMedicalDevice);
        s.detail = kStates[state];
        r.samples.push_back(std::move(s));
      }
      continue;
    }
    for (const auto& [key, stage] : kStages) {
      const auto& seconds = json_read::value_or(night["data"], key, json());
      if (!seconds.is_number() || seconds.get<double>() <= 0) continue;
      Sample s = make("sleep", start, end, std::nullopt, seconds.get<double>() / 60.0, "min", device, DeviceKind::kMedicalDevice);
      s.detail = stage;
      r.samples.push_back(std::move(s));
    }
  }
}

Result<ParseReport> withings(const json& root) {
  ParseReport r;
  r.format = "withings";
  // const operator[] on a missing key is undefined behaviour: look, then read.
  const auto body = root.find("body");
  if (body == root.end() || !body->is_object()) return Error{ErrorCode::kInvalidResource, "expected an object", "body"};
  if (auto series = body->find("series"); series != body->end() && series->is_array()) {
    withings_sleep(*series, r);
    return r;
  }
  const auto& groups = json_read::list(*body, "measuregrps");
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const auto& g = groups[i];
    if (json_read::value_or(g, "category", 1) != 1) continue;  // 2 = a goal, not a measurement
    const std::int64_t at = number_of(json_read::value_or(g, "date", json(0)));
    const auto& measures = json_read::list(g, "measures");
    for (std::size_t k = 0; k < measures.size(); ++k) {
      const auto& m = measures[k];
      const double value = json_read::value_or(m, "value", 0.0) * std::pow(10.0, json_read::value_or(m, "unit", 0));
      switch (json_read::value_or(m, "type", 0)) {
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

Result<ParseReport> parse_vendor_json(std::string_view bytes, format::FileFormat format) {
  auto parsed = json_bounded::parse(bytes);
  if (!parsed) return std::move(parsed).error();
  json& root = *parsed;
  if (!root.is_object()) return Error{ErrorCode::kMalformedInput, "expected a JSON object", "$"};
  switch (format) {
    case format::FileFormat::kFitbit: return fitbit(root);
    case format::FileFormat::kGoogleFit: return google_fit(root);
    case format::FileFormat::kWithings: return withings(root);
    default: return Error{ErrorCode::kUnsupported, "not a Fitbit, Google Fit or Withings export", {}};
  }
}

constexpr std::string_view kCsvHeader = "timestamp,metric,value,unit,source";


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
    if (end->utc < start->utc) {
      // A negative interval would be spread backwards over the days it claims.
      r.skipped.push_back({ErrorCode::kInvalidResource, "the interval ends before it starts", where + ": timestamp"});
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

Result<ParseReport> parse_lifelog(std::string_view bytes, format::FileFormat format) {
  switch (format) {
    case format::FileFormat::kLifelogCsv: return parse_lifelog_csv(bytes);
    case format::FileFormat::kOpenMHealth: return parse_open_mhealth(bytes);
    case format::FileFormat::kFitbit:
    case format::FileFormat::kGoogleFit:
    case format::FileFormat::kWithings:
      return parse_vendor_json(bytes, format);
    default:
      return Error{ErrorCode::kUnsupported, "not a lifelog file Techo reads whole (" + format::formats_read() + ")", {}};
  }
}

}  // namespace techo::lifelog
