// The 特定健診 view on 健診結果報告書 documents shaped as the MHLW FHIR format builds them
// (and as scripts/jp-documents/checkup-report.mjs does): a document Bundle whose
// Composition alone says who performed the checkup and when, a 健診 section and a 問診
// section, Observations that carry only their code and value.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "api_reply.hpp"
#include "test_session.hpp"

using nlohmann::json;
using techo::test::value_of;

namespace {

constexpr const char* kItemCodes = "urn:oid:1.2.392.200119.6.1005";
constexpr const char* kProfile = "http://jpfhir.jp/fhir/eCheckup/StructureDefinition/";

json coded(const char* system, const std::string& code, const std::string& display) {
  return json{{"coding", {{{"system", system}, {"code", code}, {"display", display}}}}};
}

// One checkup report: items are {code, display, value} where value is a number (with a
// unit and range), or text after "cc:" (a coded answer) or as it is (a string).
struct Item {
  std::string code, display;
  json value;
  std::string unit;
  json low = nullptr, high = nullptr;
  std::string interpretation;
};

json report(const std::string& year, const std::vector<Item>& exam, const std::vector<Item>& questionnaire) {
  json entries = json::array();
  json exam_refs = json::array(), questionnaire_refs = json::array();
  int n = 0;
  auto observation = [&](const Item& item, json& refs) {
    const std::string url = "urn:uuid:obs-" + year + "-" + std::to_string(++n);
    json o{{"resourceType", "Observation"}, {"meta", {{"profile", json::array({std::string(kProfile) + "JP_Observation_eCheckupGeneral"})}}},
           {"status", "final"}, {"code", coded(kItemCodes, item.code, item.display)},
           {"subject", {{"reference", "urn:uuid:patient"}}}};
    if (item.value.is_number()) {
      o["valueQuantity"] = {{"value", item.value}, {"unit", item.unit}, {"system", "http://unitsofmeasure.org"}, {"code", item.unit}};
      json range = json::object();
      if (!item.low.is_null()) range["low"] = {{"value", item.low}, {"unit", item.unit}};
      if (!item.high.is_null()) range["high"] = {{"value", item.high}, {"unit", item.unit}};
      if (!range.empty()) o["referenceRange"] = json::array({range});
    } else if (const std::string v = item.value.get<std::string>(); v.rfind("cc:", 0) == 0) {
      o["valueCodeableConcept"] = coded("urn:oid:1.2.392.200119.6.2003", "1", v.substr(3));
    } else {
      o["valueString"] = v;
    }
    if (!item.interpretation.empty()) {
      o["interpretation"] = json::array({coded("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", item.interpretation, "")});
    }
    entries.push_back({{"fullUrl", url}, {"resource", o}});
    refs.push_back({{"reference", url}});
  };
  for (const auto& i : exam) observation(i, exam_refs);
  for (const auto& i : questionnaire) observation(i, questionnaire_refs);
  json composition{
      {"resourceType", "Composition"},
      {"meta", {{"profile", json::array({std::string(kProfile) + "JP_Composition_eCheckupGeneral"})}}},
      {"identifier", {{"system", "http://jpfhir.jp/fhir/core/IdSystem/resourceInstance-identifier"}, {"value", "checkup-" + year}}},
      {"status", "final"},
      {"type", coded("http://jpfhir.jp/fhir/Common/CodeSystem/doc-typecodes", "53576-5", "検診・健診報告書")},
      {"subject", {{"reference", "urn:uuid:patient"}}},
      {"date", year + "-06-12"},
      {"author", {{{"reference", "urn:uuid:doctor"}}, {{"reference", "urn:uuid:kenshin"}}}},
      {"title", "健康診断結果のお知らせ"},
      {"custodian", {{"reference", "urn:uuid:kenshin"}}},
      {"section",
       {{{"title", "健診結果セクション"}, {"code", coded("http://jpfhir.jp/fhir/eCheckup/CodeSystem/section-code", "01011", "特定健診検査結果セクション")},
         {"entry", exam_refs}},
        {{"title", "問診結果セクション"}, {"code", coded("http://jpfhir.jp/fhir/eCheckup/CodeSystem/section-code", "01012", "特定健診問診結果セクション")},
         {"entry", questionnaire_refs}}}}};
  json head = json::array(
      {{{"fullUrl", "urn:uuid:composition-" + year}, {"resource", composition}},
       {{"fullUrl", "urn:uuid:patient"},
        {"resource", {{"resourceType", "Patient"}, {"name", {{{"text", "健診 花子"}}}}, {"birthDate", "1970-04-01"}, {"gender", "female"}}}},
       {{"fullUrl", "urn:uuid:doctor"}, {"resource", {{"resourceType", "Practitioner"}, {"name", {{{"text", "港 一郎"}}}}}}},
       {{"fullUrl", "urn:uuid:kenshin"}, {"resource", {{"resourceType", "Organization"}, {"name", "みなと健診プラザ"}}}},
       // The insurer is an Organization of the report too, but it did not perform the checkup.
       {{"fullUrl", "urn:uuid:insurer"}, {"resource", {{"resourceType", "Organization"}, {"name", "みなと健康保険組合"}}}}});
  for (auto& e : entries) head.push_back(e);
  return json{{"resourceType", "Bundle"},
              {"meta", {{"profile", json::array({std::string(kProfile) + "JP_Bundle_eCheckupGeneral"})}}},
              {"identifier", {{"system", "http://jpfhir.jp/fhir/core/IdSystem/documentInstance-identifier"}, {"value", "doc-" + year}}},
              {"type", "document"},
              {"timestamp", year + "-06-12T17:00:00+09:00"},
              {"entry", head}};
}

// Every line of the form in one report, with the section it must land in.
const std::vector<std::pair<Item, std::string>> kExam = {
    {{"9N056000000000011", "既往歴", "cc:特記すべきことあり"}, "exam:history"},
    {{"9N056160400000049", "具体的な既往歴", "虫垂炎（20歳）"}, "exam:history_detail"},
    {{"9N061000000000011", "自覚症状", "cc:特記すべきことなし"}, "exam:subjective"},
    {{"9N066000000000011", "他覚症状", "cc:特記すべきことなし"}, "exam:objective"},
    {{"9N001000000000001", "身長", 158.4, "cm"}, "body:height"},
    {{"9N006000000000001", "体重", 60.1, "kg"}, "body:weight"},
    {{"9N011000000000001", "BMI", 24.0, "kg/m2", 18.5, 24.9}, "body:bmi"},
    {{"9N016160100000001", "腹囲（実測）", 88.5, "cm", nullptr, 89.9}, "body:waist"},
    {{"9A751000000000001", "収縮期血圧（1回目）", 138, "mmHg", nullptr, 129}, "bp:systolic_1"},
    {{"9A752000000000001", "収縮期血圧（2回目）", 134, "mmHg", nullptr, 129}, "bp:systolic_2"},
    {{"9A761000000000001", "拡張期血圧（1回目）", 86, "mmHg", nullptr, 84}, "bp:diastolic_1"},
    {{"9A762000000000001", "拡張期血圧（2回目）", 82, "mmHg", nullptr, 84}, "bp:diastolic_2"},
    {{"9N141000000000011", "採血時間（食後）", "食後10時間以上"}, "sampling:blood_draw_time"},
    {{"3F015000002327101", "空腹時中性脂肪", 160, "mg/dL", 30, 149}, "lipid:tg"},
    {{"3F070000002327101", "HDLコレステロール", 38, "mg/dL", 40, nullptr}, "lipid:hdl"},
    {{"3F077000002327101", "LDLコレステロール", 128, "mg/dL", 60, 119}, "lipid:ldl"},
    {{"3F069000002391901", "Non-HDLコレステロール", 152, "mg/dL", 90, 149}, "lipid:non_hdl"},
    {{"3B035000002327201", "AST（GOT）", 24, "U/L", 10, 30}, "liver:ast"},
    {{"3B045000002327201", "ALT（GPT）", 28, "U/L", 10, 30}, "liver:alt"},
    {{"3B090000002327101", "γ-GT（γ-GTP）", 41, "U/L", nullptr, 50}, "liver:ggt"},
    {{"3C015000002327101", "血清クレアチニン", 0.71, "mg/dL", 0.46, 0.79}, "kidney:creatinine"},
    {{"8A065000002391901", "eGFR", 66.2, "mL/min/1.73m2", 60, nullptr}, "kidney:egfr"},
    {{"3D010000001927201", "空腹時血糖", 104, "mg/dL", nullptr, 99}, "glucose:fbs"},
    {{"3D046000001906202", "HbA1c（NGSP）", 5.9, "%", nullptr, 5.5}, "glucose:hba1c"},
    {{"1A020000000191111", "尿糖", "（－）"}, "urine:urine_glucose"},
    {{"1A010000000191111", "尿蛋白", "（±）"}, "urine:urine_protein"},
    {{"2A040000001930102", "ヘマトクリット値", 39.8, "%", 35.1, 44.4}, "anemia:hematocrit"},
    {{"2A030000001930101", "血色素量", 12.9, "g/dL", 11.6, 14.8}, "anemia:hemoglobin"},
    {{"2A020000001930101", "赤血球数", 421, "10*4/uL", 386, 492}, "anemia:rbc"},
    {{"9A110160700000011", "心電図（所見の有無）", "cc:所見あり"}, "ecg:ecg_result"},
    {{"9A110160800000049", "心電図（所見）", "洞性徐脈"}, "ecg:ecg_findings"},
    {{"9E100166000000011", "眼底検査（キースワグナー分類）", "0"}, "fundus:fundus_kw"},
    {{"9E100166600000011", "眼底検査（Wong-Mitchell分類）", "所見なし"}, "fundus:fundus_wong_mitchell"},
    {{"9E100160900000049", "眼底検査（その他の所見）", "異常なし"}, "fundus:fundus_findings"},
    {{"9N501000000000011", "メタボリックシンドローム判定", "予備群該当"}, "judgement:metabolic"},
    {{"9N506000000000011", "保健指導レベル", "動機付け支援"}, "judgement:guidance"},
    {{"9N511000000000049", "医師の診断（判定）", "脂質と血糖が基準を超えています。食事と運動の見直しをお勧めします。"},
     "judgement:doctor_judgement"},
    {{"9N516000000000049", "健康診断を実施した医師の氏名", "港 一郎"}, "judgement:doctor_name"},
};
const std::vector<Item> kQuestionnaire = {
    {"9N701000000000011", "服薬１（血圧）", "cc:いいえ"},
    {"9N736000000000011", "喫煙", "cc:いいえ"},
    {"9N796000000000011", "睡眠", "cc:はい"},
    {"9N808000000000011", "特定保健指導の受診歴", "cc:いいえ"},
    // An answer the table does not know, in the 問診 section: still an answer.
    {"9N999000000000011", "地域独自の質問", "cc:はい"},
};
// Not on the form (尿潜血 is no 特定健診 item): in "other items", never dropped.
const Item kOffForm{"1A100000000191111", "尿潜血", "（－）"};

// This year's items as kExam lists them; last year's with another LDL and HbA1c.
std::vector<Item> exam_items(bool last_year) {
  std::vector<Item> out;
  for (const auto& [item, where] : kExam) out.push_back(item);
  for (auto& i : out) {
    if (last_year && i.code == "3F077000002327101") i.value = 141;
    if (last_year && i.code == "3D046000001906202") i.value = 5.7;
  }
  out.push_back(last_year ? Item{"1A100000000191111", "尿潜血", "（＋）"} : kOffForm);
  return out;
}

json checkups(techo::test::TestSession& session) {
  return value_of(session.view("checkups", json{{"today", "2026-11-21"}}.dump()));
}

struct Imported {
  techo::test::TestSession session;
  json reports;
  Imported() {
    value_of(session.open(":memory:"));
    value_of(session.import_fhir(report("2025", exam_items(false), kQuestionnaire).dump(), "checkup-2025.json"));
    value_of(session.import_fhir(report("2024", exam_items(true), kQuestionnaire).dump(), "checkup-2024.json"));
    reports = checkups(session).at("reports");
  }
};

}  // namespace

TEST_CASE("checkups: every item of a 健診結果報告書 lands on its line of the form", "[views][checkups][jp-documents]") {
  Imported t;
  REQUIRE(t.reports.size() == 2);
  const json& report = t.reports[0];
  std::map<std::string, std::string> where;  // section:item -> value shown
  for (const auto& s : report.at("sections")) {
    for (const auto& i : s.at("items")) where[s.at("id").get<std::string>() + ":" + i.at("item").get<std::string>()] = i.at("valueText");
  }
  for (const auto& [item, line] : kExam) {
    INFO(item.code << " " << item.display);
    REQUIRE(where.count(line) == 1);
    if (item.value.is_number()) {
      CHECK(where[line] == item.value.dump());
    } else {
      const std::string v = item.value.get<std::string>();
      CHECK(where[line] == (v.rfind("cc:", 0) == 0 ? v.substr(3) : v));
    }
  }
  CHECK(report.at("items").at("hba1c").at("unit") == "%");
  CHECK(report.at("items").at("egfr").at("unit") == "mL/min/1.73m2");
  // The doctor's judgement in words, and who judged.
  CHECK(report.at("items").at("doctor_judgement").at("valueText") == "脂質と血糖が基準を超えています。食事と運動の見直しをお勧めします。");
  CHECK(report.at("items").at("doctor_name").at("valueText") == "港 一郎");
  // Sections in the form's order.
  std::vector<std::string> sections;
  for (const auto& s : report.at("sections")) sections.push_back(s.at("id"));
  CHECK(sections == std::vector<std::string>{"exam", "body", "bp", "sampling", "lipid", "liver", "kidney", "glucose", "urine",
                                             "anemia", "ecg", "fundus", "judgement", "questionnaire"});
}

TEST_CASE("checkups: the 問診 answers are a section of their own, question and answer in words", "[views][checkups][jp-documents]") {
  Imported t;
  const json& report = t.reports[0];
  const json& last = report.at("sections").back();
  REQUIRE(last.at("id") == "questionnaire");
  std::map<std::string, json> answers;
  for (const auto& i : last.at("items")) answers[i.at("item")] = i;
  REQUIRE(answers.size() == kQuestionnaire.size());
  CHECK(answers.at("q_smoking").at("valueText") == "いいえ");
  CHECK(answers.at("q_smoking").at("question") == "8. 現在、たばこを習慣的に吸っていますか。");
  CHECK(answers.at("q_sleep").at("valueText") == "はい");
  CHECK(answers.at("q_guidance_history").at("label") == "特定保健指導の受診歴");
  // An answer whose question the table does not know is still an answer, by its own name.
  const json& local = answers.at("question:9N999000000000011");
  CHECK(local.at("question") == "地域独自の質問");
  CHECK(local.at("valueText") == "はい");
  // No answer is also a line of another section.
  for (const auto& s : report.at("sections")) {
    if (s.at("id") == "questionnaire") continue;
    for (const auto& i : s.at("items")) CHECK(i.at("item").get<std::string>().rfind("q_", 0) != 0);
  }
}

TEST_CASE("checkups: an item off the form is listed under other items, never dropped", "[views][checkups][jp-documents]") {
  Imported t;
  const json& other = t.reports[0].at("otherItems");
  REQUIRE(other.size() == 1);
  CHECK(other[0].at("label") == "尿潜血");
  CHECK(other[0].at("valueText") == "（－）");
  CHECK(other[0].at("previous").at("valueText") == "（＋）");
  // Every Observation of the report is shown somewhere: on the form or among the others.
  std::size_t shown = other.size();
  for (const auto& s : t.reports[0].at("sections")) shown += s.at("items").size();
  CHECK(shown == kExam.size() + kQuestionnaire.size() + 1);
}

TEST_CASE("checkups: last year's value sits beside this year's", "[views][checkups][jp-documents]") {
  Imported t;
  const json& now = t.reports[0];
  CHECK(now.at("date") == "2025-06-12");
  CHECK(t.reports[1].at("date") == "2024-06-12");
  CHECK(now.at("previousDate") == "2024-06-12");
  CHECK(now.at("items").at("ldl").at("valueText") == "128");
  CHECK(now.at("items").at("ldl").at("previous").at("valueText") == "141");
  CHECK(now.at("items").at("ldl").at("previous").at("flag") == "H");
  CHECK(now.at("items").at("hba1c").at("previous").at("valueText") == "5.7");
  CHECK(now.at("items").at("q_smoking").at("previous").at("valueText") == "いいえ");
  CHECK(t.reports[1].at("items").at("ldl").at("previous").is_null());
}

TEST_CASE("checkups: the institution and date come from the Composition", "[views][checkups][jp-documents]") {
  Imported t;
  for (const auto& r : t.reports) {
    CHECK(r.at("institution") == "みなと健診プラザ");
    CHECK(r.at("document").at("kind") == "checkup-report");
    CHECK(r.at("document").at("author") == "港 一郎");
    CHECK(r.at("document").at("section") == "");  // the report is the whole document, not one section
    CHECK(r.at("items").at("height").at("institution") == "みなと健診プラザ");
    CHECK(r.at("items").at("height").at("date") == r.at("date"));
  }
}

TEST_CASE("checkups: flags from the report's own ranges, its interpretation first", "[views][checkups][jp-documents]") {
  Imported t;
  const json& items = t.reports[0].at("items");
  CHECK(items.at("tg").at("flag") == "H");      // 160 over the report's 149
  CHECK(items.at("tg").at("rangeText") == "30–149");
  CHECK(items.at("hdl").at("flag") == "L");     // 38 under 40
  CHECK(items.at("ast").at("flag") == "");      // 24 within 10–30
  CHECK(items.at("bmi").at("flag") == "");      // 24.0 within 18.5–24.9

  // The report's interpretation wins over a range it does not state.
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  Item low{"3D010000001927201", "空腹時血糖", 62, "mg/dL"};
  low.interpretation = "L";
  value_of(session.import_fhir(report("2025", {low}, {}).dump(), "checkup.json"));
  CHECK(checkups(session).at("reports")[0].at("items").at("fbs").at("flag") == "L");
}

TEST_CASE("checkups: an item the institution could not measure says so on its line", "[views][checkups][jp-documents]") {
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  json bundle = report("2025", {{"3F015000002327101", "空腹時中性脂肪", "placeholder"}}, {});
  json& obs = bundle["entry"].back()["resource"];
  obs.erase("valueString");
  obs["dataAbsentReason"] = {{"coding", {{{"system", "http://terminology.hl7.org/CodeSystem/data-absent-reason"},
                                          {"code", "not-performed"}, {"display", "未実施"}}}}};
  value_of(session.import_fhir(bundle.dump(), "checkup.json"));
  CHECK(checkups(session).at("reports")[0].at("items").at("tg").at("valueText") == "未実施");
}
