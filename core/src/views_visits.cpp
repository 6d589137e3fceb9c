// Visits and operations: the person's Encounters (外来 / 入院 / 救急, when, where, which
// department, why) and Procedures (what was done, when, where, by whom, on which body
// site, with what outcome), each procedure linked to its visit when it names one. Newest
// first, per person. A document that lists an entry without its own date or institution
// (a 患者サマリー's Encounter) supplies them.
#include <algorithm>
#include <map>

#include "views_authorship.hpp"

namespace techo::views {

using namespace detail;

namespace {

json texts_of(const Context& c, const StoredResource& r, const char* codes, const char* references) {
  json out = json::array();
  if (const json* list = find(r.resource.body, codes); list && list->is_array()) {
    for (const auto& code : *list) {
      if (std::string t = concept_of(&code).text; !t.empty()) out.push_back(t);
    }
  }
  if (const json* list = find(r.resource.body, references); list && list->is_array()) {
    for (const auto& ref : *list) {
      const json* target = c.resolve(&ref, r);
      std::string t = target ? concept_of(find(*target, "code")).text : std::string();
      if (t.empty()) t = text(ref, "display");
      if (!t.empty()) out.push_back(t);
    }
  }
  return out;
}

json encounter_json(const Context& c, const StoredResource& r) {
  const json& body = r.resource.body;
  const Authorship doc = authorship_of(c, r);
  const json* cls = find(body, "class");
  std::string start, end;
  if (const json* period = find(body, "period")) {
    start = text(*period, "start");
    end = text(*period, "end");
  }
  if (start.empty()) {
    // JP_Encounter_eCS examples date the visit only in classHistory.
    if (const json* history = find(body, "classHistory"); history && history->is_array() && !history->empty()) {
      if (const json* period = find((*history)[0], "period")) start = text(*period, "start");
    }
  }
  if (start.empty()) start = doc.date;
  std::string institution = c.organization_of(find(body, "serviceProvider"), r);
  if (institution.empty()) institution = doc.institution;
  std::string department = department_of(body);
  if (department.empty()) department = concept_of(find(body, "serviceType")).text;
  if (department.empty()) {
    if (const json* provider = c.resolve(find(body, "serviceProvider"), r)) department = department_of(*provider);
  }
  if (department.empty()) department = doc.department;
  std::string location;
  if (const json* locations = find(body, "location"); locations && locations->is_array() && !locations->empty()) {
    location = c.name_of(find((*locations)[0], "location"), r);
  }
  std::string type;
  if (const json* types = find(body, "type"); types && types->is_array() && !types->empty()) type = concept_of(&(*types)[0]).text;
  json practitioners = json::array();
  if (const json* participants = find(body, "participant"); participants && participants->is_array()) {
    for (const auto& p : *participants) {
      if (std::string name = c.name_of(find(p, "individual"), r); !name.empty()) practitioners.push_back(name);
    }
  }
  if (practitioners.empty()) practitioners = doc.authors;
  return json{{"id", r.id},
              {"class", cls ? text(*cls, "code") : std::string()},
              {"classDisplay", cls ? text(*cls, "display") : std::string()},
              {"type", type},
              {"status", text(body, "status")},
              {"start", start},
              {"end", end},
              {"institution", institution},
              {"department", department},
              {"location", location},
              {"practitioners", std::move(practitioners)},
              {"reasons", texts_of(c, r, "reasonCode", "reasonReference")},
              {"document", doc.composition ? json(doc.composition->id) : json(nullptr)},
              {"source", r.source},
              {"person", r.person}};
}

json procedure_json(const Context& c, const StoredResource& r, const std::vector<const StoredResource*>& encounters) {
  const json& body = r.resource.body;
  const Authorship doc = authorship_of(c, r);
  std::string date = first_date(body, {"performedDateTime", "performedPeriod", "performedString"});
  std::string end;
  if (const json* period = find(body, "performedPeriod")) end = text(*period, "end");
  if (date.empty()) date = doc.date;
  json performers = json::array();
  std::string institution;
  if (const json* list = find(body, "performer"); list && list->is_array()) {
    for (const auto& p : *list) {
      const json* actor = find(p, "actor");
      if (institution.empty()) institution = c.organization_of(find(p, "onBehalfOf"), r);
      if (institution.empty()) institution = c.organization_of(actor, r);
      const json* target = c.resolve(actor, r);
      const bool organization = text(target ? *target : (actor ? *actor : json::object()), target ? "resourceType" : "type") == "Organization";
      if (std::string name = c.name_of(actor, r); !name.empty() && !organization) performers.push_back(name);
    }
  }
  const json* encounter = find(body, "encounter");
  if (institution.empty()) institution = c.organization_of(encounter, r);
  if (institution.empty()) institution = doc.institution;
  if (performers.empty()) performers = doc.authors;
  json encounter_id = nullptr;
  if (encounter) {
    for (const auto* e : encounters) {
      if (e->source == r.source && points_to(*encounter, *e)) encounter_id = e->id;
    }
  }
  json notes = json::array();
  if (const json* list = find(body, "note"); list && list->is_array()) {
    for (const auto& n : *list) {
      if (std::string t = text(n, "text"); !t.empty()) notes.push_back(t);
    }
  }
  return json{{"id", r.id},
              {"name", concept_of(find(body, "code")).text},
              {"status", text(body, "status")},
              {"date", date},
              {"end", end},
              {"institution", institution},
              {"performers", std::move(performers)},
              {"bodySites", texts_of(c, r, "bodySite", "")},
              {"outcome", concept_of(find(body, "outcome")).text},
              {"reasons", texts_of(c, r, "reasonCode", "reasonReference")},
              {"notes", std::move(notes)},
              {"encounter", encounter_id},
              {"source", r.source},
              {"person", r.person}};
}

void newest_first(json& list, const char* key) {
  std::stable_sort(list.begin(), list.end(),
                   [&](const json& a, const json& b) { return a[key].get<std::string>() > b[key].get<std::string>(); });
}

}  // namespace

Result<json> visits(Vault& vault, const Query& query) {
  auto context = Context::load(vault, query, {"Encounter", "Procedure"});
  if (!context) return std::move(context).error();
  std::vector<const StoredResource*> encounters;
  for (const auto& r : context->resources()) {
    if (r.resource.type == "Encounter") encounters.push_back(&r);
  }
  std::map<std::int64_t, json> visits_of, procedures_of;
  for (const auto& r : context->resources()) {
    if (r.resource.type == "Encounter") visits_of[context->owner(r)].push_back(encounter_json(*context, r));
    else if (r.resource.type == "Procedure") procedures_of[context->owner(r)].push_back(procedure_json(*context, r, encounters));
  }
  json groups = json::array();
  for (const auto owner : context->owners()) {
    json list = visits_of.count(owner) ? std::move(visits_of[owner]) : json::array();
    json procedures = procedures_of.count(owner) ? std::move(procedures_of[owner]) : json::array();
    newest_first(list, "start");
    newest_first(procedures, "date");
    groups.push_back(json{{"person", context->person(owner)}, {"encounters", std::move(list)}, {"procedures", std::move(procedures)}});
  }
  json out = context->whose();
  out["byPerson"] = std::move(groups);
  return out;
}

}  // namespace techo::views
