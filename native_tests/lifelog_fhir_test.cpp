#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "techo/fhir.hpp"
#include "techo/lifelog_fhir.hpp"
#include "techo/vault.hpp"
#include "test_data.hpp"

using nlohmann::json;
using techo::lifelog::DeviceKind;
using techo::lifelog::samples_from_observation;

namespace {

json observation(const char* loinc, json value, json effective = {{"effectiveDateTime", "2026-01-01T08:00:00+09:00"}}) {
  json o{{"resourceType", "Observation"},
         {"status", "final"},
         {"code", {{"coding", {{{"system", "http://loinc.org"}, {"code", loinc}}}}}},
         {"subject", {{"reference", "Patient/self"}}}};
  if (!value.is_null()) o["valueQuantity"] = std::move(value);
  o.update(effective);
  return o;
}

json quantity(double value, const char* code) { return {{"value", value}, {"system", "http://unitsofmeasure.org"}, {"code", code}}; }

}  // namespace

TEST_CASE("vital-sign and activity Observations become lifelog samples in the stored units", "[lifelog][fhir]") {
  auto hr = samples_from_observation(observation("8867-4", quantity(64, "/min")));
  REQUIRE(hr.samples.size() == 1);
  CHECK(hr.problems.empty());
  CHECK(hr.samples[0].metric == "heart-rate");
  CHECK(hr.samples[0].value == 64);
  CHECK(hr.samples[0].unit == "/min");
  CHECK(hr.samples[0].utc_offset_minutes == 540);
  CHECK(hr.samples[0].kind == DeviceKind::kMedicalDevice);  // measured at a clinic unless it says otherwise

  // Pounds to kilograms; a watch named as the device is a watch.
  auto weight = observation("29463-7", quantity(150, "[lb_av]"));
  weight["device"] = {{"display", "Apple Watch"}};
  auto w = samples_from_observation(weight);
  REQUIRE(w.samples.size() == 1);
  CHECK(w.samples[0].value == Approx(68.0388555));
  CHECK(w.samples[0].kind == DeviceKind::kWatch);

  // A 特定健診 item (JLAC10, any of its system names): the checkup's weight.
  auto checkup = observation("x", quantity(56.8, "kg"));
  checkup["code"] = {{"coding", {{{"system", "urn:oid:1.2.392.200119.4.504"}, {"code", "9N006000000000001"}}}}};
  auto c = samples_from_observation(checkup);
  REQUIRE(c.samples.size() == 1);
  CHECK(c.samples[0].metric == "body-weight");
  CHECK(c.samples[0].value == Approx(56.8));

  // A blood-pressure panel gives one sample per component.
  auto bp = observation("85354-6", nullptr);
  bp["component"] = {{{"code", {{"coding", {{{"system", "http://loinc.org"}, {"code", "8480-6"}}}}}}, {"valueQuantity", quantity(128, "mm[Hg]")}},
                     {{"code", {{"coding", {{{"system", "http://loinc.org"}, {"code", "8462-4"}}}}}}, {"valueQuantity", quantity(82, "mm[Hg]")}}};
  auto panel = samples_from_observation(bp);
  REQUIRE(panel.samples.size() == 2);
  CHECK(panel.samples[0].metric == "blood-pressure-systolic");
  CHECK(panel.samples[1].metric == "blood-pressure-diastolic");
  CHECK(panel.samples[1].value == 82);

  // Steps over a period; a date without a time is noon in Japan, kept without an offset.
  auto steps = samples_from_observation(observation("41950-7", quantity(7000, "{steps}"),
                                                    {{"effectivePeriod", {{"start", "2026-01-01T00:00:00+09:00"}, {"end", "2026-01-01T23:59:59+09:00"}}}}));
  REQUIRE(steps.samples.size() == 1);
  CHECK(steps.samples[0].end - steps.samples[0].start == 86399);
  auto dated = samples_from_observation(observation("8302-2", quantity(1.62, "m"), {{"effectiveDateTime", "2026-04-01"}}));
  REQUIRE(dated.samples.size() == 1);
  CHECK(dated.samples[0].value == Approx(162));
  CHECK_FALSE(dated.samples[0].utc_offset_minutes.has_value());
  CHECK(techo::lifelog::format_utc(dated.samples[0].start) == "2026-04-01T03:00:00Z");
}

TEST_CASE("Observations that are not lifelog measurements, or cannot be read, say so and give nothing", "[lifelog][fhir]") {
  // HbA1c is a lab result, not a lifelog measurement.
  auto lab = samples_from_observation(observation("4548-4", quantity(5.9, "%")));
  CHECK(lab.samples.empty());
  CHECK(lab.problems.empty());
  // Withdrawn readings are not data.
  auto withdrawn = observation("8867-4", quantity(64, "/min"));
  withdrawn["status"] = "entered-in-error";
  CHECK(samples_from_observation(withdrawn).samples.empty());
  // Techo's own merged export is derived from samples already stored: not read back.
  auto merged = observation("41950-7", quantity(7639, "{steps}"));
  merged["meta"] = {{"tag", {{{"system", "urn:techo"}, {"code", "merged-lifelog"}}}}};
  CHECK(samples_from_observation(merged).samples.empty());
  // A unit without a conversion, a missing time: the field is named.
  auto odd_unit = samples_from_observation(observation("29463-7", quantity(60, "stone")));
  CHECK(odd_unit.samples.empty());
  REQUIRE(odd_unit.problems.size() == 1);
  CHECK(odd_unit.problems[0].path == "Observation.valueQuantity.code");
  CHECK(odd_unit.problems[0].message.find("stone") != std::string::npos);
  auto timeless = observation("8867-4", quantity(64, "/min"), json::object());
  timeless.erase("effectiveDateTime");
  auto t = samples_from_observation(timeless);
  REQUIRE(t.problems.size() == 1);
  CHECK(t.problems[0].path == "Observation.effective[x]");
}

namespace {

json patient(const char* id, const char* family, const char* birth) {
  return {{"resourceType", "Patient"}, {"id", id}, {"name", {{{"family", family}, {"given", {"花子"}}}}}, {"birthDate", birth}};
}

techo::fhir::Bundle parsed_bundle(const std::string& text) {
  auto parsed = techo::fhir::parse_fhir(text);
  REQUIRE(parsed.has_value());
  return techo::fhir::Bundle{parsed->bundle_type, std::move(parsed->resources), {}, {}};
}

std::string bundle(std::vector<json> resources) {
  json b{{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", json::array()}};
  for (auto& r : resources) {
    const std::string url = "http://example.jp/fhir/" + r.value("resourceType", "") + "/" + r.value("id", "");
    b["entry"].push_back({{"fullUrl", url}, {"resource", std::move(r)}});
  }
  return b.dump();
}

}  // namespace

TEST_CASE("a FHIR import feeds the lifelog of the person each Observation is about", "[lifelog][fhir][vault]") {
  auto vault = techo::Vault::open(":memory:");
  REQUIRE(vault.has_value());
  auto hr = observation("8867-4", quantity(64, "/min"));
  hr["id"] = "hr-1";
  hr["subject"] = {{"reference", "Patient/mother"}};
  auto child_weight = observation("29463-7", quantity(12.4, "kg"), {{"effectiveDateTime", "2026-01-01T10:00:00+09:00"}});
  child_weight["id"] = "w-1";
  child_weight["subject"] = {{"reference", "Patient/child"}};
  auto bad = observation("29463-7", quantity(60, "stone"));
  bad["id"] = "w-2";
  bad["subject"] = {{"reference", "Patient/mother"}};
  auto report = vault->import_bundle({"clinic.json"}, parsed_bundle(bundle({patient("mother", "山田", "1988-04-02"),
                                                                            patient("child", "山田", "2022-05-10"), hr, child_weight, bad})));
  REQUIRE(report.has_value());
  // The unreadable one is imported as a record, and named as left out of the lifelog.
  REQUIRE(report->flagged.size() == 1);
  CHECK(report->flagged[0].path == "Observation/w-2: Observation.valueQuantity.code");
  CHECK(report->flagged[0].message.find("lifelog") != std::string::npos);

  auto people = vault->people();
  REQUIRE(people.has_value());
  REQUIRE(people->size() == 2);
  const auto child = (*people)[1].id;
  auto mine = vault->lifelog_days("heart-rate", "2026-01-01", "2026-01-01");
  REQUIRE(mine.has_value());
  REQUIRE(mine->size() == 1);
  CHECK((*mine)[0].value == 64);
  CHECK(vault->lifelog_days("body-weight", "2026-01-01", "2026-01-01")->empty());  // the child's weight is not the mother's
  auto theirs = vault->lifelog_days("body-weight", "2026-01-01", "2026-01-01", child);
  REQUIRE(theirs.has_value());
  REQUIRE(theirs->size() == 1);
  CHECK((*theirs)[0].value == Approx(12.4));
  CHECK((*theirs)[0].explanation.rfind("12.4 = ", 0) == 0);  // one reading: no range to show
  CHECK(vault->lifelog_days("heart-rate", "2026-01-01", "2026-01-01", (*people)[0].id)->size() == 1);  // the holder's id is them too

  // A corrected Observation replaces its sample; the day is merged again.
  hr["meta"] = {{"lastUpdated", "2026-01-02T00:00:00+09:00"}};
  hr["valueQuantity"] = quantity(66, "/min");
  REQUIRE(vault->import_bundle({"clinic-corrected.json"}, parsed_bundle(bundle({hr}))).has_value());
  mine = vault->lifelog_days("heart-rate", "2026-01-01", "2026-01-01");
  REQUIRE(mine->size() == 1);
  CHECK((*mine)[0].value == 66);
  CHECK((*mine)[0].readings == 1);

  // A second, distinct reading that day: the explanation gives the day's range.
  auto evening = observation("8867-4", quantity(80, "/min"), {{"effectiveDateTime", "2026-01-01T20:00:00+09:00"}});
  evening["id"] = "hr-2";
  evening["subject"] = {{"reference", "Patient/mother"}};
  REQUIRE(vault->import_bundle({"clinic-evening.json"}, parsed_bundle(bundle({evening}))).has_value());
  mine = vault->lifelog_days("heart-rate", "2026-01-01", "2026-01-01");
  REQUIRE(mine->size() == 1);
  CHECK((*mine)[0].readings == 2);
  INFO((*mine)[0].explanation);
  CHECK((*mine)[0].explanation.rfind("73.0 (66.0–80.0) = ", 0) == 0);
}

TEST_CASE("Synthea vital signs join the lifelog", "[lifelog][fhir][vault]") {
  auto vault = techo::Vault::open(":memory:");
  REQUIRE(vault.has_value());
  auto report = vault->import_bundle(
      {"synthea.json"}, parsed_bundle(techo::test::read_data("synthea-r4/Fletcher_Hyatt_fe0562b5-f517-4951-8366-32fdab088930.json")));
  REQUIRE(report.has_value());
  auto weights = vault->lifelog_days("body-weight", "1900-01-01", "2100-12-31");
  REQUIRE(weights.has_value());
  CHECK(weights->size() > 3);
  auto systolic = vault->lifelog_days("blood-pressure-systolic", "1900-01-01", "2100-12-31");
  REQUIRE(systolic.has_value());
  CHECK(!systolic->empty());
  for (const auto& d : *systolic) {
    CHECK(d.value > 60);
    CHECK(d.value < 250);
  }
}
