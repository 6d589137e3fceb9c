#include "techo/lifelog.hpp"

#include <cstdio>
#include <initializer_list>

namespace techo::lifelog {

std::string_view device_kind_name(DeviceKind kind) noexcept {
  switch (kind) {
    case DeviceKind::kManual: return "manual";
    case DeviceKind::kMedicalDevice: return "medical-device";
    case DeviceKind::kWatch: return "watch";
    case DeviceKind::kPhone: return "phone";
    case DeviceKind::kApp: return "app";
  }
  return "app";
}

std::optional<DeviceKind> device_kind_from(std::string_view name) noexcept {
  for (auto kind : {DeviceKind::kManual, DeviceKind::kMedicalDevice, DeviceKind::kWatch, DeviceKind::kPhone, DeviceKind::kApp}) {
    if (device_kind_name(kind) == name) return kind;
  }
  return std::nullopt;
}

std::optional<DeviceKind> device_kind_by_name(std::string_view device) noexcept {
  auto has = [&](std::initializer_list<std::string_view> words) {
    for (auto w : words) {
      if (device.find(w) != std::string_view::npos) return true;
    }
    return false;
  };
  if (has({"Watch", "watch", "Fitbit", "Garmin", "Band", "Oura", "Ring"})) return DeviceKind::kWatch;
  if (has({"iPhone", "Phone", "phone", "Pixel", "Galaxy", "Xperia", "AQUOS"})) return DeviceKind::kPhone;
  if (has({"Omron", "OMRON", "A&D", "Tanita", "TANITA", "Withings", "Cuff", "cuff", "Scale", "scale", "Terumo", "TERUMO"})) {
    return DeviceKind::kMedicalDevice;
  }
  return std::nullopt;
}

namespace {

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// Days since 1970-01-01 of a civil date (proleptic Gregorian), without time zones.
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

std::optional<Instant> parse_date_time(std::string_view s) {
  int y, mo, d, h, mi, se = 0;
  if (!digits(s, 0, 4, y) || s.size() < 16 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' || !digits(s, 8, 2, d) ||
      (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi)) {
    return std::nullopt;
  }
  std::size_t at = 16;
  if (at < s.size() && s[at] == ':') {
    if (!digits(s, at + 1, 2, se)) return std::nullopt;
    at += 3;
    if (at < s.size() && s[at] == '.') {
      ++at;
      while (at < s.size() && s[at] >= '0' && s[at] <= '9') ++at;
    }
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
  Instant out;
  const std::int64_t local = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
  if (at == s.size()) {
    out.utc = local;  // no offset written: the caller decides what local time means
    return out;
  }
  if (s[at] == 'Z' || s[at] == 'z') {
    if (at + 1 != s.size()) return std::nullopt;
    out.utc = local;
    out.offset_minutes = 0;
    return out;
  }
  int oh, om;
  if ((s[at] != '+' && s[at] != '-') || !digits(s, at + 1, 2, oh) || at + 6 != s.size() || s[at + 3] != ':' ||
      !digits(s, at + 4, 2, om)) {
    return std::nullopt;
  }
  const int offset = (s[at] == '-' ? -1 : 1) * (oh * 60 + om);
  out.offset_minutes = offset;
  out.utc = local - offset * 60;
  return out;
}

// Civil date of a day count (the inverse of days_from_civil). Not gmtime: time_t is 32
// bits in some wasm toolchains and would end in 2038.
std::string format_utc(std::int64_t utc) {
  std::int64_t days = utc >= 0 ? utc / 86400 : (utc - 86399) / 86400;
  const std::int64_t secs = utc - days * 86400;
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), m, d,
                static_cast<int>(secs / 3600), static_cast<int>(secs % 3600 / 60), static_cast<int>(secs % 60));
  return buf;
}

}  // namespace techo::lifelog
