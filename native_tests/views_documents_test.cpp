// Documents read as documents: an e-prescription's medicines take their prescriber,
// institution and date from its Composition, and every dosage instruction of a medicine is
// kept, in order, with its dose, timing, site and duration.
#include <catch2/catch.hpp>

#include <algorithm>

#include "api_reply.hpp"
#include "test_data.hpp"
#include "test_session.hpp"
#include "view_reply.hpp"

using nlohmann::json;
using techo::test::by;
using techo::test::value_of;
using techo::test::view;

namespace {

json eye_drop_dosage(int sequence, const char* text, const char* site_code, const char* site, int drops) {
  return {{"sequence", sequence},
          {"text", text},
          {"timing", {{"repeat", {{"frequency", 1}, {"period", 1}, {"periodUnit", "d"}, {"when", {"HS"}}}},
                      {"code", {{"coding", {{{"system", "urn:oid:1.2.392.200250.2.2.20.20"}, {"code", "2H71000000000000"},
                                              {"display", "１日１回　点眼"}}}}}}}},
          {"site", {{"coding", {{{"system", "urn:oid:1.2.392.200250.2.2.20.32"}, {"code", site_code}, {"display", site}}}}}},
          {"doseAndRate", {{{"doseQuantity", {{"value", drops}, {"unit", "滴"}}}}}}};
}

// An MHLW e-prescription data Bundle: only the Composition says who prescribed, where and
// when; the prescriptions carry neither requester nor authoredOn. The eye drops come with
// their second instruction listed first, sequence numbers saying the order.
json e_prescription() {
  const json eye_drops{
      {"resourceType", "MedicationRequest"}, {"status", "active"}, {"intent", "order"},
      {"medicationCodeableConcept", {{"text", "ラタノプロスト点眼液"}}},
      {"subject", {{"reference", "urn:uuid:00000000-0000-4000-8000-000000000002"}}},
      {"dosageInstruction", {eye_drop_dosage(2, "左眼に1回2滴", "26L", "左眼", 2), eye_drop_dosage(1, "右眼に1回1滴", "26R", "右眼", 1)}}};
  const json note{{"resourceType", "Communication"}, {"status", "completed"},
                  {"extension", {{{"url", "http://jpfhir.jp/fhir/ePrescription/Extension/StructureDefinition/JP_Communication_CommunicationContent"},
                                  {"valueString", "冷所保存"}}}},
                  {"category", {{{"coding", {{{"system", "http://jpfhir.jp/fhir/ePrescription/CodeSystem/communication-category"},
                                              {"code", "1"}, {"display", "処方箋備考"}}}}}}}};
  const auto entry = [](const char* uuid, json resource) {
    return json{{"fullUrl", std::string("urn:uuid:00000000-0000-4000-8000-00000000000") + uuid}, {"resource", std::move(resource)}};
  };
  return {{"resourceType", "Bundle"}, {"type", "document"},
          {"meta", {{"profile", {"http://jpfhir.jp/fhir/ePrescription/StructureDefinition/JP_Bundle_ePrescriptionData"}}}},
          {"entry", {entry("1", {{"resourceType", "Composition"}, {"status", "final"}, {"title", "処方箋"},
                                 {"type", {{"coding", {{{"system", "http://jpfhir.jp/fhir/Common/CodeSystem/doc-typecodes"},
                                                        {"code", "57833-6"}, {"display", "処方箋"}}}}}},
                                 {"subject", {{"reference", "urn:uuid:00000000-0000-4000-8000-000000000002"}}},
                                 {"date", "2026-11-20T10:30:00+09:00"},
                                 {"author", {{{"reference", "urn:uuid:00000000-0000-4000-8000-000000000003"}},
                                             {{"reference", "urn:uuid:00000000-0000-4000-8000-000000000004"}}}},
                                 {"custodian", {{"reference", "urn:uuid:00000000-0000-4000-8000-000000000004"}}},
                                 {"section", {{{"title", "処方情報"},
                                               {"entry", {{{"reference", "urn:uuid:00000000-0000-4000-8000-000000000005"}},
                                                          {{"reference", "urn:uuid:00000000-0000-4000-8000-000000000006"}}}}}}}}),
                     entry("2", {{"resourceType", "Patient"}, {"name", {{{"text", "田中 美咲"}}}}, {"birthDate", "1958-06-30"}}),
                     entry("3", {{"resourceType", "PractitionerRole"},
                                 {"practitioner", {{"reference", "urn:uuid:00000000-0000-4000-8000-000000000007"}}},
                                 {"organization", {{"reference", "urn:uuid:00000000-0000-4000-8000-000000000004"}}}}),
                     entry("4", {{"resourceType", "Organization"}, {"name", "さくら眼科"}}),
                     entry("5", eye_drops), entry("6", note),
                     entry("7", {{"resourceType", "Practitioner"}, {"name", {{{"text", "佐藤 健一"}}}}})}}};
}

}  // namespace

TEST_CASE("an e-prescription's medicines are the prescriber's, the institution's and the date of its Composition",
          "[views][documents][e-prescription]") {
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  value_of(session.import_fhir(e_prescription().dump(), "e-prescription.json"));
  const json meds = view(session, "medications");
  REQUIRE(meds.at("entries").size() == 1);
  const json& drops = meds.at("entries")[0];
  CHECK(drops.at("origin") == "e-prescription");
  CHECK(drops.at("prescriber") == "佐藤 健一");
  CHECK(drops.at("institution") == "さくら眼科");
  CHECK(drops.at("date").get<std::string>().substr(0, 10) == "2026-11-20");
  CHECK(drops.at("document").at("kind") == "e-prescription");
  CHECK(drops.at("document").at("section") == "処方情報");
  // The prescription as a whole, with its 備考.
  REQUIRE(meds.at("prescriptions").size() == 1);
  const json& prescription = meds.at("prescriptions")[0];
  CHECK(prescription.at("document").at("institution") == "さくら眼科");
  CHECK(prescription.at("document").at("author") == "佐藤 健一");
  CHECK(prescription.at("medications") == json::array({drops.at("id")}));
  REQUIRE(prescription.at("notes").size() == 1);
  CHECK(prescription.at("notes")[0].at("text") == "冷所保存");
  CHECK(prescription.at("notes")[0].at("category") == "処方箋備考");
}

TEST_CASE("every dosage instruction is kept, in the order the prescriber gave", "[views][documents][dosage]") {
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  value_of(session.import_fhir(e_prescription().dump(), "e-prescription.json"));
  const json drops = view(session, "medications").at("entries")[0];
  const json& dosages = drops.at("dosages");
  REQUIRE(dosages.size() == 2);
  CHECK(dosages[0].at("text") == "右眼に1回1滴");
  CHECK(dosages[0].at("site") == "右眼");
  CHECK(dosages[0].at("dose") == "1滴");
  CHECK(dosages[1].at("text") == "左眼に1回2滴");
  CHECK(dosages[1].at("site") == "左眼");
  CHECK(dosages[1].at("dose") == "2滴");
  CHECK(dosages[1].at("timing").at("code") == "１日１回　点眼");
  CHECK(dosages[1].at("timing").at("when") == json::array({"HS"}));
  CHECK(drops.at("dosage") == "右眼に1回1滴");  // the first, for callers of the single field
  CHECK(view(session, "medications").at("history")[0].at("latestDosage") == "右眼に1回1滴 / 左眼に1回2滴");
  // The document view lists both instructions too.
  const json summary = view(session, "ehr-summary");
  REQUIRE(summary.at("documents").size() == 1);
  const json doc = view(session, "document", {{"id", summary.at("documents")[0].at("id")}});
  CHECK(doc.at("institution") == "さくら眼科");
  CHECK(doc.at("author") == "佐藤 健一");
  const json& entries = doc.at("sections")[0].at("entries");
  const json* medicine = by(entries, "type", "MedicationRequest");
  REQUIRE(medicine);
  CHECK(medicine->at("detail") == "右眼に1回1滴 / 左眼に1回2滴");
  CHECK(medicine->at("dosages").size() == 2);
  const json* note = by(entries, "type", "Communication");
  REQUIRE(note);
  CHECK(note->at("text") == "冷所保存");
}

TEST_CASE("a JP-CLINS prescription's dosage fields: timing, route, method, dose per day, duration, extra instructions",
          "[views][documents][dosage][jp-clins]") {
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  for (const char* file : {"MedicationRequest-Example-JP-MedReq-PO-SID-28days.json",
                           "MedicationRequest-Example-JP-MedReq-eCS-fukintouByDay.json",
                           "MedicationRequest-Example-JP-MedReq-PO-Fumin-AsNeeded-4.json"}) {
    value_of(session.import_fhir(techo::test::read_data(std::string("jp-clins-examples/") + file), file));
  }
  const json entries = view(session, "medications").at("entries");
  const json* quazepam = by(entries, "drug", "クアゼパム錠２０ｍｇ");
  REQUIRE(quazepam);
  const json& d = quazepam->at("dosages").at(0);
  CHECK(d.at("text") == "1日1回 就寝前 １回 1錠  (１日  1錠) 28　日分,自己調節可");
  CHECK(d.at("timing").at("code") == "1日1回 就寝前");
  CHECK(d.at("timing").at("frequency") == 1);
  CHECK(d.at("timing").at("periodUnit") == "d");
  CHECK(d.at("route") == "経口");
  CHECK(d.at("method") != "");
  CHECK(d.at("dailyDose") == "1錠/日");
  CHECK(d.at("days") == 28);
  const json* prednisolone = by(entries, "drug", "プレドニン錠５ｍｇ・塩野義");
  REQUIRE(prednisolone);
  const json& uneven = prednisolone->at("dosages").at(0).at("additionalInstructions");
  REQUIRE(uneven.size() == 3);
  CHECK(uneven[0] == "不均等・１回目・４錠");
  const json* lemborexant = by(entries, "drug", "デエビゴ錠２．５ｍｇ");
  REQUIRE(lemborexant);
  CHECK(lemborexant->at("dosages").at(0).at("asNeeded") == true);
  CHECK(lemborexant->at("dosages").at(0).at("dose") == "1錠");
}
