// A child's growth and checkups: height, weight, head circumference and BMI over age (the
// growth charts of the 母子健康手帳 and the school checkup), and the other findings of
// infant (乳幼児健診) and school (学校健診) checkups — vision, hearing, teeth, development —
// listed by checkup. Only what was measured before the person turned 20, each point at
// the age the person had that day (from their birth date).
#include <algorithm>
#include <array>
#include <map>

#include "civil_days.hpp"
#include "views_authorship.hpp"
#include "views_results.hpp"

namespace techo::views {

using namespace detail;

namespace {

struct Measure {
  const char* key;
  std::array<std::string_view, 4> analytes;  // analyte keys (LOINC) or JLAC10 prefixes ("jlac:9N001")
};

// LOINC: 8302-2 body height, 8306-3 body height lying, 3137-7 measured height; 29463-7
// body weight, 3141-9 measured weight; 9843-4 / 8287-5 head circumference; 39156-5 BMI.
// 特定健診 / JLAC10: 9N001 height, 9N006 weight, 9N011 BMI.
constexpr Measure kMeasures[] = {
    {"height", {"http://loinc.org|8302-2", "http://loinc.org|8306-3", "http://loinc.org|3137-7", "jlac:9N001"}},
    {"weight", {"http://loinc.org|29463-7", "http://loinc.org|3141-9", "jlac:9N006", ""}},
    {"headCircumference", {"http://loinc.org|9843-4", "http://loinc.org|8287-5", "", ""}},
    {"bmi", {"http://loinc.org|39156-5", "jlac:9N011", "", ""}},
};

const char* measure_of(const std::string& analyte) {
  for (const auto& m : kMeasures) {
    for (auto key : m.analytes) {
      if (!key.empty() && analyte.rfind(key, 0) == 0) return m.key;
    }
  }
  return nullptr;
}

std::optional<std::int64_t> days_of(const std::string& date) {
  if (date.size() < 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  try {
    return techo::detail::days_from_civil(std::stoi(date.substr(0, 4)), std::stoi(date.substr(5, 2)), std::stoi(date.substr(8, 2)));
  } catch (...) {
    return std::nullopt;
  }
}

// Whole months completed between birth and `date` (the 1か月健診 is at 1 month whatever the day count).
int months_between(const std::string& birth, const std::string& date) {
  int months = (std::stoi(date.substr(0, 4)) - std::stoi(birth.substr(0, 4))) * 12 + std::stoi(date.substr(5, 2)) -
               std::stoi(birth.substr(5, 2));
  if (std::stoi(date.substr(8, 2)) < std::stoi(birth.substr(8, 2))) --months;
  return months;
}

struct Aged {
  const ResultPoint* point;
  std::string date;
  int months;
  double years;  // for the chart's axis
  Authorship doc;
};

json point_json(const Aged& a) {
  const ResultPoint& p = *a.point;
  return json{{"id", p.from->id},
              {"date", a.date},
              {"ageMonths", a.months},
              {"ageYears", static_cast<double>(static_cast<long long>(a.years * 1000 + 0.5)) / 1000},
              {"value", p.value ? json(*p.value) : json(nullptr)},
              {"valueText", p.value_text},
              {"unit", p.unit},
              {"institution", p.institution.empty() ? a.doc.institution : p.institution},
              {"checkup", a.doc.title},
              {"source", p.from->source}};
}

json person_growth(const Context& c, std::int64_t owner, const std::vector<ResultPoint>& points) {
  json person = c.person(owner);
  const std::string birth = person.is_object() ? person.value("birthDate", "") : "";
  const auto born = days_of(birth);
  std::map<std::string, std::vector<Aged>> series;
  std::map<std::string, std::vector<Aged>> checkups;  // date + document → findings
  for (const auto& p : points) {
    if (c.owner(*p.from) != owner || !born) continue;
    Authorship doc = authorship_of(c, *p.from);
    std::string date = p.date.empty() ? doc.date : p.date;
    const auto day = days_of(date);
    if (!day || *day < *born) continue;
    const int months = months_between(birth, date);
    if (months >= 20 * 12) continue;
    Aged aged{&p, date.substr(0, 10), months, static_cast<double>(*day - *born) / 365.25, std::move(doc)};
    if (const char* measure = measure_of(p.analyte); measure && p.value) {
      series[measure].push_back(std::move(aged));
    } else if (p.category == "exam" || p.category == "survey" ||
               (aged.doc.composition && (aged.doc.kind == "document" || aged.doc.kind == "checkup-report"))) {
      // A finding of a checkup: what the source calls an exam, or what a checkup document
      // lists (checkup documents of children have no JP profile of their own: "document");
      // a referral's or a discharge summary's lab results are not checkup findings.
      checkups[aged.date + "\x1f" + aged.doc.title].push_back(std::move(aged));
    }
  }
  json out_series = json::array();
  for (const auto& m : kMeasures) {
    auto it = series.find(m.key);
    if (it == series.end()) continue;
    auto& list = it->second;
    std::stable_sort(list.begin(), list.end(), [](const Aged& a, const Aged& b) { return a.date < b.date; });
    json pts = json::array();
    for (const auto& a : list) pts.push_back(point_json(a));
    out_series.push_back(json{{"key", m.key}, {"name", list.front().point->code.text}, {"unit", list.front().point->unit},
                              {"points", std::move(pts)}});
  }
  json out_checkups = json::array();
  for (const auto& [key, list] : checkups) {  // keys sort by date
    json items = json::array();
    for (const auto& a : list) {
      const ResultPoint& p = *a.point;
      items.push_back(json{{"id", p.from->id}, {"name", p.code.text}, {"valueText", p.value_text}, {"unit", p.unit},
                           {"flag", p.flag}});
    }
    const Aged& first = list.front();
    out_checkups.push_back(json{{"date", first.date},
                                {"ageMonths", first.months},
                                {"title", first.doc.title},
                                {"institution", first.point->institution.empty() ? first.doc.institution : first.point->institution},
                                {"document", first.doc.composition ? json(first.doc.composition->id) : json(nullptr)},
                                {"findings", std::move(items)}});
  }
  return json{{"person", std::move(person)}, {"birthDate", birth}, {"series", std::move(out_series)},
              {"checkups", std::move(out_checkups)}};
}

}  // namespace

Result<json> growth(Vault& vault, const Query& query) {
  auto context = Context::load(vault, query, {"Observation"});
  if (!context) return std::move(context).error();
  const auto points = result_points(*context);
  json groups = json::array();
  for (const auto owner : context->owners()) {
    if (owner == 0) continue;  // no person, no birth date, no age
    groups.push_back(person_growth(*context, owner, points));
  }
  json out = context->whose();
  out["byPerson"] = std::move(groups);
  return out;
}

}  // namespace techo::views
