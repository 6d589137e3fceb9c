#include "techo/lifelog_units.hpp"

namespace techo::lifelog {
namespace {

struct Conversion {
  std::string_view metric;
  std::string_view unit;    // as written by a source
  std::string_view stored;  // the UCUM unit Techo keeps
  double factor;
  double offset;
};

// The first row of each metric names its stored unit. Spellings: UCUM first, then Open
// mHealth's and Apple Health's names for the same unit.
constexpr Conversion kConversions[] = {
    {"steps", "{steps}", "{steps}", 1, 0},
    {"steps", "steps", "{steps}", 1, 0},
    {"steps", "count", "{steps}", 1, 0},
    {"steps", "1", "{steps}", 1, 0},
    {"heart-rate", "/min", "/min", 1, 0},
    {"heart-rate", "{beats}/min", "/min", 1, 0},
    {"heart-rate", "beats/min", "/min", 1, 0},
    {"heart-rate", "count/min", "/min", 1, 0},
    {"respiratory-rate", "/min", "/min", 1, 0},
    {"respiratory-rate", "{breaths}/min", "/min", 1, 0},
    {"respiratory-rate", "breaths/min", "/min", 1, 0},
    {"respiratory-rate", "count/min", "/min", 1, 0},
    {"blood-pressure-systolic", "mm[Hg]", "mm[Hg]", 1, 0},
    {"blood-pressure-systolic", "mmHg", "mm[Hg]", 1, 0},
    {"blood-pressure-diastolic", "mm[Hg]", "mm[Hg]", 1, 0},
    {"blood-pressure-diastolic", "mmHg", "mm[Hg]", 1, 0},
    {"body-weight", "kg", "kg", 1, 0},
    {"body-weight", "g", "kg", 0.001, 0},
    {"body-weight", "[lb_av]", "kg", 0.45359237, 0},
    {"body-weight", "lb", "kg", 0.45359237, 0},
    {"body-weight", "[oz_av]", "kg", 0.028349523125, 0},
    {"body-weight", "oz", "kg", 0.028349523125, 0},
    {"body-height", "cm", "cm", 1, 0},
    {"body-height", "m", "cm", 100, 0},
    {"body-height", "mm", "cm", 0.1, 0},
    {"body-height", "[in_i]", "cm", 2.54, 0},
    {"body-height", "in", "cm", 2.54, 0},
    {"body-height", "[ft_i]", "cm", 30.48, 0},
    {"body-height", "ft", "cm", 30.48, 0},
    {"body-temperature", "Cel", "Cel", 1, 0},
    {"body-temperature", "C", "Cel", 1, 0},
    {"body-temperature", "degC", "Cel", 1, 0},
    {"body-temperature", "[degF]", "Cel", 5.0 / 9.0, -32.0 * 5.0 / 9.0},
    {"body-temperature", "F", "Cel", 5.0 / 9.0, -32.0 * 5.0 / 9.0},
    {"body-temperature", "degF", "Cel", 5.0 / 9.0, -32.0 * 5.0 / 9.0},
    {"body-temperature", "K", "Cel", 1, -273.15},
    {"oxygen-saturation", "%", "%", 1, 0},
    {"calories-burned", "kcal", "kcal", 1, 0},
    {"calories-burned", "Cal", "kcal", 1, 0},
    {"calories-burned", "kJ", "kcal", 1 / 4.184, 0},
    {"blood-glucose", "mg/dL", "mg/dL", 1, 0},
    {"blood-glucose", "mmol/L", "mmol/L", 1, 0},
    {"body-mass-index", "kg/m2", "kg/m2", 1, 0},
    {"body-mass-index", "kg/m^2", "kg/m2", 1, 0},
    {"sleep", "min", "min", 1, 0},
    {"sleep", "h", "min", 60, 0},
    {"sleep", "s", "min", 1.0 / 60, 0},
    {"sleep", "sec", "min", 1.0 / 60, 0},
    {"exercise", "min", "min", 1, 0},
    {"exercise", "h", "min", 60, 0},
    {"exercise", "s", "min", 1.0 / 60, 0},
    {"exercise", "sec", "min", 1.0 / 60, 0},
    {"distance", "m", "m", 1, 0},
    {"distance", "km", "m", 1000, 0},
    {"distance", "[mi_i]", "m", 1609.344, 0},
    {"distance", "mi", "m", 1609.344, 0},
    {"distance", "[ft_i]", "m", 0.3048, 0},
    {"distance", "ft", "m", 0.3048, 0},
};

}  // namespace

std::string_view stored_unit(std::string_view metric) noexcept {
  for (const auto& c : kConversions) {
    if (c.metric == metric) return c.stored;
  }
  return {};
}

std::optional<double> to_stored_unit(std::string_view metric, std::string_view unit, double value) noexcept {
  for (const auto& c : kConversions) {
    if (c.metric == metric && c.unit == unit) return value * c.factor + c.offset;
  }
  return std::nullopt;
}

}  // namespace techo::lifelog
