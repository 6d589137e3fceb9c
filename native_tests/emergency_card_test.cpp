// The emergency card (救急時カード) through the api facade: what a doctor needs first, one
// card per person, and the contacts and care wishes the person enters themselves, stored
// as FHIR (RelatedPerson, an advance-directive Consent) so they travel like any record.
#include <catch2/catch.hpp>

#include <algorithm>

#include <sqlite3.h>

#include "api_reply.hpp"
#include "emergency_info.hpp"
#include "techo/consent.hpp"
#include "test_data.hpp"
#include "test_session.hpp"
#include "techo/views.hpp"

using nlohmann::json;
using techo::test::error_of;
using techo::test::value_of;

namespace {

const char* kToday = "2026-11-21";

json coded(const std::string& system, const std::string& code, const std::string& text) {
  return {{"coding", {{{"system", system}, {"code", code}, {"display", text}}}}, {"text", text}};
}

// A mother and her son, each with their own allergy, medicine, infection test, blood type,
// implant, admission and operation; and records of each that are too old for the card.
json family() {
  json entries = json::array();
  auto add = [&](json r) { entries.push_back({{"resource", std::move(r)}}); };
  auto lab = [&](const std::string& patient, const std::string& system, const std::string& code, const std::string& name,
                 const json& value, const std::string& date) {
    json o{{"resourceType", "Observation"}, {"status", "final"},
           {"category", {{{"coding", {{{"system", "http://terminology.hl7.org/CodeSystem/observation-category"}, {"code", "laboratory"}}}}}}},
           {"code", coded(system, code, name)}, {"subject", {{"reference", "Patient/" + patient}}}, {"effectiveDateTime", date}};
    for (auto it = value.begin(); it != value.end(); ++it) o[it.key()] = it.value();
    add(o);
  };
  add({{"resourceType", "Patient"}, {"id", "mother"}, {"birthDate", "1980-03-03"}, {"name", {{{"text", "川村 さくら"}}}}});
  add({{"resourceType", "Patient"}, {"id", "son"}, {"birthDate", "2016-08-08"}, {"name", {{{"text", "川村 陽太"}}}}});
  add({{"resourceType", "Organization"}, {"id", "central"}, {"name", "中央総合病院"}});
  // Allergies and medicines, one of each per person.
  add({{"resourceType", "AllergyIntolerance"}, {"id", "mother-allergy"}, {"code", {{"text", "そば"}}},
       {"patient", {{"reference", "Patient/mother"}}}});
  add({{"resourceType", "AllergyIntolerance"}, {"id", "son-allergy"}, {"code", {{"text", "卵"}}},
       {"patient", {{"reference", "Patient/son"}}}});
  add({{"resourceType", "MedicationRequest"}, {"id", "mother-med"}, {"status", "active"}, {"intent", "order"},
       {"medicationCodeableConcept", {{"text", "ワーファリン錠1mg"}}}, {"subject", {{"reference", "Patient/mother"}}},
       {"authoredOn", "2026-11-01"}, {"dosageInstruction", {{{"text", "1日1回 朝食後"}}}}});
  add({{"resourceType", "MedicationRequest"}, {"id", "son-med"}, {"status", "active"}, {"intent", "order"},
       {"medicationCodeableConcept", {{"text", "エピペン注射液0.15mg"}}}, {"subject", {{"reference", "Patient/son"}}},
       {"authoredOn", "2026-10-01"}, {"dosageInstruction", {{{"text", "アナフィラキシー時"}}}}});
  // Infection tests (JLAC10 5F: 感染症) and blood types, JLAC10 for the mother, LOINC for the son.
  const std::string jlac = "urn:oid:1.2.392.200119.4.504";
  lab("mother", jlac, "5F016141990023111", "HBs抗原", {{"valueString", "陽性"}}, "2026-06-01");
  lab("son", jlac, "5F360149990023111", "インフルエンザ抗原", {{"valueString", "陰性"}}, "2026-02-01");
  lab("mother", jlac, "5H010000001999911", "ABO血液型", {{"valueString", "A"}}, "2001-04-01");
  lab("mother", jlac, "5H020000001999911", "Rh(D)血液型", {{"valueString", "Rh(+)"}}, "2001-04-01");
  lab("son", "http://loinc.org", "882-1", "ABO and Rh group", {{"valueCodeableConcept", {{"text", "O Rh(+)"}}}}, "2016-08-08");
  // Implants: the mother's pacemaker as a Device of hers; the son's cochlear implant
  // through a DeviceUseStatement naming a Device that names no patient.
  add({{"resourceType", "Device"}, {"id", "pacemaker"}, {"status", "active"},
       {"deviceName", {{{"name", "植込み型心臓ペースメーカ"}, {"type", "user-friendly-name"}}}},
       {"patient", {{"reference", "Patient/mother"}}}});
  add({{"resourceType", "DeviceUseStatement"}, {"id", "mother-pacemaker"}, {"status", "active"},
       {"subject", {{"reference", "Patient/mother"}}}, {"device", {{"reference", "Device/pacemaker"}}},
       {"timingDateTime", "2020-02-02"}});  // the same pacemaker: listed once
  add({{"resourceType", "Device"}, {"id", "cochlear"}, {"type", {{"text", "人工内耳"}}}});
  add({{"resourceType", "DeviceUseStatement"}, {"id", "son-cochlear"}, {"status", "active"},
       {"subject", {{"reference", "Patient/son"}}}, {"device", {{"reference", "Device/cochlear"}}},
       {"timingDateTime", "2019-05-01"}});
  // Admissions and operations: each has one within the year before today and one older.
  auto stay = [&](const std::string& id, const std::string& patient, const std::string& start, const std::string& end,
                  const std::string& reason) {
    add({{"resourceType", "Encounter"}, {"id", id}, {"status", "finished"},
         {"class", {{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode"}, {"code", "IMP"}, {"display", "inpatient encounter"}}},
         {"subject", {{"reference", "Patient/" + patient}}}, {"period", {{"start", start}, {"end", end}}},
         {"reasonCode", {{{"text", reason}}}}, {"serviceProvider", {{"reference", "Organization/central"}}}});
  };
  stay("mother-stay", "mother", "2026-03-10", "2026-03-20", "肺炎");
  stay("mother-old-stay", "mother", "2019-01-10", "2019-01-12", "虫垂炎");
  stay("son-stay", "son", "2026-07-01", "2026-07-03", "喘息発作");
  add({{"resourceType", "Encounter"}, {"id", "son-visit"}, {"status", "finished"},
       {"class", {{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode"}, {"code", "AMB"}}},
       {"subject", {{"reference", "Patient/son"}}}, {"period", {{"start", "2026-10-01"}}}});
  auto operation = [&](const std::string& id, const std::string& patient, const std::string& name, const std::string& date) {
    add({{"resourceType", "Procedure"}, {"id", id}, {"status", "completed"}, {"code", {{"text", name}}},
         {"subject", {{"reference", "Patient/" + patient}}}, {"performedDateTime", date}});
  };
  operation("mother-op", "mother", "腹腔鏡下胆嚢摘出術", "2026-03-12");
  operation("mother-old-op", "mother", "虫垂切除術", "2019-01-10");
  operation("son-op", "son", "扁桃摘出術", "2026-07-02");
  return {{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", entries}};
}

struct Family {
  techo::test::TestSession session;
  std::int64_t mother = 0, son = 0;
  Family() {
    value_of(session.open(":memory:"));
    const json report = value_of(session.import_fhir(family().dump(), "family.json"));
    INFO(report.dump());
    CHECK(report.at("skipped").empty());
    const json people = value_of(session.view("people", "{}"));
    for (const auto& p : people.at("people")) {
      (p.at("name") == "川村 さくら" ? mother : son) = p.at("id").get<std::int64_t>();
    }
  }
  json card(std::int64_t person) {
    const json e = value_of(session.view("emergency", json{{"person", person}, {"today", kToday}}.dump()));
    REQUIRE(e.at("byPerson").size() == 1);
    return e.at("byPerson")[0];
  }
};

std::vector<std::string> texts(const json& list, const char* key) {
  std::vector<std::string> out;
  for (const auto& e : list) out.push_back(e.at(key).get<std::string>());
  return out;
}

json mother_info() {
  return {{"contacts", {{{"name", "川村 誠"}, {"relationship", "夫"}, {"phone", "090-1111-2222"}},
                        {{"name", "川村 和子"}, {"relationship", "母"}, {"phone", "03-3333-4444"}}}},
          {"wishes", {{"cpr", "refused"}, {"note", "人生会議: 2026年5月、夫と主治医と話し合った。延命治療は望まない。"},
                      {"discussedOn", "2026-05-10"}}}};
}

json son_info() {
  return {{"contacts", {{{"name", "川村 さくら"}, {"relationship", "母"}, {"phone", "080-5555-6666"}}}},
          {"wishes", {{"cpr", "wanted"}, {"note", "卵アレルギー: エピペンをランドセルに入れています。"}}}};
}

json save(Family& f, std::int64_t person, const json& info) {
  return value_of(f.session.call("saveEmergencyInfo", json{{"person", person}, {"info", info}}));
}

}  // namespace

TEST_CASE("the emergency card lists infections, blood type, implants, the last year's admissions and operations",
          "[emergency]") {
  Family f;
  REQUIRE(f.son != 0);
  const json mother = f.card(f.mother);
  CHECK(mother.at("person").at("name") == "川村 さくら");
  CHECK(texts(mother.at("allergies"), "substance") == std::vector<std::string>{"そば"});
  CHECK(texts(mother.at("medications"), "drug") == std::vector<std::string>{"ワーファリン錠1mg"});
  REQUIRE(mother.at("infections").size() == 1);
  CHECK(mother.at("infections")[0].at("valueText") == "陽性");
  CHECK(texts(mother.at("bloodType"), "valueText") == std::vector<std::string>{"A", "Rh(+)"});
  CHECK(texts(mother.at("devices"), "name") == std::vector<std::string>{"植込み型心臓ペースメーカ"});
  CHECK(mother.at("devices")[0].at("since") == "2020-02-02");
  REQUIRE(mother.at("admissions").size() == 1);  // the 2019 stay is over a year ago
  CHECK(mother.at("admissions")[0].at("reason") == "肺炎");
  CHECK(mother.at("admissions")[0].at("start") == "2026-03-10");
  CHECK(mother.at("admissions")[0].at("institution") == "中央総合病院");
  CHECK(texts(mother.at("procedures"), "name") == std::vector<std::string>{"腹腔鏡下胆嚢摘出術"});

  const json son = f.card(f.son);
  CHECK(texts(son.at("allergies"), "substance") == std::vector<std::string>{"卵"});
  CHECK(texts(son.at("medications"), "drug") == std::vector<std::string>{"エピペン注射液0.15mg"});
  CHECK(texts(son.at("infections"), "valueText") == std::vector<std::string>{"陰性"});
  CHECK(texts(son.at("bloodType"), "valueText") == std::vector<std::string>{"O Rh(+)"});
  CHECK(texts(son.at("devices"), "name") == std::vector<std::string>{"人工内耳"});
  CHECK(son.at("devices")[0].at("since") == "2019-05-01");
  CHECK(texts(son.at("admissions"), "reason") == std::vector<std::string>{"喘息発作"});  // not the outpatient visit
  CHECK(texts(son.at("procedures"), "name") == std::vector<std::string>{"扁桃摘出術"});
  // Nothing entered yet: no contacts, no wishes.
  CHECK(son.at("contacts").empty());
  CHECK(son.at("careWishes").is_null());

  // With everyone: the same two cards, and no card for the patientless Device.
  const json all = value_of(f.session.view("emergency", json{{"today", kToday}}.dump()));
  REQUIRE(all.at("byPerson").size() == 2);
  CHECK(all.at("byPerson")[0].at("devices").size() == 1);
  CHECK(all.at("byPerson")[1].at("devices").size() == 1);
}

TEST_CASE("each person's own contacts and care wishes are on their card only, and saving again replaces them",
          "[emergency]") {
  Family f;
  const json saved = save(f, f.mother, mother_info());
  CHECK(saved.at("contacts").size() == 2);
  save(f, f.son, son_info());

  const json mother = f.card(f.mother);
  CHECK(texts(mother.at("contacts"), "name") == std::vector<std::string>{"川村 誠", "川村 和子"});
  CHECK(mother.at("contacts")[0].at("relationship") == "夫");
  CHECK(mother.at("contacts")[0].at("phone") == "090-1111-2222");
  REQUIRE(mother.at("careWishes").is_object());
  CHECK(mother.at("careWishes").at("cpr") == "refused");
  CHECK(mother.at("careWishes").at("discussedOn") == "2026-05-10");
  CHECK(mother.at("careWishes").at("note").get<std::string>().find("延命治療は望まない") != std::string::npos);
  CHECK(mother.at("careWishes").at("enteredByPerson") == true);

  const json son = f.card(f.son);
  CHECK(texts(son.at("contacts"), "name") == std::vector<std::string>{"川村 さくら"});
  CHECK(son.at("careWishes").at("cpr") == "wanted");
  CHECK(son.at("careWishes").at("note").get<std::string>().find("エピペン") != std::string::npos);

  // With everyone: each card still holds its own person's entries only.
  const json all = value_of(f.session.view("emergency", json{{"today", kToday}}.dump()));
  REQUIRE(all.at("byPerson").size() == 2);
  CHECK(texts(all.at("byPerson")[0].at("contacts"), "name") == std::vector<std::string>{"川村 誠", "川村 和子"});
  CHECK(all.at("byPerson")[0].at("careWishes").at("cpr") == "refused");
  CHECK(texts(all.at("byPerson")[1].at("contacts"), "name") == std::vector<std::string>{"川村 さくら"});
  CHECK(all.at("byPerson")[1].at("careWishes").at("cpr") == "wanted");

  // Saving again: one contact instead of two, no decision on CPR. The second contact is
  // gone from the card; the earlier versions stay in the vault's history.
  json changed = mother_info();
  changed["contacts"].erase(1);
  changed["wishes"] = {{"cpr", "undecided"}, {"note", ""}};
  save(f, f.mother, changed);
  const json again = f.card(f.mother);
  CHECK(texts(again.at("contacts"), "name") == std::vector<std::string>{"川村 誠"});
  CHECK(again.at("careWishes").at("cpr") == "undecided");
  CHECK(again.at("careWishes").at("note") == "");
  CHECK(f.card(f.son).at("careWishes").at("cpr") == "wanted");  // the son's wishes untouched
}

TEST_CASE("bad emergency info is a clear error that stores nothing, and the next call works", "[emergency]") {
  Family f;
  save(f, f.mother, mother_info());
  json bad = son_info();
  bad["wishes"]["cpr"] = "maybe";
  const json e = error_of(f.session.call("saveEmergencyInfo", json{{"person", f.son}, {"info", bad}}));
  CHECK(e.at("code") == "INVALID_ARGUMENT");
  CHECK(e.at("path") == "info.wishes.cpr");
  json nameless = son_info();
  nameless["contacts"][0]["name"] = " ";
  CHECK(error_of(f.session.call("saveEmergencyInfo", json{{"person", f.son}, {"info", nameless}}))
            .at("path") == "info.contacts[0].name");
  CHECK(error_of(f.session.call("saveEmergencyInfo", json{{"person", 999}, {"info", son_info()}})).at("path") == "person");
  CHECK(f.card(f.son).at("contacts").empty());
  CHECK(f.card(f.son).at("careWishes").is_null());
  CHECK(f.card(f.mother).at("contacts").size() == 2);  // the earlier save stands
  save(f, f.son, son_info());
  CHECK(f.card(f.son).at("contacts").size() == 1);
}

TEST_CASE("contacts and care wishes are the person's own FHIR records, shared under an emergency grant",
          "[emergency][consent]") {
  Family f;
  save(f, f.mother, mother_info());
  // Stored as records of the mother (not of nobody, not of her son).
  const json rows = value_of(f.session.call("records", json{{"query", {{"person", f.mother}, {"limit", 1000}}}})).at("records");
  std::vector<std::string> types;
  for (const auto& r : rows) {
    if (r.at("resourceType") == "RelatedPerson" || r.at("resourceType") == "Consent") types.push_back(r.at("resourceType"));
  }
  std::sort(types.begin(), types.end());
  CHECK(types == std::vector<std::string>{"Consent", "RelatedPerson", "RelatedPerson"});
  const json son_rows = value_of(f.session.call("records", json{{"query", {{"person", f.son}, {"limit", 1000}}}})).at("records");
  for (const auto& r : son_rows) CHECK(r.at("resourceType") != "RelatedPerson");

  // The FHIR the vault keeps: an advance-directive Consent, a RelatedPerson per contact.
  auto built = techo::emergency_info::build(techo::emergency_info::parse(mother_info()).value(),
                                            {{"reference", "Patient/mother"}}, "2026-11-21T09:00:00Z", {});
  REQUIRE(built.has_value());
  const auto consent = std::find_if(built->begin(), built->end(), [](const auto& r) { return r.type == "Consent"; });
  REQUIRE(consent != built->end());
  CHECK(consent->body.at("scope").at("coding")[0].at("code") == "adr");
  CHECK(consent->body.at("category")[0].at("coding")[0].at("code") == "75320-2");
  CHECK(consent->body.at("provision").at("type") == "deny");
  // An emergency grant covers all of them; a medications grant none.
  techo::consent::Grant emergency;
  emergency.categories = {"emergency-summary"};
  techo::consent::Grant medications;
  medications.categories = {"medications"};
  for (const auto& r : *built) {
    INFO(r.type);
    CHECK(techo::consent::covers(emergency, r));
    CHECK_FALSE(techo::consent::covers(medications, r));
  }
}

TEST_CASE("a vault of schema 13 migrates: devices and contacts stored before become their person's records",
          "[emergency][schema]") {
  techo::test::TempFile file("emergency-v12");
  json bundle = family();
  const json grandmother = {{"resourceType", "RelatedPerson"}, {"id", "son-grandma"}, {"active", true},
                            {"patient", {{"reference", "Patient/son"}}}, {"name", {{{"text", "川村 和子"}}}}};
  bundle["entry"].push_back({{"resource", grandmother}});
  {
    auto vault = techo::Vault::open(file.path());
    REQUIRE(vault.has_value());
    auto parsed = techo::fhir::parse_bundle_json(std::move(bundle));
    REQUIRE(parsed.has_value());
    REQUIRE(vault->import_bundle(techo::SourceInfo{"family.json"}, *parsed).has_value());
  }
  // As a schema 13 vault kept them: no records for these types, so no person.
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.path().c_str(), &db) == SQLITE_OK);
    const char* sql =
        "DELETE FROM records WHERE resource_id IN (SELECT id FROM resources WHERE resource_type IN "
        "('Device', 'DeviceUseStatement', 'RelatedPerson', 'Consent')); DROP TABLE view_keys; DROP TRIGGER view_keys_record_added; "
        "DROP TRIGGER view_keys_record_linked; DROP TRIGGER view_keys_record_removed; "
        "DROP INDEX resources_by_full_url; DROP INDEX resources_by_type_id; PRAGMA user_version = 13;";
    CHECK(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  auto vault = techo::Vault::open(file.path());
  REQUIRE(vault.has_value());
  auto people = vault->people();
  REQUIRE(people.has_value());
  REQUIRE(people->size() == 2);
  const std::int64_t mother = (*people)[0].id, son = (*people)[1].id;
  auto card = [&](std::int64_t person) {
    auto e = techo::views::emergency(*vault, {person, kToday});
    REQUIRE(e.has_value());
    return (*e)["byPerson"][0];
  };
  CHECK(card(mother).at("contacts").empty());  // the son's grandmother is not the mother's contact
  CHECK(texts(card(mother).at("devices"), "name") == std::vector<std::string>{"植込み型心臓ペースメーカ"});
  CHECK(texts(card(son).at("contacts"), "name") == std::vector<std::string>{"川村 和子"});
  CHECK(texts(card(son).at("devices"), "name") == std::vector<std::string>{"人工内耳"});
}
