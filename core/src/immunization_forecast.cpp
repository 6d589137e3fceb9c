// The forecaster: judges every dose a child was given by the rules in force on its day,
// then works out each series' next dose. It reads the schedule data only; nothing here
// names a vaccine.
//
// Per series: which doses count toward it (a combined product counts toward every series
// it covers; products shared by the periods of one antigen, MR 1期/2期 or 日本脳炎 1期/2期,
// go to the period whose window holds the day), which plan applies (the first whose
// condition holds and under which every dose is valid, else the first whose condition
// holds), each dose valid or invalid with its reason and rule, and the next dose's
// earliest valid day, recommended window and the end of the free window.
#include <algorithm>
#include <climits>
#include <map>
#include <set>

#include "techo/immunization.hpp"

namespace techo::immunization {
namespace {

using nlohmann::json;

json iso_or_null(const std::optional<Date>& d) { return d ? json(d->iso()) : json(nullptr); }

bool contains(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

bool in_force(const std::optional<Date>& from, const std::optional<Date>& to, Date day) {
  return (!from || *from <= day) && (!to || day <= *to);
}

// One dose as judged under a plan.
struct Judged {
  const GivenDose* given = nullptr;
  bool valid = false;
  bool counted = false;  // valid and one of the plan's doses (an extra or an earlier season's is not)
  int dose = 0;
  std::string role, reason, rule, explanation;
  std::vector<std::string> source;
  std::optional<Date> valid_from;
  std::vector<std::string> notes;
};

struct PlanResult {
  const Plan* plan = nullptr;
  bool matches = true;
  bool fits = true;  // every dose valid
  std::vector<Judged> judged;
  std::vector<std::optional<Date>> valid_dates;  // by dose index
  std::vector<std::string> valid_products;       // by dose index
  std::optional<Date> last_valid;
  bool any_skipped = false;
  std::size_t next = 0;
  std::optional<Date> earliest;  // of the next dose
  std::string next_product;
};

struct Problem {
  std::string reason, rule, explanation;
  std::vector<std::string> source;
  std::optional<Date> valid_from;
};

class SeriesForecast {
 public:
  SeriesForecast(const Schedule& schedule, const Series& series, const Child& child, Date today,
                 std::vector<const GivenDose*> doses, const std::vector<GivenDose>& everything)
      : schedule_(schedule), series_(series), child_(child), today_(today), doses_(std::move(doses)), all_(everything) {
    context_.birth = child.birth;
    if (series.season_starts) {
      // The season holding today, or the next one once today is past its end.
      const auto [sm, sd] = *series.season_starts;
      Date start = Date::from_ymd(today.year(), sm, sd);
      if (today < start) start = Date::from_ymd(today.year() - 1, sm, sd);
      DateContext c{child.birth, start};
      DateExpr end_expr;
      end_expr.base = DateExpr::Base::kSeason, end_expr.month = series.season_ends->first, end_expr.day = series.season_ends->second;
      if (today > resolve(end_expr, c)) start = Date::from_ymd(start.year() + 1, sm, sd);
      context_.season_start = start;
      season_end_ = resolve(end_expr, DateContext{child.birth, start});
    }
    extensions_ = find_extensions();
  }

  json run() {
    // Seasonal series: only this season's doses count.
    std::vector<const GivenDose*> counting;
    for (const GivenDose* g : doses_) {
      if (series_.season_starts && g->date < context_.season_start) earlier_season_.push_back(g);
      else counting.push_back(g);
    }
    std::vector<PlanResult> results;
    for (const Plan& p : series_.plans) results.push_back(evaluate(p, counting));
    const PlanResult* chosen = nullptr;
    for (const auto& r : results) {
      if (r.matches && r.fits) { chosen = &r; break; }
    }
    if (!chosen) {
      for (const auto& r : results) {
        if (r.matches) { chosen = &r; break; }
      }
    }
    bool no_plan = false;
    if (!chosen) {  // no plan's condition holds (a first dose past every plan's start age)
      chosen = &results.back();
      no_plan = true;
    }
    return reply(*chosen, no_plan);
  }

 private:
  Date at(const DateExpr& e) const { return resolve(e, context_); }

  std::optional<Date> eligible_until(const Plan& plan) const {
    std::optional<Date> until;
    if (plan.eligible_until) until = at(*plan.eligible_until);
    else if (series_.eligible_until) until = at(*series_.eligible_until);
    for (const Extension& x : applying_extensions()) {
      if (!x.conditional && x.until && (!until || at(*x.until) > *until)) until = at(*x.until);
    }
    if (series_.season_starts && !until && series_.category == "voluntary") return std::nullopt;
    return until;
  }

  Date eligible_from() const {
    Date from = at(series_.eligible_from);
    for (const Extension& x : applying_extensions()) {
      if (!x.conditional && x.from && at(*x.from) < from) from = at(*x.from);
    }
    return from;
  }

  // The series' extensions for this child and these doses: worked out once (every check of
  // every dose asks for the window they widen).
  const std::vector<Extension>& applying_extensions() const { return extensions_; }

  std::vector<Extension> find_extensions() const {
    std::vector<Extension> out;
    for (const Extension& x : series_.extensions) {
      if (x.born_from && child_.birth < *x.born_from) continue;
      if (x.born_to && child_.birth > *x.born_to) continue;
      if (x.requires_dose_between) {
        const bool any = std::any_of(doses_.begin(), doses_.end(), [&](const GivenDose* g) {
          return x.requires_dose_between->first <= g->date && g->date <= x.requires_dose_between->second;
        });
        if (!any) continue;
      }
      out.push_back(x);
    }
    return out;
  }

  const std::vector<std::string>& allowed_products(const Plan& plan) const {
    return plan.products.empty() ? series_.products : plan.products;
  }

  std::string rule_id(const Plan& plan, std::size_t k, const char* what) const {
    return series_.id + "." + plan.id + ".dose" + std::to_string(k + 1) + "." + what;
  }

  std::vector<std::string> sources_of(const DoseRule& rule) const { return rule.source.empty() ? series_.source : rule.source; }

  const std::vector<DatedAge>& min_ages(const DoseRule& rule, bool skipped) const {
    return skipped && rule.if_skipped_min_age ? *rule.if_skipped_min_age : rule.min_age;
  }

  const std::vector<Interval>& intervals(const DoseRule& rule, bool skipped, const std::string& product) const {
    if (auto it = rule.intervals_by_product.find(product); it != rule.intervals_by_product.end()) return it->second;
    return skipped && rule.if_skipped_intervals ? *rule.if_skipped_intervals : rule.intervals;
  }

  std::optional<Date> min_age_on(const std::vector<DatedAge>& ages, Date day) const {
    for (const auto& a : ages) {
      if (in_force(a.effective_from, a.effective_to, day)) return at(a.age);
    }
    return std::nullopt;
  }

  // The day an interval allows the dose from, or nullopt when its anchor dose is not valid.
  std::optional<Date> interval_end(const Interval& iv, const PlanResult& r) const {
    const std::optional<Date> anchor = iv.from_dose == 0 ? r.last_valid
                                       : static_cast<std::size_t>(iv.from_dose) <= r.valid_dates.size() ? r.valid_dates[iv.from_dose - 1]
                                                                                                        : std::nullopt;
    if (!anchor) return std::nullopt;
    if (iv.days >= 0) return after_interval_days(*anchor, iv.days);
    if (iv.months >= 0) return after_interval_months(*anchor, iv.months);
    return after_interval_months_and_half(*anchor, iv.months_and_half);
  }

  static std::string interval_text(const Interval& iv) {
    const std::string from = iv.from_dose == 0 ? "the previous dose" : "dose " + std::to_string(iv.from_dose);
    if (iv.days >= 0) return std::to_string(iv.days) + " days or more after " + from;
    if (iv.months >= 0) return std::to_string(iv.months) + " months or more after " + from;
    return std::to_string(iv.months_and_half) + "½ months or more after " + from;
  }

  const char* kind_of(const std::string& product) const {
    const Product* p = schedule_.product(product);
    return p ? p->kind.c_str() : "";
  }

  // The latest day another vaccine's spacing rule forbids before `day`, judged by the rules
  // in force on `day`: the first valid day and the rule, or nullopt when none applies.
  std::optional<Problem> spacing_problem(const std::string& product, Date day, const GivenDose* self) const {
    std::optional<Problem> worst;
    for (const SpacingRule& rule : schedule_.spacing) {
      if (!in_force(rule.effective_from, rule.effective_to, day)) continue;
      if (!contains(rule.before, "any") && !contains(rule.before, kind_of(product))) continue;
      for (const GivenDose& other : all_) {
        if (&other == self || other.product == product || other.date > day) continue;
        if (other.date == day && rule.same_day) continue;
        if (!contains(rule.after, "any") && !contains(rule.after, kind_of(other.product))) continue;
        const Date allowed = after_interval_days(other.date, rule.days);
        if (day < allowed && (!worst || allowed > *worst->valid_from)) {
          worst = Problem{"vaccine-spacing", rule.id,
                          std::to_string(rule.days) + " days or more after " + other.product + " given on " + other.date.iso() +
                              " (valid from " + allowed.iso() + ")",
                          rule.source, allowed};
        }
      }
    }
    return worst;
  }

  bool should_skip(const DoseRule& rule, Date day, const PlanResult& r) const {
    if (rule.skip_if_not_given_by && day > at(*rule.skip_if_not_given_by)) return true;
    if (rule.skip_if_previous_after && r.last_valid && *r.last_valid > at(*rule.skip_if_previous_after)) return true;
    return false;
  }

  std::optional<Problem> check(const Plan& plan, std::size_t k, const GivenDose& g, const PlanResult& r) const {
    const DoseRule& rule = plan.doses[k];
    if (!contains(allowed_products(plan), g.product)) {
      return Problem{"wrong-product", series_.id + "." + plan.id + ".products",
                     g.product + " does not continue this plan (" + (plan.text.empty() ? plan.id : plan.text) + ")",
                     series_.source, std::nullopt};
    }
    if (const Product* p = schedule_.product(g.product); p && !in_force(p->effective_from, p->effective_to, g.date)) {
      return Problem{"wrong-product-for-date", "product." + p->id,
                     p->id + " was not a routine product on " + g.date.iso() +
                         (p->effective_from ? " (from " + p->effective_from->iso() + ")" : "") +
                         (p->effective_to ? " (until " + p->effective_to->iso() + ")" : ""),
                     p->source, std::nullopt};
    }
    if (auto min = min_age_on(min_ages(rule, r.any_skipped), g.date); min && g.date < *min) {
      return Problem{"too-young", rule_id(plan, k, "minAge"), "given before the minimum age (valid from " + min->iso() + ")",
                     sources_of(rule), *min};
    }
    std::optional<Problem> interval;
    for (const Interval& iv : intervals(rule, r.any_skipped, g.product)) {
      auto allowed = interval_end(iv, r);
      if (allowed && g.date < *allowed && (!interval || *allowed > *interval->valid_from)) {
        interval = Problem{"interval-too-short", rule_id(plan, k, "interval"),
                           interval_text(iv) + " is required (valid from " + allowed->iso() + ")", sources_of(rule), *allowed};
      }
    }
    if (interval) return interval;
    if (auto spaced = spacing_problem(g.product, g.date, &g)) return spaced;
    if (series_.late_doses_invalid) {
      if (auto until = eligible_until(plan); until && g.date > *until) {
        return Problem{"too-late", series_.id + "." + plan.id + ".eligibleUntil",
                       "given after the last eligible day " + until->iso(), series_.eligible_source, std::nullopt};
      }
    }
    return std::nullopt;
  }

  std::vector<std::string> notes_for(const Plan& plan, std::size_t k, const GivenDose& g, const PlanResult& r) const {
    std::vector<std::string> notes;
    const DoseRule& rule = plan.doses[k];
    if (series_.category == "routine") {
      if (auto until = eligible_until(plan); until && g.date > *until) {
        notes.push_back("given after the free (routine) window ended on " + until->iso() + ": a voluntary dose");
      } else if (g.date < eligible_from()) {
        notes.push_back("given before the free (routine) window opened on " + eligible_from().iso() + ": a voluntary dose");
      } else if (series_.effective_from && g.date < *series_.effective_from) {
        notes.push_back("given before " + series_.id + " became routine on " + series_.effective_from->iso() +
                        ": counts as given (PRIOR_VOLUNTARY_DOSES)");
      }
    }
    if (rule.not_recommended_from && g.date >= at(*rule.not_recommended_from)) notes.push_back(rule.not_recommended_text);
    if (series_.same_product && k > 0 && !r.valid_products.empty()) {
      const std::string& before = r.valid_products[0];
      if (!before.empty() && before != g.product) {
        const bool allowed = std::any_of(series_.allowed_switches.begin(), series_.allowed_switches.end(),
                                         [&](const auto& s) { return s.first == before && s.second == g.product; });
        notes.push_back(allowed ? "switched from " + before + " to " + g.product + " (allowed)"
                                : "switched from " + before + " to " + g.product + ": not recommended (" + series_.same_product_text + ")");
      }
    }
    if (r.any_skipped && rule.if_skipped_intervals && !rule.if_skipped_text.empty()) notes.push_back(rule.if_skipped_text);
    if (g.product_from_text) notes.push_back("the product was read from the record's text, not from a code");
    return notes;
  }

  std::string preferred_product(const Plan& plan, const PlanResult& r) const {
    const auto& allowed = allowed_products(plan);
    if (r.last_valid && !r.valid_products.empty()) {
      for (auto it = r.valid_products.rbegin(); it != r.valid_products.rend(); ++it) {
        if (it->empty()) continue;
        const Product* p = schedule_.product(*it);
        if (p && in_force(p->effective_from, p->effective_to, today_) && contains(allowed, *it)) return *it;
        break;
      }
    }
    for (const auto& id : allowed) {
      const Product* p = schedule_.product(id);
      if (p && in_force(p->effective_from, p->effective_to, today_)) return id;
    }
    return allowed.empty() ? "" : allowed.front();
  }

  PlanResult evaluate(const Plan& plan, const std::vector<const GivenDose*>& doses) const {
    PlanResult r;
    r.plan = &plan;
    const std::size_t n = plan.doses.size();
    r.valid_dates.assign(n, std::nullopt);
    r.valid_products.assign(n, "");
    std::size_t k = 0;
    for (const GivenDose* g : doses) {
      while (k < n && should_skip(plan.doses[k], g->date, r)) {
        r.any_skipped = true;
        ++k;
      }
      Judged j;
      j.given = g;
      if (k == n) {
        j.valid = true;
        j.notes.push_back("an extra dose: the series was already complete");
        r.judged.push_back(std::move(j));
        continue;
      }
      if (auto problem = check(plan, k, *g, r)) {
        j.reason = problem->reason, j.rule = problem->rule, j.explanation = problem->explanation;
        j.source = problem->source, j.valid_from = problem->valid_from;
        r.fits = false;
      } else {
        j.notes = notes_for(plan, k, *g, r);
        j.valid = j.counted = true;
        j.dose = static_cast<int>(k) + 1;
        j.role = plan.doses[k].role;
        r.valid_dates[k] = g->date;
        r.valid_products[k] = g->product;
        r.last_valid = g->date;
        ++k;
      }
      r.judged.push_back(std::move(j));
    }
    // The next dose, past any the plan no longer gives.
    while (k < n) {
      const DoseRule& rule = plan.doses[k];
      const std::string product = preferred_product(plan, r);
      Date earliest = eligible_from();
      if (auto min = min_age_on(min_ages(rule, r.any_skipped), today_)) earliest = std::max(earliest, *min);
      for (const Interval& iv : intervals(rule, r.any_skipped, product)) {
        if (auto allowed = interval_end(iv, r)) earliest = std::max(earliest, *allowed);
      }
      // Another vaccine's spacing, for a dose given from today on: pushed past each rule
      // until none forbids the day (each push moves forward, so this ends).
      for (Date day = std::max(earliest, today_);;) {
        auto spaced = spacing_problem(product, day, nullptr);
        if (!spaced || !spaced->valid_from || *spaced->valid_from <= day) break;
        day = *spaced->valid_from;
        earliest = std::max(earliest, day);
      }
      if (series_.season_starts) earliest = std::max(earliest, context_.season_start);
      if (should_skip(rule, std::max(earliest, today_), r)) {
        r.any_skipped = true;
        ++k;
        continue;
      }
      r.earliest = earliest;
      r.next_product = product;
      break;
    }
    r.next = k;
    // The plan's condition, on the day of its first valid dose (or of the next dose).
    std::optional<Date> first_valid = r.valid_dates.empty() ? std::nullopt : r.valid_dates[0];
    const Date reference = first_valid ? *first_valid : std::max(today_, r.earliest.value_or(today_));
    if (plan.first_dose_from && reference < at(*plan.first_dose_from)) r.matches = false;
    if (plan.first_dose_until && reference > at(*plan.first_dose_until)) r.matches = false;
    if (!plan.first_product.empty()) {
      for (const GivenDose* g : doses) {
        if (contains(series_.products, g->product)) {
          if (!contains(plan.first_product, g->product)) r.matches = false;
          break;
        }
      }
    }
    return r;
  }

  json dose_json(const Judged& j) const {
    json d = {{"dose", j.counted ? json(j.dose) : json(nullptr)}, {"date", j.given->date.iso()}, {"product", j.given->product},
              {"valid", j.valid}, {"ageMonths", age_in_months(child_.birth, j.given->date)}};
    if (!j.role.empty()) d["role"] = j.role;
    if (!j.valid) {
      d["reason"] = j.reason;
      d["rule"] = j.rule;
      d["explanation"] = j.explanation;
      d["source"] = j.source;
      if (j.valid_from) d["validFrom"] = j.valid_from->iso();
    }
    if (!j.notes.empty()) d["notes"] = j.notes;
    if (!j.given->record_id.empty()) d["recordId"] = j.given->record_id;
    if (!j.given->lot.empty()) d["lot"] = j.given->lot;
    if (!j.given->clinic.empty()) d["clinic"] = j.given->clinic;
    if (!j.given->series.empty()) d["series"] = j.given->series;
    return d;
  }

  // The recommended window of the next dose.
  std::pair<std::optional<Date>, std::optional<Date>> recommended(const DoseRule& rule, const PlanResult& r) const {
    std::optional<Date> from, until;
    const Recommended& rec = rule.recommended;
    if (rec.from) from = at(*rec.from);
    if (rec.until) until = at(*rec.until);
    if (rec.relative_to_dose >= 0) {
      const std::optional<Date> anchor = rec.relative_to_dose == 0 ? r.last_valid
                                         : static_cast<std::size_t>(rec.relative_to_dose) <= r.valid_dates.size()
                                             ? r.valid_dates[rec.relative_to_dose - 1]
                                             : std::nullopt;
      if (anchor && rec.days) {
        from = std::max(from.value_or(Date{INT32_MIN}), after_interval_days(*anchor, rec.days->first));
        until = std::min(until.value_or(Date{INT32_MAX}), after_interval_days(*anchor, rec.days->second));
      } else if (anchor && rec.months) {
        from = std::max(from.value_or(Date{INT32_MIN}), after_interval_months(*anchor, rec.months->first));
        until = std::min(until.value_or(Date{INT32_MAX}), after_interval_months(*anchor, rec.months->second));
      }
    }
    return {from, until};
  }

  json reply(const PlanResult& r, bool no_plan) const {
    const Plan& plan = *r.plan;
    json doses = json::array();
    bool any_invalid = false;
    for (const GivenDose* g : earlier_season_) {
      Judged j;
      j.given = g;
      j.valid = true;
      j.notes.push_back("an earlier season's dose: each season starts again");
      doses.push_back(dose_json(j));
    }
    for (const auto& j : r.judged) {
      doses.push_back(dose_json(j));
      any_invalid = any_invalid || !j.valid;
    }
    std::sort(doses.begin(), doses.end(), [](const json& a, const json& b) { return a["date"] < b["date"]; });
    const std::optional<Date> until = eligible_until(plan);
    json out = {{"id", series_.id},
                {"name", series_.name_ja},
                {"nameEn", series_.name_en},
                {"category", series_.category},
                {"plan", plan.id},
                {"eligibleFrom", eligible_from().iso()},
                {"eligibleUntil", iso_or_null(until)},
                {"doses", std::move(doses)},
                {"source", series_.source}};
    if (!plan.text.empty()) out["planText"] = plan.text;
    if (!series_.eligible_text.empty()) out["eligibleText"] = series_.eligible_text;
    if (series_.season_starts) {
      out["season"] = {{"from", context_.season_start.iso()}, {"until", season_end_.iso()}};
    }
    json notes = json::array();
    for (const auto& note : series_.notes) notes.push_back(note);
    if (any_invalid && !schedule_.invalid_doses_note.empty()) notes.push_back(schedule_.invalid_doses_note);
    json conditional = json::array();
    for (const Extension& x : applying_extensions()) {
      if (x.conditional) conditional.push_back({{"id", x.id}, {"until", x.until ? json(at(*x.until).iso()) : json(nullptr)}, {"text", x.text}, {"source", x.source}});
      else notes.push_back(x.text);
    }
    if (!conditional.empty()) out["conditional"] = std::move(conditional);
    if (no_plan) notes.push_back("no plan of this series fits the age at the first dose");
    out["notes"] = std::move(notes);

    // Each date of the reply as completed months of age, so a chart places it without
    // counting ages itself (one place counts them: immunization_dates).
    auto finish = [&](const char* status) {
      out["status"] = status;
      json ages = json::object();
      for (const char* k : {"earliestValidDate", "recommendedFrom", "recommendedBy", "eligibleFrom", "eligibleUntil"}) {
        const auto day = out[k].is_string() ? Date::parse(out[k].get<std::string>()) : std::nullopt;
        ages[k] = day ? json(age_in_months(child_.birth, *day)) : json(nullptr);
      }
      out["ageMonths"] = std::move(ages);
      return out;
    };
    if (r.next >= plan.doses.size()) {
      for (const char* k : {"nextDose", "nextProduct", "earliestValidDate", "recommendedFrom", "recommendedBy"}) out[k] = nullptr;
      return finish(no_plan ? "no-longer-eligible" : "complete");
    }
    const DoseRule& rule = plan.doses[r.next];
    const Date earliest = *r.earliest;
    auto [rec_from, rec_until] = recommended(rule, r);
    // A catch-up has no standard window: the dose is due for as long as the catch-up lasts.
    const bool normal_window_over = series_.eligible_until && today_ > at(*series_.eligible_until);
    for (const Extension& x : applying_extensions()) {
      if (x.no_standard_window && !x.conditional && normal_window_over) rec_from = rec_until = std::nullopt;
    }
    const Date from = std::max(earliest, rec_from.value_or(earliest));
    std::optional<Date> by = rec_until ? rec_until : until;
    if (by && *by < from) by = from;  // the standard window has passed: as soon as the dose is valid
    if (by && until && *by > *until) by = until;
    out["nextDose"] = static_cast<int>(r.next) + 1;
    out["nextProduct"] = r.next_product;
    out["earliestValidDate"] = earliest.iso();
    out["recommendedFrom"] = from.iso();
    out["recommendedBy"] = iso_or_null(by);
    if (no_plan || (until && (today_ > *until || earliest > *until))) return finish("no-longer-eligible");
    if (today_ < from) return finish("not-yet");
    if (!by || today_ <= *by) return finish("due");
    return finish("overdue");
  }

  const Schedule& schedule_;
  const Series& series_;
  const Child& child_;
  Date today_;
  std::vector<const GivenDose*> doses_;
  const std::vector<GivenDose>& all_;
  DateContext context_;
  Date season_end_;
  std::vector<const GivenDose*> earlier_season_;
  std::vector<Extension> extensions_;
};

// Why a series does not apply to this child, or "" when it does.
std::string not_applicable(const Series& s, const Child& child, Date today, const std::vector<GivenDose>& doses) {
  if (s.effective_from && today < *s.effective_from) return "not yet routine on this day";
  if (s.born_from && child.birth < *s.born_from) return "routine only for children born on or after " + s.born_from->iso();
  if (!s.sex.empty() && !child.sex.empty() && s.sex != child.sex) return "routine for " + s.sex + " children only";
  auto any = [&](const std::vector<std::string>& products) {
    return std::any_of(doses.begin(), doses.end(), [&](const GivenDose& g) { return contains(products, g.product); });
  };
  if (!s.select_any_of.empty() && !any(s.select_any_of)) return "only for children who started with another product";
  if (!s.select_none_of.empty() && any(s.select_none_of)) return "this child is on the series that continues an earlier product";
  return "";
}

// The one series of `candidates` a dose goes to when several periods of one antigen take
// the same product: the period whose window holds the day, else the last one opened by then.
const Series* period_for(const std::vector<const Series*>& candidates, const GivenDose& g, const Child& child) {
  DateContext c{child.birth, child.birth};
  const Series* last_open = nullptr;
  for (const Series* s : candidates) {
    const Date from = resolve(s->eligible_from, c);
    const Date until = s->eligible_until ? resolve(*s->eligible_until, c) : Date{INT32_MAX};
    if (from <= g.date && g.date <= until) return s;
    if (from <= g.date) last_open = s;
  }
  return last_open ? last_open : candidates.front();
}

}  // namespace

json forecast(const Schedule& schedule, const Child& child, Date today, std::vector<GivenDose> doses) {
  std::stable_sort(doses.begin(), doses.end(), [](const GivenDose& a, const GivenDose& b) { return a.date < b.date; });
  std::vector<const Series*> applicable;
  std::map<std::string, std::string> why_not;
  for (const Series& s : schedule.series) {
    const std::string reason = not_applicable(s, child, today, doses);
    if (reason.empty()) applicable.push_back(&s);
    else why_not[s.id] = reason;
  }
  std::map<const Series*, std::vector<const GivenDose*>> by_series;
  json other = json::array();
  for (const GivenDose& g : doses) {
    std::vector<const Series*> takers;
    for (const Series* s : applicable) {
      if (!contains(s->products, g.product)) continue;
      if (!g.series.empty() && g.series != s->id) continue;
      takers.push_back(s);
    }
    if (takers.empty()) {
      std::string reason = "no series of this schedule takes " + g.product + " for this child";
      for (const Series& s : schedule.series) {
        if (contains(s.products, g.product) && why_not.count(s.id)) {
          reason = s.id + ": " + why_not[s.id];
          break;
        }
      }
      json d = {{"date", g.date.iso()}, {"product", g.product}, {"reason", reason}};
      if (!g.record_id.empty()) d["recordId"] = g.record_id;
      other.push_back(std::move(d));
      continue;
    }
    // Periods of one antigen share a product: the dose goes to one of them.
    std::map<std::string, std::vector<const Series*>> groups;
    for (const Series* s : takers) {
      if (s->group.empty()) by_series[s].push_back(&g);
      else groups[s->group].push_back(s);
    }
    for (const auto& [group, members] : groups) by_series[period_for(members, g, child)].push_back(&g);
  }
  json series = json::array();
  bool invalid = false;
  for (const Series* s : applicable) {
    json one = SeriesForecast(schedule, *s, child, today, by_series[s], doses).run();
    for (const auto& d : one["doses"]) invalid = invalid || !d["valid"].get<bool>();
    series.push_back(std::move(one));
  }
  json out = {{"schedule", {{"id", schedule.id}, {"name", schedule.name_ja}, {"rulesAsOf", schedule.rules_as_of}}},
              {"birthDate", child.birth.iso()},
              {"today", today.iso()},
              {"ageMonths", age_in_months(child.birth, today)},
              {"series", std::move(series)},
              {"otherDoses", std::move(other)}};
  if (!child.sex.empty()) out["sex"] = child.sex;
  json notes = json::array();
  if (invalid) notes.push_back(schedule.invalid_doses_note);
  out["notes"] = std::move(notes);
  return out;
}

}  // namespace techo::immunization
