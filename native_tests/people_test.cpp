#include <catch2/catch.hpp>

#include "synthea_expectations.hpp"
#include "techo/fhir.hpp"
#include "techo/vault.hpp"
#include "test_data.hpp"

using techo::Vault;

namespace {

void import(Vault& vault, const std::string& name, const std::string& json) {
  auto parsed = techo::fhir::parse_fhir(json);
  REQUIRE(parsed.has_value());
  techo::fhir::Bundle bundle{parsed->bundle_type, std::move(parsed->resources), {}, {}};
  REQUIRE(vault.import_bundle({name}, bundle).has_value());
}

}  // namespace

TEST_CASE("each Synthea patient is a person with their own records", "[people]") {
  auto vault = Vault::open(":memory:");
  REQUIRE(vault.has_value());
  for (const auto& b : techo::test::kSyntheaBundles) import(*vault, b.file, techo::test::read_data(b.file));
  auto people = vault->people();
  REQUIRE(people.has_value());
  REQUIRE(people->size() == 4);
  CHECK((*people)[0].relationship == "self");
  for (const auto& b : techo::test::kSyntheaBundles) {
    INFO(b.patient_name);
    auto person = std::find_if(people->begin(), people->end(), [&](const auto& p) { return p.name == b.patient_name; });
    REQUIRE(person != people->end());
    CHECK(person->birth_date == b.birth_date);
    Vault::RecordQuery query{"immunization", 100};
    query.person = person->id;
    auto rows = vault->records(query);
    REQUIRE(rows.has_value());
    CHECK(static_cast<std::int64_t>(rows->size()) == b.counts.at("Immunization"));
    for (const auto& r : *rows) CHECK(r.person == person->id);
  }
}

TEST_CASE("one person arriving from several files is one person; a child is a child", "[people]") {
  auto vault = Vault::open(":memory:");
  REQUIRE(vault.has_value());
  const std::string mother = R"({"resourceType": "Patient", "id": "p", "birthDate": "1978-04-12",
      "identifier": [{"system": "http://jpfhir.jp/fhir/clins/Idsystem/JP_Insurance_memberID", "value": "00012345:ヤマダ:101:01"}],
      "name": [{"text": "山田 花子"}]})";
  // Clinic A names her by its own id; the pharmacy by the insurance member id only.
  import(*vault, "clinic.json", R"({"resourceType": "Bundle", "type": "collection", "entry": [
      {"fullUrl": "urn:uuid:11111111-0000-4000-8000-000000000001", "resource": )" + mother + R"(},
      {"resource": {"resourceType": "Condition", "code": {"text": "高血圧症"},
                    "subject": {"reference": "urn:uuid:11111111-0000-4000-8000-000000000001"}}}]})");
  import(*vault, "pharmacy.json", R"({"resourceType": "Bundle", "type": "collection", "entry": [
      {"resource": {"resourceType": "MedicationDispense", "status": "completed", "medicationCodeableConcept": {"text": "アムロジピン"},
                    "subject": {"identifier": {"system": "http://jpfhir.jp/fhir/clins/Idsystem/JP_Insurance_memberID",
                                               "value": "00012345:ヤマダ:101:01"}}}}]})");
  // A checkup centre's own Patient resource: same name and birth date, other identifiers.
  import(*vault, "checkup.json", R"({"resourceType": "Bundle", "type": "collection", "entry": [
      {"fullUrl": "urn:uuid:22222222-0000-4000-8000-000000000001", "resource": {"resourceType": "Patient", "id": "k9",
        "birthDate": "1978-04-12", "name": [{"text": "山田 花子"}]}},
      {"resource": {"resourceType": "Observation", "status": "final", "code": {"text": "体重"},
                    "valueQuantity": {"value": 56, "unit": "kg"},
                    "subject": {"reference": "urn:uuid:22222222-0000-4000-8000-000000000001"}}},
      {"fullUrl": "urn:uuid:33333333-0000-4000-8000-000000000001", "resource": {"resourceType": "Patient", "id": "c1",
        "birthDate": "2019-05-10", "name": [{"text": "山田 太郎"}]}},
      {"resource": {"resourceType": "Immunization", "status": "completed", "vaccineCode": {"text": "MR"},
                    "patient": {"reference": "urn:uuid:33333333-0000-4000-8000-000000000001"}}}]})");
  auto people = vault->people();
  REQUIRE(people.has_value());
  REQUIRE(people->size() == 2);
  CHECK((*people)[0].name == "山田 花子");
  CHECK((*people)[0].relationship == "self");
  CHECK((*people)[0].records == 3);  // condition, dispense, observation
  CHECK((*people)[1].name == "山田 太郎");
  CHECK((*people)[1].relationship == "child");
  CHECK((*people)[1].records == 1);

  // A record imported before its person's Patient is linked when the Patient arrives.
  import(*vault, "early.json", R"({"resourceType": "Condition", "code": {"text": "アトピー性皮膚炎"},
      "subject": {"reference": "Patient/later"}})");
  import(*vault, "late.json", R"({"resourceType": "Patient", "id": "later", "birthDate": "2019-05-10", "name": [{"text": "山田 太郎"}]})");
  people = vault->people();
  REQUIRE(people->size() == 2);
  CHECK((*people)[1].records == 2);
}
