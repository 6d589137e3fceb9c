// The vaccination calendar's RFC 5545 form: CRLF, 75-octet folding that never splits a UTF-8
// sequence, TEXT escaping, stable UIDs, all-day DTEND, two alarms, determinism.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "techo/immunization_calendar.hpp"

namespace imm = techo::immunization;

namespace {

constexpr std::string_view kStamp = "20260115T000000Z";

imm::CalendarEntry entry(std::string from, std::string series_id = "VAR", int dose = 1) {
  imm::CalendarEntry e;
  e.child_key = "p3";
  e.child_name = "山田 さくら";
  e.series_id = std::move(series_id);
  e.series_name = "水痘";
  e.dose = dose;
  e.from = std::move(from);
  e.until = "2026-09-30";
  e.eligible_until = "2027-03-31";
  e.status = "due";
  return e;
}

// The physical lines, split at CRLF (the text ends with one).
std::vector<std::string> physical_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t at; (at = text.find("\r\n", start)) != std::string::npos; start = at + 2) {
    lines.push_back(text.substr(start, at - start));
  }
  REQUIRE(start == text.size());
  return lines;
}

// RFC 5545 §3.1 unfolding: a CRLF followed by one space (or tab) is removed.
std::vector<std::string> content_lines(const std::string& text) {
  std::vector<std::string> out;
  for (auto& line : physical_lines(text)) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      REQUIRE(!out.empty());
      out.back() += line.substr(1);
    } else {
      out.push_back(line);
    }
  }
  return out;
}

// The content lines of each VEVENT, VALARM lines included.
std::vector<std::vector<std::string>> events(const std::string& text) {
  std::vector<std::vector<std::string>> out;
  bool inside = false;
  for (auto& line : content_lines(text)) {
    if (line == "BEGIN:VEVENT") {
      inside = true;
      out.emplace_back();
    } else if (line == "END:VEVENT") {
      inside = false;
    } else if (inside) {
      out.back().push_back(line);
    }
  }
  return out;
}

// The value of the first property of an event whose name-and-parameters is `name`.
std::string value(const std::vector<std::string>& event, std::string_view name) {
  for (const auto& line : event) {
    if (line.size() > name.size() && line.compare(0, name.size(), name) == 0 && line[name.size()] == ':') {
      return line.substr(name.size() + 1);
    }
  }
  FAIL("no " << name);
  return {};
}

int count(const std::vector<std::string>& lines, std::string_view line) {
  int n = 0;
  for (const auto& l : lines) n += l == line ? 1 : 0;
  return n;
}

// Whether `s` is whole, well-formed UTF-8 (no sequence cut at either end).
bool whole_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

}  // namespace

TEST_CASE("The calendar carries the VCALENDAR properties and CRLF line endings only", "[immunization]") {
  const auto text = imm::vaccination_calendar({entry("2026-04-01")}, kStamp);
  const auto lines = content_lines(text);
  REQUIRE(lines.size() > 8);
  CHECK(lines.front() == "BEGIN:VCALENDAR");
  CHECK(lines.back() == "END:VCALENDAR");
  CHECK(count(lines, "VERSION:2.0") == 1);
  CHECK(count(lines, "PRODID:-//Techo//Vaccinations//JA") == 1);
  CHECK(count(lines, "CALSCALE:GREGORIAN") == 1);
  CHECK(count(lines, "METHOD:PUBLISH") == 1);
  CHECK(count(lines, "X-WR-CALNAME:予防接種") == 1);

  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') CHECK((i > 0 && text[i - 1] == '\r'));
    if (text[i] == '\r') CHECK((i + 1 < text.size() && text[i + 1] == '\n'));
  }
  CHECK(text.substr(text.size() - 2) == "\r\n");

  const auto evs = events(text);
  REQUIRE(evs.size() == 1);
  const auto& ev = evs[0];
  CHECK(value(ev, "UID") == "p3-VAR-1@techo.local");
  CHECK(value(ev, "DTSTAMP") == kStamp);
  CHECK(value(ev, "DTSTART;VALUE=DATE") == "20260401");
  CHECK(value(ev, "DTEND;VALUE=DATE") == "20260402");
  CHECK(value(ev, "SUMMARY") == "山田 さくら: 水痘 1回目");
  CHECK(value(ev, "DESCRIPTION") ==
        "接種推奨期間: 2026年4月1日〜2026年9月30日\\n定期接種として無料で受けられる期限: 2027年3月31日");
}

TEST_CASE("The description names what it knows of the window", "[immunization]") {
  auto e = entry("2026-04-01");
  e.until = "";
  e.eligible_until = "";
  auto ev = events(imm::vaccination_calendar({e}, kStamp)).at(0);
  CHECK(value(ev, "DESCRIPTION") == "接種推奨期間: 2026年4月1日から");

  e.until = "2026-9-30";         // not a date: left out, not written through
  e.eligible_until = "2027-02-29";  // no such day
  e.status = "overdue";
  ev = events(imm::vaccination_calendar({e}, kStamp)).at(0);
  CHECK(value(ev, "DESCRIPTION") == "接種推奨期間: 2026年4月1日から\\n推奨期間を過ぎています。");
}

TEST_CASE("Long Japanese lines fold at 75 octets, never inside a UTF-8 sequence, and unfold exactly",
          "[immunization]") {
  // ASCII padding of 0..3 octets shifts where each fold falls relative to the 3-octet kana
  // and kanji and the 4-octet 𠮷, so every cut position inside a sequence is tried.
  for (int pad = 0; pad < 4; ++pad) {
    auto e = entry("2026-04-01");
    e.child_name = std::string(pad, 'x') + "𠮷田 さくらこ（やまだ さくらこ）";
    e.series_name = "ジフテリア・百日せき・破傷風・急性灰白髄炎・ヘモフィルスb型混合ワクチン（五種混合）";
    const auto text = imm::vaccination_calendar({e}, kStamp);
    INFO("pad " << pad);

    int continuations = 0;
    for (const auto& line : physical_lines(text)) {
      CHECK(line.size() <= 75);
      if (!line.empty() && line[0] == ' ') {
        ++continuations;
        CHECK(whole_utf8(std::string_view(line).substr(1)));
      } else {
        CHECK(whole_utf8(line));
      }
    }
    CHECK(continuations >= 3);

    const auto ev = events(text).at(0);
    const std::string summary = e.child_name + ": " + e.series_name + " 1回目";
    CHECK(value(ev, "SUMMARY") == summary);
    CHECK(value(ev, "SUMMARY").size() > 150);  // folded at least twice
  }
}

TEST_CASE("TEXT values are escaped; control characters and broken UTF-8 are not written", "[immunization]") {
  auto e = entry("2026-04-01");
  e.child_name = "a,b;c\\d\ne\r\nf\rg\th";
  e.series_name = std::string("x\x01y\x7Fz") + "\xE6\xB0" + "!";  // a control, DEL, a cut sequence
  const auto text = imm::vaccination_calendar({e}, kStamp);
  const auto ev = events(text).at(0);
  CHECK(value(ev, "SUMMARY") == "a\\,b\\;c\\\\d\\ne\\nf\\ng\th: xyz\xEF\xBF\xBD! 1回目");
  CHECK(text.find('\x01') == std::string::npos);
  CHECK(text.find('\x7F') == std::string::npos);
  // The alarm's text is the summary, escaped the same way.
  CHECK(count(ev, "DESCRIPTION:" + value(ev, "SUMMARY")) == 2);

  e = entry("2026-04-01");
  e.child_key = "p,3";
  CHECK(value(events(imm::vaccination_calendar({e}, kStamp)).at(0), "UID") == "p\\,3-VAR-1@techo.local");
}

TEST_CASE("A dose keeps its UID when its day moves; each child, series and dose has its own",
          "[immunization]") {
  const auto before = events(imm::vaccination_calendar({entry("2026-04-01")}, kStamp)).at(0);
  const auto after = events(imm::vaccination_calendar({entry("2026-06-15")}, "20260301T120000Z")).at(0);
  CHECK(value(before, "UID") == value(after, "UID"));
  CHECK(value(before, "DTSTART;VALUE=DATE") != value(after, "DTSTART;VALUE=DATE"));

  auto other_child = entry("2026-04-01");
  other_child.child_key = "p4";
  const auto evs = events(imm::vaccination_calendar(
      {entry("2026-04-01"), entry("2026-10-01", "VAR", 2), entry("2026-04-01", "JE1"), other_child}, kStamp));
  REQUIRE(evs.size() == 4);
  CHECK(value(evs[0], "UID") == "p3-VAR-1@techo.local");
  CHECK(value(evs[1], "UID") == "p3-VAR-2@techo.local");
  CHECK(value(evs[2], "UID") == "p3-JE1-1@techo.local");
  CHECK(value(evs[3], "UID") == "p4-VAR-1@techo.local");
  CHECK(value(evs[1], "SUMMARY") == "山田 さくら: 水痘 2回目");
}

TEST_CASE("A UID is written once: a repeated child, series and dose keeps its first entry", "[immunization]") {
  const auto evs = events(imm::vaccination_calendar({entry("2026-04-01"), entry("2026-05-01")}, kStamp));
  REQUIRE(evs.size() == 1);
  CHECK(value(evs[0], "DTSTART;VALUE=DATE") == "20260401");
}

TEST_CASE("Every event has two display alarms: the day before and 09:00 on the day", "[immunization]") {
  const auto evs = events(imm::vaccination_calendar(
      {entry("2026-04-01"), entry("2026-10-01", "VAR", 2), entry("2027-01-01", "JE1")}, kStamp));
  REQUIRE(evs.size() == 3);
  for (const auto& ev : evs) {
    CHECK(count(ev, "BEGIN:VALARM") == 2);
    CHECK(count(ev, "END:VALARM") == 2);
    CHECK(count(ev, "ACTION:DISPLAY") == 2);
    CHECK(count(ev, "TRIGGER;RELATED=START:-P1D") == 1);
    CHECK(count(ev, "TRIGGER;RELATED=START:PT9H") == 1);
  }
}

TEST_CASE("DTEND is the next day, across month, leap-day and year ends", "[immunization]") {
  const std::pair<const char*, const char*> table[] = {
      {"2026-04-01", "20260402"}, {"2026-04-30", "20260501"}, {"2026-01-31", "20260201"},
      {"2026-02-28", "20260301"}, {"2028-02-28", "20280229"}, {"2028-02-29", "20280301"},
      {"2100-02-28", "21000301"}, {"2000-02-28", "20000229"}, {"2026-12-31", "20270101"},
  };
  for (const auto& [from, end] : table) {
    INFO(from);
    const auto evs = events(imm::vaccination_calendar({entry(from)}, kStamp));
    REQUIRE(evs.size() == 1);
    CHECK(value(evs[0], "DTEND;VALUE=DATE") == end);
  }
}

TEST_CASE("Entries without a real day are skipped, without an exception", "[immunization]") {
  std::vector<imm::CalendarEntry> entries;
  int dose = 1;
  for (const char* from : {"", "2026-02-29", "2027-02-29", "2026-04-31", "2026-13-01", "2026-00-10",
                           "2026-04-00", "2026/04/01", "20260401", "2026-4-1", "2026-04-01T00:00",
                           " 2026-04-01", "0000-01-01", "9999-12-31", "２０２６-04-01"}) {
    entries.push_back(entry(from, "VAR", dose++));
  }
  entries.push_back(entry("2026-04-01", "VAR", dose));
  std::string text;
  REQUIRE_NOTHROW(text = imm::vaccination_calendar(entries, kStamp));
  const auto evs = events(text);
  REQUIRE(evs.size() == 1);
  CHECK(value(evs[0], "UID") == "p3-VAR-" + std::to_string(dose) + "@techo.local");

  const auto empty = content_lines(imm::vaccination_calendar({}, kStamp));
  CHECK(empty.front() == "BEGIN:VCALENDAR");
  CHECK(empty.back() == "END:VCALENDAR");
}

TEST_CASE("The same input gives the same bytes; DTSTAMP is the caller's stamp", "[immunization]") {
  const std::vector<imm::CalendarEntry> entries = {entry("2026-04-01"), entry("2026-10-01", "VAR", 2)};
  CHECK(imm::vaccination_calendar(entries, kStamp) == imm::vaccination_calendar(entries, kStamp));
  const auto later = imm::vaccination_calendar(entries, "20260201T093000Z");
  CHECK(later != imm::vaccination_calendar(entries, kStamp));
  CHECK(value(events(later).at(1), "DTSTAMP") == "20260201T093000Z");

  // A stamp that is not a UTC date-time is not written into the file.
  for (std::string_view bad : {"", "20260115T000000", "20260115 000000Z", "20261315T000000Z",
                               "20260115T240000Z", "20260115T000000Z\r\nX-INJECTED:1"}) {
    INFO(bad);
    const auto text = imm::vaccination_calendar(entries, bad);
    CHECK(value(events(text).at(0), "DTSTAMP") == "19700101T000000Z");
    CHECK(text.find("X-INJECTED") == std::string::npos);
  }
}

// Not run by default: writes a sample calendar for checking by hand with an independent
// parser (native_tests/tools/ical-parse.mjs). TECHO_ICS_OUT names the file; the default is
// in the temp directory.
TEST_CASE("Write a sample vaccination calendar", "[.][immunization-ics]") {
  auto long_name = entry("2028-02-29", "DPT-IPV-Hib");
  long_name.until = "2028-05-31";
  long_name.eligible_until = "2029-08-31";
  long_name.child_name = "𠮷田 さくらこ（やまだ さくらこ）";
  long_name.series_name = "ジフテリア・百日せき・破傷風・急性灰白髄炎・ヘモフィルスb型混合ワクチン（五種混合）";
  auto escaped = entry("2026-12-31", "JE1", 2);
  escaped.child_name = "a,b;c\\d";
  escaped.until = "2026-12-31";
  escaped.eligible_until = "2035-12-31";
  escaped.status = "overdue";
  const auto text = imm::vaccination_calendar({entry("2026-04-01"), long_name, escaped}, kStamp);

  const char* env = std::getenv("TECHO_ICS_OUT");
  const std::filesystem::path path =
      env != nullptr && *env != '\0' ? std::filesystem::path(env)
                                     : std::filesystem::temp_directory_path() / "techo-vaccinations.ics";
  std::ofstream(path, std::ios::binary) << text;
  WARN("wrote " << path.string());
}
