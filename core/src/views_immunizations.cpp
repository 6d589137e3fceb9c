// Vaccinations, per person (a parent keeps their children's records in the same vault).
#include <algorithm>
#include <map>

#include "views_context.hpp"

namespace techo::views {

using namespace detail;

Result<json> immunizations(Vault& vault, const Query& query) {
  auto context = Context::load(vault, query, {"Immunization"});
  if (!context) return std::move(context).error();
  std::map<std::int64_t, json> by_person;
  for (const auto& r : context->resources()) {
    const json& body = r.resource.body;
    const Concept vaccine = concept_of(find(body, "vaccineCode"));
    json dose = nullptr, series = "";
    if (const json* protocols = find(body, "protocolApplied"); protocols && protocols->is_array() && !protocols->empty()) {
      const json& p = (*protocols)[0];
      if (const json* n = find(p, "doseNumberPositiveInt")) dose = *n;
      else if (const json* s = find(p, "doseNumberString")) dose = *s;
      series = text(p, "series");
    }
    std::string performer;
    if (const json* performers = find(body, "performer"); performers && performers->is_array() && !performers->empty()) {
      const json* actor = find((*performers)[0], "actor");
      performer = context->organization_of(actor, r);
      if (performer.empty()) performer = context->name_of(actor, r);
    }
    if (performer.empty()) performer = context->name_of(find(body, "location"), r);
    by_person[context->owner(r)].push_back(json{{"id", r.id},
                                                {"vaccine", vaccine.text},
                                                {"code", {{"system", vaccine.system_name}, {"code", vaccine.code}}},
                                                {"date", first_date(body, {"occurrenceDateTime", "recorded"})},
                                                {"dose", dose},
                                                {"series", series},
                                                {"lot", text(body, "lotNumber")},
                                                {"performer", performer},
                                                {"status", text(body, "status")},
                                                {"source", r.source}});
  }
  json groups = json::array();
  for (const auto owner : context->owners()) {
    auto it = by_person.find(owner);
    json list = it == by_person.end() ? json::array() : std::move(it->second);
    std::stable_sort(list.begin(), list.end(), [](const json& a, const json& b) {
      return a["date"].get<std::string>() < b["date"].get<std::string>();
    });
    groups.push_back(json{{"person", context->person(owner)}, {"immunizations", std::move(list)}});
  }
  json out = context->whose();
  out["byPerson"] = std::move(groups);
  return out;
}

}  // namespace techo::views
