// The code systems Japanese and international FHIR data use, in one registry. The same
// system arrives under several names — an `urn:oid:` form (from HL7 v2/CDA and MHLW
// documents), an `http://` URI (JP Core / JP-CLINS), and IG-specific subsets (the JP-CLINS
// "CoreLabo" JLAC10 code system is a subset of JLAC10) — so every comparison of codes goes
// through canonical_system(), never through string equality on `Coding.system`.
#pragma once

#include <string>
#include <string_view>

namespace techo::terminology {

enum class Kind {
  kUnknown,     // a system not in the registry (an institution's local codes, ...)
  kDrug,        // YJ, HOT, 一般名処方, RxNorm
  kLab,         // JLAC10/11, 特定健診項目, LOINC
  kDiagnosis,   // MEDIS 病名, ICD-10, SNOMED CT
  kAllergen,    // JFAGY
  kVaccine,     // CVX, JP vaccine codes
  kUsage,       // JAMI 用法
  kUnit,        // UCUM, MERIT-9
};

struct System {
  std::string_view canonical;  // the URI we compare by ("http://capstandard.jp/iyaku.info/CodeSystem/YJ-code")
  std::string_view name;       // short name a person may see ("YJ", "JLAC10", "ICD-10")
  Kind kind = Kind::kUnknown;
  bool standard = false;       // a shared terminology, preferred over local codes for display
};

// The registry entry of a system URI in any of its known forms; for an unknown system,
// an entry whose canonical is the input itself (so comparisons still work) and kUnknown.
System lookup(std::string_view system);
inline std::string_view canonical_system(std::string_view system) { return lookup(system).canonical; }
inline bool same_system(std::string_view a, std::string_view b) { return canonical_system(a) == canonical_system(b); }

// The ingredient a drug code names, for spotting the same drug prescribed twice or a drug
// matching a recorded allergy: the first 7 characters of a YJ code or 一般名処方 code
// (薬効分類 4 + 成分 3), and of a JFAGY medication allergen code after its "GCM" prefix.
// Empty when the code carries no ingredient this way (HOT, local codes, NOCODED).
std::string drug_ingredient(std::string_view system, std::string_view code);

}  // namespace techo::terminology
