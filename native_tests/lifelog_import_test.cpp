#include <catch2/catch.hpp>

#include <filesystem>

#include "test_session.hpp"
#include "api_reply.hpp"
#include "techo/api.hpp"
#include "techo/lifelog.hpp"
#include "techo/lifelog_merge.hpp"
#include "techo/vault.hpp"
#include "test_data.hpp"

using techo::lifelog::parse_open_mhealth;
using techo::test::value_of;

TEST_CASE("date-times keep the offset they were written with", "[lifelog][time]") {
  auto jst = techo::lifelog::parse_date_time("2026-01-01T07:00:00+09:00");
  REQUIRE(jst);
  CHECK(techo::lifelog::format_utc(jst->utc) == "2025-12-31T22:00:00Z");
  CHECK(jst->offset_minutes == 540);
  auto z = techo::lifelog::parse_date_time("2013-02-05T07:25:00.5Z");
  REQUIRE(z);
  CHECK(z->offset_minutes == 0);
  CHECK(techo::lifelog::format_utc(z->utc) == "2013-02-05T07:25:00Z");
  auto local = techo::lifelog::parse_date_time("2026-01-01T07:00:00");
  REQUIRE(local);
  CHECK_FALSE(local->offset_minutes.has_value());
  CHECK(techo::lifelog::format_utc(techo::lifelog::parse_date_time("2024-02-29T23:59:59-08:00")->utc) == "2024-03-01T07:59:59Z");
  CHECK_FALSE(techo::lifelog::parse_date_time("2026-13-01T07:00:00Z"));
  // Beyond 2038 and before 1970 (no 32-bit time_t anywhere).
  CHECK(techo::lifelog::format_utc(techo::lifelog::parse_date_time("2100-02-28T12:34:56Z")->utc) == "2100-02-28T12:34:56Z");
  CHECK(techo::lifelog::format_utc(techo::lifelog::parse_date_time("1969-12-31T23:59:59Z")->utc) == "1969-12-31T23:59:59Z");
  CHECK_FALSE(techo::lifelog::parse_date_time("yesterday"));
}

TEST_CASE("Open mHealth data points become samples in UCUM units with their device", "[lifelog][openmhealth]") {
  auto parsed = parse_open_mhealth(R"([
    {"header": {"id": "1", "creation_date_time": "2026-01-01T20:00:00+09:00",
                "schema_id": {"namespace": "omh", "name": "step-count", "version": "3.0"},
                "acquisition_provenance": {"source_name": "Apple Watch", "modality": "sensed"}},
     "body": {"step_count": {"value": 6000, "unit": "steps"},
              "effective_time_frame": {"time_interval": {"start_date_time": "2026-01-01T07:00:00+09:00",
                                                         "end_date_time": "2026-01-01T19:00:00+09:00"}}}},
    {"header": {"id": "2", "creation_date_time": "2026-01-01T20:00:00+09:00",
                "schema_id": {"namespace": "omh", "name": "body-weight", "version": "2.0"},
                "acquisition_provenance": {"source_name": "Tanita scale", "modality": "sensed"}},
     "body": {"body_weight": {"value": 132.3, "unit": "lb"},
              "effective_time_frame": {"date_time": "2026-01-01T07:05:00+09:00"}}},
    {"systolic_blood_pressure": {"value": 128, "unit": "mmHg"}, "diastolic_blood_pressure": {"value": 82, "unit": "mmHg"},
     "effective_time_frame": {"date_time": "2026-01-01T07:10:00+09:00"}},
    {"heart_rate": {"value": "seventy", "unit": "beats/min"}, "effective_time_frame": {"date_time": "2026-01-01T07:10:00+09:00"}},
    {"step_count": 300},
    {"body_temperature": {"value": 98.6, "unit": "F"}, "effective_time_frame": {"date_time": "2026-01-01T07:15:00+09:00"}},
    {"effective_time_frame": {"time_interval": {"start_date_time": "2026-01-01T23:00:00+09:00",
                                                "duration": {"value": 7.5, "unit": "h"}}}, "is_main_sleep": true}
  ])");
  REQUIRE(parsed.has_value());
  const auto& s = parsed->samples;
  REQUIRE(s.size() == 6);
  CHECK(s[0].metric == "steps");
  CHECK(s[0].unit == "{steps}");
  CHECK(s[0].value == 6000);
  CHECK(s[0].end - s[0].start == 12 * 3600);
  CHECK(s[0].utc_offset_minutes == 540);
  CHECK(s[0].device == "Apple Watch");
  CHECK(s[0].kind == techo::lifelog::DeviceKind::kWatch);
  CHECK(s[1].metric == "body-weight");
  CHECK(s[1].unit == "kg");
  CHECK(s[1].value == Approx(60.01).margin(0.01));
  CHECK(s[1].kind == techo::lifelog::DeviceKind::kMedicalDevice);
  CHECK(s[2].metric == "blood-pressure-systolic");
  CHECK(s[2].unit == "mm[Hg]");
  CHECK(s[3].metric == "blood-pressure-diastolic");
  CHECK(s[3].value == 82);
  CHECK(s[4].metric == "body-temperature");
  CHECK(s[4].value == Approx(37.0));
  CHECK(s[4].unit == "Cel");
  CHECK(s[5].metric == "sleep");
  CHECK(s[5].value == 450);
  CHECK(s[5].detail == "main");
  // Bad records are named by position and field; the rest imported.
  REQUIRE(parsed->skipped.size() == 2);
  CHECK(parsed->skipped[0].path == "[3].heart_rate.value");
  CHECK(parsed->skipped[1].path == "[4].effective_time_frame");
  CHECK(parsed->skipped[1].message.find("placed in time") != std::string::npos);
}

TEST_CASE("every Open mHealth shouldPass sample of a lifelog measure imports", "[lifelog][openmhealth]") {
  namespace fs = std::filesystem;
  int imported = 0, not_placeable = 0;
  for (const char* measure : {"step-count", "heart-rate", "blood-pressure", "body-weight", "sleep-episode", "body-temperature",
                              "oxygen-saturation", "body-height", "calories-burned", "respiratory-rate", "blood-glucose",
                              "body-mass-index", "sleep-duration", "physical-activity"}) {
    const fs::path root = fs::path(techo::test::data_path("openmhealth/test-data/omh")) / measure;
    if (!fs::exists(root)) continue;
    for (const auto& version : fs::directory_iterator(root)) {
      const fs::path pass = version.path() / "shouldPass";
      if (!fs::exists(pass)) continue;
      for (const auto& sample : fs::directory_iterator(pass)) {
        INFO(sample.path().string());
        auto parsed = parse_open_mhealth(techo::test::read_file(sample.path().string()));
        REQUIRE(parsed.has_value());
        if (!parsed->skipped.empty()) {
          // Valid, but not a point or span in time (no time frame, a date with a part of
          // day, or an interval that ends before it starts).
          INFO(parsed->skipped[0].path << ": " << parsed->skipped[0].message);
          CHECK((parsed->skipped[0].message.find("placed in time") != std::string::npos ||
                 parsed->skipped[0].message.find("part_of_day") != std::string::npos ||
                 parsed->skipped[0].message.find("ends before it starts") != std::string::npos));
          ++not_placeable;
        } else {
          CHECK_FALSE(parsed->samples.empty());
          ++imported;
        }
      }
    }
  }
  INFO(imported << " imported, " << not_placeable << " not placeable in time");
  CHECK(imported == 94);
  CHECK(not_placeable == 28);
}

TEST_CASE("lifelog imports store samples once, and survive in the vault's range query", "[lifelog][vault]") {
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  const std::string file = R"([
    {"step_count": {"value": 6000, "unit": "steps"},
     "effective_time_frame": {"time_interval": {"start_date_time": "2026-01-01T07:00:00+09:00",
                                                "end_date_time": "2026-01-01T19:00:00+09:00"}}},
    {"heart_rate": {"value": 62, "unit": "beats/min"}, "effective_time_frame": {"date_time": "2026-01-01T07:10:00+09:00"}}])";
  auto first = value_of(session.import_lifelog(file, "watch.json"));
  CHECK(first.at("imported") == 2);
  CHECK(first.at("byMetric").at("steps") == 1);
  auto again = value_of(session.import_lifelog(file, "watch-again.json"));
  CHECK(again.at("imported") == 0);
  CHECK(again.at("duplicates") == 2);
  auto steps = value_of(session.lifelog_samples(
      R"({"metric": "steps", "from": "2026-01-01T00:00:00+09:00", "to": "2026-01-02T00:00:00+09:00"})"));
  REQUIRE(steps.at("samples").size() == 1);
  CHECK(steps.at("samples")[0].at("start") == "2025-12-31T22:00:00Z");
  CHECK(steps.at("samples")[0].at("utcOffset") == 540);
  CHECK(steps.at("samples")[0].at("source") == "watch.json");
  CHECK(value_of(session.lifelog_samples(
                     R"({"metric": "steps", "from": "2026-01-02T00:00:00+09:00", "to": "2026-01-03T00:00:00+09:00"})"))
            .at("samples")
            .empty());
  CHECK(techo::test::error_of(session.import_lifelog("{not json", "broken.json")).at("path") == "broken.json: line 1, column 3");
}

namespace {

std::string omh_steps(const char* device, const char* start, const char* end, int value) {
  return std::string(R"({"header": {"id": "x", "creation_date_time": "2026-01-02T00:00:00+09:00",
      "schema_id": {"namespace": "omh", "name": "step-count", "version": "3.0"},
      "acquisition_provenance": {"source_name": ")") + device + R"(", "modality": "sensed"}},
    "body": {"step_count": {"value": )" + std::to_string(value) + R"(, "unit": "steps"},
      "effective_time_frame": {"time_interval": {"start_date_time": ")" + start + R"(", "end_date_time": ")" + end + R"("}}}})";
}

}  // namespace

TEST_CASE("the merged lifelog is stored per day, explained, and recomputed only where an import touches", "[lifelog][vault]") {
  auto vault = techo::Vault::open(":memory:");
  REQUIRE(vault.has_value());
  auto import = [&](const std::string& name, const std::string& json) {
    auto parsed = parse_open_mhealth("[" + json + "]");
    REQUIRE(parsed.has_value());
    REQUIRE(parsed->skipped.empty());
    auto report = vault->import_lifelog({name}, *parsed);
    REQUIRE(report.has_value());
    return *report;
  };
  auto watch = import("watch.json", omh_steps("Apple Watch", "2026-01-01T07:00:00+09:00", "2026-01-01T19:00:00+09:00", 6000));
  CHECK(watch.days_recomputed == 1);
  import("phone.json", omh_steps("iPhone", "2026-01-01T07:00:00+09:00", "2026-01-01T19:00:00+09:00", 5800) + "," +
                           omh_steps("iPhone", "2026-01-01T19:00:00+09:00", "2026-01-01T23:00:00+09:00", 1639));
  auto days = vault->lifelog_days("steps", "2026-01-01", "2026-01-31");
  REQUIRE(days.has_value());
  REQUIRE(days->size() == 1);
  CHECK((*days)[0].value == Approx(7639));
  CHECK((*days)[0].explanation == "7,639 = Apple Watch 6,000 (07:00–19:00) + iPhone 1,639 (19:00–23:00)");
  CHECK((*days)[0].sources.size() == 2);

  // A later day's import recomputes that day alone; the first day stays as it was.
  auto later = import("phone-2.json", omh_steps("iPhone", "2026-01-05T08:00:00+09:00", "2026-01-05T09:00:00+09:00", 900));
  CHECK(later.days_recomputed == 1);
  days = vault->lifelog_days("steps", "2026-01-01", "2026-01-31");
  REQUIRE(days->size() == 2);
  CHECK((*days)[1].day == "2026-01-05");
  // Both days are in the same week (Monday 2025-12-29 and 2026-01-05 are different weeks).
  auto weeks = vault->lifelog_weeks("steps", "2025-12-01", "2026-01-31");
  REQUIRE(weeks.has_value());
  REQUIRE(weeks->size() == 2);
  CHECK((*weeks)[0].week_start == "2025-12-29");
  CHECK((*weeks)[0].value == Approx(7639));
  CHECK((*weeks)[1].week_start == "2026-01-05");

  // The person trusts the phone more: every day of the metric is merged again.
  techo::lifelog::Priority phone_first;
  phone_first.order = {techo::lifelog::DeviceKind::kPhone, techo::lifelog::DeviceKind::kWatch};
  auto recomputed = vault->set_lifelog_priority("steps", phone_first);
  REQUIRE(recomputed.has_value());
  CHECK(*recomputed == 2);
  days = vault->lifelog_days("steps", "2026-01-01", "2026-01-01");
  CHECK((*days)[0].value == Approx(5800 + 1639));
  CHECK(vault->lifelog_priority("steps")->order.front() == techo::lifelog::DeviceKind::kPhone);
  CHECK(vault->lifelog_priority("heart-rate")->order.front() == techo::lifelog::DeviceKind::kManual);
}

#include "techo/fhir.hpp"

TEST_CASE("the merged lifelog exports as FHIR Observations and as Open mHealth, both reading back", "[lifelog][export]") {
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  value_of(session.import_lifelog("[" + omh_steps("Apple Watch", "2026-01-01T07:00:00+09:00", "2026-01-01T19:00:00+09:00", 6000) + "," +
                                      omh_steps("iPhone", "2026-01-01T19:00:00+09:00", "2026-01-01T23:00:00+09:00", 1639) + "]",
                                  "devices.json"));
  value_of(session.import_lifelog(R"([{"heart_rate": {"value": 62, "unit": "beats/min"},
                                       "effective_time_frame": {"date_time": "2026-01-01T07:10:00+09:00"}}])", "hr.json"));
  auto fhir = value_of(session.export_lifelog(R"({"metrics": ["steps", "heart-rate"], "format": "fhir"})"));
  REQUIRE(fhir.at("entry").size() == 2);
  const auto& steps = fhir.at("entry")[0].at("resource");
  CHECK(steps.at("code").at("coding")[0].at("code") == "41950-7");
  CHECK(steps.at("valueQuantity").at("value") == Approx(7639));
  CHECK(steps.at("note")[0].at("text") == "7,639 = Apple Watch 6,000 (07:00–19:00) + iPhone 1,639 (19:00–23:00)");
  auto parsed = techo::fhir::parse_fhir(fhir.dump());
  REQUIRE(parsed.has_value());
  CHECK(parsed->resources.size() == 2);
  CHECK(parsed->skipped.empty());

  auto omh = value_of(session.export_lifelog(R"({"metrics": ["steps", "heart-rate"], "format": "openmhealth"})"));
  REQUIRE(omh.size() == 2);
  auto back = parse_open_mhealth(omh.dump());
  REQUIRE(back.has_value());
  CHECK(back->skipped.empty());  // valid against the Open mHealth schemas
  REQUIRE(back->samples.size() == 2);
  CHECK(back->samples[0].value == Approx(7639));
  CHECK(techo::test::error_of(session.export_lifelog(R"({"format": "csv"})")).at("path") == "query.format");
}
