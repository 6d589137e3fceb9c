#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>
#include <memory>
#include <sstream>

#include "test_session.hpp"
#include "techo/lifelog_apple_health.hpp"
#include "test_data.hpp"

using namespace techo::lifelog;

namespace {

// A CSV the tool wrote with a header: each row as {column: cell}.
std::vector<std::map<std::string, std::string>> csv_rows(const std::string& csv_file) {
  auto split = [](const std::string& line) {
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream fields(line);
    while (std::getline(fields, cell, ',')) {
      if (cell.size() >= 2 && cell.front() == '"') cell = cell.substr(1, cell.size() - 2);
      cells.push_back(cell);
    }
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    return cells;
  };
  std::istringstream in(techo::test::read_data(csv_file));
  std::string line;
  std::getline(in, line);
  const auto header = split(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto cells = split(line);
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size(); ++i) row[header[i]] = i < cells.size() ? cells[i] : "";
    rows.push_back(std::move(row));
  }
  return rows;
}

// The expected CSV's rows as "sourceName|type|unit|creationDate|startDate|endDate|value".
std::vector<std::string> expected_rows(const std::string& csv_file) {
  std::vector<std::string> rows;
  for (auto& r : csv_rows(csv_file)) {
    rows.push_back(r["sourceName"] + "|" + r["type"] + "|" + r["unit"] + "|" + r["creationDate"] + "|" + r["startDate"] + "|" +
                   r["endDate"] + "|" + r["value"]);
  }
  return rows;
}

}  // namespace

TEST_CASE("the Apple Health sample export reads as the expected CSVs beside it, in pieces of any size", "[lifelog][apple-health]") {
  const std::string xml = techo::test::read_data("apple-health-export/export6s3sample.xml");
  for (std::size_t piece : {std::size_t{1}, std::size_t{97}, xml.size()}) {
    INFO("pieces of " << piece);
    std::map<std::string, std::vector<std::string>> rows;
    std::vector<Sample> samples;
    std::map<std::string, std::vector<const AppleHealthRecord*>> others;
    std::vector<std::unique_ptr<AppleHealthRecord>> kept;
    AppleHealthReader reader(
        [&](const AppleHealthRecord& r) {
          if (r.element != "Record") {
            kept.push_back(std::make_unique<AppleHealthRecord>(r));
            others[r.element].push_back(kept.back().get());
            return techo::Status(techo::Ok{});
          }
          const std::string type = r.type.substr(r.type.find("Identifier") + 10);
          // The tool writes values as numbers: "329", "0.00288".
          rows[type].push_back(r.source_name + "|" + type + "|" + r.unit + "|" + r.creation_date + "|" + r.start_date + "|" +
                               r.end_date + "|" + std::to_string(std::stod(r.value)).erase(std::to_string(std::stod(r.value)).find_last_not_of('0') + 1));
          return techo::Status(techo::Ok{});
        },
        [&](const Sample& s) {
          samples.push_back(s);
          return techo::Status(techo::Ok{});
        });
    for (std::size_t at = 0; at < xml.size(); at += piece) REQUIRE(reader.push(std::string_view(xml).substr(at, piece)).has_value());
    REQUIRE(reader.finish().has_value());
    CHECK(reader.records() == 18);  // 15 records, 2 activity summaries, 1 workout
    // Workouts and activity summaries: every column of the tool's CSV, numbers as numbers.
    for (const char* element : {"Workout", "ActivitySummary"}) {
      INFO(element);
      const auto expected = csv_rows(std::string("apple-health-export/expected-") + element + ".csv");
      REQUIRE(others[element].size() == expected.size());
      for (std::size_t i = 0; i < expected.size(); ++i) {
        for (const auto& [column, cell] : expected[i]) {
          INFO(column);
          const std::string got = others[element][i]->attribute(column);
          char* rest = nullptr;
          const double number = std::strtod(cell.c_str(), &rest);
          if (!cell.empty() && rest && !*rest) {
            CHECK(std::strtod(got.c_str(), nullptr) == Approx(number));
          } else {
            CHECK(got == cell);
          }
        }
      }
    }
    // Numbers compared as the tool printed them (no trailing zeros; integers without a point).
    auto normalise = [](std::vector<std::string> v) {
      for (auto& row : v) {
        if (row.back() == '.') row.pop_back();
      }
      return v;
    };
    CHECK(normalise(rows["StepCount"]) == expected_rows("apple-health-export/expected-StepCount.csv"));
    CHECK(normalise(rows["DistanceWalkingRunning"]) == expected_rows("apple-health-export/expected-DistanceWalkingRunning.csv"));
    REQUIRE(samples.size() == 17);
    CHECK(samples[0].metric == "steps");
    CHECK(samples[0].value == 329);
    CHECK(samples[0].utc_offset_minutes == 60);
    CHECK(format_utc(samples[0].start) == "2014-09-13T09:27:54Z");
    CHECK(samples[0].kind == DeviceKind::kManual);  // "Health": entered in the Health app
    CHECK(samples[10].metric == "distance");
    CHECK(samples[10].value == Approx(2.88));  // 0.00288 km in metres
    // The workout: its minutes (with the activity) and its energy; a distance of 0 is none.
    CHECK(samples[15].metric == "exercise");
    CHECK(samples[15].value == Approx(31.7368025));
    CHECK(samples[15].detail == "other");
    CHECK(samples[15].kind == DeviceKind::kWatch);
    CHECK(samples[16].metric == "calories-burned");
    CHECK(samples[16].value == Approx(139.317));
    CHECK(samples[16].end - samples[16].start == 31 * 60 + 44);
    CHECK(reader.skipped().empty());
  }
}

TEST_CASE("Apple Health: sleep stages, blood pressure, units; bad records named by line", "[lifelog][apple-health]") {
  const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<HealthData locale="ja_JP">
 <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Apple Watch" value="HKCategoryValueSleepAnalysisInBed" startDate="2026-01-01 23:00:00 +0900" endDate="2026-01-02 07:00:00 +0900"/>
 <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Apple Watch" value="HKCategoryValueSleepAnalysisAsleepDeep" startDate="2026-01-01 23:30:00 +0900" endDate="2026-01-02 01:00:00 +0900"/>
 <Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="OMRON connect" startDate="2026-01-02 07:00:00 +0900" endDate="2026-01-02 07:00:00 +0900">
  <Record type="HKQuantityTypeIdentifierBloodPressureSystolic" sourceName="OMRON connect" unit="mmHg" value="128" startDate="2026-01-02 07:00:00 +0900" endDate="2026-01-02 07:00:00 +0900"/>
  <Record type="HKQuantityTypeIdentifierBloodPressureDiastolic" sourceName="OMRON connect" unit="mmHg" value="82" startDate="2026-01-02 07:00:00 +0900" endDate="2026-01-02 07:00:00 +0900"/>
 </Correlation>
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="TANITA" unit="lb" value="132.3" startDate="2026-01-02 07:05:00 +0900" endDate="2026-01-02 07:05:00 +0900"/>
 <Record type="HKQuantityTypeIdentifierOxygenSaturation" sourceName="Apple Watch" unit="%" value="0.97" startDate="2026-01-02 07:06:00 +0900" endDate="2026-01-02 07:06:00 +0900"/>
 <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Apple Watch" unit="count/min" value="fast" startDate="2026-01-02 07:07:00 +0900" endDate="2026-01-02 07:07:00 +0900"/>
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="iPhone" unit="count" value="50" startDate="yesterday" endDate="2026-01-02 07:07:00 +0900"/>
 <Workout workoutActivityType="HKWorkoutActivityTypeWalking" duration="30" durationUnit="min" sourceName="Apple Watch" startDate="2026-01-02 08:00:00 +0900" endDate="2026-01-02 08:30:00 +0900"/>
</HealthData>)";
  std::vector<Sample> samples;
  AppleHealthReader reader(nullptr, [&](const Sample& s) {
    samples.push_back(s);
    return techo::Status(techo::Ok{});
  });
  REQUIRE(reader.push(xml).has_value());
  REQUIRE(reader.finish().has_value());
  REQUIRE(samples.size() == 6);
  CHECK(samples[5].metric == "exercise");  // the walk: 30 minutes
  CHECK(samples[5].detail == "walking");
  CHECK(samples[5].value == 30);
  CHECK(samples[0].metric == "sleep");  // in bed is not asleep: only the deep stage counts
  CHECK(samples[0].detail == "deep");
  CHECK(samples[0].value == 90);
  CHECK(samples[1].metric == "blood-pressure-systolic");
  CHECK(samples[2].metric == "blood-pressure-diastolic");
  CHECK(samples[2].value == 82);
  CHECK(samples[3].value == Approx(60.01).margin(0.01));
  CHECK(samples[4].metric == "oxygen-saturation");
  CHECK(samples[4].value == Approx(97));
  REQUIRE(reader.skipped().size() == 2);
  CHECK(reader.skipped()[0].path == "line 11: Record.value");
  CHECK(reader.skipped()[1].path == "line 12: Record.startDate");

  AppleHealthReader broken(nullptr, nullptr);
  auto s = broken.push("<HealthData>\n <Record type=\"x\" value=\"1\">\n</HealthData>");
  if (s) s = broken.finish();
  REQUIRE_FALSE(s.has_value());
  CHECK(s.error().code == techo::ErrorCode::kMalformedInput);
  CHECK(s.error().path.rfind("line 3", 0) == 0);
}

#include "api_reply.hpp"
#include "techo/api.hpp"

TEST_CASE("an Apple Health export imports through the session as it is read, merged per day", "[lifelog][apple-health][streaming]") {
  techo::test::TestSession session;
  techo::test::value_of(session.open(":memory:"));
  const std::string xml = techo::test::read_data("apple-health-export/export6s3sample.xml");
  techo::test::value_of(session.import_begin("export.xml", "{}"));
  for (std::size_t at = 0; at < xml.size(); at += 500) {
    techo::test::value_of(session.import_push(std::string_view(xml).substr(at, 500)));
  }
  auto report = techo::test::value_of(session.import_finish());
  CHECK(report.at("kind") == "lifelog");
  CHECK(report.at("format") == "apple-health");
  CHECK(report.at("imported") == 17);
  CHECK(report.at("byMetric").at("exercise") == 1);
  CHECK(report.at("byMetric").at("steps") == 10);
  CHECK(report.at("byMetric").at("distance") == 5);
  auto days = techo::test::value_of(session.lifelog_days(R"({"metric": "steps", "from": "2014-09-01", "to": "2014-09-30"})"));
  double total = 0;
  for (const auto& d : days.at("days")) total += d.at("value").get<double>();
  CHECK(total == Approx(329 + 283 + 426 + 61 + 10 + 200 + 390 + 320 + 216 + 282));  // one source, no overlaps: all of it
  // Not an Apple Health file: refused, nothing stored.
  techo::test::value_of(session.import_begin("other.xml", "{}"));
  auto refused = nlohmann::json::parse(session.import_push("<?xml version=\"1.0\"?><svg></svg>"));
  if (refused.at("ok") == true) refused = nlohmann::json::parse(session.import_finish());
  CHECK(refused.at("ok") == false);
  CHECK(refused.at("error").at("code") == "UNSUPPORTED");
}
