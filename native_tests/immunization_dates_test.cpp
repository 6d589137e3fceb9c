// Japan's age and interval arithmetic, by the examples the rules themselves give
// (事務連絡 2014-03-11, MHLW rotavirus Q&A, 予防接種基本方針部会 2023-02-08 資料5) and at
// every month end.
#include <catch2/catch.hpp>

#include "techo/immunization_dates.hpp"

using techo::immunization::Date;
namespace imm = techo::immunization;

namespace {

Date d(const char* iso) {
  auto parsed = Date::parse(iso);
  REQUIRE(parsed.has_value());
  return *parsed;
}

}  // namespace

TEST_CASE("dates parse, print and refuse days that do not exist", "[immunization]") {
  CHECK(d("2024-02-29").iso() == "2024-02-29");
  CHECK(d("1970-01-01").days == 0);
  CHECK(d("2026-11-21T14:00:00+09:00").iso() == "2026-11-21");
  for (const char* bad : {"2025-02-29", "2024-13-01", "2024-04-31", "2024-1-01", "", "2024-02-30", "abcd-ef-gh", "2024-02-2x"}) {
    CHECK_FALSE(Date::parse(bad).has_value());
  }
  CHECK(imm::days_in_month(2024, 2) == 29);
  CHECK(imm::days_in_month(2100, 2) == 28);
  CHECK(imm::days_in_month(2000, 2) == 29);
}

TEST_CASE("生後N月に至った日: the day before the same-numbered day, else that month's last day", "[immunization]") {
  // The examples of the rules.
  CHECK(imm::age_reached(d("2013-04-01"), 3).iso() == "2013-06-30");
  CHECK(imm::age_reached(d("2013-04-01"), 6).iso() == "2013-09-30");
  CHECK(imm::age_reached(d("2020-07-31"), 2).iso() == "2020-09-30");
  CHECK(imm::age_reached(d("2024-01-31"), 1).iso() == "2024-02-29");
  CHECK(imm::age_reached(d("2024-01-31"), 2).iso() == "2024-03-30");
  CHECK(imm::age_reached(d("2024-01-31"), 3).iso() == "2024-04-30");
  CHECK(imm::age_reached(d("2024-12-31"), 2).iso() == "2025-02-28");
  // Born 29 February: 1歳 is reached on 28 February, as for a 1 March birth.
  CHECK(imm::age_reached(d("2024-02-29"), 12).iso() == "2025-02-28");
  CHECK(imm::age_reached(d("2024-03-01"), 12).iso() == "2025-02-28");
  CHECK(imm::age_reached(d("2024-02-29"), 48).iso() == "2028-02-28");
  CHECK(imm::age_reached(d("2024-02-29"), 1).iso() == "2024-03-28");
  // Born 31 January: each month end.
  CHECK(imm::age_reached(d("2023-01-31"), 1).iso() == "2023-02-28");
  CHECK(imm::age_reached(d("2023-01-31"), 12).iso() == "2024-01-30");
  CHECK(imm::age_reached(d("2023-01-31"), 13).iso() == "2024-02-29");
  CHECK(imm::age_reached(d("2023-05-31"), 1).iso() == "2023-06-30");
  CHECK(imm::age_reached(d("2023-03-01"), 1).iso() == "2023-03-31");
  CHECK(imm::age_reached(d("2024-12-01"), 1).iso() == "2024-12-31");
  CHECK(imm::age_reached(d("2024-12-15"), 1).iso() == "2025-01-14");
  // Over two years of births, a later birth never reaches an age earlier (month ends fold
  // several births onto one day: born 29, 30, 31 January and 1 February reach 生後1月 on
  // the last day of February).
  for (Date birth = Date::from_ymd(2023, 1, 1); birth.year() < 2025; birth = birth.plus_days(1)) {
    const Date today = imm::age_reached(birth, 1), next = imm::age_reached(birth.plus_days(1), 1);
    CHECK(next.days >= today.days);
  }
}

TEST_CASE("出生W週D日後 counts the birth day as 0週0日", "[immunization]") {
  CHECK(imm::days_after_birth(d("2024-01-10"), 6 * 7).iso() == "2024-02-21");
  CHECK(imm::days_after_birth(d("2024-01-10"), 24 * 7).iso() == "2024-06-26");
  CHECK(imm::days_after_birth(d("2024-01-10"), 14 * 7 + 6).iso() == "2024-04-23");
}

TEST_CASE("「N日以上の間隔」: valid from previous + N + 1 days", "[immunization]") {
  CHECK(imm::after_interval_days(d("2025-03-10"), 27).iso() == "2025-04-07");  // 4週間後の同じ曜日
  CHECK(imm::after_interval_days(d("2025-03-10"), 139).iso() == "2025-07-28");  // 20週間後の同じ曜日
  CHECK(imm::after_interval_days(d("2025-03-10"), 6).iso() == "2025-03-17");
  CHECK(imm::after_interval_days(d("2024-02-28"), 0).iso() == "2024-02-29");
  CHECK(imm::after_interval_days(d("2025-12-31"), 60).iso() == "2026-03-02");
}

TEST_CASE("「N月以上の間隔」: from the same-numbered day, else the 1st of the next month", "[immunization]") {
  CHECK(imm::after_interval_months(d("2023-04-01"), 3).iso() == "2023-07-01");
  CHECK(imm::after_interval_months(d("2023-11-30"), 3).iso() == "2024-03-01");
  CHECK(imm::after_interval_months(d("2025-08-31"), 6).iso() == "2026-03-01");
  CHECK(imm::after_interval_months(d("2024-01-31"), 1).iso() == "2024-03-01");
  CHECK(imm::after_interval_months(d("2024-02-29"), 12).iso() == "2025-03-01");
  CHECK(imm::after_interval_months(d("2024-02-29"), 48).iso() == "2028-02-29");
  CHECK(imm::after_interval_months(d("2025-10-31"), 2).iso() == "2025-12-31");
  CHECK(imm::after_interval_months(d("2025-12-15"), 1).iso() == "2026-01-15");
}

TEST_CASE("「N月半」: the N months' day plus 14/15/15/16 days by that month's length", "[immunization]") {
  CHECK(imm::after_interval_months_and_half(d("2023-04-01"), 2).iso() == "2023-06-16");  // June: 30 days
  CHECK(imm::after_interval_months_and_half(d("2024-05-01"), 2).iso() == "2024-07-17");  // July: 31
  CHECK(imm::after_interval_months_and_half(d("2022-12-01"), 2).iso() == "2023-02-15");  // February 2023: 28
  CHECK(imm::after_interval_months_and_half(d("2023-12-01"), 2).iso() == "2024-02-16");  // February 2024: 29
}

TEST_CASE("fiscal years and school start", "[immunization]") {
  CHECK(imm::fiscal_year_start(d("2026-03-31")).iso() == "2025-04-01");
  CHECK(imm::fiscal_year_start(d("2026-04-01")).iso() == "2026-04-01");
  CHECK(imm::fiscal_year_end(d("2026-04-01")).iso() == "2027-03-31");
  CHECK(imm::fiscal_year_end(d("2026-03-31")).iso() == "2026-03-31");
  // 早生まれ: born 1 April enters school the 1 April after turning 6; born 2 April a year later.
  CHECK(imm::school_start(d("2019-04-01")).iso() == "2025-04-01");
  CHECK(imm::school_start(d("2019-04-02")).iso() == "2026-04-01");
  CHECK(imm::school_start(d("2011-04-01")).iso() == "2017-04-01");  // sekino-clinic's example
  CHECK(imm::school_start(d("2019-05-10")).iso() == "2026-04-01");
  CHECK(imm::school_start(d("2020-02-29")).iso() == "2026-04-01");
}

TEST_CASE("completed months of age, by the day 生後N月 is reached", "[immunization]") {
  CHECK(imm::age_in_months(d("2024-01-31"), d("2024-01-31")) == 0);
  CHECK(imm::age_in_months(d("2024-01-31"), d("2024-02-28")) == 0);
  CHECK(imm::age_in_months(d("2024-01-31"), d("2024-02-29")) == 1);  // 生後1月 → 2024-02-29
  CHECK(imm::age_in_months(d("2024-01-31"), d("2024-03-29")) == 1);
  CHECK(imm::age_in_months(d("2024-01-31"), d("2024-03-30")) == 2);
  CHECK(imm::age_in_months(d("2024-02-29"), d("2025-02-27")) == 11);
  CHECK(imm::age_in_months(d("2024-02-29"), d("2025-02-28")) == 12);
  CHECK(imm::age_in_months(d("2019-05-10"), d("2026-11-21")) == 90);
  CHECK(imm::age_in_months(d("2019-05-10"), d("2019-01-01")) == 0);
  for (Date birth = d("2023-01-25"); birth <= d("2023-03-05"); birth = birth.plus_days(1)) {
    for (int n : {1, 2, 12, 13, 60}) {
      CHECK(imm::age_in_months(birth, imm::age_reached(birth, n)) == n);
      CHECK(imm::age_in_months(birth, imm::age_reached(birth, n).plus_days(-1)) == n - 1);
    }
  }
}
