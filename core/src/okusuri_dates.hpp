// Dates as JAHIS TC writes them: western `YYYYMMDD`, or Japanese era `GYYMMDD` (G one of
// M 明治, T 大正, S 昭和, H 平成, R 令和; YY 01 is 元年), each checked against the calendar
// and against the days its era lasted (R010430 did not exist: 令和 began on 2019-05-01).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace techo::okusuri::detail {

struct ParsedDate {
  std::string iso;     // YYYY-MM-DD
  std::string error;   // when not a date: why, for a person ("令和 began on 2019-05-01")
};

ParsedDate parse_date(std::string_view field);

// YYYY-MM-DD (or a longer FHIR dateTime) as YYYYMMDD; "" when it is not one.
std::string western_date(std::string_view iso);

}  // namespace techo::okusuri::detail
