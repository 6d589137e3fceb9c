#include <catch2/catch.hpp>

#include "test_session.hpp"
#include "api_reply.hpp"
#include "techo/api.hpp"
#include "techo/lifelog.hpp"
#include "test_data.hpp"

using namespace techo::lifelog;

namespace {
// A vendor file as the import reads it: its format told by format::detect, then parsed.
techo::Result<ParseReport> parse_detected(std::string_view bytes) {
  return parse_vendor_json(bytes, techo::format::detect(bytes, true).format);
}
bool is_vendor(std::string_view bytes) {
  const auto f = techo::format::detect(bytes, true).format;
  return f == techo::format::FileFormat::kFitbit || f == techo::format::FileFormat::kGoogleFit ||
         f == techo::format::FileFormat::kWithings;
}
}  // namespace

TEST_CASE("Fitbit, Google Fit and Withings exports become samples", "[lifelog][vendor]") {
  auto steps = parse_detected(techo::test::read_data("vendor-api-fixtures/fitbit/fitbit-activities-steps-1d-1m-intraday.json"));
  REQUIRE(steps.has_value());
  CHECK(steps->format == "fitbit");
  REQUIRE(steps->samples.size() == 3);
  CHECK(steps->samples[2].value == 52);
  CHECK(steps->samples[2].end - steps->samples[2].start == 60);
  CHECK_FALSE(steps->samples[2].utc_offset_minutes.has_value());  // Fitbit gives local clock times only
  CHECK(format_utc(steps->samples[2].start) == "2015-08-21T05:28:00Z");  // 14:28 read as Japan time

  auto weight = parse_detected(techo::test::read_data("vendor-api-fixtures/fitbit/fitbit-body-log-weight.json"));
  REQUIRE(weight.has_value());
  CHECK(weight->samples.front().metric == "body-weight");
  CHECK(weight->samples.front().value == Approx(56.7));

  auto google = parse_detected(techo::test::read_data("vendor-api-fixtures/googlefit/googlefit-merge-step-deltas.json"));
  REQUIRE(google.has_value());
  CHECK(google->format == "googlefit");
  REQUIRE_FALSE(google->samples.empty());
  CHECK(google->samples[0].value == 4146);
  CHECK(google->samples[0].device == "com.nike.plusgps");
  CHECK(google->samples[0].end - google->samples[0].start == 2141);

  auto withings = parse_detected(techo::test::read_data("vendor-api-fixtures/withings/withings-body-measures.json"));
  REQUIRE(withings.has_value());
  CHECK(withings->format == "withings");
  // The first group: diastolic 68, systolic 104, pulse 41, weight 74.126 kg (value × 10^unit).
  CHECK(withings->samples[0].metric == "blood-pressure-diastolic");
  CHECK(withings->samples[0].value == 68);
  CHECK(withings->samples[1].metric == "blood-pressure-systolic");
  CHECK(withings->samples[3].metric == "body-weight");
  CHECK(withings->samples[3].value == Approx(74.126));
  CHECK(format_utc(withings->samples[0].start) == "2015-05-31T06:06:23Z");

  CHECK_FALSE(parse_detected(R"({"something": "else"})").has_value());
}

TEST_CASE("sleep from Fitbit, Google Fit and Withings: stages kept, awake time left out", "[lifelog][vendor][sleep]") {
  auto minutes = [](const ParseReport& r) {
    double sum = 0;
    for (const auto& s : r.samples) sum += s.value;
    return sum;
  };
  // Fitbit classic logs: 63 and 112 minutes asleep (the 6 restless minutes are not sleep).
  const std::string fitbit_file = techo::test::read_data("vendor-api-fixtures/fitbit/fitbit-sleep-date.json");
  REQUIRE(is_vendor(fitbit_file));
  auto fitbit = parse_detected(fitbit_file);
  REQUIRE(fitbit.has_value());
  CHECK(fitbit->skipped.empty());
  CHECK(minutes(*fitbit) == Approx(63 + 112));
  for (const auto& s : fitbit->samples) {
    CHECK(s.metric == "sleep");
    CHECK(s.detail == "asleep");
  }
  auto empty = parse_detected(techo::test::read_data("vendor-api-fixtures/fitbit/fitbit-sleep-date-empty-sleep-list.json"));
  REQUIRE(empty.has_value());
  CHECK(empty->samples.empty());

  // Google Fit: a 30-minute sleep segment; walking and running are exercise; standing still is nothing.
  auto google_sleep = parse_detected(techo::test::read_data("vendor-api-fixtures/googlefit/googlefit-merge-activity-segments-only-sleep.json"));
  REQUIRE(google_sleep.has_value());
  REQUIRE(google_sleep->samples.size() == 1);
  CHECK(google_sleep->samples[0].metric == "sleep");
  CHECK(google_sleep->samples[0].value == 30);
  auto segments = parse_detected(techo::test::read_data("vendor-api-fixtures/googlefit/googlefit-merge-activity-segments.json"));
  REQUIRE(segments.has_value());
  REQUIRE(segments->samples.size() == 2);
  CHECK(segments->samples[0].detail == "walking");
  CHECK(segments->samples[1].detail == "running");
  CHECK(segments->samples[1].value == 30);
  auto still = parse_detected(techo::test::read_data("vendor-api-fixtures/googlefit/googlefit-merge-activity-segments-only-stationary-activity.json"));
  REQUIRE(still.has_value());
  CHECK(still->samples.empty());

  // Withings summaries: light 56 + deep 130 minutes the first night; 265 + 230 the second.
  auto summary = parse_detected(techo::test::read_data("vendor-api-fixtures/withings/withings-sleep-summary.json"));
  REQUIRE(summary.has_value());
  REQUIRE(summary->samples.size() == 4);
  CHECK(summary->samples[0].detail == "light");
  CHECK(summary->samples[0].value == 56);
  CHECK(summary->samples[1].detail == "deep");
  CHECK(summary->samples[1].value == 130);
  CHECK(minutes(*summary) == Approx(56 + 130 + 265 + 230));
  // Withings measures: awake (state 0) is left out; light 16 minutes, REM 27.
  const std::string measures_file = techo::test::read_data("vendor-api-fixtures/withings/withings-sleep-measures.json");
  REQUIRE(is_vendor(measures_file));
  auto measures = parse_detected(measures_file);
  REQUIRE(measures.has_value());
  REQUIRE(measures->samples.size() == 2);
  CHECK(measures->samples[0].detail == "light");
  CHECK(measures->samples[0].value == 16);
  CHECK(measures->samples[1].detail == "rem");
  CHECK(measures->samples[1].value == 27);
  CHECK(techo::test::error_of(techo::test::TestSession().import_lifelog("{}", "x.json")).contains("message"));
}

TEST_CASE("a night recorded by a watch and a sleep mat is one night, with the better source's stages", "[lifelog][vendor][sleep]") {
  techo::test::TestSession session;
  techo::test::value_of(session.open(":memory:"));
  techo::test::value_of(session.import_lifelog(techo::test::read_data("vendor-api-fixtures/withings/withings-sleep-summary.json"), "withings.json"));
  // The watch saw the first night too (08:15–11:25 in Japan time by the mat's clock).
  techo::test::value_of(session.import_lifelog(R"({"header": {"id": "w", "creation_date_time": "2017-09-02T12:00:00+09:00",
      "schema_id": {"namespace": "omh", "name": "sleep-episode", "version": "1.1"},
      "acquisition_provenance": {"source_name": "Apple Watch", "modality": "sensed"}},
    "body": {"effective_time_frame": {"time_interval": {"start_date_time": "2017-09-02T08:05:00+09:00",
                                                        "end_date_time": "2017-09-02T11:30:00+09:00"}},
             "is_main_sleep": true}})", "watch.json"));
  auto days = techo::test::value_of(session.lifelog_days(R"({"metric": "sleep", "from": "2017-09-01", "to": "2017-09-30"})"));
  REQUIRE(days.at("days").size() == 2);
  const auto& night = days.at("days")[0];
  CHECK(night.at("day") == "2017-09-02");
  CHECK(night.at("value") == Approx(186));
  CHECK(night.at("explanation") == "186 = Withings Sleep (= Apple Watch): deep 130, light 56");
  CHECK(night.at("sources")[0].at("stages").at("deep") == Approx(130));
}

TEST_CASE("the generic CSV imports rows and names bad ones by line and field", "[lifelog][csv]") {
  auto csv = parse_lifelog_csv(
      "timestamp,metric,value,unit,source\n"
      "2026-01-01T07:00:00+09:00/2026-01-01T08:00:00+09:00,steps,1200,{steps},pedometer\n"
      "2026-01-01T07:10:00+09:00,heart-rate,64,/min,pulse check\n"
      "yesterday,heart-rate,64,/min,pulse check\n"
      "2026-01-01T07:10:00+09:00,mood,5,,diary\n"
      "2026-01-01T07:10:00+09:00,body-weight,sixty,kg,scale\n");
  REQUIRE(csv.has_value());
  REQUIRE(csv->samples.size() == 2);
  CHECK(csv->samples[0].end - csv->samples[0].start == 3600);
  CHECK(csv->samples[0].kind == DeviceKind::kManual);
  REQUIRE(csv->skipped.size() == 3);
  CHECK(csv->skipped[0].path == "line 4: timestamp");
  CHECK(csv->skipped[1].path == "line 5: metric");
  CHECK(csv->skipped[2].path == "line 6: value");
  CHECK_FALSE(parse_lifelog_csv("time,value\n").has_value());

  // Through the session, as the page imports any file.
  techo::test::TestSession session;
  techo::test::value_of(session.open(":memory:"));
  techo::test::value_of(session.import_begin("withings.json", "{}"));
  techo::test::value_of(session.import_push(techo::test::read_data("vendor-api-fixtures/withings/withings-body-measures.json")));
  auto report = techo::test::value_of(session.import_finish());
  CHECK(report.at("kind") == "lifelog");
  CHECK(report.at("format") == "withings");
  CHECK(report.at("byMetric").at("body-weight").get<int>() >= 1);
}

TEST_CASE("a vendor's reader given another shape answers an error, never reads past it", "[lifelog][vendor][bounded]") {
  // Found by the vendor fuzz target: Withings' reader read root["body"] of a const object
  // without it (undefined behaviour, caught by ASan).
  using techo::format::FileFormat;
  for (const char* text : {R"({"sleep": []})", R"({"status": 0, "body": 1})", R"({"status": 0})"}) {
    INFO(text);
    auto parsed = parse_vendor_json(text, FileFormat::kWithings);
    CHECK_FALSE(parsed.has_value());
    // The others read what they know and report what is missing, without crashing.
    (void)parse_vendor_json(text, FileFormat::kFitbit);
    (void)parse_vendor_json(text, FileFormat::kGoogleFit);
  }
}
