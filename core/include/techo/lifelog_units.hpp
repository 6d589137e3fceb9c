// The units the lifelog stores (UCUM, one per metric) and the conversions into them from
// the spellings sources use: UCUM codes (FHIR), Open mHealth names, Apple Health names.
// One table, so every importer converts a pound or a Fahrenheit degree the same way.
#pragma once

#include <optional>
#include <string_view>

namespace techo::lifelog {

// The UCUM unit Techo stores `metric` in ("{steps}", "/min", "kg", ...); "" when unknown.
std::string_view stored_unit(std::string_view metric) noexcept;

// `value` in `unit` as the stored unit of `metric`; nullopt when `unit` is not one Techo
// converts for that metric.
std::optional<double> to_stored_unit(std::string_view metric, std::string_view unit, double value) noexcept;

}  // namespace techo::lifelog
