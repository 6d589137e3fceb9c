#include "techo/lifelog_apple_health.hpp"
#include "techo/lifelog_units.hpp"

#include <expat.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <map>

namespace techo::lifelog {

std::optional<Instant> parse_apple_date(std::string_view text) {
  // "YYYY-MM-DD HH:MM:SS +hhmm" → "YYYY-MM-DDTHH:MM:SS+hh:mm"
  if (text.size() == 25 && text[10] == ' ' && text[19] == ' ' && (text[20] == '+' || text[20] == '-')) {
    char rfc[25];  // on the stack: two of these per record
    std::memcpy(rfc, text.data(), 10);
    rfc[10] = 'T';
    std::memcpy(rfc + 11, text.data() + 11, 8);
    std::memcpy(rfc + 19, text.data() + 20, 3);
    rfc[22] = ':';
    std::memcpy(rfc + 23, text.data() + 23, 2);
    return parse_date_time(std::string_view(rfc, sizeof rfc));
  }
  return parse_date_time(text);
}

namespace {

struct Measure {
  const char* type;
  const char* metric;
  double scale = 1;  // applied before the unit: Apple writes SpO2 "%" as a fraction
};

const std::vector<Measure>& measures() {
  static const std::vector<Measure> kMeasures = {
      {"HKQuantityTypeIdentifierStepCount", "steps"},
      {"HKQuantityTypeIdentifierDistanceWalkingRunning", "distance"},
      {"HKQuantityTypeIdentifierActiveEnergyBurned", "calories-burned"},
      {"HKQuantityTypeIdentifierHeartRate", "heart-rate"},
      {"HKQuantityTypeIdentifierBodyMass", "body-weight"},
      {"HKQuantityTypeIdentifierHeight", "body-height"},
      {"HKQuantityTypeIdentifierBloodPressureSystolic", "blood-pressure-systolic"},
      {"HKQuantityTypeIdentifierBloodPressureDiastolic", "blood-pressure-diastolic"},
      {"HKQuantityTypeIdentifierOxygenSaturation", "oxygen-saturation", 100},
      {"HKQuantityTypeIdentifierBodyTemperature", "body-temperature"},
      {"HKQuantityTypeIdentifierRespiratoryRate", "respiratory-rate"},
  };
  return kMeasures;
}

// A record's attributes as expat hands them over, valid during its start handler: what the
// samples are made from, without copying every attribute into a string first (the
// AppleHealthRecord is made only for those who asked to see records). Every view ends in
// a NUL (expat's strings, or ""), so a number can be read with strtod.
struct RecordView {
  std::string_view element, type, unit, value, source_name, device, start_date, end_date;
  const char* const* attrs = nullptr;
  std::string_view attribute(std::string_view name) const {
    for (int i = 0; attrs[i]; i += 2) {
      if (name == attrs[i]) return attrs[i + 1];
    }
    return {};
  }
};

DeviceKind kind_of(const RecordView& r) {
  if (auto kind = device_kind_by_name(r.device)) return *kind;
  if (r.source_name == "Health") return DeviceKind::kManual;  // entered in the Health app
  return device_kind_by_name(r.source_name).value_or(DeviceKind::kApp);
}

// kind_of, remembered for the last source and device: an export names the same few, record
// after record, and telling a kind searches the device text for two dozen words.
class KindCache {
 public:
  DeviceKind operator()(const RecordView& r) {
    if (!known_ || r.device != device_ || r.source_name != source_name_) {
      kind_ = kind_of(r);
      device_ = r.device;
      source_name_ = r.source_name;
      known_ = true;
    }
    return kind_;
  }

 private:
  bool known_ = false;
  std::string device_, source_name_;
  DeviceKind kind_ = DeviceKind::kApp;
};

}  // namespace

struct AppleHealthReader::Impl {
  XML_Parser parser = nullptr;
  std::function<Status(const AppleHealthRecord&)> on_record;
  std::function<Status(const Sample&)> on_sample;
  std::vector<Error> skipped;
  std::optional<Error> failure;
  std::uint64_t records = 0;
  std::size_t depth = 0;
  // Reused record after record, so their strings keep their capacity instead of being
  // allocated again for each of millions of records (the record: only for on_record).
  AppleHealthRecord record;
  Sample sample;
  KindCache kind;

  // Expat keeps its element stack on the heap, so depth costs it nothing; but nothing
  // in an export nests more than a few levels, and a reader that never has to think
  // about a million open elements is one less thing to get wrong: stop there.
  static constexpr std::size_t kMaxDepth = 128;

  static void start(void* data, const XML_Char* name, const XML_Char** attrs) {
    auto* self = static_cast<Impl*>(data);
    if (self->failure) return;
    if (++self->depth > kMaxDepth) {
      return self->stop({ErrorCode::kMalformedInput,
                         "not valid for Techo: the XML nests deeper than " + std::to_string(kMaxDepth) + " elements",
                         self->where()});
    }
    const std::string_view element = name;
    const bool record = element == "Record";
    if (!record && element != "Workout" && element != "ActivitySummary") return;
    RecordView r;
    r.element = element;
    r.attrs = attrs;
    for (int i = 0; attrs[i]; i += 2) {
      const std::string_view key = attrs[i];
      const std::string_view v = attrs[i + 1];
      if (key == "type") r.type = v;
      else if (key == "unit") r.unit = v;
      else if (key == "value") r.value = v;
      else if (key == "sourceName") r.source_name = v;
      else if (key == "device") r.device = v;
      else if (key == "startDate") r.start_date = v;
      else if (key == "endDate") r.end_date = v;
    }
    ++self->records;
    if (self->on_record) {
      if (auto s = self->on_record(self->as_record(r, attrs)); !s) return self->stop(s.error());
    }
    if (record) self->to_sample(r);
    else if (element == "Workout") self->workout_samples(r);
  }

  // The record as the export wrote it, for on_record: one reused, so its strings keep
  // their capacity record after record.
  const AppleHealthRecord& as_record(const RecordView& view, const XML_Char** attrs) {
    AppleHealthRecord& r = record;
    r.element = view.element;
    for (auto* field : {&r.type, &r.unit, &r.value, &r.source_name, &r.source_version, &r.device, &r.creation_date,
                        &r.start_date, &r.end_date}) {
      field->clear();
    }
    r.attributes.clear();
    r.line = XML_GetCurrentLineNumber(parser);
    const bool is_record = view.element == "Record";
    for (int i = 0; attrs[i]; i += 2) {
      const std::string_view key = attrs[i];
      const char* v = attrs[i + 1];
      if (!is_record) r.attributes.emplace_back(key, v);
      if (key == "type") r.type = v;
      else if (key == "unit") r.unit = v;
      else if (key == "value") r.value = v;
      else if (key == "sourceName") r.source_name = v;
      else if (key == "sourceVersion") r.source_version = v;
      else if (key == "device") r.device = v;
      else if (key == "creationDate") r.creation_date = v;
      else if (key == "startDate") r.start_date = v;
      else if (key == "endDate") r.end_date = v;
    }
    return r;
  }

  void emit(const Sample& s) {
    if (failure || !on_sample) return;
    if (auto st = on_sample(s); !st) stop(st.error());
  }

  // The interval of a record or workout; nullopt (and the record skipped) when unreadable.
  std::optional<std::pair<Instant, Instant>> interval_of(const RecordView& r) {
    const auto start = parse_apple_date(r.start_date);
    const auto end = parse_apple_date(r.end_date);
    if (!start) return skip(r, "startDate", "expected a date (2014-09-13 10:27:54 +0100)"), std::nullopt;
    if (!end) return skip(r, "endDate", "expected a date (2014-09-13 10:27:54 +0100)"), std::nullopt;
    if (end->utc < start->utc) return skip(r, "endDate", "the record ends before it starts"), std::nullopt;
    return std::make_pair(*start, *end);
  }

  void workout_samples(const RecordView& r) {
    const auto when = interval_of(r);
    if (!when) return;
    Sample s;  // workouts are few: a fresh sample each
    s.start = when->first.utc;
    s.end = when->second.utc;
    s.utc_offset_minutes = when->first.offset_minutes;
    s.device = r.source_name;
    s.kind = kind(r);
    // "HKWorkoutActivityTypeWalking" -> "walking"
    std::string activity(r.attribute("workoutActivityType"));
    if (activity.rfind("HKWorkoutActivityType", 0) == 0) activity = activity.substr(21);
    if (!activity.empty()) activity[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(activity[0])));
    s.detail = activity;
    // A quantity attribute pair ("totalDistance", "totalDistanceUnit") in the metric's unit.
    auto quantity = [&](const char* key, const char* metric) -> std::optional<double> {
      const std::string text(r.attribute(key));
      if (text.empty()) return std::nullopt;
      char* rest = nullptr;
      const double v = std::strtod(text.c_str(), &rest);
      if (rest && *rest) return skip(r, key, "expected a number"), std::nullopt;
      const std::string unit(r.attribute(std::string(key) + "Unit"));
      auto stored = to_stored_unit(metric, unit, v);
      if (!stored) return skip(r, key, "a unit Techo does not convert: \"" + unit + "\""), std::nullopt;
      return stored;
    };
    auto minutes = quantity("duration", "exercise");
    s.metric = "exercise";
    s.unit = "min";
    s.value = minutes.value_or(static_cast<double>(s.end - s.start) / 60.0);
    emit(s);
    for (const auto& [key, metric] : {std::pair{"totalDistance", "distance"}, std::pair{"totalEnergyBurned", "calories-burned"}}) {
      auto v = quantity(key, metric);
      if (!v || *v <= 0) continue;
      Sample total = s;
      total.metric = metric;
      total.unit = std::string(stored_unit(metric));
      total.value = *v;
      emit(total);
    }
  }

  void stop(Error e) {
    failure = std::move(e);
    XML_StopParser(parser, XML_FALSE);
  }

  void skip(const RecordView& r, const char* attribute, const std::string& message) {
    const std::uint64_t line = XML_GetCurrentLineNumber(parser);  // still at the record's start tag
    skipped.push_back({ErrorCode::kInvalidResource, message,
                       "line " + std::to_string(line) + ": " + std::string(r.element) + "." + attribute});
  }

  void to_sample(const RecordView& r) {
    Sample& s = sample;
    const Measure* measure = nullptr;
    for (const auto& m : measures()) {
      if (r.type == m.type) measure = &m;
    }
    const bool sleep = r.type == "HKCategoryTypeIdentifierSleepAnalysis";
    if (!measure && !sleep) return;  // a type Techo does not merge: kept out, not an error
    const auto when = interval_of(r);
    if (!when) return;
    s.start = when->first.utc;
    s.end = when->second.utc;
    s.utc_offset_minutes = when->first.offset_minutes;
    s.device = r.source_name;
    s.kind = kind(r);
    s.detail.clear();
    if (sleep) {
      // Only time asleep counts (in bed and awake do not); the stage is kept.
      static const std::map<std::string, std::string, std::less<>> kStages = {
          {"HKCategoryValueSleepAnalysisAsleep", "asleep"}, {"HKCategoryValueSleepAnalysisAsleepUnspecified", "asleep"},
          {"HKCategoryValueSleepAnalysisAsleepCore", "light"}, {"HKCategoryValueSleepAnalysisAsleepDeep", "deep"},
          {"HKCategoryValueSleepAnalysisAsleepREM", "rem"}};
      auto stage = kStages.find(r.value);
      if (stage == kStages.end()) return;
      s.metric = "sleep";
      s.unit = "min";
      s.value = static_cast<double>(s.end - s.start) / 60.0;
      s.detail = stage->second;
    } else {
      char* rest = nullptr;
      const double value = std::strtod(r.value.empty() ? "" : r.value.data(), &rest);  // NUL-terminated: expat's
      const auto stored = to_stored_unit(measure->metric, r.unit, value * measure->scale);
      if (!stored) return skip(r, "unit", "a unit Techo does not convert: \"" + std::string(r.unit) + "\"");
      if (r.value.empty() || (rest && *rest)) return skip(r, "value", "expected a number");
      s.metric = measure->metric;
      s.unit = stored_unit(s.metric);
      s.value = *stored;
    }
    emit(s);
  }

  static void end(void* data, const XML_Char* /*name*/) {
    auto* self = static_cast<Impl*>(data);
    if (self->depth > 0) --self->depth;
  }

  std::string where() const {
    return "line " + std::to_string(XML_GetCurrentLineNumber(parser)) + ", column " +
           std::to_string(XML_GetCurrentColumnNumber(parser) + 1);
  }

  Status result(XML_Status status) {
    if (failure) return *failure;
    if (status == XML_STATUS_ERROR) {
      return Error{ErrorCode::kMalformedInput, std::string("not valid XML: ") + XML_ErrorString(XML_GetErrorCode(parser)),
                   where()};
    }
    return Ok{};
  }
};

std::string AppleHealthRecord::attribute(std::string_view name) const {
  for (const auto& [key, value] : attributes) {
    if (key == name) return value;
  }
  return {};
}

AppleHealthReader::AppleHealthReader(std::function<Status(const AppleHealthRecord&)> on_record,
                                     std::function<Status(const Sample&)> on_sample)
    : impl_(std::make_unique<Impl>()) {
  impl_->on_record = std::move(on_record);
  impl_->on_sample = std::move(on_sample);
  impl_->parser = XML_ParserCreate("UTF-8");
  XML_SetUserData(impl_->parser, impl_.get());
  XML_SetElementHandler(impl_->parser, &Impl::start, &Impl::end);
}

AppleHealthReader::~AppleHealthReader() {
  if (impl_ && impl_->parser) XML_ParserFree(impl_->parser);
}

Status AppleHealthReader::push(std::string_view piece) {
  return impl_->result(XML_Parse(impl_->parser, piece.data(), static_cast<int>(piece.size()), XML_FALSE));
}

Status AppleHealthReader::finish() { return impl_->result(XML_Parse(impl_->parser, nullptr, 0, XML_TRUE)); }

const std::vector<Error>& AppleHealthReader::skipped() const { return impl_->skipped; }
std::uint64_t AppleHealthReader::records() const { return impl_->records; }

}  // namespace techo::lifelog
