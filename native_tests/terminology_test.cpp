#include <catch2/catch.hpp>

#include "techo/terminology.hpp"

using namespace techo::terminology;

TEST_CASE("a code system's OID and URI forms are one system", "[terminology]") {
  CHECK(same_system("urn:oid:1.2.392.100495.20.1.73", "http://capstandard.jp/iyaku.info/CodeSystem/YJ-code"));
  CHECK(same_system("urn:oid:1.2.392.200119.4.504", "http://medis.or.jp/CodeSystem/master-JLAC10-17digits"));
  // The JP-CLINS CoreLabo code system is a subset of JLAC10: its codes are JLAC10 codes.
  CHECK(same_system("http://jpfhir.jp/fhir/clins/CodeSystem/JLAC10/JP_CLINS_ObsLabResult_CoreLabo_CS",
                    "http://jpfhir.jp/fhir/core/CodeSystem/JLAC10"));
  CHECK(same_system("urn:oid:2.16.840.1.113883.6.1", "http://loinc.org"));
  CHECK(same_system("http://loinc.org|2.77", "http://loinc.org/"));  // version and trailing slash ignored
  CHECK_FALSE(same_system("http://loinc.org", "http://snomed.info/sct"));
  CHECK_FALSE(same_system("http://jpfhir.jp/fhir/core/CodeSystem/JLAC10", "http://jpfhir.jp/fhir/core/CodeSystem/JLAC11"));
  CHECK(lookup("urn:oid:1.2.392.100495.20.2.74").name == "HOT9");
  CHECK(lookup("http://medis.or.jp/CodeSystem/master-disease-keyNumber").kind == Kind::kDiagnosis);
  CHECK(lookup("http://jpfhir.jp/fhir/core/mhlw/CodeSystem/MedicationUsage_ePrescription").kind == Kind::kUsage);
  // Unknown (local) systems are themselves, and not standard.
  const auto local = lookup("http://jpfhir.jp/fhir/eCS/CodeSystem/DrugCode/19911234567");
  CHECK(local.canonical == "http://jpfhir.jp/fhir/eCS/CodeSystem/DrugCode/19911234567");
  CHECK_FALSE(local.standard);
}

TEST_CASE("drug codes name their ingredient for duplicate and allergy checks", "[terminology]") {
  // Two brands of one ingredient (YJ 2171022: amlodipine) share the first 7 characters.
  CHECK(drug_ingredient("http://capstandard.jp/iyaku.info/CodeSystem/YJ-code", "2171022F6276") == "2171022");
  CHECK(drug_ingredient("urn:oid:1.2.392.100495.20.1.73", "2171022F1020") == "2171022");
  CHECK(drug_ingredient("http://jpfhir.jp/fhir/core/mhlw/CodeSystem/MedicationGeneralOrderCode", "1124030F2ZZZ") == "1124030");
  // A JFAGY medication allergen is "GCM" + a 一般名処方 code.
  CHECK(drug_ingredient("http://jpfhir.jp/fhir/core/CodeSystem/GCM/JP_JfagyMedicationAllergen_CS", "GCM2260701F1ZZZ") ==
        "2260701");
  CHECK(drug_ingredient("http://medis.or.jp/CodeSystem/master-HOT9", "118185202").empty());
  CHECK(drug_ingredient("http://capstandard.jp/iyaku.info/CodeSystem/YJ-code", "217").empty());
}
