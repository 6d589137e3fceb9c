// Japan's age and interval arithmetic (see techo/immunization_dates.hpp for each reading).
#include "techo/immunization_dates.hpp"

#include <charconv>

#include "civil_days.hpp"

namespace techo::immunization {
namespace {

using techo::detail::civil_from_days;
using techo::detail::days_from_civil;

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// The year and month `months` after (year, month).
void add_months(int& year, int& month, int months) {
  const int index = year * 12 + (month - 1) + months;
  year = index / 12;
  month = index % 12 + 1;
}

}  // namespace

Date Date::from_ymd(int year, int month, int day) { return Date{static_cast<std::int32_t>(days_from_civil(year, month, day))}; }

std::optional<Date> Date::parse(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](std::size_t at, std::size_t len) -> std::optional<int> {
    int v = 0;
    const char* begin = text.data() + at;
    const auto [end, ec] = std::from_chars(begin, begin + len, v);
    if (ec != std::errc() || end != begin + len) return std::nullopt;
    return v;
  };
  const auto y = number(0, 4), m = number(5, 2), d = number(8, 2);
  if (!y || !m || !d || *y < 1800 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m)) return std::nullopt;
  if (text.size() > 10 && text[10] != 'T') return std::nullopt;
  return from_ymd(*y, *m, *d);
}

int Date::year() const { return static_cast<int>(civil_from_days(days).year); }
int Date::month() const { return civil_from_days(days).month; }
int Date::day() const { return civil_from_days(days).day; }

std::string Date::iso() const {
  const auto c = civil_from_days(days);
  char out[16];
  auto put = [&](char* at, int v, int width) {
    for (int i = width - 1; i >= 0; --i, v /= 10) at[i] = static_cast<char>('0' + v % 10);
  };
  put(out, static_cast<int>(c.year), 4);
  out[4] = '-';
  put(out + 5, c.month, 2);
  out[7] = '-';
  put(out + 8, c.day, 2);
  return std::string(out, 10);
}

int days_in_month(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : kDays[month - 1];
}

Date age_reached(Date birth, int months) {
  int y = birth.year(), m = birth.month();
  const int d = birth.day();
  add_months(y, m, months);
  if (d > days_in_month(y, m)) return Date::from_ymd(y, m, days_in_month(y, m));  // no same-numbered day
  return Date::from_ymd(y, m, d).plus_days(-1);
}

int age_in_months(Date birth, Date day) {
  if (day <= birth) return 0;
  int months = (day.year() - birth.year()) * 12 + (day.month() - birth.month());
  months = months < 0 ? 0 : months;
  while (months > 0 && age_reached(birth, months) > day) --months;
  while (age_reached(birth, months + 1) <= day) ++months;
  return months;
}

Date days_after_birth(Date birth, int days) { return birth.plus_days(days); }

Date after_interval_days(Date previous, int days) { return previous.plus_days(days + 1); }

Date after_interval_months(Date previous, int months) {
  int y = previous.year(), m = previous.month();
  const int d = previous.day();
  add_months(y, m, months);
  if (d > days_in_month(y, m)) {
    add_months(y, m, 1);
    return Date::from_ymd(y, m, 1);
  }
  return Date::from_ymd(y, m, d);
}

Date after_interval_months_and_half(Date previous, int months) {
  const Date whole = after_interval_months(previous, months);
  static const int kHalf[] = {14, 15, 15, 16};  // for months of 28, 29, 30, 31 days
  return whole.plus_days(kHalf[days_in_month(whole.year(), whole.month()) - 28]);
}

Date fiscal_year_start(Date day) { return Date::from_ymd(day.month() >= 4 ? day.year() : day.year() - 1, 4, 1); }

Date fiscal_year_end(Date day) { return Date::from_ymd(fiscal_year_start(day).year() + 1, 3, 31); }

Date school_start(Date birth) {
  const Date after_six = age_reached(birth, 72).plus_days(1);
  const Date april = Date::from_ymd(after_six.year(), 4, 1);
  return after_six <= april ? april : Date::from_ymd(after_six.year() + 1, 4, 1);
}

}  // namespace techo::immunization
