// The normalized records a citizen reads, from JP-CLINS and Synthea data.
#include <catch2/catch.hpp>

#include "synthea_expectations.hpp"
#include "techo/api.hpp"
#include "techo/records.hpp"
#include "techo/vault.hpp"
#include "test_data.hpp"

using techo::Vault;

namespace {

techo::records::Record normalized(const std::string& file) {
  auto parsed = techo::fhir::parse_fhir(techo::test::read_data("jp-clins-examples/" + file));
  REQUIRE(parsed.has_value());
  REQUIRE(parsed->resources.size() == 1);
  auto record = techo::records::normalize(parsed->resources[0]);
  REQUIRE(record.has_value());
  return *record;
}

}  // namespace

TEST_CASE("JP-CLINS prescriptions read as drug and dosage as written", "[records][jp-clins]") {
  auto quazepam = normalized("MedicationRequest-Example-JP-MedReq-PO-SID-28days.json");
  CHECK(quazepam.category == "medication");
  CHECK(quazepam.display == "クアゼパム錠２０ｍｇ");
  CHECK(quazepam.value_text == "1日1回 就寝前 １回 1錠  (１日  1錠) 28　日分,自己調節可");
  CHECK(quazepam.effective_at == "2021-07-12T16:19:06+09:00");

  auto calonal = normalized("MedicationRequest-Example-JP-MedReq-PO-AsNeeded-LimitMax.json");
  CHECK(calonal.display == "カロナール錠３００");
  CHECK(calonal.value_text.rfind("発熱時", 0) == 0);
}

TEST_CASE("JP-CLINS labs, diagnoses and allergies read as a person expects", "[records][jp-clins]") {
  auto albumin = normalized("Observation-Example-JP-Obs-LabResult-eCS-Alb.json");
  CHECK(albumin.category == "lab");
  CHECK(albumin.display == "アルブミン");
  REQUIRE(albumin.value_number.has_value());
  CHECK(*albumin.value_number == Approx(3.9));
  CHECK(albumin.unit == "mg/L");
  CHECK(albumin.code == "3A015000001827101");
  CHECK(albumin.effective_at == "2021-07-05T11:19:41+09:00");

  auto ulcer = normalized("Condition-Example-JP-Condition-eCS-01.json");
  CHECK(ulcer.category == "condition");
  CHECK(ulcer.display == "十二指腸潰瘍・H1期");
  CHECK(ulcer.code == "20064049");
  CHECK(ulcer.effective_at == "2020-04-10");

  auto mackerel = normalized("AllergyIntolerance-Example-JP-Allergy-eCS-01.json");
  CHECK(mackerel.category == "allergy");
  CHECK(mackerel.display == "サバ");
  CHECK(mackerel.status == "active");

  auto iodine = normalized("AllergyIntolerance-Example-JP-AllergyIntolerance-eCS-03.json");
  CHECK(iodine.display == "ヨードうがい液");
  CHECK(iodine.code == "GCM2260701F1ZZZ");
}

TEST_CASE("people, organizations and practitioners stay raw", "[records]") {
  auto parsed = techo::fhir::parse_fhir(techo::test::read_data("jp-clins-examples/Patient-Example-JP-Patient-standard.json"));
  CHECK_FALSE(techo::records::normalize(parsed->resources[0]).has_value());
}

TEST_CASE("the records timeline is newest first, filterable and paged", "[records][timeline]") {
  auto vault = Vault::open(":memory:");
  REQUIRE(vault.has_value());
  for (const auto& b : techo::test::kSyntheaBundles) {
    auto bundle = techo::fhir::parse_bundle(techo::test::read_data(b.file));
    REQUIRE(vault->import_bundle({b.file}, *bundle).has_value());
  }
  auto immunizations = vault->records({"immunization", 100});
  REQUIRE(immunizations.has_value());
  CHECK(immunizations->size() == 12 + 12 + 10 + 11);
  for (std::size_t i = 1; i < immunizations->size(); ++i) {
    CHECK((*immunizations)[i - 1].record.effective_at >= (*immunizations)[i].record.effective_at);
  }
  CHECK_FALSE(immunizations->front().record.display.empty());

  // Walk all medications page by page: every one exactly once.
  std::size_t seen = 0;
  Vault::RecordQuery page{"medication", 25};
  for (;;) {
    auto rows = vault->records(page);
    REQUIRE(rows.has_value());
    if (rows->empty()) break;
    seen += rows->size();
    page.before_effective_at = rows->back().record.effective_at;
    page.before_id = rows->back().id;
  }
  CHECK(seen == 0 + 1 + 122 + 4);

  auto labs = vault->records({"lab", 5});
  REQUIRE(labs->size() == 5);
  CHECK(labs->front().resource_type == "Observation");
  CHECK(labs->front().record.value_number.has_value());
  CHECK_FALSE(labs->front().record.unit.empty());
}
