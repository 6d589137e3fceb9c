#include <catch2/catch.hpp>

#include "api_reply.hpp"
#include "techo/api.hpp"
#include "techo/lifelog.hpp"
#include "test_data.hpp"

using namespace techo::lifelog;

TEST_CASE("Fitbit, Google Fit and Withings exports become samples", "[lifelog][vendor]") {
  auto steps = parse_vendor_json(techo::test::read_data("vendor-api-fixtures/fitbit/fitbit-activities-steps-1d-1m-intraday.json"));
  REQUIRE(steps.has_value());
  CHECK(steps->format == "fitbit");
  REQUIRE(steps->samples.size() == 3);
  CHECK(steps->samples[2].value == 52);
  CHECK(steps->samples[2].end - steps->samples[2].start == 60);
  CHECK_FALSE(steps->samples[2].utc_offset_minutes.has_value());  // Fitbit gives local clock times only
  CHECK(format_utc(steps->samples[2].start) == "2015-08-21T05:28:00Z");  // 14:28 read as Japan time

  auto weight = parse_vendor_json(techo::test::read_data("vendor-api-fixtures/fitbit/fitbit-body-log-weight.json"));
  REQUIRE(weight.has_value());
  CHECK(weight->samples.front().metric == "body-weight");
  CHECK(weight->samples.front().value == Approx(56.7));

  auto google = parse_vendor_json(techo::test::read_data("vendor-api-fixtures/googlefit/googlefit-merge-step-deltas.json"));
  REQUIRE(google.has_value());
  CHECK(google->format == "googlefit");
  REQUIRE_FALSE(google->samples.empty());
  CHECK(google->samples[0].value == 4146);
  CHECK(google->samples[0].device == "com.nike.plusgps");
  CHECK(google->samples[0].end - google->samples[0].start == 2141);

  auto withings = parse_vendor_json(techo::test::read_data("vendor-api-fixtures/withings/withings-body-measures.json"));
  REQUIRE(withings.has_value());
  CHECK(withings->format == "withings");
  // The first group: diastolic 68, systolic 104, pulse 41, weight 74.126 kg (value × 10^unit).
  CHECK(withings->samples[0].metric == "blood-pressure-diastolic");
  CHECK(withings->samples[0].value == 68);
  CHECK(withings->samples[1].metric == "blood-pressure-systolic");
  CHECK(withings->samples[3].metric == "body-weight");
  CHECK(withings->samples[3].value == Approx(74.126));
  CHECK(format_utc(withings->samples[0].start) == "2015-05-31T06:06:23Z");

  CHECK_FALSE(parse_vendor_json(R"({"something": "else"})").has_value());
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
  techo::api::Session session;
  techo::test::value_of(session.open(":memory:"));
  techo::test::value_of(session.import_begin("withings.json", "{}"));
  techo::test::value_of(session.import_push(techo::test::read_data("vendor-api-fixtures/withings/withings-body-measures.json")));
  auto report = techo::test::value_of(session.import_finish());
  CHECK(report.at("kind") == "lifelog");
  CHECK(report.at("format") == "withings");
  CHECK(report.at("byMetric").at("body-weight").get<int>() >= 1);
}
