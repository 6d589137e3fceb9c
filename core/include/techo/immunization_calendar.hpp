// The children's vaccination calendar as RFC 5545 iCalendar: one all-day event per dose the
// forecaster recommends, for a parent to subscribe to or import into a phone's calendar.
// The writer only formats; which doses and which days come from the forecaster.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace techo::immunization {

struct CalendarEntry {
  std::string child_key;       // stable id of the child (a vault person id, "p3"); part of the UID
  std::string child_name;      // 山田 さくら
  std::string series_id;       // "VAR", "JE1"; part of the UID
  std::string series_name;     // 水痘
  int dose = 1;                // the dose number
  std::string from;            // YYYY-MM-DD: recommended from; the event's day
  std::string until;           // YYYY-MM-DD or "": recommended by
  std::string eligible_until;  // YYYY-MM-DD or "": last day it is free (routine vaccination)
  std::string status;          // "due" | "overdue" | "not-yet"
};

// The VCALENDAR text (PRODID "-//Techo//Vaccinations//JA", VERSION 2.0, CALSCALE GREGORIAN,
// METHOD PUBLISH, X-WR-CALNAME 予防接種), one VEVENT per entry, in the entries' order:
//   - all day on `from`: DTSTART;VALUE=DATE, DTEND;VALUE=DATE the next day;
//   - UID "<child_key>-<series_id>-<dose>@techo.local": no date in it, so a dose whose day
//     moves keeps its UID and a calendar that re-imports the file moves the event;
//   - SUMMARY "<child_name>: <series_name> <dose>回目"; DESCRIPTION the recommended window,
//     the last free day and, for an overdue dose, that its window has passed;
//   - DTSTAMP `stamp`, a UTC date-time "YYYYMMDDTHHMMSSZ" the caller passes, so the same
//     input gives the same bytes (a malformed stamp is replaced by 19700101T000000Z rather
//     than written into the file);
//   - two VALARMs, ACTION:DISPLAY: the day before (-P1D) and 09:00 on the day (PT9H), both
//     RELATED=START.
// CRLF line endings, TEXT values escaped (RFC 5545 §3.3.11; other control characters and
// invalid UTF-8 are not written: the former are dropped, the latter become U+FFFD), lines
// folded at 75 octets (§3.1) and never inside a UTF-8 sequence. An entry whose `from` is
// empty or not a real calendar day is skipped; an `until` or `eligible_until` that is not
// one is left out of the description. Never throws (but for std::bad_alloc).
std::string vaccination_calendar(const std::vector<CalendarEntry>& entries, std::string_view stamp);

}  // namespace techo::immunization
