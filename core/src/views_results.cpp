#include "views_results.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>

#include "techo/terminology.hpp"
#include "vault_view_index.hpp"

namespace techo::views::detail {
namespace {

// JLAC10 and 特定健診 item codes are 17 characters: analyte (5), identification (4),
// material (3), method (3), result kind (2). The same analyte measured on the same
// material by another method or institution is the same line on a trend chart.
std::string analyte_key(const Concept& code) {
  const auto name = terminology::lookup(code.system).name;
  if ((name == "JLAC10" || name == "特定健診項目") && code.code.size() == 17) {
    return "jlac:" + code.code.substr(0, 5) + "-" + code.code.substr(9, 3);
  }
  if (!code.code.empty()) return std::string(code.system) + "|" + code.code;
  return "text:" + code.text;
}

std::optional<double> number_at(const json* quantity) {
  if (!quantity) return std::nullopt;
  const json* v = find(*quantity, "value");
  if (!v || !v->is_number()) return std::nullopt;
  return v->get<double>();
}

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

void read_value(const json& holder, ResultPoint& p) {
  if (const json* q = find(holder, "valueQuantity")) {
    p.value = number_at(q);
    if (const json* v = find(*q, "value"); v && v->is_number()) p.value_text = v->dump();
    p.unit = text(*q, "unit");
    if (p.unit.empty()) p.unit = text(*q, "code");
    if (const json* comparator = find(*q, "comparator"); comparator && comparator->is_string()) {
      p.value_text = comparator->get<std::string>() + p.value_text;
    }
  } else if (std::string s = text(holder, "valueString"); !s.empty()) {
    p.value_text = s;
  } else if (const json* c = find(holder, "valueCodeableConcept")) {
    p.value_text = concept_of(c).text;
  } else if (const json* b = find(holder, "valueBoolean"); b && b->is_boolean()) {
    p.value_text = b->get<bool>() ? "true" : "false";
  } else if (const json* absent = find(holder, "dataAbsentReason")) {
    // No value, and the source says why (未実施, 測定不能): that is the result to show.
    p.value_text = concept_of(absent).text;
  }
}

void read_range(const json& holder, ResultPoint& p) {
  const json* ranges = find(holder, "referenceRange");
  if (!ranges || !ranges->is_array() || ranges->empty()) return;
  const json& r = (*ranges)[0];
  p.low = number_at(find(r, "low"));
  p.high = number_at(find(r, "high"));
  p.range_text = text(r, "text");
  if (p.range_text.empty() && (p.low || p.high)) {
    p.range_text = (p.low ? format_number(*p.low) : std::string()) + "–" + (p.high ? format_number(*p.high) : std::string());
  }
}

// The source's own interpretation first; otherwise the value against the range.
void read_flag(const json& holder, ResultPoint& p) {
  if (const json* interpretations = find(holder, "interpretation"); interpretations && interpretations->is_array()) {
    bool interpreted = false;
    for (const auto& i : *interpretations) {
      for (const auto& [system, code] : codings_of(&i)) {
        if (code == "H" || code == "HH" || code == "HU") p.flag = "H";
        else if (code == "L" || code == "LL" || code == "LU") p.flag = "L";
        else if (code == "A" || code == "AA") p.flag = "A";
        else if (code != "N") continue;
        interpreted = true;
      }
    }
    if (interpreted) return;
  }
  if (p.value) {
    if (p.high && *p.value > *p.high) p.flag = "H";
    else if (p.low && *p.value < *p.low) p.flag = "L";
  }
}

std::string category_of(const json& body) {
  if (const json* cats = find(body, "category"); cats && cats->is_array()) {
    for (const auto& cat : *cats) {
      for (const auto& [system, code] : codings_of(&cat)) {
        if (!code.empty()) return code;
      }
    }
  }
  return {};
}


}  // namespace

bool is_infection(const json* code_concept, const Concept& code) {
  for (const auto& [system, c] : codings_of(code_concept)) {
    if (system.find("InfectionLabo") != std::string::npos) return true;
  }
  return terminology::lookup(code.system).name == "JLAC10" && code.code.size() == 17 &&
         (code.code.rfind("5E", 0) == 0 || code.code.rfind("5F", 0) == 0);
}

bool is_infection_test(const json& observation) {
  const json* code = find(observation, "code");
  return is_infection(code, concept_of(code));
}

std::vector<ResultPoint> observation_points(const json& body) {
  std::vector<ResultPoint> out;
  ResultPoint base;
  base.category = category_of(body);
  base.date = first_date(body, {"effectiveDateTime", "effectivePeriod", "effectiveInstant", "issued"});
  ResultPoint p = base;
  const json* code = find(body, "code");
  p.code = concept_of(code);
  p.analyte = analyte_key(p.code);
  p.infection = is_infection(code, p.code);
  read_value(body, p);
  read_range(body, p);
  read_flag(body, p);
  const json* components = find(body, "component");
  if (components && components->is_array() && !components->empty() && !find(body, "valueQuantity")) {
    // A panel (blood pressure): each component is its own analyte. A value of the
    // Observation itself comes first (既往歴 "特記すべきことあり" with 具体的な既往歴 as
    // its component; 心電図 所見あり with its findings).
    if (!p.value_text.empty()) out.push_back(std::move(p));
    for (const auto& component : *components) {
      ResultPoint part = base;
      part.code = concept_of(find(component, "code"));
      part.analyte = analyte_key(part.code);
      read_value(component, part);
      read_range(component, part);
      read_flag(component, part);
      if (!part.value_text.empty()) out.push_back(std::move(part));
    }
    return out;
  }
  if (!p.value_text.empty()) out.push_back(std::move(p));
  return out;
}

std::vector<ResultPoint> result_points(const Context& c) {
  std::vector<ResultPoint> out;
  for (const auto& r : c.resources()) {
    if (r.resource.type != "Observation") continue;
    const json& body = r.resource.body;
    std::string institution;
    if (const json* performers = find(body, "performer"); performers && performers->is_array()) {
      for (const auto& p : *performers) {
        if (institution.empty()) institution = c.organization_of(&p, r);
      }
    }
    if (institution.empty()) institution = c.organization_of(find(body, "encounter"), r);
    const DocumentContext* document = c.document_of(r);
    for (auto& p : observation_points(body)) {
      p.from = &r;
      p.institution = institution;
      // An entry of a document (a 健診結果報告書) may state neither: the Composition does.
      if (document) {
        if (p.date.empty()) p.date = document->date;
        if (p.institution.empty()) p.institution = document->institution;
      }
      out.push_back(std::move(p));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.date < b.date; });
  return out;
}

std::vector<const ResultPoint*> latest_per_analyte(const Context& c, const std::vector<ResultPoint>& points) {
  std::map<std::pair<std::int64_t, std::string>, const ResultPoint*> latest;
  for (const auto& p : points) latest[{c.owner(*p.from), p.analyte}] = &p;  // oldest first: the last one wins
  std::vector<const ResultPoint*> out;
  for (const auto& [key, p] : latest) out.push_back(p);
  std::stable_sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return a->date > b->date; });
  return out;
}

json to_json(const ResultPoint& p) {
  json j{{"id", p.from->id},       {"name", p.code.text},   {"analyte", p.analyte}, {"date", p.date},
         {"valueText", p.value_text}, {"unit", p.unit},     {"rangeText", p.range_text},
         {"flag", p.flag},          {"institution", p.institution}, {"source", p.from->source},
         {"category", p.category},  {"code", {{"system", p.code.system_name}, {"code", p.code.code}}},
         {"person", p.from->person}};
  j["value"] = p.value ? json(*p.value) : json(nullptr);
  j["low"] = p.low ? json(*p.low) : json(nullptr);
  j["high"] = p.high ? json(*p.high) : json(nullptr);
  return j;
}

}  // namespace techo::views::detail

namespace techo::views {

using namespace detail;

Result<json> labs(Vault& vault, const Query& query) {
  // A trend shows its newest points; how many there are in all, whether any is numeric
  // and every institution come from the view index (one resource read per institution),
  // so a decade of results costs what the page shows.
  std::vector<techo::detail::ViewQueries::Group> groups;
  auto context = Context::load(vault, query, {}, [&](Context& c, techo::detail::ViewQueries& q) -> Result<std::vector<std::int64_t>> {
    auto found = q.groups("result", c.query().person, techo::detail::kViewKeyNotTrend, false);
    if (!found) return std::move(found).error();
    groups = std::move(found).value();
    std::vector<std::int64_t> ids;
    for (const auto& g : groups) {
      auto newest = q.newest_in_group("result", c.query().person, g.person, g.key, kTrendPoints);
      if (!newest) return std::move(newest).error();
      ids.insert(ids.end(), newest->begin(), newest->end());
      ids.insert(ids.end(), g.representatives.begin(), g.representatives.end());
    }
    return ids;
  });
  if (!context) return std::move(context).error();
  // One trend per person and analyte: a parent's HbA1c and a child's are two lines.
  using Key = std::pair<std::int64_t, std::string>;
  struct Totals {
    std::int64_t count = 0;
    bool numeric = false;
  };
  std::map<Key, Totals> totals;
  for (const auto& g : groups) {
    Totals& t = totals[{context->owner_of(g.person), g.key}];
    t.count += g.count;
    t.numeric = t.numeric || g.numeric;
  }
  std::map<Key, std::vector<const ResultPoint*>> series_points;
  std::vector<Key> order;
  const auto points = result_points(*context);
  for (const auto& p : points) {
    if (p.category == "social-history" || p.category == "survey") continue;
    const Key key{context->owner(*p.from), p.analyte};
    auto [it, fresh] = series_points.try_emplace(key);
    if (fresh) order.push_back(key);
    it->second.push_back(&p);
  }
  json out = json::array();
  for (const auto& key : order) {
    const auto& all = series_points[key];  // oldest first: the newest of the index's, and its representatives
    json institutions = json::array();
    for (const auto* p : all) {
      if (!p->institution.empty() && std::find(institutions.begin(), institutions.end(), p->institution) == institutions.end()) {
        institutions.push_back(p->institution);
      }
    }
    const std::size_t shown = std::min<std::size_t>(all.size(), kTrendPoints);
    json list = json::array();
    for (std::size_t i = all.size() - shown; i < all.size(); ++i) list.push_back(to_json(*all[i]));
    const ResultPoint& latest = *all.back();
    const Totals& t = totals[key];
    const std::int64_t count = std::max<std::int64_t>(t.count, static_cast<std::int64_t>(all.size()));
    out.push_back(json{{"analyte", latest.analyte},
                       {"person", key.first},
                       {"name", latest.code.text},  // the latest name wins
                       {"unit", latest.unit},
                       {"code", {{"system", latest.code.system_name}, {"code", latest.code.code}}},
                       {"category", latest.category},
                       {"points", std::move(list)},
                       {"latest", to_json(latest)},
                       {"count", count},
                       {"pointsOmitted", count - static_cast<std::int64_t>(shown)},
                       {"numeric", t.numeric || std::any_of(all.begin(), all.end(), [](const auto* p) { return p->value.has_value(); })},
                       {"institutions", std::move(institutions)}});
  }
  // Most recently measured first: what a person looks for.
  std::stable_sort(out.begin(), out.end(), [](const json& a, const json& b) {
    return a["latest"]["date"].get<std::string>() > b["latest"]["date"].get<std::string>();
  });
  json reply = context->whose();
  reply["analytes"] = std::move(out);
  return reply;
}

}  // namespace techo::views
