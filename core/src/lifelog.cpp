#include "techo/lifelog.hpp"

#include <cstdio>
#include <initializer_list>

#include "civil_days.hpp"

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
  const std::int64_t local = techo::detail::days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
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

// The UTC date and time of an epoch second (see civil_days.hpp). Written digit by digit:
// an import formats two of these per sample, and snprintf was a sixth of its time.
UtcText utc_text(std::int64_t utc) {
  const std::int64_t days = utc >= 0 ? utc / 86400 : (utc - 86399) / 86400;
  const std::int64_t secs = utc - days * 86400;
  const auto [y, m, d] = techo::detail::civil_from_days(days);
  UtcText out;
  const int hh = static_cast<int>(secs / 3600), mm = static_cast<int>(secs % 3600 / 60), ss = static_cast<int>(secs % 60);
  if (y < 0 || y > 9999) {  // outside four digits: as printf writes it
    out.size = static_cast<std::size_t>(std::snprintf(out.text, sizeof out.text, "%04lld-%02d-%02dT%02d:%02d:%02dZ",
                                                      static_cast<long long>(y), m, d, hh, mm, ss));
    return out;
  }
  char* p = out.text;
  auto two = [&](int v) {
    *p++ = static_cast<char>('0' + v / 10);
    *p++ = static_cast<char>('0' + v % 10);
  };
  two(static_cast<int>(y / 100));
  two(static_cast<int>(y % 100));
  *p++ = '-';
  two(m);
  *p++ = '-';
  two(d);
  *p++ = 'T';
  two(hh);
  *p++ = ':';
  two(mm);
  *p++ = ':';
  two(ss);
  *p++ = 'Z';
  out.size = static_cast<std::size_t>(p - out.text);
  return out;
}

std::string format_utc(std::int64_t utc) { return std::string(utc_text(utc).view()); }

}  // namespace techo::lifelog
