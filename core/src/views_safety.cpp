// Safety checks a pharmacist would make, on what the person is taking now:
//  - one ingredient prescribed by two institutions (重複投薬), by the ingredient part of
//    YJ / 一般名処方 codes, so different brands of one drug are caught;
//  - a current drug matching a recorded drug allergy or contraindication (薬剤禁忌), by
//    ingredient code (JFAGY 薬剤 allergen, YJ), or by the allergen's name appearing in
//    the drug's name when the allergy is recorded as text only.
// Each check runs on one person's records at a time: a child's medicine is never checked
// against a parent's allergy, nor two siblings' prescriptions against each other. Each
// warning names its person and carries its evidence: the records that raised it.
#include <algorithm>
#include <map>
#include <set>

#include "views_clinical.hpp"
#include "views_medications.hpp"

namespace techo::views {

using namespace detail;

namespace {

json duplicate_ingredients(const std::vector<const MedicationEntry*>& current, const json& person) {
  json warnings = json::array();
  std::map<std::string, std::vector<const MedicationEntry*>> by_ingredient;
  for (const auto* m : current) {
    for (const auto& i : m->ingredients) by_ingredient[i].push_back(m);
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
                            {"person", person},
                            {"ingredient", ingredient},
                            {"drugs", names},
                            {"institutions", institutions},
                            {"medications", std::move(evidence)}});
  }
  return warnings;
}

json allergy_matches(const std::vector<const MedicationEntry*>& current, const std::vector<const AllergyEntry*>& allergies,
                     const json& person) {
  json warnings = json::array();
  for (const auto* a : allergies) {
    if (!a->active || !a->drug) continue;
    for (const auto* m : current) {
      std::string matched_by;
      for (const auto& i : a->ingredients) {
        if (std::find(m->ingredients.begin(), m->ingredients.end(), i) != m->ingredients.end()) matched_by = "ingredient:" + i;
      }
      if (matched_by.empty() && a->ingredients.empty() && a->substance.text.size() >= 6 &&
          m->drug.text.find(a->substance.text) != std::string::npos) {
        matched_by = "name";
      }
      if (matched_by.empty()) continue;
      warnings.push_back(json{{"kind", "allergy-match"},
                              {"person", person},
                              {"matchedBy", matched_by},
                              {"allergy", to_json(*a)},
                              {"medications", json::array({to_json(*m)})}});
    }
  }
  return warnings;
}

}  // namespace

Result<json> safety(Vault& vault, const Query& query) {
  // What is taken now, read from the view index rather than every prescription ever.
  auto context = Context::load(vault, query, {"AllergyIntolerance"}, [](Context& c, techo::detail::ViewQueries& q) {
    return q.maybe_current_medications(c.query().person, c.today());
  });
  if (!context) return std::move(context).error();
  std::vector<MedicationEntry> current;
  for (auto& m : medication_entries(*context)) {
    if (m.active && !m.covered_by_dispense) current.push_back(std::move(m));
  }
  const auto allergies = allergy_entries(*context);
  json warnings = json::array(), groups = json::array();
  for (const auto owner : context->owners()) {
    const json person = context->person(owner);
    const auto own = owned_by(*context, current, owner);
    json found = duplicate_ingredients(own, person);
    for (auto& w : allergy_matches(own, owned_by(*context, allergies, owner), person)) found.push_back(std::move(w));
    for (const auto& w : found) warnings.push_back(w);
    groups.push_back(json{{"person", person}, {"warnings", std::move(found)}});
  }
  json out = context->whose();
  out["today"] = context->today();
  out["warnings"] = std::move(warnings);
  out["byPerson"] = std::move(groups);
  return out;
}

}  // namespace techo::views
