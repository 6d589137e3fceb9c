// Result points (labs, vitals, checkup items) shared by the labs, checkup, summary and
// emergency views. Private to core.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "views_context.hpp"

namespace techo::views::detail {

// How many points a trend shows (its newest); the series says how many there are in all.
inline constexpr int kTrendPoints = 200;

struct ResultPoint {
  const StoredResource* from = nullptr;
  std::string analyte;      // grouping key: the same analyte across institutions and years
  Concept code;
  std::string category;     // "laboratory", "vital-signs", "exam", ...
  std::string date;
  std::optional<double> value;
  std::string value_text;   // as written ("5.9", "陰性", "(-)")
  std::string unit;
  std::optional<double> low, high;
  std::string range_text;
  std::string flag;         // "H", "L", "A" (abnormal) or ""
  std::string institution;
  bool infection = false;   // an infection test (JP-CLINS InfectionLabo, JLAC10 5E/5F)
};

// Every Observation value (components expanded), oldest first.
std::vector<ResultPoint> result_points(const Context& context);
// What one Observation says of itself, components expanded, in order: no `from`, no
// institution, and its own date ("" when only its document gives one). The import indexes
// these (vault_view_index.cpp) so that views select the rows they show.
std::vector<ResultPoint> observation_points(const json& observation);
// An infection test (JP-CLINS InfectionLabo, JLAC10 5E/5F): the EHR summary's infections,
// and a grant's "infections" rather than its "labs".
bool is_infection(const json* code_concept, const Concept& code);
bool is_infection_test(const json& observation);
json to_json(const ResultPoint& p);

// Latest point per person and analyte (never one person's value for another's), newest first.
std::vector<const ResultPoint*> latest_per_analyte(const Context& c, const std::vector<ResultPoint>& points);

}  // namespace techo::views::detail
