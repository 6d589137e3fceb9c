#include <ctime>

#include "techo/lifelog.hpp"

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

std::string format_utc(std::int64_t utc) {
  std::time_t t = static_cast<std::time_t>(utc);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace techo::lifelog
