// Merging one metric's samples from several devices into one lifelog, without counting
// anything twice, and keeping for every merged value where it came from.
//
// Cumulative metrics (steps, distance, energy, exercise minutes): sources are taken in priority order; a
// source counts only where no higher-priority source already has coverage, and a sample
// partly covered counts pro rata for its uncovered time (its value spread evenly over its
// interval). So the higher-priority source wins where it recorded, the others fill the
// gaps. Within one source, overlapping samples (a daily total beside minute samples) are
// handled the same way, shortest first, so a source never counts itself twice.
// Instantaneous metrics (heart rate, blood pressure, weight, SpO2, temperature): readings
// from different sources close in time and value are one reading (the higher-priority
// one is kept, the others named as corroborating it); distinct readings are all kept.
// Sleep: overlapping sessions from several sources are one night, taken from the best
// source; the others are named.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "techo/lifelog.hpp"

namespace techo::lifelog {

// Priority of device kinds, highest first. Default: manual > medical device > watch >
// phone > other apps. Devices of the same kind are ordered by name (deterministic).
struct Priority {
  std::vector<DeviceKind> order{DeviceKind::kManual, DeviceKind::kMedicalDevice, DeviceKind::kWatch, DeviceKind::kPhone,
                                DeviceKind::kApp};
  int rank(DeviceKind kind) const;
};

enum class MetricKind { kCumulative, kInstantaneous, kSleep };
MetricKind metric_kind(const std::string& metric);

// Where samples came from: the device as the data names it, and its kind.
struct Source {
  std::string device;
  DeviceKind kind = DeviceKind::kApp;
  bool operator==(const Source&) const = default;
};

// One metric's samples in the compact form the merge works on: a reading names its source
// and detail by number, so a year of minute samples is 32 bytes a reading instead of a
// Sample's four strings (1.6 million readings: 51 MB rather than 270).
struct Series {
  struct Reading {
    std::int64_t start = 0, end = 0;
    double value = 0;
    std::uint32_t source = 0;  // index into sources
    std::uint32_t detail = 0;  // index into details; 0 is ""
  };
  std::string metric;
  std::vector<Source> sources;
  std::vector<std::string> details{""};
  std::vector<Reading> readings;

  explicit Series(std::string metric_name) : metric(std::move(metric_name)) {}
  static Series of(const std::vector<Sample>& samples);  // samples of one metric
  void add(std::int64_t start, std::int64_t end, double value, const Source& source, std::string_view detail = {});
  void add(std::int64_t start, std::int64_t end, double value, std::string_view device, DeviceKind kind,
           std::string_view detail = {});

 private:
  std::uint32_t last_source_ = 0;  // consecutive readings mostly share a source
};

// A piece of the merged lifelog: `value` counted over [start, end) from one reading.
struct Piece {
  std::int64_t start = 0, end = 0;
  double value = 0;
  std::uint32_t source = 0;  // index into Merged::sources
  std::uint32_t detail = 0;  // index into Merged::details: a sleep stage, a workout's activity
};

struct Merged {
  std::vector<Source> sources;
  std::vector<std::string> details{""};
  std::vector<Piece> pieces;  // by time
  // Instantaneous readings and nights other devices recorded too: (piece, source), by piece.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> corroborations;

  const Source& source(const Piece& piece) const { return sources[piece.source]; }
  const std::string& detail(const Piece& piece) const { return details[piece.detail]; }
  // The devices that recorded the same as pieces[index], each named once.
  std::vector<std::string> corroborated_by(std::size_t index) const;
};

// Merges one metric's samples (any order, duplicates allowed).
Merged merge(const Series& series, const Priority& priority = {});
Merged merge(const std::vector<Sample>& samples, const Priority& priority = {});

// A day's total of a cumulative metric and where it came from.
struct DaySource {
  std::string device;
  DeviceKind kind = DeviceKind::kApp;
  double value = 0;
  std::vector<std::pair<std::int64_t, std::int64_t>> ranges;  // UTC [start, end) it counted for, merged
};
struct DayTotal {
  std::string day;  // local date "2026-01-01"
  double total = 0;
  std::vector<DaySource> sources;  // in priority order
};

// Daily totals of merged cumulative pieces, days in the person's local time given by
// `utc_offset_minutes` (a piece crossing midnight is split pro rata).
std::vector<DayTotal> daily_totals(const Merged& merged, int utc_offset_minutes);

// The explanation of a day's total as a person reads it:
// "7,639 = Apple Watch 6,000 (07:00–19:00) + iPhone 1,639 (19:00–23:00)".
std::string explain(const DayTotal& day, int utc_offset_minutes);

}  // namespace techo::lifelog
