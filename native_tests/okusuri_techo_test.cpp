// お薬手帳 (JAHIS TC): dates, the reader's records and their FHIR resources, the errors a
// person meets, and the import through the one import path (importFile) into the views —
// re-scans, split notebooks in every order, and the hand-over read back.
#include <catch2/catch.hpp>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "api_reply.hpp"
#include "okusuri_dates.hpp"
#include "techo/file_format.hpp"
#include "techo/okusuri_techo.hpp"
#include "test_data.hpp"
#include "test_session.hpp"
#include "text_cp932.hpp"
#include "view_reply.hpp"

using nlohmann::json;
using techo::okusuri::detail::parse_date;
using techo::test::by;
using techo::test::error_of;
using techo::test::value_of;
using techo::test::view;

namespace {

std::string full_utf8() { return techo::test::read_data("okusuri-techo/sticker-full.utf8.txt"); }
std::string full_cp932() { return techo::test::read_data("okusuri-techo/sticker-full.cp932.txt"); }

techo::okusuri::Notebook read_notebook(const std::string& bytes) {
  auto text = techo::okusuri::decode(bytes);
  REQUIRE(text.has_value());
  auto notebook = techo::okusuri::read(*text);
  INFO((notebook ? std::string() : notebook.error().path + ": " + notebook.error().message));
  REQUIRE(notebook.has_value());
  return std::move(notebook).value();
}

std::vector<const techo::fhir::Resource*> of_type(const techo::okusuri::Notebook& n, const std::string& type) {
  std::vector<const techo::fhir::Resource*> out;
  for (const auto& r : n.resources) {
    if (r.type == type) out.push_back(&r);
  }
  return out;
}

const json* dispense_of(const techo::okusuri::Notebook& n, const std::string& drug) {
  for (const auto* r : of_type(n, "MedicationDispense")) {
    if (r->body["medicationCodeableConcept"]["text"] == drug) return &r->body;
  }
  return nullptr;
}

// The reader's error for a text (UTF-8), as path + message.
techo::Error error_for(const std::string& text) {
  auto decoded = techo::okusuri::decode(text);
  if (!decoded) return decoded.error();
  auto notebook = techo::okusuri::read(*decoded);
  REQUIRE_FALSE(notebook.has_value());
  return notebook.error();
}

std::string crlf(std::initializer_list<const char*> lines) {
  std::string out;
  for (const char* l : lines) out += std::string(l) + "\r\n";
  return out;
}

json import(techo::test::TestSession& s, const std::string& bytes, const std::string& name = "okusuri.txt") {
  return value_of(s.import_fhir(bytes, name));
}

}  // namespace

TEST_CASE("JAHIS dates: western and era, 元年, month ends and the days each era lasted", "[okusuri][dates]") {
  CHECK(parse_date("20261120").iso == "2026-11-20");
  CHECK(parse_date("R081120").iso == "2026-11-20");
  CHECK(parse_date("R010501").iso == "2019-05-01");   // 令和元年, its first day
  CHECK(parse_date("H310430").iso == "2019-04-30");   // 平成 its last day
  CHECK(parse_date("H010108").iso == "1989-01-08");   // 平成元年, its first day
  CHECK(parse_date("S640107").iso == "1989-01-07");   // 昭和64年, its last day
  CHECK(parse_date("S010101").error.find("昭和 began on 1926-12-25") != std::string::npos);
  CHECK(parse_date("T010730").iso == "1912-07-30");
  CHECK(parse_date("M450729").iso == "1912-07-29");
  CHECK(parse_date("20240229").iso == "2024-02-29");  // a leap year's month end
  CHECK(parse_date("20261130").iso == "2026-11-30");
  CHECK(parse_date("20261231").iso == "2026-12-31");
  CHECK_FALSE(parse_date("20230229").error.empty());
  CHECK_FALSE(parse_date("20261131").error.empty());
  CHECK_FALSE(parse_date("20261301").error.empty());
  CHECK(parse_date("R010430").error.find("令和 began on 2019-05-01") != std::string::npos);
  CHECK(parse_date("H310501").error.find("平成 ended") != std::string::npos);
  CHECK(parse_date("S640108").error.find("昭和 ended") != std::string::npos);
  CHECK(parse_date("R000501").error.find("元年") != std::string::npos);
  CHECK(parse_date("X010101").error.find("not an era") != std::string::npos);
  CHECK_FALSE(parse_date("2026-11-20").error.empty());
  CHECK_FALSE(parse_date("").error.empty());
}

TEST_CASE("the detector tells a JAHIS text by its header, in either encoding and through importFile's detector",
          "[okusuri][detect]") {
  CHECK(techo::okusuri::has_header("JAHISTC08,1\r\n", true) == std::optional<bool>(true));
  CHECK(techo::okusuri::has_header("\xEF\xBB\xBF\r\nJAHISTC01,2", true) == std::optional<bool>(true));
  CHECK(techo::okusuri::has_header("JAHIS", false) == std::nullopt);
  CHECK(techo::okusuri::has_header("JAHIS5\r\n1,1,", true) == std::optional<bool>(false));  // a prescription QR (JAHIS院外処方箋)
  CHECK(techo::okusuri::has_header("JAHISTCX8,1", true) == std::optional<bool>(false));
  CHECK(techo::format::detect(full_utf8(), true).format == techo::format::FileFormat::kJahisTc);
  CHECK(techo::format::detect(full_cp932(), true).format == techo::format::FileFormat::kJahisTc);
  CHECK(techo::format::detect("JAHISTC0", false).format == techo::format::FileFormat::kUndecided);
}

TEST_CASE("every record type becomes what JP Core makes of it, the same from CP932 and from UTF-8", "[okusuri][reader]") {
  const auto n = read_notebook(full_cp932());
  const auto u = read_notebook(full_utf8());
  REQUIRE(n.resources.size() == u.resources.size());
  for (std::size_t i = 0; i < n.resources.size(); ++i) CHECK(n.resources[i].body == u.resources[i].body);

  CHECK(n.version == "JAHISTC08");
  CHECK(n.output_category == 1);
  CHECK(n.blocks == 2);
  CHECK(n.drugs == 5);
  CHECK(of_type(n, "Patient").size() == 1);
  CHECK(of_type(n, "MedicationDispense").size() == 5);
  CHECK(of_type(n, "AllergyIntolerance").size() == 2);
  CHECK(of_type(n, "Condition").size() == 1);
  CHECK(of_type(n, "MedicationStatement").size() == 1);
  CHECK(of_type(n, "Basic").size() == 2);  // the memo (4) and the unknown record (999), raw

  const json& patient = of_type(n, "Patient")[0]->body;
  CHECK(patient["name"][0]["text"] == "山田　太郎");
  CHECK(patient["name"][0]["family"] == "山田");
  CHECK(patient["name"][1]["text"] == "ﾔﾏﾀﾞ ﾀﾛｳ");  // kana as written
  CHECK(patient["gender"] == "male");
  CHECK(patient["birthDate"] == "1980-04-01");
  CHECK(patient["contact"][0]["telecom"][0]["value"] == "090-0000-0000");

  const json* loxonin = dispense_of(n, "ﾛｷｿﾆﾝ錠60mg");  // kept as written, half-width
  REQUIRE(loxonin);
  CHECK((*loxonin)["meta"]["tag"][0]["code"] == "okusuri-techo");
  CHECK((*loxonin)["whenHandedOver"] == "2026-11-20");  // R081120
  CHECK((*loxonin)["medicationCodeableConcept"]["extension"][0]["valueString"] == "ロキソニン錠60mg");  // NFKC
  CHECK((*loxonin)["medicationCodeableConcept"]["coding"][0]["system"] == "urn:techo:jahis-tc:drug-code-type:2");
  CHECK((*loxonin)["medicationCodeableConcept"]["coding"][0]["code"] == "620098801");
  CHECK((*loxonin)["dosageInstruction"][0]["text"] == "1日3回毎食後");
  CHECK((*loxonin)["dosageInstruction"][0]["method"]["text"] == "内服");
  CHECK((*loxonin)["dosageInstruction"][0]["additionalInstruction"][0]["text"] == "痛みが強いとき");  // 311
  CHECK((*loxonin)["daysSupply"]["value"] == 7);
  CHECK((*loxonin)["quantity"]["value"] == 21);  // 3錠/日 × 7日分
  CHECK((*loxonin)["dosageInstruction"][0]["doseAndRate"][0]["rateRatio"]["numerator"]["value"] == 3);
  std::vector<std::string> records;
  for (const auto& note : (*loxonin)["note"]) records.push_back(note["extension"][0]["valueCode"]);
  CHECK(records == std::vector<std::string>{"281", "291", "391", "401", "411", "421", "501", "601"});
  const json& rx = (*loxonin)["contained"][0];
  CHECK(rx["resourceType"] == "MedicationRequest");
  CHECK(rx["identifier"][0]["value"] == "1");  // RP 1

  const json* mucosta = dispense_of(n, "ﾑｺｽﾀ錠100mg");  // the second drug of RP 1: no 281/291 of its own
  REQUIRE(mucosta);
  CHECK((*mucosta)["medicationCodeableConcept"]["coding"][0]["system"] == "http://capstandard.jp/iyaku.info/CodeSystem/YJ-code");
  CHECK((*mucosta)["note"][0]["extension"][0]["valueCode"] == "391");

  const json* calonal = dispense_of(n, "カロナール錠200");  // 頓服, HOT13
  REQUIRE(calonal);
  CHECK((*calonal)["medicationCodeableConcept"]["coding"][0]["system"] == "http://medis.or.jp/CodeSystem/master-HOT13");
  CHECK((*calonal)["dosageInstruction"][0]["asNeededBoolean"] == true);
  CHECK((*calonal)["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]["value"] == 1);
  CHECK((*calonal)["quantity"]["value"] == 5);  // 1錠 × 5回分

  const json* tape = dispense_of(n, "ロキソプロフェンNaテープ100mg「ＦＦ」");  // 厚労省 code, 一般名 and its code
  REQUIRE(tape);
  CHECK((*tape)["medicationCodeableConcept"]["coding"][0]["system"] == "urn:techo:jahis-tc:drug-code-type:3");
  CHECK((*tape)["medicationCodeableConcept"]["coding"][1]["display"] == "【般】ロキソプロフェンNaテープ100mg");
  CHECK((*tape)["medicationCodeableConcept"]["coding"][1]["code"] == "2649735S4ZZZ");
  CHECK((*tape)["quantity"]["value"] == 14);
  CHECK((*tape)["dosageInstruction"][0]["method"]["text"] == "外用");

  const json* amlodipine = dispense_of(n, "アムロジピン錠５ｍｇ「サワイ」");  // code type 1: no coding
  REQUIRE(amlodipine);
  CHECK_FALSE((*amlodipine).at("medicationCodeableConcept").contains("coding"));
  CHECK((*amlodipine)["whenHandedOver"] == "2026-10-15");
  CHECK_FALSE((*amlodipine).contains("note"));  // the first block's notes stay with it

  const json& otc = of_type(n, "MedicationStatement")[0]->body;
  CHECK(otc["contained"][0]["code"]["text"] == "ﾊﾞﾌｧﾘﾝA");
  CHECK(otc["contained"][0]["ingredient"][0]["itemCodeableConcept"]["text"] == "アセチルサリチル酸");
  CHECK(otc["effectivePeriod"]["start"] == "2026-01-01");

  REQUIRE(n.unknown_records.size() == 1);
  CHECK(n.unknown_records[0].path == "line 37");
  CHECK(n.unknown_records[0].message.find("999") != std::string::npos);
}

TEST_CASE("CP932-only characters and era dates of a JAHISTC07 sticker", "[okusuri][reader][cp932]") {
  const auto n = read_notebook(techo::test::read_data("okusuri-techo/sticker-eras.cp932.txt"));
  CHECK(of_type(n, "Patient")[0]->body["birthDate"] == "1989-01-08");
  const json* kakkonto = dispense_of(n, "ﾂﾑﾗ葛根湯ｴｷｽ顆粒（医療用）");
  REQUIRE(kakkonto);
  CHECK((*kakkonto)["whenHandedOver"] == "2019-05-01");
  CHECK((*kakkonto)["dosageInstruction"][0]["text"] == "1日3回毎食前①～③");  // ① U+2460, ～ U+FF5E as CP932 has them
  CHECK((*kakkonto)["note"][0]["text"] == "－服用時は白湯で－");                // － U+FF0D
  CHECK((*kakkonto)["quantity"]["value"] == 7.5 * 14);
  const json* theodur = dispense_of(n, "ﾃｵﾄﾞｰﾙ錠100mg");
  REQUIRE(theodur);
  CHECK((*theodur)["whenHandedOver"] == "1989-01-07");
}

TEST_CASE("bad input: an error naming the line and field, and nothing read", "[okusuri][errors]") {
  auto e = error_for(crlf({"JAHISTC08,1", "1,山田　太郎,1,19800401", "201,1,ロキソニン錠60mg,3,錠,1,,1"}));
  CHECK(e.path == "line 3");
  CHECK(e.message.find("before any dispensing date") != std::string::npos);

  e = error_for(crlf({"JAHISTC08,1", "1,山田　太郎,1,19800401", "5,20261131,1"}));
  CHECK(e.path == "line 3, field 2 (調剤等年月日)");
  CHECK(e.message.find("no day 31") != std::string::npos);

  e = error_for(crlf({"JAHISTC08,1", "1,山田　太郎,1,R010430"}));
  CHECK(e.path == "line 2, field 4 (患者生年月日)");

  e = error_for(crlf({"JAHISTC08,3"}));
  CHECK(e.path == "line 1, field 2 (出力区分)");

  e = error_for(crlf({"JAHISTCZZ,1"}));
  CHECK(e.path == "line 1, field 1 (バージョン)");

  e = error_for(crlf({"JAHISTC08,1", "1,山田　太郎", "5,20261120,1", "201,1,,3,錠,1,,1"}));
  CHECK(e.path == "line 4, field 3 (薬品名称)");

  e = error_for(crlf({"JAHISTC08,1", "1,山田　太郎", "5,20261120,1", "201,x,薬,3,錠,1,,1"}));
  CHECK(e.path == "line 4, field 2 (RP番号)");

  e = error_for(crlf({"JAHISTC08,1", "1,山田　太郎", "911,abc,2,3"}));
  CHECK(e.path == "line 3, field 4 (分割番号)");

  e = error_for(crlf({"JAHISTC08,1", "5,20261120,1"}));
  CHECK(e.message.find("patient record") != std::string::npos);

  // A byte CP932 does not define, on line 2.
  e = error_for("JAHISTC08,1\r\n1,\x82\xA0\x85\x40,1\r\n");
  CHECK(e.code == techo::ErrorCode::kMalformedInput);
  CHECK(e.path.rfind("line 2", 0) == 0);
}

TEST_CASE("importFile reads a sticker into the views with origin お薬手帳; a re-scan or a second scanner adds nothing",
          "[okusuri][import]") {
  techo::test::TestSession s;
  value_of(s.open(":memory:"));
  const json first = import(s, full_cp932(), "sticker.txt");
  CHECK(first["format"] == "jahis-tc");
  CHECK(first["imported"]["MedicationDispense"] == 5);
  CHECK(first["notebook"]["blocks"] == 2);
  REQUIRE(first["flagged"].size() == 1);  // the unknown record, kept raw and reported
  CHECK(first["flagged"][0]["path"] == "sticker.txt: line 37");

  const json meds = view(s, "medications");
  const json* loxonin = by(meds["entries"], "drug", "ﾛｷｿﾆﾝ錠60mg");
  REQUIRE(loxonin);
  CHECK((*loxonin)["origin"] == "okusuri-techo");
  CHECK((*loxonin)["pharmacy"] == "さくら薬局　本店");
  CHECK((*loxonin)["institution"] == "千代田クリニック");
  CHECK((*loxonin)["prescriber"] == "医師　一郎");
  CHECK((*loxonin)["dosage"] == "1日3回毎食後");
  CHECK((*loxonin)["active"] == true);  // 2026-11-20 + 7 days, seen on 2026-11-21
  CHECK(meds["person"]["name"] == "山田　太郎");

  const json card = view(s, "emergency");
  CHECK(card.dump().find("ペニシリン系抗生物質で発疹") != std::string::npos);  // the adverse reaction (2, type 2)

  // The same sticker again, and the same sticker as another app hands it over (UTF-8).
  for (const auto& again : {full_cp932(), full_utf8()}) {
    const json report = import(s, again, "again.txt");
    CHECK(report["importedTotal"] == 0);
    CHECK(report["updated"] == 0);
  }
  CHECK(view(s, "medications")["entriesTotal"] == meds["entriesTotal"]);
}

TEST_CASE("a notebook that fails stores nothing, and the next import works", "[okusuri][import][errors]") {
  techo::test::TestSession s;
  value_of(s.open(":memory:"));
  std::string broken = full_utf8();
  broken += "5,20261199,1\r\n";
  const json e = error_of(s.import_fhir(broken, "broken.txt"));
  CHECK(e["code"] == "MALFORMED_INPUT");
  CHECK(e["path"] == "broken.txt: line 38, field 2 (調剤等年月日)");
  CHECK(value_of(s.summary())["total"] == 0);
  CHECK(import(s, full_utf8())["imported"]["MedicationDispense"] == 5);
}

TEST_CASE("a split notebook (911) is held until every part arrived, in any order, then imported as one",
          "[okusuri][split]") {
  const std::string text = *techo::okusuri::decode(full_utf8());
  const auto parts = techo::okusuri::split_for_qr(text, "sticker-1", 700);
  REQUIRE(parts.size() == 3);
  for (const auto& p : parts) CHECK(techo::text::utf8_to_cp932(p).size() <= 700);
  CHECK(techo::okusuri::join_parts(parts) == text.substr(0, text.size()));

  std::vector<int> order{0, 1, 2};
  do {
    techo::test::TestSession s;
    value_of(s.open(":memory:"));
    for (std::size_t i = 0; i < order.size(); ++i) {
      const json report = import(s, techo::text::utf8_to_cp932(parts[order[i]]), "part.txt");
      CHECK(report["parts"]["read"] == i + 1);
      CHECK(report["parts"]["total"] == 3);
      if (i + 1 < order.size()) {
        CHECK(report["parts"]["complete"] == false);
        CHECK(report["importedTotal"] == 0);
        CHECK(value_of(s.summary())["total"] == 0);
        CHECK(value_of(s.call("pendingNotebookParts"))[0]["read"] == i + 1);
      } else {
        CHECK(report["parts"]["complete"] == true);
        CHECK(report["imported"]["MedicationDispense"] == 5);
        CHECK(value_of(s.call("pendingNotebookParts")).empty());
      }
    }
  } while (std::next_permutation(order.begin(), order.end()));

  // A part read twice counts once; a missing part keeps the rest held, and says which.
  techo::test::TestSession s;
  value_of(s.open(":memory:"));
  import(s, parts[2]);
  const json twice = import(s, parts[2]);
  CHECK(twice["parts"]["read"] == 1);
  CHECK(import(s, parts[0])["parts"]["missing"] == json::array({2}));
  CHECK(value_of(s.summary())["total"] == 0);
}

TEST_CASE("the hand-over: current medicines as JAHIS TC 出力区分 2, read back into a new vault and into its own",
          "[okusuri][writer]") {
  techo::test::TestSession s;
  value_of(s.open(":memory:"));
  import(s, full_cp932());
  const json out = value_of(s.call("exportMedicationNotebook", json{{"query", {{"today", "2026-11-21"}}}}));
  const std::string text = out["text"];
  CHECK(text.rfind("JAHISTC08,2\r\n1,山田　太郎,1,19800401", 0) == 0);
  // Current on 2026-11-21: the two drugs of 2026-11-20's RP 1 (7 days) and the OTC one;
  // not the 頓服 (no days), the tape (no days) nor 2026-10-15's 28 days.
  CHECK(out["medicines"] == 3);
  CHECK(text.find("\r\n3,ﾊﾞﾌｧﾘﾝA,20260101,,2\r\n") != std::string::npos);
  CHECK(text.find("\r\n201,1,ﾛｷｿﾆﾝ錠60mg,3,錠,") != std::string::npos);
  REQUIRE(out["parts"].size() == 1);
  CHECK(out["replaced"].empty());

  const auto read_back = read_notebook(text);
  CHECK(read_back.output_category == 2);
  CHECK(of_type(read_back, "MedicationDispense").size() == 2);
  CHECK(of_type(read_back, "MedicationStatement").size() == 1);

  techo::test::TestSession fresh;
  value_of(fresh.open(":memory:"));
  CHECK(import(fresh, text, "handover.txt")["imported"]["MedicationDispense"] == 2);
  const json meds = view(fresh, "medications");
  const json* loxonin = by(meds["current"], "drug", "ﾛｷｿﾆﾝ錠60mg");
  REQUIRE(loxonin);
  CHECK((*loxonin)["dosage"] == "1日3回毎食後");
  CHECK((*loxonin)["pharmacy"] == "さくら薬局　本店");
  CHECK((*loxonin)["institution"] == "千代田クリニック");

  // Read back into the vault it came from: everything is known already.
  const json again = import(s, text, "handover.txt");
  INFO(again.dump() + "\n" + text);
  CHECK(again["importedTotal"] == 0);
}
