// The EHR summary (3 documents 6 information); the emergency card is views_emergency.cpp.
#include <algorithm>
#include <map>

#include "views_care_plans.hpp"
#include "views_clinical.hpp"
#include "views_medications.hpp"
#include "views_results.hpp"

namespace techo::views {

using namespace detail;

namespace {

// Read whole (Compositions come with every context); medications and results are selected.
const std::vector<std::string> kClinicalTypes = {"Condition", "AllergyIntolerance"};

// The summary also reads the care plans and goals of the 患者サマリー.
std::vector<std::string> summary_types() {
  std::vector<std::string> types = kClinicalTypes;
  types.insert(types.end(), {"CarePlan", "Goal"});
  return types;
}

}  // namespace

Result<json> people(Vault& vault) {
  auto people = vault.people();
  if (!people) return std::move(people).error();
  json out = json::array();
  for (const auto& p : *people) out.push_back(person_json(p));
  return json{{"people", std::move(out)}};
}

Result<json> ehr_summary(Vault& vault, const Query& query) {
  // Current medicines, the latest of each result and every infection test, from the view
  // index; the rest whole.
  auto context = Context::load(vault, query, summary_types(), [](Context& c, techo::detail::ViewQueries& q) {
    return all_selected({q.maybe_current_medications(c.query().person, c.today()), q.latest_results(c.query().person),
                         q.infection_results(c.query().person)});
  });
  if (!context) return std::move(context).error();
  const auto medications = medication_entries(*context);
  json diagnoses = json::array(), allergies = json::array(), contraindications = json::array();
  json infections = json::array(), recent_labs = json::array(), documents = json::array();
  for (const auto& c : condition_entries(*context)) diagnoses.push_back(to_json(c));
  for (const auto& a : allergy_entries(*context)) (a.drug ? contraindications : allergies).push_back(to_json(a));
  const auto points = result_points(*context);
  for (auto it = points.rbegin(); it != points.rend(); ++it) {
    if (it->infection) infections.push_back(to_json(*it));
  }
  // Recent labs: the latest value of each laboratory analyte measured in the year before
  // the newest result — of the same person: a parent's recent checkup does not make a
  // child's results old.
  const auto latest = latest_per_analyte(*context, points);  // newest first
  std::map<std::int64_t, std::string> cutoffs;
  for (const auto* p : latest) {
    const std::string& newest = p->date;
    cutoffs.try_emplace(context->owner(*p->from),
                        newest.size() >= 4 ? std::to_string(std::stoi(newest.substr(0, 4)) - 1) + newest.substr(4, 6) : "");
  }
  for (const auto* p : latest) {
    if (p->infection || p->category != "laboratory" || p->date.substr(0, 10) < cutoffs[context->owner(*p->from)]) continue;
    recent_labs.push_back(to_json(*p));
  }
  for (const auto& d : context->documents()) {
    const StoredResource& r = *d.composition;
    const json& body = r.resource.body;
    json authors = json::array();
    if (const json* list = find(body, "author"); list && list->is_array()) {
      for (const auto& a : *list) authors.push_back(context->name_of(&a, r));
    }
    documents.push_back(json{{"id", r.id},
                             {"kind", d.kind},
                             {"title", d.title},
                             {"type", d.type},
                             {"date", d.date},
                             {"authors", std::move(authors)},
                             {"custodian", context->organization_of(find(body, "custodian"), r)},
                             {"institution", d.institution},
                             {"source", r.source},
                             {"person", r.person}});
  }
  std::stable_sort(documents.begin(), documents.end(), [](const json& a, const json& b) {
    return a["date"].get<std::string>() > b["date"].get<std::string>();
  });
  json out{{"diagnoses", std::move(diagnoses)},
           {"allergies", std::move(allergies)},
           {"infections", std::move(infections)},
           {"contraindications", std::move(contraindications)},
           {"recentLabs", std::move(recent_labs)},
           {"prescriptions", current_medications(all_of(medications))},
           {"documents", std::move(documents)},
           {"carePlans", care_plans_json(*context)},
           {"goals", goals_json(*context)}};
  out.update(context->whose());
  return out;
}

}  // namespace techo::views
