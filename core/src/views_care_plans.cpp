#include "views_care_plans.hpp"

#include <algorithm>

#include "views_authorship.hpp"

namespace techo::views::detail {
namespace {

std::string number_text(const json& v) { return v.is_number() ? v.dump() : text(v, "value"); }

// A Quantity as written: comparator, value, unit ("<130 mmHg").
std::string quantity_text(const json& q) {
  const json* value = find(q, "value");
  if (!value || !value->is_number()) return {};
  std::string unit = text(q, "unit");
  if (unit.empty()) unit = text(q, "code");
  return text(q, "comparator") + value->dump() + (unit.empty() ? "" : " " + unit);
}

std::string target_detail(const json& target) {
  if (const json* q = find(target, "detailQuantity")) return quantity_text(*q);
  if (const json* range = find(target, "detailRange")) {
    const json* low = find(*range, "low");
    const json* high = find(*range, "high");
    return (low ? quantity_text(*low) : std::string()) + "〜" + (high ? quantity_text(*high) : std::string());
  }
  if (std::string s = text(target, "detailString"); !s.empty()) return s;
  if (const json* c = find(target, "detailCodeableConcept")) return concept_of(c).text;
  if (const json* b = find(target, "detailBoolean"); b && b->is_boolean()) return b->get<bool>() ? "true" : "false";
  if (const json* i = find(target, "detailInteger")) return number_text(*i);
  return {};
}

json notes_of(const json& body) {
  json out = json::array();
  if (const json* notes = find(body, "note"); notes && notes->is_array()) {
    for (const auto& n : *notes) {
      if (std::string t = text(n, "text"); !t.empty()) out.push_back(t);
    }
  }
  return out;
}

json concepts_text(const json* list) {
  json out = json::array();
  if (list && list->is_array()) {
    for (const auto& c : *list) {
      if (std::string t = concept_of(&c).text; !t.empty()) out.push_back(t);
    }
  }
  return out;
}

void sort_newest_first(json& list) {
  std::stable_sort(list.begin(), list.end(), [](const json& a, const json& b) {
    return a["date"].get<std::string>() > b["date"].get<std::string>();
  });
}

// Who and when: the entry's own author/date elements first, then the listing document's.
void add_authorship(const Context& c, const StoredResource& r, const json* author, const std::string& own_date, json& out) {
  const Authorship doc = authorship_of(c, r);
  json authors = json::array();
  std::string institution;
  if (author) {
    const json* target = c.resolve(author, r);
    const bool organization = text(target ? *target : *author, target ? "resourceType" : "type") == "Organization";
    if (std::string name = c.name_of(author, r); !name.empty() && !organization) authors.push_back(name);
    institution = c.organization_of(author, r);
  }
  if (authors.empty()) authors = doc.authors;
  if (institution.empty()) institution = doc.institution;
  out["authors"] = std::move(authors);
  out["institution"] = institution;
  out["department"] = doc.department;
  out["date"] = own_date.empty() ? doc.date : own_date;
  out["document"] = doc.composition ? json(doc.composition->id) : json(nullptr);
  out["documentTitle"] = doc.title;
}

}  // namespace

json care_plans_json(const Context& c) {
  json out = json::array();
  for (const auto& r : c.resources()) {
    if (r.resource.type != "CarePlan") continue;
    const json& body = r.resource.body;
    json activities = json::array();
    if (const json* list = find(body, "activity"); list && list->is_array()) {
      for (const auto& a : *list) {
        const json* detail = find(a, "detail");
        const json& d = detail ? *detail : json::object();
        std::string description = text(d, "description");
        const std::string code = concept_of(find(d, "code")).text;
        if (description.empty()) description = code;
        std::string progress;
        if (const json* notes = find(a, "progress"); notes && notes->is_array() && !notes->empty()) progress = text((*notes)[0], "text");
        if (description.empty() && progress.empty()) {
          if (const json* ref = find(a, "reference")) description = text(*ref, "display");
        }
        activities.push_back(json{{"description", description},
                                  {"code", code == description ? std::string() : code},
                                  {"status", text(d, "status")},
                                  {"scheduled", first_date(d, {"scheduledPeriod", "scheduledString"})},
                                  {"progress", progress}});
      }
    }
    const json* period = find(body, "period");
    json entry{{"id", r.id},
               {"title", text(body, "title")},
               {"description", text(body, "description")},
               {"categories", concepts_text(find(body, "category"))},
               {"status", text(body, "status")},
               {"intent", text(body, "intent")},
               {"start", period ? text(*period, "start") : std::string()},
               {"end", period ? text(*period, "end") : std::string()},
               {"activities", std::move(activities)},
               {"notes", notes_of(body)},
               {"source", r.source},
               {"person", r.person}};
    add_authorship(c, r, find(body, "author"), first_date(body, {"created", "period"}), entry);
    out.push_back(std::move(entry));
  }
  sort_newest_first(out);
  return out;
}

json goals_json(const Context& c) {
  json out = json::array();
  for (const auto& r : c.resources()) {
    if (r.resource.type != "Goal") continue;
    const json& body = r.resource.body;
    json targets = json::array();
    if (const json* list = find(body, "target"); list && list->is_array()) {
      for (const auto& t : *list) {
        targets.push_back(json{{"measure", concept_of(find(t, "measure")).text},
                               {"detail", target_detail(t)},
                               {"due", first_date(t, {"dueDate"})}});
      }
    }
    json entry{{"id", r.id},
               {"description", concept_of(find(body, "description")).text},
               {"status", text(body, "lifecycleStatus")},
               {"achievement", concept_of(find(body, "achievementStatus")).text},
               {"start", first_date(body, {"startDate"})},
               {"targets", std::move(targets)},
               {"addresses", json::array()},
               {"notes", notes_of(body)},
               {"source", r.source},
               {"person", r.person}};
    if (const json* addresses = find(body, "addresses"); addresses && addresses->is_array()) {
      for (const auto& a : *addresses) {
        const json* target = c.resolve(&a, r);
        std::string name = target ? concept_of(find(*target, "code")).text : text(a, "display");
        if (!name.empty()) entry["addresses"].push_back(name);
      }
    }
    add_authorship(c, r, find(body, "expressedBy"), first_date(body, {"statusDate", "startDate"}), entry);
    out.push_back(std::move(entry));
  }
  sort_newest_first(out);
  return out;
}

}  // namespace techo::views::detail
