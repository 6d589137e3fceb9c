// Lifelog: what phones, watches, scales and cuffs record about a day — steps, heart
// rate, sleep, blood pressure, weight — as samples with their time, unit (UCUM) and the
// device that recorded them. Importers turn each format into samples; bad records are
// reported with their position and field, the rest of the file imports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "techo/file_format.hpp"
#include "techo/result.hpp"

namespace techo::lifelog {

// What kind of device or app recorded a sample: the default merge priority, highest first.
enum class DeviceKind { kManual, kMedicalDevice, kWatch, kPhone, kApp };
std::string_view device_kind_name(DeviceKind kind) noexcept;  // "manual", "medical-device", "watch", "phone", "app"
std::optional<DeviceKind> device_kind_from(std::string_view name) noexcept;
// The kind a device's name tells ("Apple Watch", "Pixel 8", "OMRON HEM-7600T"), when it
// tells one: the one guess every importer makes about the sources it reads.
std::optional<DeviceKind> device_kind_by_name(std::string_view device) noexcept;

struct Sample {
  std::string metric;       // "steps", "heart-rate", "blood-pressure-systolic", "body-weight", "sleep", ...
  std::int64_t start = 0;   // UTC, seconds since 1970
  std::int64_t end = 0;     // == start for a reading at one instant
  // The UTC offset the source recorded (minutes); nullopt when it gave none (then local
  // days are computed in Japan time, UTC+9, and the sample says so).
  std::optional<int> utc_offset_minutes;
  double value = 0;
  std::string unit;         // UCUM: "{steps}", "/min", "mm[Hg]", "kg", "min", "Cel", "%", "kcal"
  std::string device;       // the source as the data names it: "Apple Watch", "RunKeeper"
  DeviceKind kind = DeviceKind::kApp;
  std::string detail;       // extra meaning: sleep "main"/"nap", a descriptive statistic ("average")
};

struct ParseReport {
  std::string format;            // "openmhealth"
  std::vector<Sample> samples;
  std::vector<Error> skipped;    // records not imported, each with its position and field
};

// Open mHealth JSON: one data point ({header, body}), a body alone, or a list of either.
// Each body is validated against its Open mHealth schema (header.schema_id, or for a
// bare body the schema its keys name, newest version first).
[[nodiscard]] Result<ParseReport> parse_open_mhealth(std::string_view bytes);

// Vendor API exports: Fitbit (intraday steps and heart rate, body weight), Google Fit
// (step deltas, heart rate, weight, height, calories), Withings (body measures: weight,
// blood pressure, pulse). Vendor times without an offset are kept without one.
// `format`: which vendor (format::detect tells them apart by their top-level keys).
[[nodiscard]] Result<ParseReport> parse_vendor_json(std::string_view bytes, format::FileFormat format);

// Techo's generic CSV: header "timestamp,metric,value,unit,source"; a timestamp is RFC
// 3339, or "start/end" for an interval; values in the UCUM units Techo stores. Rows count
// as entered by the person (manual: the highest default priority).
[[nodiscard]] Result<ParseReport> parse_lifelog_csv(std::string_view bytes);

// A lifelog file read whole — Open mHealth, a vendor export, the generic CSV — with the
// parser of the format format::detect found (format::is_lifelog, not Apple Health, which
// is read as a stream: lifelog_apple_health.hpp).
[[nodiscard]] Result<ParseReport> parse_lifelog(std::string_view bytes, format::FileFormat format);

// Validates an Open mHealth body against a schema file ("step-count-3.0.json"); for tests
// and tools that know the schema.
[[nodiscard]] Status validate_open_mhealth(std::string_view body_json, std::string_view schema_file);

// RFC 3339 date-time → UTC seconds and the offset written (nullopt when none was written;
// "Z" is an offset of 0). nullopt when the text is not a date-time.
struct Instant {
  std::int64_t utc = 0;
  std::optional<int> offset_minutes;
};
std::optional<Instant> parse_date_time(std::string_view text);
std::string format_utc(std::int64_t utc);  // "2020-02-05T06:00:00Z"
// The same text in place, for loops that format an instant per sample without allocating.
struct UtcText {
  char text[48];
  std::size_t size = 0;
  std::string_view view() const { return {text, size}; }
};
UtcText utc_text(std::int64_t utc);

}  // namespace techo::lifelog
