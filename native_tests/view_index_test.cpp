// Views read what they show (vault_view_index.hpp): on a long record a trend shows its
// newest points and says how many there are, the medications view lists the newest
// entries and counts the rest, and neither loses an institution, a count or a first date
// that only the resources it did not read know. And a vault from before the index gets it.
#include <catch2/catch.hpp>

#include <cstdio>
#include <sqlite3.h>

#include "api_reply.hpp"
#include "test_data.hpp"
#include "test_session.hpp"
#include "view_reply.hpp"

using nlohmann::json;
using techo::test::by;
using techo::test::value_of;
using techo::test::view;

namespace {

std::string day(int n) {  // 2016-01-01 + n days, roughly (28-day months are enough here)
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", 2016 + n / 336, 1 + (n / 28) % 12, 1 + n % 28);
  return buf;
}

// 250 HbA1c results over the years: the first one from a clinic never seen again, the
// rest from the checkup centre; and 150 monthly prescriptions of one drug, the first from
// that clinic, the last still being taken on 2026-11-21.
json long_record() {
  json entries = json::array();
  auto add = [&](json r) { entries.push_back(json{{"resource", std::move(r)}}); };
  add({{"resourceType", "Patient"}, {"id", "p"}, {"name", json::array({{{"text", "長谷 久"}}})}});
  add({{"resourceType", "Organization"}, {"id", "old-clinic"}, {"name", "むかし医院"}});
  add({{"resourceType", "Organization"}, {"id", "centre"}, {"name", "健診センター"}});
  for (int i = 0; i < 250; ++i) {
    add({{"resourceType", "Observation"}, {"id", "a1c-" + std::to_string(i)}, {"status", "final"},
         {"subject", {{"reference", "Patient/p"}}}, {"effectiveDateTime", day(i * 14)},
         {"code", {{"coding", json::array({{{"system", "urn:oid:1.2.392.200119.4.504"}, {"code", "3D046000001906202"},
                                            {"display", "HbA1c"}}})}}},
         {"valueQuantity", {{"value", 5.0 + (i % 10) / 10.0}, {"unit", "%"}}},
         {"performer", json::array({{{"reference", i == 0 ? "Organization/old-clinic" : "Organization/centre"}}})}});
  }
  for (int i = 0; i < 150; ++i) {
    const std::string date = i == 149 ? "2026-11-10" : day(i * 20);
    add({{"resourceType", "MedicationRequest"}, {"id", "rx-" + std::to_string(i)}, {"status", "completed"},
         {"intent", "order"}, {"subject", {{"reference", "Patient/p"}}}, {"authoredOn", date},
         {"requester", {{"reference", i == 0 ? "Organization/old-clinic" : "Organization/centre"}}},
         {"medicationCodeableConcept",
          {{"coding", json::array({{{"system", "http://capstandard.jp/iyaku.info/CodeSystem/YJ-code"}, {"code", "2171022F1090"},
                                    {"display", "アムロジピン錠５ｍｇ"}}})},
           {"text", "アムロジピン錠５ｍｇ"}}},
         {"dosageInstruction", json::array({{{"text", "1日1回 朝食後"}}})},
         {"dispenseRequest", {{"expectedSupplyDuration", {{"value", 28}, {"unit", "日"}}}}}});
  }
  return json{{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", std::move(entries)}};
}

void check_long_record(techo::test::TestSession& session) {
  const json labs = view(session, "labs");
  REQUIRE(labs.at("analytes").size() == 1);
  const json& a1c = labs.at("analytes")[0];
  CHECK(a1c.at("count") == 250);
  CHECK(a1c.at("points").size() == 200);
  CHECK(a1c.at("pointsOmitted") == 50);
  CHECK(a1c.at("points").back().at("date") == day(249 * 14));  // the newest, oldest first
  CHECK(a1c.at("points").front().at("date") == day(50 * 14));
  CHECK(a1c.at("latest").at("date") == day(249 * 14));
  CHECK(a1c.at("institutions") == json({"むかし医院", "健診センター"}));  // the first one's too

  const json meds = view(session, "medications");
  CHECK(meds.at("entriesTotal") == 150);
  CHECK(meds.at("entries").size() == 100);
  CHECK(meds.at("entries")[0].at("date") == "2026-11-10");
  REQUIRE(meds.at("current").size() == 1);
  REQUIRE(meds.at("history").size() == 1);
  const json& history = meds.at("history")[0];
  CHECK(history.at("count") == 150);
  CHECK(history.at("first") == day(0));
  CHECK(history.at("last") == "2026-11-10");
  CHECK(history.at("active") == true);
  CHECK(history.at("institutions") == json({"むかし医院", "健診センター"}));

  // The emergency card and the summary take the latest value, whichever resource holds it.
  const json card = view(session, "emergency").at("byPerson")[0];
  REQUIRE(card.at("keyLabs").size() == 1);
  CHECK(card.at("keyLabs")[0].at("date") == day(249 * 14));
  CHECK(card.at("medications").size() == 1);
}

}  // namespace

TEST_CASE("a long record: trends show their newest points and count all, medications list the newest and count all",
          "[views][view-index]") {
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  value_of(session.import_fhir(long_record().dump(), "long.json"));
  check_long_record(session);
}

TEST_CASE("a vault of schema 14 gets the view index when it opens", "[views][view-index][schema]") {
  techo::test::TempFile file("view-index-v14");
  {
    techo::test::TestSession session;
    value_of(session.open(file.path()));
    value_of(session.import_fhir(long_record().dump(), "long.json"));
  }
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.path().c_str(), &db) == SQLITE_OK);
    const char* sql =
        "DROP TRIGGER view_keys_record_added; DROP TRIGGER view_keys_record_linked; DROP TRIGGER view_keys_record_removed; "
        "DROP TABLE view_keys; DROP INDEX resources_by_full_url; DROP INDEX resources_by_type_id; PRAGMA user_version = 14;";
    CHECK(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  techo::test::TestSession session;
  CHECK(value_of(session.open(file.path())).at("schemaVersion") == 16);
  check_long_record(session);
}
