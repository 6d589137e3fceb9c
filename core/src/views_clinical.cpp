#include "views_clinical.hpp"

#include <algorithm>

#include "techo/terminology.hpp"

namespace techo::views::detail {

bool is_drug_allergy(const json& body) {
  for (const auto& [system, value] : codings_of(find(body, "code"))) {
    if (terminology::lookup(system).kind == terminology::Kind::kDrug) return true;
    if (!terminology::drug_ingredient(system, value).empty()) return true;
  }
  if (const json* categories = find(body, "category"); categories && categories->is_array()) {
    for (const auto& cat : *categories) {
      if (cat.is_string() && cat.get<std::string>() == "medication") return true;
    }
  }
  return false;
}

bool is_admission(const json& encounter) {
  const json* cls = find(encounter, "class");
  const std::string code = cls ? text(*cls, "code") : std::string();
  return code == "IMP" || code == "ACUTE" || code == "NONAC";
}

std::vector<AllergyEntry> allergy_entries(const Context& c) {
  std::vector<AllergyEntry> out;
  for (const auto& r : c.resources()) {
    if (r.resource.type != "AllergyIntolerance") continue;
    const json& body = r.resource.body;
    AllergyEntry a;
    a.from = &r;
    const json* code = find(body, "code");
    a.substance = concept_of(code);
    for (const auto& [system, value] : codings_of(code)) {
      if (std::string i = terminology::drug_ingredient(system, value); !i.empty()) a.ingredients.push_back(i);
    }
    a.drug = is_drug_allergy(body);
    const std::string status = concept_of(find(body, "clinicalStatus")).code;
    a.active = status.empty() || status == "active";
    a.criticality = text(body, "criticality");
    a.recorded = first_date(body, {"recordedDate", "onsetDateTime", "onsetPeriod"});
    if (const json* reactions = find(body, "reaction"); reactions && reactions->is_array()) {
      for (const auto& reaction : *reactions) {
        if (const json* manifestations = find(reaction, "manifestation"); manifestations && manifestations->is_array()) {
          for (const auto& m : *manifestations) a.reactions.push_back(concept_of(&m).text);
        }
      }
    }
    out.push_back(std::move(a));
  }
  return out;
}

json to_json(const AllergyEntry& a) {
  return json{{"id", a.from->id},          {"substance", a.substance.text},
              {"code", {{"system", a.substance.system_name}, {"code", a.substance.code}}},
              {"drug", a.drug},              {"active", a.active},
              {"criticality", a.criticality}, {"recorded", a.recorded},
              {"reactions", a.reactions},     {"source", a.from->source},
              {"person", a.from->person}};
}

std::vector<ConditionEntry> condition_entries(const Context& c) {
  std::vector<ConditionEntry> out;
  for (const auto& r : c.resources()) {
    if (r.resource.type != "Condition") continue;
    const json& body = r.resource.body;
    ConditionEntry e;
    e.from = &r;
    e.code = concept_of(find(body, "code"));
    e.status = concept_of(find(body, "clinicalStatus")).code;
    e.active = e.status.empty() || e.status == "active" || e.status == "recurrence" || e.status == "relapse";
    e.onset = first_date(body, {"onsetDateTime", "onsetPeriod", "recordedDate"});
    e.institution = c.organization_of(find(body, "recorder"), r);
    if (e.institution.empty()) e.institution = c.organization_of(find(body, "encounter"), r);
    out.push_back(std::move(e));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.active != b.active ? a.active : a.onset > b.onset;
  });
  return out;
}

json to_json(const ConditionEntry& e) {
  return json{{"id", e.from->id}, {"name", e.code.text}, {"code", {{"system", e.code.system_name}, {"code", e.code.code}}},
              {"status", e.status}, {"active", e.active}, {"onset", e.onset}, {"institution", e.institution},
              {"source", e.from->source}, {"person", e.from->person}};
}

}  // namespace techo::views::detail
