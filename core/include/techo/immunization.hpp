// Vaccination schedules as data, and the forecaster that reads them: for a child's birth
// date, sex and doses, per series what is done, what is due, from which day the next
// dose is valid, what is overdue and when the free (routine) window ends. Nothing
// vaccine-specific lives in the code: Japan's schedule is the data file
// assets/immunization/jp-childhood.schedule.json, embedded in the core, and another
// schedule in the same format can be passed instead.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "techo/immunization_dates.hpp"
#include "techo/result.hpp"

namespace techo::immunization {

// A date the rules name relative to the child or the calendar: "birth", "m:N", "y:N",
// "d:N", "fy_start_of_age:N", "fy_end_of_age:N", "school_start[:-1y|:-1d]",
// "date:YYYY-MM-DD", "season:MM-DD", each optionally followed by "+Nd" or "-Nd".
struct DateExpr {
  enum class Base { kBirth, kMonths, kDays, kFyStartOfAge, kFyEndOfAge, kSchoolStart, kDate, kSeason };
  Base base = Base::kBirth;
  int n = 0;                 // months, days or years, per base
  int offset_days = 0;       // "+Nd" / "-Nd" / school_start:-1d
  int offset_years = 0;      // school_start:-1y
  Date date;                 // kDate
  int month = 0, day = 0;    // kSeason
  std::string text;          // as written, for explanations
};

// What a DateExpr is resolved against.
struct DateContext {
  Date birth;
  Date season_start;  // the current season's first day (seasonal series only)
};

Date resolve(const DateExpr& e, const DateContext& c);

struct Interval {
  int from_dose = 0;  // 1-based dose number of the plan; 0 = the previous valid dose
  int days = -1, months = -1, months_and_half = -1;
};

struct DatedAge {
  DateExpr age;
  std::optional<Date> effective_from, effective_to;
};

struct Recommended {
  std::optional<DateExpr> from, until;
  int relative_to_dose = -1;                 // -1: none; 0: the previous dose; N: dose N
  std::optional<std::pair<int, int>> days;   // recommended N..M days after it
  std::optional<std::pair<int, int>> months; // recommended N..M months after it
};

struct DoseRule {
  int dose = 1;
  std::string role;  // "booster" or ""
  std::vector<DatedAge> min_age;
  std::vector<Interval> intervals;
  std::optional<DateExpr> skip_if_not_given_by, skip_if_previous_after, not_recommended_from;
  std::string not_recommended_text;
  Recommended recommended;
  // Used instead when an earlier dose of the plan was skipped (Hib's truncated primary).
  std::optional<std::vector<DatedAge>> if_skipped_min_age;
  std::optional<std::vector<Interval>> if_skipped_intervals;
  std::string if_skipped_text;
  std::map<std::string, std::vector<Interval>> intervals_by_product;  // e.g. HPV2's dose 3
  std::vector<std::string> source;
};

struct Plan {
  std::string id, text;
  std::vector<std::string> first_product;                  // when: the first dose's product
  std::optional<DateExpr> first_dose_from, first_dose_until;  // when: the first valid dose's day
  std::vector<std::string> products;                       // only these count (empty: the series')
  std::optional<DateExpr> eligible_until;                  // replaces the series' end
  std::vector<DoseRule> doses;
};

struct Extension {
  std::string id, text;
  std::optional<Date> born_from, born_to;
  std::optional<std::pair<Date, Date>> requires_dose_between;
  bool conditional = false;  // depends on facts a record does not hold: noted, not applied
  bool no_standard_window = false;  // a catch-up: due for as long as it lasts
  std::optional<DateExpr> from, until;
  std::vector<std::string> source;
};

struct Series {
  std::string id, name_ja, name_en, category, sex, group;
  std::vector<std::string> products;
  std::optional<Date> born_from, effective_from;
  bool late_doses_invalid = false;
  std::vector<std::string> select_none_of, select_any_of;
  std::vector<std::pair<std::string, std::string>> allowed_switches;
  bool same_product = false;
  std::string same_product_text;
  DateExpr eligible_from;
  std::optional<DateExpr> eligible_until;
  std::string eligible_text;
  std::vector<std::string> eligible_source;
  std::vector<Plan> plans;
  std::vector<Extension> extensions;
  std::optional<std::pair<int, int>> season_starts, season_ends;  // month, day
  std::vector<std::string> source;
  std::vector<std::string> notes;
};

struct Product {
  std::string id, name_ja, name_en, kind;  // kind: inactivated | live-injectable | live-oral
  std::vector<std::string> cvx, names;
  std::optional<Date> effective_from, effective_to;
  std::vector<std::string> source;
};

struct SpacingRule {
  std::string id, text;
  std::vector<std::string> after, before;  // product kinds, or "any"
  int days = 0;
  bool same_day = true;
  std::optional<Date> effective_from, effective_to;
  std::vector<std::string> source;
};

struct Schedule {
  std::string id, name_ja, name_en, rules_as_of, invalid_doses_note;
  std::vector<Product> products;
  std::vector<Series> series;
  std::vector<SpacingRule> spacing;
  nlohmann::json sources = nlohmann::json::object();

  const Product* product(const std::string& id) const;
  const Series* find_series(const std::string& id) const;
};

// A schedule from its JSON (format techo-immunization-schedule/v1); an error names the
// field that is wrong, e.g. "series[3].plans[0].doses[1].intervals[0]".
Result<Schedule> parse_schedule(std::string_view text);
// Japan's schedule, embedded from assets/immunization/jp-childhood.schedule.json.
const Schedule& builtin_schedule();

// One dose a child was given.
struct GivenDose {
  std::string product;   // a product id of the schedule
  Date date;
  std::string series;    // optional: the series it was given for (else worked out)
  std::string record_id; // the Immunization record it came from, if any
  std::string lot, clinic;
  bool product_from_text = false;  // mapped from the display text, not a code
};

struct Child {
  Date birth;
  std::string sex;  // "female", "male" or "" (unknown)
};

// The forecast as the API sends it: { schedule, birthDate, today, series: [...],
// otherDoses: [...], notes: [...] }; see types/immunization.d.ts.
nlohmann::json forecast(const Schedule& schedule, const Child& child, Date today, std::vector<GivenDose> doses);

// The product a vaccine code or display text names, or nullopt. `from_text` is set when
// only the text matched.
std::optional<std::string> product_for(const Schedule& schedule, const std::string& system, const std::string& code,
                                       const std::string& text, bool& from_text);

}  // namespace techo::immunization
