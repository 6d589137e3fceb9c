// Conditions and allergies as the summary, emergency and safety views read them.
// Private to core.
#pragma once

#include <string>
#include <vector>

#include "views_context.hpp"

namespace techo::views::detail {

struct AllergyEntry {
  const StoredResource* from = nullptr;
  Concept substance;
  std::vector<std::string> ingredients;  // drug ingredients the allergen names (JFAGY 薬剤, YJ)
  bool drug = false;                     // a drug allergy or contraindication (薬剤禁忌)
  bool active = true;
  std::string criticality, recorded;
  std::vector<std::string> reactions;
};
std::vector<AllergyEntry> allergy_entries(const Context& context);
// A drug allergy or contraindication (薬剤禁忌): coded with a drug terminology or naming a
// drug ingredient, or in the "medication" category. Shared with the consent scope, so a
// grant of "contraindications" covers exactly what the views list as such.
bool is_drug_allergy(const json& allergy_intolerance);
json to_json(const AllergyEntry& a);

// An inpatient stay: Encounter.class IMP (or its acute / non-acute kinds). Shared with the
// consent scope, so an emergency grant holds the admissions the card lists.
bool is_admission(const json& encounter);

struct ConditionEntry {
  const StoredResource* from = nullptr;
  Concept code;
  std::string status, onset, institution;
  bool active = true;
};
std::vector<ConditionEntry> condition_entries(const Context& context);
json to_json(const ConditionEntry& c);

}  // namespace techo::views::detail
