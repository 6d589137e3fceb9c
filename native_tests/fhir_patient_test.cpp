#include <catch2/catch.hpp>

#include "techo/fhir.hpp"
#include "test_data.hpp"

using nlohmann::json;
using techo::fhir::patient_name;

TEST_CASE("JP Core patients are named in kanji, with the kana reading", "[fhir][patient]") {
  auto patient = json::parse(techo::test::read_data("jp-clins-examples/Patient-Example-JP-Patient-standard.json"));
  auto name = patient_name(patient);
  CHECK(name.display == "牧野 爛漫");
  CHECK(name.phonetic == "マキノ ランマン");
}

TEST_CASE("names without text are composed given-first", "[fhir][patient]") {
  auto name = patient_name(json::parse(R"({"name": [{"family": "Wiegand", "given": ["Luigi", "M"]}]})"));
  CHECK(name.display == "Luigi M Wiegand");
  CHECK(name.phonetic.empty());
}

TEST_CASE("a patient known only by kana is shown in kana", "[fhir][patient]") {
  auto name = patient_name(json::parse(R"({"name": [{"text": "ヤマダ ハナコ", "extension": [
      {"url": "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation", "valueCode": "SYL"}]}]})"));
  CHECK(name.display == "ヤマダ ハナコ");
  CHECK(name.phonetic == "ヤマダ ハナコ");
}

TEST_CASE("a patient without usable names has an empty name", "[fhir][patient]") {
  CHECK(patient_name(json::parse(R"({"name": "oops"})")).display.empty());
  CHECK(patient_name(json::parse(R"({"name": [{"use": "official"}, 3]})")).display.empty());
  CHECK(patient_name(json::parse(R"({})")).display.empty());
}
