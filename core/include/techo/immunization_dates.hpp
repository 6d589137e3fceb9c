// Calendar dates and Japan's age and interval arithmetic for immunization rules, exactly as
// the rules define them (厚生労働省 事務連絡 2014-03-11「定期の予防接種における対象者の解釈に
// ついて」, and the interval reading of 予防接種基本方針部会 2023-02-08 資料5). Every date the
// forecaster computes comes from here, so each reading is tested once
// (native_tests/immunization_dates_test.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace techo::immunization {

// A civil (proleptic Gregorian) day, counted from 1970-01-01. Whole days only: the rules
// never look at the time of day.
struct Date {
  std::int32_t days = 0;

  static Date from_ymd(int year, int month, int day);
  // "YYYY-MM-DD" (a longer FHIR dateTime is cut to its date); nullopt unless it is a real day.
  static std::optional<Date> parse(std::string_view text);
  int year() const;
  int month() const;
  int day() const;
  std::string iso() const;  // YYYY-MM-DD

  Date plus_days(std::int32_t n) const { return Date{days + n}; }
  friend bool operator<(Date a, Date b) { return a.days < b.days; }
  friend bool operator<=(Date a, Date b) { return a.days <= b.days; }
  friend bool operator>(Date a, Date b) { return a.days > b.days; }
  friend bool operator>=(Date a, Date b) { return a.days >= b.days; }
  friend bool operator==(Date a, Date b) { return a.days == b.days; }
  friend bool operator!=(Date a, Date b) { return a.days != b.days; }
};

int days_in_month(int year, int month);

// 「生後N月に至った日」「N歳に達した日」(N歳 = 12·N months): the day before the same-numbered day
// N months after birth; when that month has no such day, its last day. Born 2024-01-31:
// 生後1月 → 2024-02-29; born 2024-02-29: 1歳 → 2025-02-28.
Date age_reached(Date birth, int months);

// Completed months of age on `day`: the largest N whose 生後N月に至った日 is on or before it
// (0 before the first; what a schedule chart's age columns place a dose by).
int age_in_months(Date birth, Date day);

// 「出生W週D日後」 = birth + 7W + D days (the birth day is 出生0週0日).
Date days_after_birth(Date birth, int days);

// 「N日以上の間隔をおいて」: N whole days between the two dose days, so the next dose is
// valid from previous + N + 1 days (27日 → the same weekday four weeks later).
Date after_interval_days(Date previous, int days);

// 「N月以上の間隔をおいて」: valid from the same-numbered day N months later; when that day
// does not exist, from the 1st of the month after (2023-11-30 + 3月 → 2024-03-01).
Date after_interval_months(Date previous, int months);

// 「N月半」: the day N months allow (above) plus 14/15/15/16 days when that day's month has
// 28/29/30/31 days (2023-04-01 + 2月半 → 2023-06-16).
Date after_interval_months_and_half(Date previous, int months);

// 年度 (April to March): the 1 April that starts the fiscal year holding `day`, and the
// 31 March that ends it.
Date fiscal_year_start(Date day);
Date fiscal_year_end(Date day);

// 小学校就学の始期 (学校教育法 17条): the first 1 April on or after the day after the child
// reached 6 years (age_reached(birth, 72) + 1 day). Born 2019-04-01 → 2025-04-01;
// born 2019-04-02 → 2026-04-01.
Date school_start(Date birth);

}  // namespace techo::immunization
