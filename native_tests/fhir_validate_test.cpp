#include <catch2/catch.hpp>

#include "techo/fhir.hpp"
#include "test_data.hpp"

using techo::fhir::parse_fhir;

TEST_CASE("a resource breaking FHIR structure is skipped with its path; the rest import", "[fhir][validate]") {
  auto parsed = parse_fhir(R"({"resourceType": "Bundle", "type": "collection", "entry": [
    {"resource": {"resourceType": "Observation", "status": "final", "code": {"text": "HbA1c"},
                  "valueQuantity": {"value": 6.1, "unit": "%"}, "effectiveDateTime": "2024-05-01"}},
    {"resource": {"resourceType": "Observation", "status": "final", "code": {"text": "HbA1c"},
                  "valueQuantity": {"value": 5.9, "unit": "%"}}},
    {"resource": {"resourceType": "Observation", "status": "final", "code": {"text": "LDL"},
                  "valueQuantity": {"value": "140", "unit": "mg/dL"}}},
    {"resource": {"resourceType": "Condition", "code": {"coding": {"code": "E11"}}}},
    {"resource": {"resourceType": "Immunization", "status": "completed", "vaccineCode": {"text": "MR"},
                  "occurrenceDateTime": "2024/05/01"}},
    {"resource": {"resourceType": "MedicationRequest", "status": "active", "dosageInstruction": {"text": "1日1回"}}}
  ]})");
  REQUIRE(parsed.has_value());
  CHECK(parsed->resources.size() == 2);
  REQUIRE(parsed->skipped.size() == 4);
  CHECK(parsed->skipped[0].path == "Bundle.entry[2].resource.valueQuantity.value");
  CHECK(parsed->skipped[0].message == "expected a number");
  CHECK(parsed->skipped[1].path == "Bundle.entry[3].resource.code.coding");
  CHECK(parsed->skipped[1].message == "expected a list");
  CHECK(parsed->skipped[2].path == "Bundle.entry[4].resource.occurrenceDateTime");
  CHECK(parsed->skipped[3].path == "Bundle.entry[5].resource.dosageInstruction");
}

TEST_CASE("dates and date-times follow FHIR's formats", "[fhir][validate]") {
  auto check = [](const std::string& when) {
    return parse_fhir(R"({"resourceType": "Observation", "status": "final", "code": {"text": "x"},
                          "effectiveDateTime": ")" + when + R"("})").has_value();
  };
  CHECK(check("2024"));
  CHECK(check("2024-05"));
  CHECK(check("2024-05-01"));
  CHECK(check("2021-07-05T11:19:41+09:00"));
  CHECK(check("2021-07-05T15:38:59.000+09:00"));
  CHECK(check("2021-07-05T02:19:41Z"));
  CHECK_FALSE(check("2024/05/01"));
  CHECK_FALSE(check("令和6年5月1日"));
  CHECK_FALSE(check("2021-07-05T11:19:41+0900"));
  CHECK_FALSE(check("2021-7-5"));
}

TEST_CASE("a single resource and NDJSON lines report the path from the resource type", "[fhir][validate]") {
  auto single = parse_fhir(R"({"resourceType": "Patient", "birthDate": 19700101})");
  // A file holding one resource that breaks structure has nothing to import: an error.
  REQUIRE_FALSE(single.has_value());
  CHECK(single.error().path == "Patient.birthDate");
  CHECK(single.error().message == "expected a date (YYYY-MM-DD)");

  auto ndjson = parse_fhir("{\"resourceType\": \"Patient\", \"gender\": \"female\"}\n"
                           "{\"resourceType\": \"Patient\", \"gender\": 1}\n");
  REQUIRE(ndjson.has_value());
  CHECK(ndjson->resources.size() == 1);
  REQUIRE(ndjson->skipped.size() == 1);
  CHECK(ndjson->skipped[0].path == "line 2: Patient.gender");
}

TEST_CASE("the JP-CLINS error examples are flagged, the valid examples are not", "[fhir][validate][jp-clins]") {
  int flagged_files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(techo::test::data_path("jp-clins-examples"))) {
    if (entry.path().extension() != ".json") continue;
    const std::string name = entry.path().filename().string();
    INFO(name);
    auto parsed = parse_fhir(techo::test::read_data("jp-clins-examples/" + name));
    REQUIRE(parsed.has_value());
    CHECK(parsed->skipped.empty());
    const bool error_example = name.find("ErrorExample") != std::string::npos;
    if (!parsed->flagged.empty()) ++flagged_files;
    if (!error_example) CHECK(parsed->flagged.empty());
  }
  // 3 files are intentional error examples; the third (a 一般名処方 code with a wrong
  // 薬効分類 digit, 2124030F2ZZZ for 1124030F2ZZZ) is well-formed and needs the MHLW code
  // master to catch, which the core does not ship.
  CHECK(flagged_files == 2);

  auto eye = parse_fhir(techo::test::read_data("jp-clins-examples/MedicationRequest-ErrorExample-JP-MedReq-ExtEye-Total1.json"));
  REQUIRE(eye->flagged.size() == 1);
  CHECK(eye->flagged[0].path == "MedicationRequest.medicationCodeableConcept.coding");
  CHECK(eye->flagged[0].message.find("YJ") != std::string::npos);
  auto egfr = parse_fhir(techo::test::read_data("jp-clins-examples/Observation-ErrorExample-ObsLabo-eGFR.json"));
  REQUIRE(egfr->flagged.size() == 1);
  CHECK(egfr->flagged[0].path == "Observation.code.coding");
  CHECK(egfr->flagged[0].message.find("local") != std::string::npos);
}
