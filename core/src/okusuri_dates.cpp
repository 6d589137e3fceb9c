#include "okusuri_dates.hpp"

#include <array>
#include <cstdio>

namespace techo::okusuri::detail {
namespace {

struct Era {
  char letter;
  const char* name;
  int first_year;            // the western year of 元年
  int start;                 // first day, as YYYYMMDD
};

// The day each era began (明治 from its proclamation date as the calendar counts it).
constexpr std::array<Era, 5> kEras{{{'M', "明治", 1868, 18680125},
                                    {'T', "大正", 1912, 19120730},
                                    {'S', "昭和", 1926, 19261225},
                                    {'H', "平成", 1989, 19890108},
                                    {'R', "令和", 2019, 20190501}}};

bool digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

int number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

std::string iso(int y, int m, int d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::string ymd_text(int ymd) { return iso(ymd / 10000, ymd / 100 % 100, ymd % 100); }

ParsedDate calendar_day(int y, int m, int d) {
  if (m < 1 || m > 12) return {{}, "month " + std::to_string(m) + " does not exist"};
  if (d < 1 || d > days_in_month(y, m)) {
    return {{}, iso(y, m, 1).substr(0, 7) + " has no day " + std::to_string(d)};
  }
  return {iso(y, m, d), {}};
}

}  // namespace

ParsedDate parse_date(std::string_view f) {
  if (f.size() == 8 && digits(f)) {
    const int y = number(f.substr(0, 4));
    if (y < 1868) return {{}, "the year " + std::to_string(y) + " is before any date a notebook can hold"};
    return calendar_day(y, number(f.substr(4, 2)), number(f.substr(6, 2)));
  }
  if (f.size() == 7 && digits(f.substr(1))) {
    for (std::size_t i = 0; i < kEras.size(); ++i) {
      const Era& era = kEras[i];
      if (f[0] != era.letter) continue;
      const int yy = number(f.substr(1, 2));
      if (yy == 0) return {{}, std::string(era.name) + " has no year 00 (its first year, 元年, is 01)"};
      const int y = era.first_year + yy - 1;
      ParsedDate day = calendar_day(y, number(f.substr(3, 2)), number(f.substr(5, 2)));
      if (!day.error.empty()) return day;
      const int ymd = y * 10000 + number(f.substr(3, 2)) * 100 + number(f.substr(5, 2));
      if (ymd < era.start) return {{}, std::string(era.name) + " began on " + ymd_text(era.start)};
      if (i + 1 < kEras.size() && ymd >= kEras[i + 1].start) {
        return {{}, std::string(era.name) + " ended before " + ymd_text(kEras[i + 1].start) + " (" + kEras[i + 1].name + ")"};
      }
      return day;
    }
    return {{}, "'" + std::string(1, f[0]) + "' is not an era (M, T, S, H or R)"};
  }
  return {{}, "'" + std::string(f) + "' is neither YYYYMMDD nor an era date GYYMMDD"};
}

std::string western_date(std::string_view d) {
  if (d.size() < 10 || d[4] != '-' || d[7] != '-') return {};
  std::string out;
  out.append(d.substr(0, 4)).append(d.substr(5, 2)).append(d.substr(8, 2));
  return digits(out) ? out : std::string();
}

}  // namespace techo::okusuri::detail
