// Day counts of civil (proleptic Gregorian) dates, without time zones or time_t (32 bits in
// some wasm toolchains: it would end in 2038). Howard Hinnant's days_from_civil /
// civil_from_days (public domain). Private to core: the lifelog's instants and the
// immunization dates both count days with these.
#pragma once

#include <cstdint>

namespace techo::detail {

struct CivilDate {
  std::int64_t year;
  int month, day;
};

// Days since 1970-01-01.
constexpr std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = static_cast<unsigned>((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// The civil date of a day count (the inverse of days_from_civil).
constexpr CivilDate civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

static_assert(days_from_civil(1970, 1, 1) == 0 && civil_from_days(0).year == 1970);
static_assert(civil_from_days(days_from_civil(2024, 2, 29)).day == 29);

}  // namespace techo::detail
