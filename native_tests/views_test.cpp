// The views a person reads, through the api facade (the JSON the page renders).
#include <catch2/catch.hpp>

#include <algorithm>

#include "api_reply.hpp"
#include "synthea_expectations.hpp"
#include "techo/api.hpp"
#include "test_data.hpp"

using nlohmann::json;
using techo::test::value_of;

namespace {

const char* kYJ = "http://capstandard.jp/iyaku.info/CodeSystem/YJ-code";

json request(const std::string& id, const std::string& yj, const std::string& name, const std::string& date, int days,
             const json& requester, const std::string& dosage) {
  json r{{"resourceType", "MedicationRequest"}, {"id", id}, {"status", "completed"}, {"intent", "order"},
         {"medicationCodeableConcept", {{"coding", {{{"system", kYJ}, {"code", yj}, {"display", name}}}}, {"text", name}}},
         {"subject", {{"reference", "Patient/hanako"}}}, {"authoredOn", date}, {"requester", requester},
         {"dosageInstruction", {{{"text", dosage}}}}};
  if (days) r["dispenseRequest"] = {{"expectedSupplyDuration", {{"value", days}, {"unit", "日"}, {"code", "d"}}}};
  return r;
}

// A parent whose two clinics both prescribe rebamipide (two brands, one ingredient), one
// of which also prescribes loxoprofen against a recorded loxoprofen allergy; a pharmacy
// dispenses the first clinic's prescription.
json medication_fixture() {
  json entries = json::array();
  auto add = [&](json resource) { entries.push_back({{"resource", std::move(resource)}}); };
  add({{"resourceType", "Patient"}, {"id", "hanako"}, {"birthDate", "1978-04-12"}, {"name", {{{"text", "山田 花子"}}}}});
  add({{"resourceType", "Organization"}, {"id", "sakura"}, {"name", "さくら内科"},
       {"identifier", {{{"system", "http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no"}, {"value", "111"}}}}});
  add({{"resourceType", "Organization"}, {"id", "aoba"}, {"name", "あおば整形外科"},
       {"identifier", {{{"system", "http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no"}, {"value", "222"}}}}});
  add({{"resourceType", "Organization"}, {"id", "midori"}, {"name", "みどり薬局"}});
  add({{"resourceType", "Practitioner"}, {"id", "sato"}, {"name", {{{"text", "佐藤 健一"}}}}});
  add({{"resourceType", "PractitionerRole"}, {"id", "sato-at-sakura"}, {"practitioner", {{"reference", "Practitioner/sato"}}},
       {"organization", {{"reference", "Organization/sakura"}}}});
  add(request("muco", "2329021F1021", "ムコスタ錠１００ｍｇ", "2026-11-01", 28, {{"reference", "PractitionerRole/sato-at-sakura"}},
              "1日3回 毎食後"));
  // あおば names its doctor by display only and itself by institution number (JP-CLINS style).
  json reb = request("reb", "2329021F1250", "レバミピド錠１００ｍｇ「トーワ」", "2026-11-10", 28, {{"display", "鈴木 涼子"}},
                     "1日3回 毎食後");
  reb["extension"] = {{{"url", "http://jpfhir.jp/fhir/clins/Extension/StructureDefinition/JP_eCS_InstitutionNumber"},
                       {"valueIdentifier", {{"value", "222"}}}}};
  reb["meta"] = {{"tag", {{{"code", "claims"}}}}};
  json lox = request("lox", "1149019F1560", "ロキソニン錠６０ｍｇ", "2026-11-10", 14, {{"display", "鈴木 涼子"}}, "疼痛時 頓用");
  lox["extension"] = reb["extension"];
  add(reb);
  add(lox);
  add(request("old", "2171022F1090", "アムロジピン錠５ｍｇ", "2020-01-06", 28, {{"reference", "PractitionerRole/sato-at-sakura"}},
              "1日1回 朝食後"));
  add({{"resourceType", "MedicationDispense"}, {"id", "muco-dispensed"}, {"status", "completed"},
       {"medicationCodeableConcept", {{"coding", {{{"system", kYJ}, {"code", "2329021F1021"}}}}, {"text", "ムコスタ錠１００ｍｇ"}}},
       {"subject", {{"reference", "Patient/hanako"}}}, {"performer", {{{"actor", {{"reference", "Organization/midori"}}}}}},
       {"authorizingPrescription", {{{"reference", "MedicationRequest/muco"}}}}, {"whenHandedOver", "2026-11-01"},
       {"daysSupply", {{"value", 28}, {"code", "d"}}}, {"dosageInstruction", {{{"text", "1日3回 毎食後"}}}}});
  add({{"resourceType", "AllergyIntolerance"}, {"id", "lox-allergy"}, {"category", {"medication"}}, {"criticality", "high"},
       {"clinicalStatus", {{"coding", {{{"code", "active"}}}}}},
       {"code", {{"coding", {{{"system", "http://jpfhir.jp/fhir/core/CodeSystem/GCM/JP_JfagyMedicationAllergen_CS"},
                              {"code", "GCM1149019F1ZZZ"}}}}, {"text", "ロキソプロフェン"}}},
       {"patient", {{"reference", "Patient/hanako"}}}, {"recordedDate", "2019-08-20"},
       {"reaction", {{{"manifestation", {{{"text", "蕁麻疹"}}}}}}}});
  add({{"resourceType", "Condition"}, {"id", "htn"}, {"code", {{"text", "本態性高血圧症"}}},
       {"clinicalStatus", {{"coding", {{{"code", "active"}}}}}}, {"subject", {{"reference", "Patient/hanako"}}}});
  add({{"resourceType", "Condition"}, {"id", "flu"}, {"code", {{"text", "インフルエンザ"}}},
       {"clinicalStatus", {{"coding", {{{"code", "resolved"}}}}}}, {"subject", {{"reference", "Patient/hanako"}}}});
  return {{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", entries}};
}

json view(techo::api::Session& session, const std::string& name, json query = json::object()) {
  if (!query.contains("today")) query["today"] = "2026-11-21";
  return value_of(session.view(name, query.dump()));
}

const json* by(const json& list, const char* key, const std::string& value) {
  auto it = std::find_if(list.begin(), list.end(), [&](const json& e) { return e.at(key) == value; });
  return it == list.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("medications: current ones with dose as written, prescriber, institution, pharmacy, origin", "[views][medications]") {
  techo::api::Session session;
  value_of(session.open(":memory:"));
  value_of(session.import_fhir(medication_fixture().dump(), "family.json"));
  const json meds = view(session, "medications");
  const json& current = meds.at("current");
  // ムコスタ appears once, as dispensed (the dispensing covers its prescription); the 2020
  // amlodipine ended long ago.
  REQUIRE(current.size() == 3);
  const json* muco = by(current, "drug", "ムコスタ錠１００ｍｇ");
  REQUIRE(muco);
  CHECK(muco->at("kind") == "dispense");
  CHECK(muco->at("pharmacy") == "みどり薬局");
  CHECK(muco->at("institution") == "さくら内科");
  CHECK(muco->at("prescriber") == "佐藤 健一");
  CHECK(muco->at("dosage") == "1日3回 毎食後");
  CHECK(muco->at("endDate") == "2026-11-28");
  const json* reb = by(current, "drug", "レバミピド錠１００ｍｇ「トーワ」");
  REQUIRE(reb);
  CHECK(reb->at("institution") == "あおば整形外科");  // found by its institution number
  CHECK(reb->at("prescriber") == "鈴木 涼子");
  CHECK(reb->at("origin") == "claims");
  CHECK(by(current, "drug", "ロキソニン錠６０ｍｇ")->at("dosage") == "疼痛時 頓用");
  CHECK(by(current, "drug", "アムロジピン錠５ｍｇ") == nullptr);
  // History per drug: rebamipide's two brands are one drug from two institutions.
  const json& history = meds.at("history");
  const json* rebamipide = by(history, "drug", "レバミピド錠１００ｍｇ「トーワ」");
  REQUIRE(rebamipide);
  CHECK(rebamipide->at("count") == 3);  // two prescriptions and one dispensing
  CHECK(rebamipide->at("institutions").size() == 2);
  CHECK(by(history, "drug", "アムロジピン錠５ｍｇ")->at("active") == false);

  // On another day, other things are current.
  const json earlier = view(session, "medications", {{"today", "2020-01-10"}});
  REQUIRE(earlier.at("current").size() == 1);
  CHECK(earlier.at("current")[0].at("drug") == "アムロジピン錠５ｍｇ");
}

TEST_CASE("safety: one ingredient from two institutions, and a drug matching a drug allergy", "[views][safety]") {
  techo::api::Session session;
  value_of(session.open(":memory:"));
  value_of(session.import_fhir(medication_fixture().dump(), "family.json"));
  const json warnings = view(session, "safety").at("warnings");
  REQUIRE(warnings.size() == 2);
  const json* duplicate = by(warnings, "kind", "duplicate-ingredient");
  REQUIRE(duplicate);
  CHECK(duplicate->at("ingredient") == "2329021");
  CHECK(duplicate->at("institutions") == json({"あおば整形外科", "さくら内科"}));
  CHECK(duplicate->at("medications").size() == 2);  // the evidence: both prescriptions
  const json* allergy = by(warnings, "kind", "allergy-match");
  REQUIRE(allergy);
  CHECK(allergy->at("matchedBy") == "ingredient:1149019");
  CHECK(allergy->at("allergy").at("substance") == "ロキソプロフェン");
  CHECK(allergy->at("medications")[0].at("drug") == "ロキソニン錠６０ｍｇ");

  // When the orthopaedic prescriptions have ended, nothing is left to warn about.
  CHECK(view(session, "safety", {{"today", "2027-01-31"}}).at("warnings").empty());
}

TEST_CASE("safety: the same ingredient from one institution is not a duplicate", "[views][safety]") {
  json fixture = medication_fixture();
  auto& entries = fixture["entry"];
  // Drop あおば's prescriptions and the allergy.
  entries.erase(std::remove_if(entries.begin(), entries.end(), [](const json& e) {
                  const auto& r = e["resource"];
                  return r.value("id", "") == "reb" || r.value("id", "") == "lox" || r.value("id", "") == "lox-allergy";
                }),
                entries.end());
  entries.push_back({{"resource", request("muco2", "2329021F1021", "ムコスタ錠１００ｍｇ", "2026-11-15", 28,
                                          {{"reference", "PractitionerRole/sato-at-sakura"}}, "1日3回 毎食後")}});
  techo::api::Session session;
  value_of(session.open(":memory:"));
  value_of(session.import_fhir(fixture.dump(), "one-clinic.json"));
  CHECK(view(session, "safety").at("warnings").empty());
}

TEST_CASE("the emergency summary lists what a doctor needs first", "[views][emergency]") {
  techo::api::Session session;
  value_of(session.open(":memory:"));
  value_of(session.import_fhir(medication_fixture().dump(), "family.json"));
  const json e = view(session, "emergency");
  CHECK(e.at("person").at("name") == "山田 花子");
  REQUIRE(e.at("contraindications").size() == 1);
  CHECK(e.at("contraindications")[0].at("reactions") == json({"蕁麻疹"}));
  CHECK(e.at("medications").size() == 3);
  REQUIRE(e.at("conditions").size() == 1);  // the resolved influenza is not listed
  CHECK(e.at("conditions")[0].at("name") == "本態性高血圧症");
}

TEST_CASE("labs: one analyte across institutions and code systems, with ranges and flags", "[views][labs]") {
  techo::api::Session session;
  value_of(session.open(":memory:"));
  value_of(session.import_fhir(R"({"resourceType": "Bundle", "type": "collection", "entry": [
    {"resource": {"resourceType": "Organization", "id": "c", "name": "さくら内科"}},
    {"resource": {"resourceType": "Organization", "id": "k", "name": "健診センター"}},
    {"resource": {"resourceType": "Observation", "status": "final", "effectiveDateTime": "2025-05-01",
      "code": {"coding": [{"system": "urn:oid:1.2.392.200119.4.504", "code": "3D046000001920402", "display": "HbA1c"}]},
      "valueQuantity": {"value": 6.4, "unit": "%"}, "referenceRange": [{"low": {"value": 4.6}, "high": {"value": 6.2}}],
      "performer": [{"reference": "Organization/c"}]}},
    {"resource": {"resourceType": "Observation", "status": "final", "effectiveDateTime": "2026-06-13",
      "code": {"coding": [{"system": "urn:oid:1.2.392.200119.6.1005", "code": "3D046000001906202", "display": "HbA1c（NGSP値）"}]},
      "valueQuantity": {"value": 5.9, "unit": "%"}, "referenceRange": [{"high": {"value": 5.5}}],
      "interpretation": [{"coding": [{"code": "N"}]}], "performer": [{"reference": "Organization/k"}]}},
    {"resource": {"resourceType": "Observation", "status": "final", "effectiveDateTime": "2026-06-13",
      "code": {"coding": [{"system": "http://loinc.org", "code": "2093-3", "display": "Cholesterol"}]},
      "valueQuantity": {"value": 180, "unit": "mg/dL"}, "interpretation": [{"coding": [{"code": "L"}]}]}}
  ]})", "labs.json"));
  const json analytes = view(session, "labs").at("analytes");
  REQUIRE(analytes.size() == 2);
  const json* hba1c = by(analytes, "analyte", "jlac:3D046-019");
  REQUIRE(hba1c);
  REQUIRE(hba1c->at("points").size() == 2);
  CHECK(hba1c->at("institutions") == json({"さくら内科", "健診センター"}));
  CHECK(hba1c->at("points")[0].at("flag") == "H");    // 6.4 above 6.2
  CHECK(hba1c->at("points")[0].at("rangeText") == "4.6–6.2");
  CHECK(hba1c->at("points")[1].at("flag") == "");     // the source said normal: its word wins over 5.9 > 5.5
  CHECK(hba1c->at("latest").at("value") == 5.9);
  CHECK(by(analytes, "analyte", "http://loinc.org|2093-3")->at("latest").at("flag") == "L");
}

TEST_CASE("labs: Synthea blood pressure panels become systolic and diastolic trends", "[views][labs][synthea]") {
  techo::api::Session session;
  value_of(session.open(":memory:"));
  const auto& matt = techo::test::kSyntheaBundles[1];
  value_of(session.import_fhir(techo::test::read_data(matt.file), matt.file));
  const json analytes = view(session, "labs").at("analytes");
  const json* systolic = by(analytes, "analyte", "http://loinc.org|8480-6");
  REQUIRE(systolic);
  CHECK(systolic->at("count").get<int>() >= 5);
  CHECK(systolic->at("unit") == "mm[Hg]");
  CHECK(systolic->at("numeric") == true);
}

TEST_CASE("checkups: 特定健診 results laid out by the result form's sections", "[views][checkups]") {
  techo::api::Session session;
  value_of(session.open(":memory:"));
  auto item = [](const std::string& code, const std::string& name, const std::string& value) {
    json o{{"resourceType", "Observation"}, {"status", "final"}, {"effectiveDateTime", "2026-06-13T09:00:00+09:00"},
           {"code", {{"coding", {{{"system", "urn:oid:1.2.392.200119.6.1005"}, {"code", code}, {"display", name}}}}}}};
    if (value.find_first_not_of("0123456789.") == std::string::npos) {
      o["valueQuantity"] = {{"value", std::stod(value)}, {"unit", "x"}};
    } else {
      o["valueString"] = value;
    }
    return json{{"resource", o}};
  };
  json bundle{{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", {
      item("9A765000000000001", "拡張期血圧", "88"), item("9N001000000000001", "身長", "158.2"),
      item("9N506000000000011", "保健指導レベル", "動機付け支援"), item("3D046000001906202", "HbA1c", "6.3"),
      item("9A755000000000001", "収縮期血圧", "140"), item("1A020000000191111", "尿糖", "（－）")}}};
  value_of(session.import_fhir(bundle.dump(), "checkup.json"));
  const json reports = view(session, "checkups").at("reports");
  REQUIRE(reports.size() == 1);
  CHECK(reports[0].at("date") == "2026-06-13");
  std::vector<std::string> order;
  for (const auto& s : reports[0].at("sections")) {
    for (const auto& i : s.at("items")) order.push_back(s.at("id").get<std::string>() + ":" + i.at("item").get<std::string>());
  }
  CHECK(order == std::vector<std::string>{"body:height", "bp:systolic", "bp:diastolic", "glucose:hba1c",
                                          "urine:urine_glucose", "judgement:guidance"});
  CHECK(reports[0].at("items").at("guidance").at("valueText") == "動機付け支援");
}

TEST_CASE("a referral letter reads as a document, section by section", "[views][documents][jp-clins]") {
  techo::api::Session session;
  value_of(session.open(":memory:"));
  value_of(session.import_fhir(techo::test::read_data("jp-clins-examples/Bundle-Bundle-CLINS-Referral-Example-01.json"),
                               "referral.json"));
  const json summary = view(session, "ehr-summary");
  REQUIRE(summary.at("documents").size() == 1);
  const json doc = view(session, "document", {{"id", summary.at("documents")[0].at("id")}});
  CHECK(doc.at("title") == "診療情報提供書");
  CHECK(doc.at("custodian") == "港診療所");
  const json& sections = doc.at("sections");
  CHECK(by(sections, "title", "紹介元情報")->at("text") == "港診療所");
  const json* structured = by(sections, "title", "構造情報");
  REQUIRE(structured);
  const json* purpose = by(structured->at("sections"), "title", "紹介目的");
  REQUIRE(purpose);
  CHECK(purpose->at("text") == "腹痛精査お願いします。");
  const json* diagnoses = by(structured->at("sections"), "title", "傷病名・主訴");
  REQUIRE(diagnoses);
  CHECK(diagnoses->at("entries")[0].at("text") == "上腹部痛");
  CHECK(diagnoses->at("entries")[0].at("type") == "Condition");
  CHECK(techo::test::error_of(session.view("document", R"({"id": 99999})")).at("code") == "INVALID_ARGUMENT");
}

TEST_CASE("the EHR summary sorts JP-CLINS data into the six kinds of information", "[views][summary][jp-clins]") {
  techo::api::Session session;
  value_of(session.open(":memory:"));
  for (const char* file : {"AllergyIntolerance-Example-JP-Allergy-eCS-01.json",
                           "AllergyIntolerance-Example-JP-AllergyIntolerance-eCS-03.json",
                           "Condition-Example-JP-Condition-eCS-01.json", "Observation-Example-JP-Obs-LabResult-eCS-Alb.json",
                           "Patient-Example-JP-Patient-eCS-MAKINO.json"}) {
    value_of(session.import_fhir(techo::test::read_data(std::string("jp-clins-examples/") + file), file));
  }
  const json s = view(session, "ehr-summary");
  CHECK(s.at("allergies").size() == 1);
  CHECK(s.at("allergies")[0].at("substance") == "サバ");
  CHECK(s.at("contraindications").size() == 1);
  CHECK(s.at("contraindications")[0].at("substance") == "ヨードうがい液");
  REQUIRE(s.at("diagnoses").size() == 1);
  CHECK_FALSE(s.at("diagnoses")[0].at("name").get<std::string>().empty());
  REQUIRE(s.at("recentLabs").size() == 1);
  CHECK(s.at("recentLabs")[0].at("name") == "アルブミン");
  CHECK(s.at("recentLabs")[0].at("unit") == "mg/L");
}

TEST_CASE("vaccinations are listed per person", "[views][immunizations][synthea]") {
  techo::api::Session session;
  value_of(session.open(":memory:"));
  for (const auto& b : techo::test::kSyntheaBundles) value_of(session.import_fhir(techo::test::read_data(b.file), b.file));
  const json people = view(session, "immunizations").at("people");
  REQUIRE(people.size() == 4);
  for (const auto& b : techo::test::kSyntheaBundles) {
    INFO(b.patient_name);
    auto it = std::find_if(people.begin(), people.end(), [&](const json& p) { return p.at("person").at("name") == b.patient_name; });
    REQUIRE(it != people.end());
    CHECK(static_cast<std::int64_t>(it->at("immunizations").size()) == b.counts.at("Immunization"));
    const json& list = it->at("immunizations");
    for (std::size_t i = 1; i < list.size(); ++i) CHECK(list[i - 1].at("date") <= list[i].at("date"));
  }
  // One person only.
  const auto first_id = people[0].at("person").at("id").get<std::int64_t>();
  CHECK(view(session, "immunizations", {{"person", first_id}}).at("people").size() == 1);
}

TEST_CASE("an unknown view is an error, not an empty page", "[views]") {
  techo::api::Session session;
  value_of(session.open(":memory:"));
  CHECK(techo::test::error_of(session.view("nonsense", "{}")).at("code") == "INVALID_ARGUMENT");
}
