#include "techo/terminology.hpp"

#include <array>

namespace techo::terminology {
namespace {

struct Alias {
  std::string_view form;  // a URI or urn:oid: under which the system arrives
  System system;
};

constexpr std::string_view kYJ = "http://capstandard.jp/iyaku.info/CodeSystem/YJ-code";
constexpr std::string_view kGeneralOrder = "http://jpfhir.jp/fhir/core/mhlw/CodeSystem/MedicationGeneralOrderCode";
constexpr std::string_view kHOT7 = "http://medis.or.jp/CodeSystem/master-HOT7";
constexpr std::string_view kHOT9 = "http://medis.or.jp/CodeSystem/master-HOT9";
constexpr std::string_view kHOT13 = "http://medis.or.jp/CodeSystem/master-HOT13";
constexpr std::string_view kJLAC10 = "http://jpfhir.jp/fhir/core/CodeSystem/JLAC10";
constexpr std::string_view kJLAC11 = "http://jpfhir.jp/fhir/core/CodeSystem/JLAC11";
constexpr std::string_view kCheckup = "urn:oid:1.2.392.200119.6.1005";
constexpr std::string_view kMedisDisease = "http://medis.or.jp/CodeSystem/master-disease-keyNumber";
constexpr std::string_view kICD10JP = "http://jpfhir.jp/fhir/core/mhlw/CodeSystem/ICD10-2013-full";
constexpr std::string_view kJamiUsage = "http://jami.jp/CodeSystem/MedicationUsage";
constexpr std::string_view kMerit9Unit = "http://jpfhir.jp/fhir/core/mhlw/CodeSystem/MedicationUnitMERIT9Code";
constexpr std::string_view kJfagyFood = "http://jpfhir.jp/fhir/core/CodeSystem/JP_JfagyFoodAllergen_CS";
constexpr std::string_view kJfagyDrug = "http://jpfhir.jp/fhir/core/CodeSystem/GCM/JP_JfagyMedicationAllergen_CS";

constexpr System S(std::string_view canonical, std::string_view name, Kind kind) { return {canonical, name, kind, true}; }

// Every known form of every system. OIDs as registered for Japanese healthcare
// (1.2.392.100495.20.* MHLW/JAHIS, 1.2.392.200119.* MEDIS-DC), URIs as JP Core and
// JP-CLINS write them, and the JP-CLINS subsets (../shared/reference/jp-clins-terminology).
const std::array kAliases{
    // Drugs
    Alias{kYJ, S(kYJ, "YJ", Kind::kDrug)},
    Alias{"urn:oid:1.2.392.100495.20.1.73", S(kYJ, "YJ", Kind::kDrug)},
    Alias{"http://jpfhir.jp/fhir/core/CodeSystem/YJ-code", S(kYJ, "YJ", Kind::kDrug)},
    Alias{kGeneralOrder, S(kGeneralOrder, "一般名処方", Kind::kDrug)},
    Alias{"urn:oid:1.2.392.100495.20.1.81", S(kGeneralOrder, "一般名処方", Kind::kDrug)},
    Alias{kHOT7, S(kHOT7, "HOT7", Kind::kDrug)},
    Alias{"urn:oid:1.2.392.200119.4.402.1", S(kHOT7, "HOT7", Kind::kDrug)},
    Alias{kHOT9, S(kHOT9, "HOT9", Kind::kDrug)},
    Alias{"urn:oid:1.2.392.100495.20.2.74", S(kHOT9, "HOT9", Kind::kDrug)},
    Alias{kHOT13, S(kHOT13, "HOT13", Kind::kDrug)},
    Alias{"urn:oid:1.2.392.200119.4.403.1", S(kHOT13, "HOT13", Kind::kDrug)},
    Alias{"http://www.nlm.nih.gov/research/umls/rxnorm", S("http://www.nlm.nih.gov/research/umls/rxnorm", "RxNorm", Kind::kDrug)},
    Alias{"urn:oid:2.16.840.1.113883.6.88", S("http://www.nlm.nih.gov/research/umls/rxnorm", "RxNorm", Kind::kDrug)},
    // Laboratory
    Alias{kJLAC10, S(kJLAC10, "JLAC10", Kind::kLab)},
    Alias{"urn:oid:1.2.392.200119.4.504", S(kJLAC10, "JLAC10", Kind::kLab)},
    Alias{"http://medis.or.jp/CodeSystem/master-JLAC10-17digits", S(kJLAC10, "JLAC10", Kind::kLab)},
    Alias{"http://jpfhir.jp/fhir/clins/CodeSystem/JLAC10/JP_CLINS_ObsLabResult_CoreLabo_CS", S(kJLAC10, "JLAC10", Kind::kLab)},
    Alias{"http://jpfhir.jp/fhir/clins/CodeSystem/JLAC10/JP_CLINS_ObsLabResult_InfectionLabo_CS", S(kJLAC10, "JLAC10", Kind::kLab)},
    Alias{kJLAC11, S(kJLAC11, "JLAC11", Kind::kLab)},
    Alias{"urn:oid:1.2.392.200119.4.505", S(kJLAC11, "JLAC11", Kind::kLab)},
    Alias{"http://jpfhir.jp/fhir/clins/CodeSystem/JLAC11/JP_CLINS_ObsLabResult_CoreLabo_CS", S(kJLAC11, "JLAC11", Kind::kLab)},
    Alias{"http://jpfhir.jp/fhir/clins/CodeSystem/JLAC11/JP_CLINS_ObsLabResult_InfectionLabo_CS", S(kJLAC11, "JLAC11", Kind::kLab)},
    Alias{kCheckup, S(kCheckup, "特定健診項目", Kind::kLab)},
    Alias{"http://jpfhir.jp/fhir/eCheckup/CodeSystem/checkup-code", S(kCheckup, "特定健診項目", Kind::kLab)},
    Alias{"http://loinc.org", S("http://loinc.org", "LOINC", Kind::kLab)},
    Alias{"urn:oid:2.16.840.1.113883.6.1", S("http://loinc.org", "LOINC", Kind::kLab)},
    // Diagnoses
    Alias{kMedisDisease, S(kMedisDisease, "MEDIS病名", Kind::kDiagnosis)},
    Alias{"urn:oid:1.2.392.200119.4.101.6", S(kMedisDisease, "MEDIS病名", Kind::kDiagnosis)},
    Alias{kICD10JP, S(kICD10JP, "ICD-10", Kind::kDiagnosis)},
    Alias{"urn:oid:1.2.392.200119.4.101.2", S(kICD10JP, "ICD-10", Kind::kDiagnosis)},
    Alias{"http://hl7.org/fhir/sid/icd-10", S("http://hl7.org/fhir/sid/icd-10", "ICD-10", Kind::kDiagnosis)},
    Alias{"urn:oid:2.16.840.1.113883.6.3", S("http://hl7.org/fhir/sid/icd-10", "ICD-10", Kind::kDiagnosis)},
    Alias{"http://snomed.info/sct", S("http://snomed.info/sct", "SNOMED CT", Kind::kDiagnosis)},
    Alias{"urn:oid:2.16.840.1.113883.6.96", S("http://snomed.info/sct", "SNOMED CT", Kind::kDiagnosis)},
    // Allergens
    Alias{kJfagyFood, S(kJfagyFood, "JFAGY食物", Kind::kAllergen)},
    Alias{"urn:oid:1.2.392.200119.4.1201.1", S(kJfagyFood, "JFAGY食物", Kind::kAllergen)},
    Alias{kJfagyDrug, S(kJfagyDrug, "JFAGY薬剤", Kind::kAllergen)},
    Alias{"urn:oid:1.2.392.200119.4.1201.2", S(kJfagyDrug, "JFAGY薬剤", Kind::kAllergen)},
    // Vaccines
    Alias{"http://hl7.org/fhir/sid/cvx", S("http://hl7.org/fhir/sid/cvx", "CVX", Kind::kVaccine)},
    Alias{"urn:oid:2.16.840.1.113883.12.292", S("http://hl7.org/fhir/sid/cvx", "CVX", Kind::kVaccine)},
    Alias{"urn:oid:1.2.392.200119.4.1301", S("urn:oid:1.2.392.200119.4.1301", "ワクチン", Kind::kVaccine)},
    // Usage (JAMI 用法) and units
    Alias{kJamiUsage, S(kJamiUsage, "JAMI用法", Kind::kUsage)},
    Alias{"urn:oid:1.2.392.200250.2.2.20", S(kJamiUsage, "JAMI用法", Kind::kUsage)},
    Alias{"http://jpfhir.jp/fhir/core/mhlw/CodeSystem/MedicationUsage_ePrescription", S(kJamiUsage, "JAMI用法", Kind::kUsage)},
    Alias{"http://unitsofmeasure.org", S("http://unitsofmeasure.org", "UCUM", Kind::kUnit)},
    Alias{"urn:oid:2.16.840.1.113883.6.8", S("http://unitsofmeasure.org", "UCUM", Kind::kUnit)},
    Alias{kMerit9Unit, S(kMerit9Unit, "MERIT-9単位", Kind::kUnit)},
    Alias{"urn:oid:1.2.392.100495.20.2.101", S(kMerit9Unit, "MERIT-9単位", Kind::kUnit)},
};

}  // namespace

System lookup(std::string_view system) {
  // Trailing "|version" (canonical references) and a final "/" are not part of the name.
  if (auto bar = system.find('|'); bar != std::string_view::npos) system = system.substr(0, bar);
  while (system.size() > 1 && system.back() == '/') system.remove_suffix(1);
  for (const auto& alias : kAliases) {
    if (alias.form == system) return alias.system;
  }
  return System{system, {}, Kind::kUnknown, false};
}

std::string drug_ingredient(std::string_view system, std::string_view code) {
  const System s = lookup(system);
  if (s.canonical == kJfagyDrug && code.substr(0, 3) == "GCM") code.remove_prefix(3);
  else if (s.canonical != kYJ && s.canonical != kGeneralOrder) return {};
  if (code.size() < 7) return {};
  return std::string(code.substr(0, 7));
}

}  // namespace techo::terminology
