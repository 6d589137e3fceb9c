// The views a person reads, through the api facade (the JSON the page renders).
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "test_session.hpp"
#include "view_reply.hpp"
#include "api_reply.hpp"
#include "synthea_expectations.hpp"
#include "techo/api.hpp"
#include "test_data.hpp"

using nlohmann::json;
using techo::test::by;
using techo::test::value_of;
using techo::test::view;

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

}  // namespace

TEST_CASE("medications: current ones with dose as written, prescriber, institution, pharmacy, origin", "[views][medications]") {
  techo::test::TestSession session;
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
  techo::test::TestSession session;
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
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  value_of(session.import_fhir(fixture.dump(), "one-clinic.json"));
  CHECK(view(session, "safety").at("warnings").empty());
}

TEST_CASE("the emergency summary lists what a doctor needs first", "[views][emergency]") {
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  value_of(session.import_fhir(medication_fixture().dump(), "family.json"));
  const json e = view(session, "emergency");
  CHECK(e.at("person").at("name") == "山田 花子");  // the vault knows one person: everyone is her
  REQUIRE(e.at("byPerson").size() == 1);
  const json& card = e.at("byPerson")[0];
  CHECK(card.at("person").at("name") == "山田 花子");
  REQUIRE(card.at("contraindications").size() == 1);
  CHECK(card.at("contraindications")[0].at("reactions") == json({"蕁麻疹"}));
  CHECK(card.at("medications").size() == 3);
  REQUIRE(card.at("conditions").size() == 1);  // the resolved influenza is not listed
  CHECK(card.at("conditions")[0].at("name") == "本態性高血圧症");
}

TEST_CASE("labs: one analyte across institutions and code systems, with ranges and flags", "[views][labs]") {
  techo::test::TestSession session;
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
  techo::test::TestSession session;
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
  techo::test::TestSession session;
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
  techo::test::TestSession session;
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

TEST_CASE("JP documents are told apart by the profile their file claims, else by their type", "[views][documents][jp-clins]") {
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  value_of(session.import_fhir(techo::test::read_data("jp-clins-examples/Bundle-Bundle-CLINS-Referral-Example-01.json"),
                               "referral.json"));
  // Only the Bundle says it is an e-prescription: the Composition claims no profile, no type code.
  const json eprescription{
      {"resourceType", "Bundle"}, {"type", "document"},
      {"meta", {{"profile", {"http://jpfhir.jp/fhir/ePrescription/StructureDefinition/JP_Bundle_ePrescriptionData"}}}},
      {"entry", {{{"fullUrl", "urn:uuid:0a0b0c0d-0000-0000-0000-000000000001"},
                  {"resource", {{"resourceType", "Composition"}, {"status", "final"}, {"type", {{"text", "処方箋"}}},
                                {"title", "処方箋"}, {"date", "2026-11-20"}, {"author", {{{"display", "さくら内科"}}}}}}}}}};
  value_of(session.import_fhir(eprescription.dump(), "eprescription.json"));
  const json documents = view(session, "ehr-summary").at("documents");
  std::map<std::string, std::string> kinds;
  for (const auto& d : documents) kinds[d.at("source").get<std::string>()] = d.at("kind").get<std::string>();
  CHECK(kinds == std::map<std::string, std::string>{
                     {"referral.json", "referral"}, {"eprescription.json", "e-prescription"}});
  const json* referral = by(documents, "source", "referral.json");
  REQUIRE(referral);
  CHECK(referral->at("institution") == "港診療所");
  CHECK(view(session, "document", {{"id", referral->at("id")}}).at("kind") == "referral");
  // The patient summary example reuses the referral example's Composition identifier (the
  // same document by FHIR's rules), so it is read in a vault of its own.
  techo::test::TestSession pcs;
  value_of(pcs.open(":memory:"));
  value_of(pcs.import_fhir(techo::test::read_data("jp-clins-examples/Bundle-Bundle-CLINS-PCS-Example-01.json"), "pcs.json"));
  CHECK(view(pcs, "ehr-summary").at("documents")[0].at("kind") == "patient-summary");
}

TEST_CASE("the EHR summary sorts JP-CLINS data into the six kinds of information", "[views][summary][jp-clins]") {
  techo::test::TestSession session;
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
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  for (const auto& b : techo::test::kSyntheaBundles) value_of(session.import_fhir(techo::test::read_data(b.file), b.file));
  const json people = view(session, "immunizations").at("byPerson");
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
  CHECK(view(session, "immunizations", {{"person", first_id}}).at("byPerson").size() == 1);
}

TEST_CASE("an unknown view is an error, not an empty page", "[views]") {
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  CHECK(techo::test::error_of(session.view("nonsense", "{}")).at("code") == "INVALID_ARGUMENT");
}

// ---- Views keep people apart --------------------------------------------------------------
namespace {

json prescription_for(const std::string& patient, const std::string& id, const std::string& yj, const std::string& name,
                      const std::string& date, int days, const json& requester) {
  json r = request(id, yj, name, date, days, requester, "1日3回 毎食後");
  r["subject"] = {{"reference", "Patient/" + patient}};
  return r;
}

// medication_fixture's parent, and her son with his own drug allergy (amoxicillin), his
// own asthma, and his own cold medicine from two clinics (a duplicate of his own). The
// parent has a cold too: the same ingredient as her son's medicine from her own clinic,
// and amoxicillin, which only her son is allergic to. Checked across people, every one of
// these would warn; checked per person, only the son's own duplicate and the parent's own
// warnings remain.
json family_fixture() {
  json fixture = medication_fixture();
  auto add = [&](json resource) { fixture["entry"].push_back({{"resource", std::move(resource)}}); };
  add({{"resourceType", "Patient"}, {"id", "taro"}, {"birthDate", "2019-05-10"}, {"name", {{{"text", "山田 太郎"}}}}});
  add({{"resourceType", "Organization"}, {"id", "kids"}, {"name", "こども小児科"}});
  add({{"resourceType", "Organization"}, {"id", "ent"}, {"name", "みなと耳鼻科"}});
  add({{"resourceType", "PractitionerRole"}, {"id", "ito-at-kids"}, {"organization", {{"reference", "Organization/kids"}}}});
  add({{"resourceType", "PractitionerRole"}, {"id", "mori-at-ent"}, {"organization", {{"reference", "Organization/ent"}}}});
  add({{"resourceType", "AllergyIntolerance"}, {"id", "amox-allergy"}, {"category", {"medication"}},
       {"clinicalStatus", {{"coding", {{{"code", "active"}}}}}},
       {"code", {{"coding", {{{"system", "http://jpfhir.jp/fhir/core/CodeSystem/GCM/JP_JfagyMedicationAllergen_CS"},
                              {"code", "GCM6131001C1ZZZ"}}}}, {"text", "アモキシシリン"}}},
       {"patient", {{"reference", "Patient/taro"}}}, {"recordedDate", "2023-02-01"},
       {"reaction", {{{"manifestation", {{{"text", "発疹"}}}}}}}});
  add({{"resourceType", "Condition"}, {"id", "asthma"}, {"code", {{"text", "気管支喘息"}}},
       {"clinicalStatus", {{"coding", {{{"code", "active"}}}}}}, {"subject", {{"reference", "Patient/taro"}}}});
  add(prescription_for("taro", "taro-carbo-kids", "2233002R2029", "ムコダインDS50%", "2026-11-15", 14,
                       {{"reference", "PractitionerRole/ito-at-kids"}}));
  add(prescription_for("taro", "taro-carbo-ent", "2233002R2037", "カルボシステインDS50%「タカタ」", "2026-11-18", 7,
                       {{"reference", "PractitionerRole/mori-at-ent"}}));
  add(prescription_for("hanako", "hanako-carbo", "2233002F2020", "ムコダイン錠500mg", "2026-11-16", 7,
                       {{"reference", "PractitionerRole/sato-at-sakura"}}));
  add(prescription_for("hanako", "hanako-amox", "6131001M2180", "サワシリンカプセル250", "2026-11-16", 7,
                       {{"reference", "PractitionerRole/sato-at-sakura"}}));
  return fixture;
}

std::vector<std::string> names_of(const json& list, const char* key) {
  std::vector<std::string> out;
  for (const auto& e : list) out.push_back(e.at(key).get<std::string>());
  std::sort(out.begin(), out.end());
  return out;
}

struct Family {
  techo::test::TestSession session;
  std::int64_t hanako = 0, taro = 0;
  Family() {
    value_of(session.open(":memory:"));
    value_of(session.import_fhir(family_fixture().dump(), "family.json"));
    const json people = value_of(session.view("people", "{}"));
    for (const auto& p : people.at("people")) {
      (p.at("name") == "山田 花子" ? hanako : taro) = p.at("id").get<std::int64_t>();
    }
  }
};

}  // namespace

TEST_CASE("with everyone selected, the emergency summary is one card per person, each with only their own records",
          "[views][emergency][family]") {
  Family f;
  REQUIRE(f.taro != 0);
  const json e = view(f.session, "emergency");
  CHECK(e.at("person").is_null());  // several people: no one person's summary
  const json& cards = e.at("byPerson");
  REQUIRE(cards.size() == 2);
  const json& hanako = cards[0];
  CHECK(hanako.at("person").at("name") == "山田 花子");
  CHECK(names_of(hanako.at("contraindications"), "substance") == std::vector<std::string>{"ロキソプロフェン"});
  CHECK(names_of(hanako.at("conditions"), "name") == std::vector<std::string>{"本態性高血圧症"});
  CHECK(names_of(hanako.at("medications"), "drug") ==
        std::vector<std::string>{"サワシリンカプセル250", "ムコスタ錠１００ｍｇ", "ムコダイン錠500mg", "レバミピド錠１００ｍｇ「トーワ」",
                                 "ロキソニン錠６０ｍｇ"});
  const json& taro = cards[1];
  CHECK(taro.at("person").at("name") == "山田 太郎");
  CHECK(names_of(taro.at("contraindications"), "substance") == std::vector<std::string>{"アモキシシリン"});
  CHECK(names_of(taro.at("conditions"), "name") == std::vector<std::string>{"気管支喘息"});
  CHECK(names_of(taro.at("medications"), "drug") ==
        std::vector<std::string>{"カルボシステインDS50%「タカタ」", "ムコダインDS50%"});

  // One person: their card only.
  const json only = view(f.session, "emergency", {{"person", f.taro}});
  CHECK(only.at("person").at("name") == "山田 太郎");
  REQUIRE(only.at("byPerson").size() == 1);
  CHECK(only.at("byPerson")[0].at("medications").size() == 2);
}

TEST_CASE("safety checks run per person: never one person's drug against another's allergy or prescription",
          "[views][safety][family]") {
  Family f;
  const json s = view(f.session, "safety");
  const json& warnings = s.at("warnings");
  // The parent's duplicate rebamipide and loxoprofen allergy; the son's own duplicate.
  REQUIRE(warnings.size() == 3);
  for (const auto& w : warnings) {
    INFO(w.dump());
    const auto person = w.at("person").at("id").get<std::int64_t>();
    for (const auto& m : w.at("medications")) CHECK(m.at("person") == person);
    if (w.at("kind") == "allergy-match") CHECK(w.at("allergy").at("person") == person);
  }
  const json& groups = s.at("byPerson");
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].at("person").at("name") == "山田 花子");
  CHECK(groups[0].at("warnings").size() == 2);
  CHECK(groups[1].at("person").at("name") == "山田 太郎");
  REQUIRE(groups[1].at("warnings").size() == 1);
  const json& carbo = groups[1].at("warnings")[0];
  CHECK(carbo.at("kind") == "duplicate-ingredient");
  CHECK(carbo.at("ingredient") == "2233002");
  CHECK(carbo.at("institutions") == json({"こども小児科", "みなと耳鼻科"}));  // not the parent's clinic

  // The same for one person at a time.
  CHECK(view(f.session, "safety", {{"person", f.hanako}}).at("warnings").size() == 2);
  CHECK(view(f.session, "safety", {{"person", f.taro}}).at("warnings").size() == 1);
}

TEST_CASE("every view's reply says whose records it holds", "[views][family]") {
  Family f;
  for (const char* name : {"medications", "labs", "checkups", "ehr-summary", "immunizations", "safety", "emergency"}) {
    INFO(name);
    const json everyone = view(f.session, name);
    CHECK(everyone.at("person").is_null());
    CHECK(names_of(everyone.at("people"), "name") == std::vector<std::string>{"山田 太郎", "山田 花子"});
    const json one = view(f.session, name, {{"person", f.taro}});
    CHECK(one.at("person").at("name") == "山田 太郎");
    CHECK(names_of(one.at("people"), "name") == std::vector<std::string>{"山田 太郎"});
  }
  // Everyone's medications: each drug's history is one person's.
  const json meds = view(f.session, "medications");
  std::vector<std::string> carbo;
  for (const auto& h : meds.at("history")) {
    if (h.at("drug").get<std::string>().find("DS50%") != std::string::npos ||
        h.at("drug") == "ムコダイン錠500mg") {
      carbo.push_back(std::to_string(h.at("person").get<std::int64_t>() == f.taro) + ":" + std::to_string(h.at("count").get<int>()));
    }
  }
  std::sort(carbo.begin(), carbo.end());
  CHECK(carbo == std::vector<std::string>{"0:1", "1:2"});  // the parent's one, the son's two
}

TEST_CASE("with everyone selected, lab trends and the latest values are one person's each", "[views][labs][family]") {
  json fixture = family_fixture();
  auto weight = [](const std::string& patient, const std::string& date, double kg) {
    return json{{"resource", {{"resourceType", "Observation"}, {"status", "final"}, {"effectiveDateTime", date},
                              {"category", {{{"coding", {{{"code", "laboratory"}}}}}}},
                              {"code", {{"coding", {{{"system", "http://loinc.org"}, {"code", "29463-7"}, {"display", "体重"}}}}}},
                              {"valueQuantity", {{"value", kg}, {"unit", "kg"}}},
                              {"subject", {{"reference", "Patient/" + patient}}}}}};
  };
  // The son was weighed two years ago, his mother this month.
  fixture["entry"].push_back(weight("taro", "2024-05-16", 18.1));
  fixture["entry"].push_back(weight("hanako", "2026-11-01", 56.0));
  fixture["entry"].push_back(weight("hanako", "2025-11-01", 57.5));
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  value_of(session.import_fhir(fixture.dump(), "family.json"));
  const json analytes = view(session, "labs").at("analytes");
  REQUIRE(analytes.size() == 2);  // one weight trend each, not one trend of both
  std::vector<std::string> trends;
  for (const auto& a : analytes) {
    trends.push_back(a.at("latest").at("valueText").get<std::string>() + " of " + std::to_string(a.at("count").get<int>()));
    for (const auto& p : a.at("points")) CHECK(p.at("person") == a.at("person"));
  }
  CHECK(trends == std::vector<std::string>{"56.0 of 2", "18.1 of 1"});
  // The EHR summary's recent results: each person's latest, measured within a year of
  // that person's newest result — the son's weight is not hidden behind his mother's.
  const json recent = view(session, "ehr-summary").at("recentLabs");
  REQUIRE(recent.size() == 2);
  CHECK(recent[0].at("valueText") == "56.0");
  CHECK(recent[1].at("valueText") == "18.1");
}
