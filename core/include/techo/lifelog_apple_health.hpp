// Apple Health's export.xml (HealthKit Export), read with expat as it arrives, piece by
// piece: a 2 GB export is never held in memory. Each <Record> becomes a raw record (as
// the export wrote it) and, for the measures Techo merges, a lifelog sample; blood
// pressure arrives as a <Correlation> of two records; sleep as category records whose
// value names the stage. A <Workout> gives its exercise minutes (detail: the activity)
// and its distance and energy over its interval (the merge counts a source's overlapping
// samples once). <ActivitySummary> rows are read but not merged: they are Apple's own
// daily totals of records already in the export. Bad records are skipped with their
// line and attribute.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "techo/lifelog.hpp"
#include "techo/result.hpp"

namespace techo::lifelog {

// A <Record> as the export wrote it (dates as written: "2014-09-13 10:27:54 +0100").
struct AppleHealthRecord {
  std::string element = "Record";  // or "Workout", "ActivitySummary"
  std::string type;  // "HKQuantityTypeIdentifierStepCount"
  std::string unit, value, source_name, source_version, device, creation_date, start_date, end_date;
  std::size_t line = 0;
  // Workouts and activity summaries: every attribute as written (they have many).
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string attribute(std::string_view name) const;
};

class AppleHealthReader {
 public:
  // `on_record` sees every record; `on_sample` the samples of the measures Techo merges.
  // Either may return an error to stop reading.
  AppleHealthReader(std::function<Status(const AppleHealthRecord&)> on_record,
                    std::function<Status(const Sample&)> on_sample);
  ~AppleHealthReader();
  AppleHealthReader(const AppleHealthReader&) = delete;
  AppleHealthReader& operator=(const AppleHealthReader&) = delete;

  [[nodiscard]] Status push(std::string_view piece);
  [[nodiscard]] Status finish();
  // Records not turned into samples because something in them was wrong, with line and
  // attribute ("line 42: Record.value").
  const std::vector<Error>& skipped() const;
  std::uint64_t records() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Apple Health date "2014-09-13 10:27:54 +0100" (also RFC 3339).
std::optional<Instant> parse_apple_date(std::string_view text);

}  // namespace techo::lifelog
