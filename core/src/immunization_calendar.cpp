// RFC 5545 writer for the vaccination calendar. Everything is built in memory: a family's
// calendar is a few dozen events.
#include "techo/immunization_calendar.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace techo::immunization {
namespace {

constexpr std::size_t kMaxLineOctets = 75;  // §3.1, excluding the CRLF
constexpr std::string_view kFallbackStamp = "19700101T000000Z";

struct Day {
  int year = 0;
  int month = 0;
  int day = 0;
};

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

bool all_digits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int to_int(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

bool valid_day(const Day& d) {
  return d.year >= 1 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= days_in_month(d.year, d.month);
}

// "YYYY-MM-DD", a real Gregorian day of years 0001-9999.
std::optional<Day> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!all_digits(y) || !all_digits(m) || !all_digits(d)) return std::nullopt;
  Day day{to_int(y), to_int(m), to_int(d)};
  if (!valid_day(day)) return std::nullopt;
  return day;
}

Day next_day(Day d) {
  if (d.day < days_in_month(d.year, d.month)) return {d.year, d.month, d.day + 1};
  if (d.month < 12) return {d.year, d.month + 1, 1};
  return {d.year + 1, 1, 1};
}

void append_padded(std::string& out, int value, int width) {
  std::string digits = std::to_string(value);
  if (static_cast<int>(digits.size()) < width) out.append(width - digits.size(), '0');
  out += digits;
}

// The DATE value form, YYYYMMDD.
std::string ical_date(const Day& d) {
  std::string out;
  append_padded(out, d.year, 4);
  append_padded(out, d.month, 2);
  append_padded(out, d.day, 2);
  return out;
}

// 2026年4月1日
std::string japanese_date(const Day& d) {
  return std::to_string(d.year) + "年" + std::to_string(d.month) + "月" + std::to_string(d.day) + "日";
}

// "YYYYMMDDTHHMMSSZ" naming a real UTC instant (second 60 allowed, §3.3.5).
bool valid_utc_stamp(std::string_view s) {
  if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z') return false;
  if (!all_digits(s.substr(0, 8)) || !all_digits(s.substr(9, 6))) return false;
  const Day day{to_int(s.substr(0, 4)), to_int(s.substr(4, 2)), to_int(s.substr(6, 2))};
  return valid_day(day) && to_int(s.substr(9, 2)) <= 23 && to_int(s.substr(11, 2)) <= 59 &&
         to_int(s.substr(13, 2)) <= 60;
}

// The UTF-8 sequence at text[i] (Unicode Table 3-7): its length when well-formed; when not,
// `length` is its maximal subpart (at least one octet), which one U+FFFD replaces.
struct Utf8Sequence {
  std::size_t length = 0;
  bool well_formed = false;
};

Utf8Sequence utf8_sequence(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return {1, true};
  std::size_t length = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the range of the second octet
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    if (b0 == 0xE0) lo = 0xA0;  // no overlong forms
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    if (b0 == 0xF0) lo = 0x90;  // no overlong forms
    if (b0 == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return {1, false};
  }
  for (std::size_t k = 1; k < length; ++k) {
    const bool in_range = i + k < text.size() && (k == 1 ? byte(i + k) >= lo && byte(i + k) <= hi
                                                          : (byte(i + k) & 0xC0) == 0x80);
    if (!in_range) return {k, false};
  }
  return {length, true};
}

// A TEXT value (§3.3.11): backslash, semicolon and comma escaped, a line break (CRLF, LF or
// CR) written as \n. Other control characters are not TSAFE-CHARs and are dropped;
// ill-formed UTF-8 becomes U+FFFD, so the file is UTF-8 throughout.
std::string escape_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    switch (c) {
      case '\\': out += "\\\\"; ++i; continue;
      case ';': out += "\\;"; ++i; continue;
      case ',': out += "\\,"; ++i; continue;
      case '\r':
        out += "\\n";
        i += (i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
        continue;
      case '\n': out += "\\n"; ++i; continue;
      case '\t': out += c; ++i; continue;
      default: break;
    }
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      ++i;
      continue;
    }
    const auto sequence = utf8_sequence(text, i);
    if (sequence.well_formed) {
      out.append(text.substr(i, sequence.length));
    } else {
      out += "\xEF\xBF\xBD";
    }
    i += sequence.length;
  }
  return out;
}

// Appends one content line, folded (§3.1): no line longer than 75 octets before its CRLF, a
// continuation line starting with one space, and never a break inside a UTF-8 sequence.
// `line` is valid UTF-8 (its values went through escape_text).
void append_line(std::string& out, std::string_view line) {
  bool first = true;
  while (true) {
    const std::size_t room = first ? kMaxLineOctets : kMaxLineOctets - 1;
    if (!first) out += ' ';
    if (line.size() <= room) {
      out.append(line);
      out += "\r\n";
      return;
    }
    std::size_t cut = room;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    if (cut == 0) cut = room;  // unreachable for valid UTF-8 (sequences are ≤ 4 octets)
    out.append(line.substr(0, cut));
    out += "\r\n";
    line.remove_prefix(cut);
    first = false;
  }
}

void append_property(std::string& out, std::string_view name_and_params, std::string_view value) {
  std::string line;
  line.reserve(name_and_params.size() + 1 + value.size());
  line += name_and_params;
  line += ':';
  line += value;
  append_line(out, line);
}

std::string description(const Day& from, const CalendarEntry& entry) {
  std::string text = "接種推奨期間: " + japanese_date(from);
  if (const auto until = parse_iso_date(entry.until)) {
    text += "〜" + japanese_date(*until);
  } else {
    text += "から";
  }
  if (const auto free_until = parse_iso_date(entry.eligible_until)) {
    text += "\n定期接種として無料で受けられる期限: " + japanese_date(*free_until);
  }
  if (entry.status == "overdue") text += "\n推奨期間を過ぎています。";
  return text;
}

void append_alarm(std::string& out, std::string_view trigger, const std::string& summary) {
  append_line(out, "BEGIN:VALARM");
  append_line(out, "ACTION:DISPLAY");
  append_property(out, "DESCRIPTION", summary);
  append_property(out, "TRIGGER;RELATED=START", trigger);
  append_line(out, "END:VALARM");
}

}  // namespace

std::string vaccination_calendar(const std::vector<CalendarEntry>& entries, std::string_view stamp) {
  const std::string_view dtstamp = valid_utc_stamp(stamp) ? stamp : kFallbackStamp;
  std::string out;
  append_line(out, "BEGIN:VCALENDAR");
  append_line(out, "VERSION:2.0");
  append_line(out, "PRODID:-//Techo//Vaccinations//JA");
  append_line(out, "CALSCALE:GREGORIAN");
  append_line(out, "METHOD:PUBLISH");
  append_property(out, "X-WR-CALNAME", "予防接種");

  std::set<std::string> uids;  // a UID names one event (§3.8.4.7): the first entry keeps it
  for (const auto& entry : entries) {
    const auto from = parse_iso_date(entry.from);
    if (!from) continue;
    const Day end = next_day(*from);
    if (end.year > 9999) continue;  // DTEND would not fit a DATE value
    const std::string dose = std::to_string(entry.dose);
    std::string uid = escape_text(entry.child_key + "-" + entry.series_id + "-" + dose + "@techo.local");
    if (!uids.insert(uid).second) continue;
    const std::string summary =
        escape_text(entry.child_name + ": " + entry.series_name + " " + dose + "回目");

    append_line(out, "BEGIN:VEVENT");
    append_property(out, "UID", uid);
    append_property(out, "DTSTAMP", dtstamp);
    append_property(out, "DTSTART;VALUE=DATE", ical_date(*from));
    append_property(out, "DTEND;VALUE=DATE", ical_date(end));
    append_property(out, "SUMMARY", summary);
    append_property(out, "DESCRIPTION", escape_text(description(*from, entry)));
    append_alarm(out, "-P1D", summary);
    append_alarm(out, "PT9H", summary);
    append_line(out, "END:VEVENT");
  }
  append_line(out, "END:VCALENDAR");
  return out;
}

}  // namespace techo::immunization
