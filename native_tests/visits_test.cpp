// What a citizen reads of their visits, cards, care plans and a child's growth: the
// visits, coverages and growth views and the EHR summary's care plans, through the api
// facade, from the JP-CLINS and Synthea corpora and from small JP Core fixtures.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <tuple>

#include "api_reply.hpp"
#include "synthea_expectations.hpp"
#include "test_data.hpp"
#include "test_session.hpp"
#include "view_reply.hpp"

using nlohmann::json;
using techo::test::by;
using techo::test::value_of;
using techo::test::view;

namespace {

void import_corpus(techo::test::TestSession& session, const std::string& file) {
  value_of(session.import_fhir(techo::test::read_data("jp-clins-examples/" + file), file));
}

const char* kPcs = "Bundle-Bundle-CLINS-PCS-Example-01.json";

json entry(json resource, const std::string& full_url = "") {
  json e{{"resource", std::move(resource)}};
  if (!full_url.empty()) e["fullUrl"] = full_url;
  return e;
}

json patient(const std::string& id, const std::string& name, const std::string& birth) {
  return {{"resourceType", "Patient"}, {"id", id}, {"name", {{{"text", name}}}}, {"birthDate", birth}};
}

// Two people's cards: 花子's employee insurance (JP Core 1.1: extensions on the Coverage)
// and her child's insurance (JP Core 1.2: extensions on the insured identifier) and 小児慢性
// public expense card, and an expired card of 花子's.
json coverage_fixture() {
  const std::string ins = "http://jpfhir.jp/fhir/core/Extension/StructureDefinition/JP_Coverage_";
  json entries = json::array();
  entries.push_back(entry(patient("hanako", "山田 花子", "1978-04-12")));
  entries.push_back(entry(patient("taro", "山田 太郎", "2019-05-05")));
  entries.push_back(entry({{"resourceType", "Organization"}, {"id", "kenpo"}, {"name", "あじさい健康保険組合"},
                           {"identifier", {{{"system", "urn:oid:1.2.392.100495.20.3.61"}, {"value", "06139999"}}}}}));
  entries.push_back(entry({{"resourceType", "Organization"}, {"id", "tokyo"}, {"name", "東京都"},
                           {"identifier", {{{"system", "urn:oid:1.2.392.100495.20.3.71"}, {"value", "52136015"}}}}}));
  entries.push_back(entry({{"resourceType", "Coverage"}, {"id", "hanako-card"}, {"status", "active"},
                           {"type", {{"coding", {{{"system", "urn:oid:1.2.392.100495.20.2.61"}, {"code", "1"}}}}, {"text", "被用者保険"}}},
                           {"beneficiary", {{"reference", "Patient/hanako"}}},
                           {"payor", {{{"reference", "Organization/kenpo"}}}},
                           {"period", {{"start", "2020-04-01"}}},
                           {"relationship", {{"text", "被保険者"}}},
                           {"costToBeneficiary", {{{"valueQuantity", {{"value", 30}, {"unit", "%"}}}}}},
                           {"extension", {{{"url", ins + "InsuredPersonSymbol"}, {"valueString", "あいう"}},
                                          {{"url", ins + "InsuredPersonNumber"}, {"valueString", "１８７３４"}},
                                          {{"url", ins + "InsuredPersonSubNumber"}, {"valueString", "01"}}}}}));
  entries.push_back(entry({{"resourceType", "Coverage"}, {"id", "hanako-old"}, {"status", "active"},
                           {"beneficiary", {{"reference", "Patient/hanako"}}},
                           {"payor", {{{"display", "さくら市国民健康保険"}}}},
                           {"period", {{"start", "2012-04-01"}, {"end", "2020-03-31"}}},
                           {"extension", {{{"url", ins + "InsuredPersonNumber"}, {"valueString", "99887766"}}}}}));
  entries.push_back(entry({{"resourceType", "Coverage"}, {"id", "taro-card"}, {"status", "active"},
                           {"beneficiary", {{"reference", "Patient/taro"}}},
                           {"payor", {{{"reference", "Organization/kenpo"}}}},
                           {"identifier", {{{"system", "http://jpfhir.jp/fhir/core/IdSystem/insured-identifier"}, {"value", "あいう・18734（枝番）02"},
                                            {"extension", {{{"url", ins + "InsuredPersonSymbol"}, {"valueString", "あいう"}},
                                                           {{"url", ins + "InsuredPersonNumber"}, {"valueString", "18734"}},
                                                           {{"url", ins + "InsuredPersonSubNumber"}, {"valueString", "02"}}}}}}},
                           {"period", {{"start", "2019-05-05"}}}}));
  entries.push_back(entry({{"resourceType", "Coverage"}, {"id", "taro-kohi"}, {"status", "active"},
                           {"type", {{"coding", {{{"system", "urn:oid:1.2.392.100495.20.2.61"}, {"code", "8"}}}}}},
                           {"beneficiary", {{"reference", "Patient/taro"}}},
                           {"payor", {{{"reference", "Organization/tokyo"}}}},
                           {"subscriberId", "9876543"},
                           {"period", {{"start", "2026-04-01"}, {"end", "2027-03-31"}}}}));
  return {{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", entries}};
}

// A child's infant and school checkups: measurements with their own dates, and a 3歳児健診
// document whose entries carry no date (the Composition's date is the checkup's).
json growth_fixture() {
  json entries = json::array();
  entries.push_back(entry(patient("mei", "山田 芽衣", "2022-01-15"), "urn:uuid:mei"));
  entries.push_back(entry(patient("hanako", "山田 花子", "1978-04-12")));
  auto obs = [&](const std::string& id, const char* loinc, const char* name, double value, const char* unit, const std::string& date,
                 const std::string& patient_id) {
    json o{{"resourceType", "Observation"}, {"id", id}, {"status", "final"},
           {"code", {{"coding", {{{"system", "http://loinc.org"}, {"code", loinc}, {"display", name}}}}}},
           {"subject", {{"reference", patient_id}}}, {"valueQuantity", {{"value", value}, {"unit", unit}}}};
    if (!date.empty()) o["effectiveDateTime"] = date;
    entries.push_back(entry(std::move(o), "urn:uuid:" + id));
  };
  obs("h1", "8302-2", "身長", 53.8, "cm", "2022-02-16", "urn:uuid:mei");
  obs("w1", "29463-7", "体重", 4.3, "kg", "2022-02-16", "urn:uuid:mei");
  obs("c1", "9843-4", "頭囲", 37.2, "cm", "2022-02-16", "urn:uuid:mei");
  obs("h2", "8302-2", "身長", 61.5, "cm", "2022-05-10", "urn:uuid:mei");
  obs("h3", "8302-2", "身長", 94.1, "cm", "", "urn:uuid:mei");
  obs("w3", "29463-7", "体重", 13.9, "kg", "", "urn:uuid:mei");
  obs("adult-h", "8302-2", "身長", 158.2, "cm", "2026-04-10", "Patient/hanako");
  // A school checkup coded as 特定健診 items (JLAC10 9N001 height, 9N006 weight).
  for (const auto& [id, code, name, value, unit] : {std::tuple{"jh", "9N001000000000001", "身長", 110.3, "cm"},
                                                    std::tuple{"jw", "9N006000000000001", "体重", 18.6, "kg"}}) {
    entries.push_back(entry({{"resourceType", "Observation"}, {"id", id}, {"status", "final"},
                             {"code", {{"coding", {{{"system", "urn:oid:1.2.392.200119.6.1005"}, {"code", code}, {"display", name}}}}}},
                             {"subject", {{"reference", "urn:uuid:mei"}}}, {"effectiveDateTime", "2028-04-20"},
                             {"valueQuantity", {{"value", value}, {"unit", unit}}}}));
  }
  entries.push_back(entry({{"resourceType", "Observation"}, {"id", "teeth"}, {"status", "final"},
                           {"code", {{"text", "歯科所見"}}}, {"subject", {{"reference", "urn:uuid:mei"}}},
                           {"valueString", "むし歯なし"}}, "urn:uuid:teeth"));
  entries.push_back(entry({{"resourceType", "Composition"}, {"id", "checkup3"}, {"status", "final"}, {"title", "3歳児健康診査"},
                           {"type", {{"text", "乳幼児健康診査"}}}, {"date", "2025-01-20"},
                           {"subject", {{"reference", "urn:uuid:mei"}}},
                           {"author", {{{"display", "さくら市保健センター"}, {"type", "Organization"}}}},
                           {"section", {{{"title", "身体計測"}, {"entry", {{{"reference", "urn:uuid:h3"}}, {{"reference", "urn:uuid:w3"}}}}},
                                        {{"title", "歯科"}, {"entry", {{{"reference", "urn:uuid:teeth"}}}}}}}}, "urn:uuid:checkup3"));
  return {{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", entries}};
}

std::int64_t id_of(const json& people, const std::string& name) {
  for (const auto& p : people.at("people")) {
    if (p.at("name") == name) return p.at("id");
  }
  FAIL("no person " << name);
  return 0;
}

}  // namespace

TEST_CASE("the EHR summary shows the 患者サマリー's care plan in full, dated and signed by its document",
          "[views][summary][care-plans][jp-clins]") {
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  import_corpus(session, kPcs);
  const json s = view(session, "ehr-summary");
  REQUIRE(s.at("carePlans").size() == 1);
  const json& plan = s.at("carePlans")[0];
  CHECK(plan.at("title") == "療養計画");
  CHECK(plan.at("description") == "高血圧について内服を継続してください。\r\n1日30分でも軽い運動を継続しましょう。");
  CHECK(plan.at("start") == "2024-07-07");
  CHECK(plan.at("categories") == json{"外来診療経過中プラン"});
  // The CarePlan names no author: the Composition listing it does.
  CHECK(plan.at("authors") == json{"石川 さおり"});
  CHECK(plan.at("institution") == "みなと診療所");
  CHECK(plan.at("department") == "循環器科");
  CHECK(plan.at("documentTitle") == "患者サマリー（療養計画書）");
  CHECK(s.at("goals").empty());
}

TEST_CASE("a care plan on its own keeps its text; goals show their targets", "[views][summary][care-plans]") {
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  import_corpus(session, "Patient-Example-JP-Patient-eCS-MAKINO.json");
  import_corpus(session, "CarePlan-Example-JP-CarePlan-eCS-HT.json");
  json goal{{"resourceType", "Goal"}, {"id", "bp"}, {"lifecycleStatus", "active"},
            {"description", {{"text", "家庭血圧 135/85 mmHg 未満"}}}, {"subject", {{"reference", "Patient/x"}}},
            {"startDate", "2024-07-07"},
            {"target", {{{"measure", {{"text", "収縮期血圧"}}}, {"detailQuantity", {{"value", 135}, {"comparator", "<"}, {"unit", "mmHg"}}},
                         {"dueDate", "2025-01-07"}}}}};
  value_of(session.import_fhir(goal.dump(), "goal.json"));
  const json s = view(session, "ehr-summary");
  REQUIRE(s.at("carePlans").size() == 1);
  CHECK(s.at("carePlans")[0].at("description").get<std::string>().find("内服を継続してください") != std::string::npos);
  CHECK(s.at("carePlans")[0].at("date") == "2024-07-07");
  REQUIRE(s.at("goals").size() == 1);
  const json& g = s.at("goals")[0];
  CHECK(g.at("description") == "家庭血圧 135/85 mmHg 未満");
  CHECK(g.at("status") == "active");
  CHECK(g.at("targets")[0].at("measure") == "収縮期血圧");
  CHECK(g.at("targets")[0].at("detail") == "<135 mmHg");
  CHECK(g.at("targets")[0].at("due") == "2025-01-07");
}

TEST_CASE("visits: the 患者サマリー's visit takes its institution and department from the document",
          "[views][visits][jp-clins]") {
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  import_corpus(session, kPcs);
  const json v = view(session, "visits");
  REQUIRE(v.at("byPerson").size() == 1);
  const json& encounters = v.at("byPerson")[0].at("encounters");
  REQUIRE(encounters.size() == 1);
  CHECK(encounters[0].at("class") == "AMB");
  CHECK(encounters[0].at("start") == "2020-08-20");  // classHistory: the example's only date
  CHECK(encounters[0].at("institution") == "みなと診療所");
  CHECK(encounters[0].at("department") == "循環器科");
  CHECK(v.at("person").at("name") == "牧野 爛漫");
}

TEST_CASE("visits: the JP-CLINS Encounter examples, each with what it says", "[views][visits][jp-clins]") {
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  for (const char* file : {"Encounter-Example-Contained-JP-Encounter-AMB.json", "Encounter-Example-Contained-JP-Encounter-IMP.json",
                           "Encounter-Example-JP-Encounter-eCS-01.json", "Encounter-Example-JP-Encounter-eCS-AMB-01.json",
                           "Encounter-Example-JP-Encounter-eCS-purpose-Referral01.json"}) {
    import_corpus(session, file);
  }
  const json v = view(session, "visits");
  const json& encounters = v.at("byPerson")[0].at("encounters");
  REQUIRE(encounters.size() == 5);
  CHECK(encounters[0].at("class") == "IMP");  // newest first: 2021-07-05
  CHECK(encounters[0].at("start") == "2021-07-05");
  CHECK(encounters[1].at("start") == "2020-08-20");
  auto with_reason = std::find_if(encounters.begin(), encounters.end(), [](const json& e) { return !e.at("reasons").empty(); });
  REQUIRE(with_reason != encounters.end());
  CHECK(with_reason->at("reasons") == json{"腹痛精査お願いします。"});
}

TEST_CASE("visits: a Synthea life of encounters and procedures, newest first, procedures linked to their visit",
          "[views][visits][synthea]") {
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  // Fletcher Hyatt: outpatient, inpatient and emergency visits over a long life.
  const auto& b = *std::find_if(std::begin(techo::test::kSyntheaBundles), std::end(techo::test::kSyntheaBundles),
                                [](const auto& x) { return x.patient_name == "Fletcher Hyatt"; });
  value_of(session.import_fhir(techo::test::read_data(b.file), b.file));
  const json v = view(session, "visits");
  const json& person = v.at("byPerson")[0];
  const json& encounters = person.at("encounters");
  const json& procedures = person.at("procedures");
  CHECK(static_cast<std::int64_t>(encounters.size()) == b.counts.at("Encounter"));
  CHECK(static_cast<std::int64_t>(procedures.size()) == b.counts.at("Procedure"));
  for (std::size_t i = 1; i < encounters.size(); ++i) CHECK(encounters[i - 1].at("start") >= encounters[i].at("start"));
  std::set<std::string> classes;
  for (const auto& e : encounters) {
    classes.insert(e.at("class").get<std::string>());
    CHECK_FALSE(e.at("institution").get<std::string>().empty());
  }
  CHECK(classes.count("AMB"));
  CHECK(classes.count("EMER"));
  CHECK(classes.count("IMP"));
  for (const auto& p : procedures) {
    INFO(p.dump());
    CHECK_FALSE(p.at("name").get<std::string>().empty());
    CHECK_FALSE(p.at("date").get<std::string>().empty());
    REQUIRE(p.at("encounter").is_number());
    CHECK(std::any_of(encounters.begin(), encounters.end(), [&](const json& e) { return e.at("id") == p.at("encounter"); }));
  }
}

TEST_CASE("coverages: insurer, masked symbols and numbers, 公費 programme, validity, per person", "[views][coverages]") {
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  value_of(session.import_fhir(coverage_fixture().dump(), "cards.json"));
  const json people = view(session, "people");
  const json hanako = view(session, "coverages", {{"person", id_of(people, "山田 花子")}});
  REQUIRE(hanako.at("byPerson").size() == 1);
  const json& cards = hanako.at("byPerson")[0].at("coverages");
  REQUIRE(cards.size() == 2);
  const json& card = cards[0];  // valid first
  CHECK(card.at("valid") == true);
  CHECK(card.at("kind") == "insurance");
  CHECK(card.at("insurer") == "あじさい健康保険組合");
  CHECK(card.at("insurerNumber") == "06139999");
  CHECK(card.at("symbol") == json{{"value", "あいう"}, {"masked", "*いう"}});
  CHECK(card.at("number") == json{{"value", "１８７３４"}, {"masked", "***３４"}});
  CHECK(card.at("branch").at("masked") == "**");
  CHECK(card.at("copay") == "30%");
  CHECK(card.at("relationship") == "被保険者");
  CHECK(cards[1].at("valid") == false);
  CHECK(cards[1].at("end") == "2020-03-31");
  CHECK(cards[1].at("insurer") == "さくら市国民健康保険");
  CHECK(cards[1].at("number").at("masked") == "******66");

  const json taro = view(session, "coverages", {{"person", id_of(people, "山田 太郎")}});
  const json& his = taro.at("byPerson")[0].at("coverages");
  REQUIRE(his.size() == 2);
  const json* kohi = by(his, "kind", "public-expense");
  REQUIRE(kohi);
  CHECK(kohi->at("payerNumber") == "52136015");
  CHECK(kohi->at("programme") == "小児慢性特定疾病医療");
  CHECK(kohi->at("insurer") == "東京都");
  CHECK(kohi->at("recipientNumber") == json{{"value", "9876543"}, {"masked", "*****43"}});
  CHECK(kohi->at("valid") == true);
  const json* insurance = by(his, "kind", "insurance");
  REQUIRE(insurance);
  CHECK(insurance->at("branch").at("value") == "02");  // from the insured identifier's extensions
  CHECK(insurance->at("number").at("value") == "18734");
  // Never another person's card.
  for (const auto& c : his) CHECK(c.at("insurer") != "さくら市国民健康保険");
}

TEST_CASE("growth: a child's measurements over age, and the findings of a checkup document", "[views][growth]") {
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  value_of(session.import_fhir(growth_fixture().dump(), "mei.json"));
  const json people = view(session, "people");
  const json g = view(session, "growth", {{"person", id_of(people, "山田 芽衣")}});
  REQUIRE(g.at("byPerson").size() == 1);
  const json& mei = g.at("byPerson")[0];
  CHECK(mei.at("birthDate") == "2022-01-15");
  const json* height = by(mei.at("series"), "key", "height");
  REQUIRE(height);
  const json& points = height->at("points");
  REQUIRE(points.size() == 4);
  CHECK(points[0].at("date") == "2022-02-16");
  CHECK(points[0].at("ageMonths") == 1);
  CHECK(points[0].at("valueText") == "53.8");
  CHECK(points[1].at("ageMonths") == 3);
  // Dated by its document: the 3歳児健診 of 2025-01-20.
  CHECK(points[2].at("date") == "2025-01-20");
  CHECK(points[2].at("ageMonths") == 36);
  CHECK(points[2].at("checkup") == "3歳児健康診査");
  CHECK(points[2].at("institution") == "さくら市保健センター");
  CHECK(points[3].at("valueText") == "110.3");  // the JLAC10-coded school checkup
  CHECK(points[3].at("ageMonths") == 75);
  REQUIRE(by(mei.at("series"), "key", "headCircumference"));
  CHECK(by(mei.at("series"), "key", "weight")->at("points").size() == 3);
  REQUIRE(mei.at("checkups").size() == 1);
  const json& checkup = mei.at("checkups")[0];
  CHECK(checkup.at("title") == "3歳児健康診査");
  CHECK(checkup.at("date") == "2025-01-20");
  REQUIRE(checkup.at("findings").size() == 1);
  CHECK(checkup.at("findings")[0].at("name") == "歯科所見");
  CHECK(checkup.at("findings")[0].at("valueText") == "むし歯なし");
  // The parent's adult height is no point of the child's chart, nor of her own growth.
  const json everyone = view(session, "growth");
  for (const auto& p : everyone.at("byPerson")) {
    for (const auto& s : p.at("series")) {
      for (const auto& pt : s.at("points")) CHECK(pt.at("valueText") != "158.2");
    }
  }
}

TEST_CASE("visits and care plans stay with their person in a family vault", "[views][visits][care-plans][family]") {
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  import_corpus(session, kPcs);
  value_of(session.import_fhir(growth_fixture().dump(), "mei.json"));
  value_of(session.import_fhir(coverage_fixture().dump(), "cards.json"));
  const json people = view(session, "people");
  // The 患者サマリー's Encounter and CarePlan are 牧野's, though its Encounter names nobody.
  const json makino = view(session, "visits", {{"person", id_of(people, "牧野 爛漫")}});
  CHECK(makino.at("byPerson")[0].at("encounters").size() == 1);
  CHECK(view(session, "ehr-summary", {{"person", id_of(people, "牧野 爛漫")}}).at("carePlans").size() == 1);
  const json mei = view(session, "visits", {{"person", id_of(people, "山田 芽衣")}});
  CHECK(mei.at("byPerson")[0].at("encounters").empty());
  CHECK(view(session, "ehr-summary", {{"person", id_of(people, "山田 芽衣")}}).at("carePlans").empty());
  CHECK(view(session, "coverages", {{"person", id_of(people, "牧野 爛漫")}}).at("byPerson")[0].at("coverages").empty());
}
