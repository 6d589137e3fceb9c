// Safety checks a pharmacist would make, on what the person is taking now:
//  - one ingredient prescribed by two institutions (重複投薬), by the ingredient part of
//    YJ / 一般名処方 codes, so different brands of one drug are caught;
//  - a current drug matching a recorded drug allergy or contraindication (薬剤禁忌), by
//    ingredient code (JFAGY 薬剤 allergen, YJ), or by the allergen's name appearing in
//    the drug's name when the allergy is recorded as text only.
// Each warning carries its evidence: the records that raised it.
#include <map>
#include <set>

#include "views_clinical.hpp"
#include "views_medications.hpp"

namespace techo::views {

using namespace detail;

Result<json> safety(Vault& vault, const Query& query) {
  auto context = Context::load(vault, query, {"MedicationRequest", "MedicationDispense", "MedicationStatement",
                                              "AllergyIntolerance"});
  if (!context) return std::move(context).error();
  std::vector<MedicationEntry> current;
  for (auto& m : medication_entries(*context)) {
    if (m.active && !m.covered_by_dispense) current.push_back(std::move(m));
  }
  json warnings = json::array();

  std::map<std::string, std::vector<const MedicationEntry*>> by_ingredient;
  for (const auto& m : current) {
    for (const auto& i : m.ingredients) by_ingredient[i].push_back(&m);
  }
  for (const auto& [ingredient, entries] : by_ingredient) {
    std::set<std::string> institutions;
    for (const auto* m : entries) institutions.insert(m->institution.empty() ? m->from->source : m->institution);
    if (institutions.size() < 2) continue;
    json evidence = json::array();
    std::set<std::string> names;
    for (const auto* m : entries) {
      evidence.push_back(to_json(*m));
      names.insert(m->drug.text);
    }
    warnings.push_back(json{{"kind", "duplicate-ingredient"},
                            {"ingredient", ingredient},
                            {"drugs", names},
                            {"institutions", institutions},
                            {"medications", std::move(evidence)}});
  }

  for (const auto& a : allergy_entries(*context)) {
    if (!a.active || !a.drug) continue;
    for (const auto& m : current) {
      std::string matched_by;
      for (const auto& i : a.ingredients) {
        if (std::find(m.ingredients.begin(), m.ingredients.end(), i) != m.ingredients.end()) matched_by = "ingredient:" + i;
      }
      if (matched_by.empty() && a.ingredients.empty() && a.substance.text.size() >= 6 &&
          m.drug.text.find(a.substance.text) != std::string::npos) {
        matched_by = "name";
      }
      if (matched_by.empty()) continue;
      warnings.push_back(json{{"kind", "allergy-match"},
                              {"matchedBy", matched_by},
                              {"allergy", to_json(a)},
                              {"medications", json::array({to_json(m)})}});
    }
  }
  return json{{"today", context->today()}, {"warnings", std::move(warnings)}};
}

}  // namespace techo::views
