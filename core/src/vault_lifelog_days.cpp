#include "vault_lifelog_days.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <nlohmann/json.hpp>

#include "techo/lifelog_merge.hpp"

namespace techo::detail {
namespace {

using nlohmann::json;
constexpr int kJapan = 540;
// The longest a sample is taken to last when looking for the samples overlapping a day.
constexpr std::int64_t kLongestSample = 3 * 86400;

// The local day number of an instant at a UTC offset (minutes).
std::int64_t local_day(std::int64_t utc, int offset) {
  const std::int64_t local = utc + static_cast<std::int64_t>(offset) * 60;
  return local >= 0 ? local / 86400 : (local - 86399) / 86400;
}

// The local day number of a stored day ("2026-01-01"); nullopt when it is not a date.
std::optional<std::int64_t> day_number(const std::string& day) {
  const auto t = lifelog::parse_date_time(day + "T00:00:00Z");  // local midnight, as if UTC
  if (!t) return std::nullopt;
  return t->utc / 86400;
}

// The Monday of the week of a local day.
std::int64_t week_of(std::int64_t day) {
  const int weekday = static_cast<int>(((day % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday; Monday = 0
  return day - weekday;
}

// The offset most samples carry (Japan time for those without one); of offsets carried
// equally often, the smallest.
class OffsetVotes {
 public:
  void add(std::optional<int> offset) {
    const int o = offset.value_or(kJapan);
    if (last_ < votes_.size() && votes_[last_].first == o) {
      ++votes_[last_].second;
      return;
    }
    for (last_ = 0; last_ < votes_.size() && votes_[last_].first != o; ++last_) {}
    if (last_ == votes_.size()) votes_.emplace_back(o, 0);
    ++votes_[last_].second;
  }
  int winner() const {
    int best = kJapan, count = 0;
    for (const auto& [offset, n] : votes_) {
      if (n > count || (n == count && count > 0 && offset < best)) best = offset, count = n;
    }
    return best;
  }

 private:
  std::vector<std::pair<int, int>> votes_;  // few: (offset, samples)
  std::size_t last_ = 0;
};

// Halves round away from zero, as the page's Math.round does: printf alone rounds the
// binary value (72.25 -> "72.2") and the table beside the explanation would read 72.3.
std::string number(double v, int decimals) {
  const double scale = std::pow(10.0, decimals);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::round(v * scale) / scale);
  return buf;
}

}  // namespace

std::string day_text(std::int64_t local_day) { return std::string(lifelog::utc_text(local_day * 86400).view().substr(0, 10)); }

void touched_days(const lifelog::Sample& s, LocalDays& days) {
  const int offset = s.utc_offset_minutes.value_or(kJapan);
  const std::int64_t last = local_day(s.end, offset);
  // Every day from the start's to the end's (none before the end when it ends first).
  for (std::int64_t day = local_day(s.start, offset); day < last; ++day) days.insert(day);
  days.insert(last);
}

void touched_days(const lifelog::Sample& s, std::int64_t person, TouchedDays& days) { touched_days(s, days[{person, s.metric}]); }

Result<SampleReader> SampleReader::prepare(sqlite::Database& db, bool with_sources) {
  // Bounded by start so the (person, metric, start_at) index finds the window, not
  // everything before it: samples are taken to last at most kLongestSample.
  auto stmt = db.prepare(with_sources
      ? "SELECT l.start_at, l.end_at, l.utc_offset, l.value, l.unit, l.device, l.device_kind, l.detail, s.name "
        "FROM lifelog_samples l JOIN sources s ON s.id = l.source_id "
        "WHERE l.person = ? AND l.metric = ? AND l.start_at >= ? AND l.start_at < ? AND l.end_at >= ? ORDER BY l.start_at, l.id"
      : "SELECT start_at, end_at, utc_offset, value, unit, device, device_kind, detail FROM lifelog_samples "
        "WHERE person = ? AND metric = ? AND start_at >= ? AND start_at < ? AND end_at >= ? ORDER BY start_at, id");
  if (!stmt) return std::move(stmt).error();
  return SampleReader(std::move(stmt).value(), with_sources);
}

Result<std::vector<lifelog::Sample>> SampleReader::read(std::int64_t person, const std::string& metric, std::int64_t from,
                                                        std::int64_t to, std::vector<std::string>* sources) {
  stmt_.reset();
  stmt_.bind(1, person).bind(2, metric).bind(3, lifelog::format_utc(from - kLongestSample))
      .bind(4, lifelog::format_utc(to)).bind(5, lifelog::format_utc(from));
  std::vector<lifelog::Sample> out;
  auto read = stmt_.each([&](const sqlite::Row& row) {
    lifelog::Sample s;
    s.metric = metric;
    s.start = lifelog::parse_date_time(row.column_text(0)).value_or(lifelog::Instant{}).utc;
    s.end = lifelog::parse_date_time(row.column_text(1)).value_or(lifelog::Instant{}).utc;
    if (!row.column_is_null(2)) s.utc_offset_minutes = static_cast<int>(row.column_int(2));
    s.value = row.column_double(3);
    s.unit = row.column_text(4);
    s.device = row.column_text(5);
    s.kind = lifelog::device_kind_from(row.column_text(6)).value_or(lifelog::DeviceKind::kApp);
    s.detail = row.column_text(7);
    if (sources && with_sources_) sources->push_back(row.column_text(8));
    out.push_back(std::move(s));
  });
  if (!read) return std::move(read).error();
  return out;
}

namespace {

// The samples around the days being recomputed, read straight into the form the merge
// works on (no Sample of four strings each) and in the index's order, not sorted: the
// merge does not depend on the order it is given.
class SeriesReader {
 public:
  [[nodiscard]] static Result<SeriesReader> prepare(sqlite::Database& db) {
    auto stmt = db.prepare(
        "SELECT start_at, end_at, utc_offset, value, device, device_kind, detail FROM lifelog_samples "
        "WHERE person = ? AND metric = ? AND start_at >= ? AND start_at < ? AND end_at >= ?");
    if (!stmt) return std::move(stmt).error();
    return SeriesReader(std::move(stmt).value());
  }

  // Samples overlapping [from, to), with the offset most of them carry.
  [[nodiscard]] Result<lifelog::Series> read(std::int64_t person, const std::string& metric, std::int64_t from,
                                             std::int64_t to, int& offset) {
    stmt_.reset();
    stmt_.bind(1, person).bind(2, metric).bind(3, lifelog::utc_text(from - kLongestSample).view())
        .bind(4, lifelog::utc_text(to).view()).bind(5, lifelog::utc_text(from).view());
    lifelog::Series series(metric);
    OffsetVotes votes;
    auto read = stmt_.each([&](const sqlite::Row& row) {
      const auto start = lifelog::parse_date_time(row.column_text(0)).value_or(lifelog::Instant{}).utc;
      const auto end = lifelog::parse_date_time(row.column_text(1)).value_or(lifelog::Instant{}).utc;
      votes.add(row.column_is_null(2) ? std::nullopt : std::optional<int>(static_cast<int>(row.column_int(2))));
      const auto kind = lifelog::device_kind_from(row.column_text(5)).value_or(lifelog::DeviceKind::kApp);
      series.add(start, end, row.column_double(3), row.column_text(4), kind, row.column_text(6));
    });
    if (!read) return std::move(read).error();
    offset = votes.winner();
    return series;
  }

 private:
  explicit SeriesReader(sqlite::Statement stmt) : stmt_(std::move(stmt)) {}
  sqlite::Statement stmt_;
};

}  // namespace

Result<std::vector<lifelog::Sample>> load_samples(sqlite::Database& db, std::int64_t person, const std::string& metric,
                                                  std::int64_t from, std::int64_t to, std::vector<std::string>* sources) {
  auto reader = SampleReader::prepare(db, sources != nullptr);
  if (!reader) return std::move(reader).error();
  return reader->read(person, metric, from, to, sources);
}

Result<lifelog::Priority> load_priority(sqlite::Database& db, const std::string& metric) {
  auto stmt = db.prepare("SELECT kinds FROM lifelog_priority WHERE metric = ?");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, metric);
  auto row = stmt->step();
  if (!row) return std::move(row).error();
  lifelog::Priority priority;
  if (row.value()) {
    auto kinds = json::parse(stmt->column_text(0), nullptr, false);
    if (kinds.is_array()) {
      priority.order.clear();
      for (const auto& k : kinds) {
        if (auto kind = lifelog::device_kind_from(k.is_string() ? k.get<std::string>() : ""); kind) priority.order.push_back(*kind);
      }
    }
  }
  return priority;
}

namespace {

// One stored day of the merged lifelog: its value, range, how many readings or sources,
// the explanation and the sources as JSON. nullopt when nothing was recorded that day.
struct DayRow {
  double value = 0;
  std::optional<double> lo, hi;
  std::int64_t readings = 0;
  std::string explanation;
  json sources = json::array();
};

// A cumulative day: its total and the sources that made it.
DayRow cumulative_day(const lifelog::DayTotal& d, int offset) {
  DayRow row;
  row.value = d.total;
  row.readings = static_cast<std::int64_t>(d.sources.size());
  row.explanation = lifelog::explain(d, offset);
  for (const auto& s : d.sources) {
    json ranges = json::array();
    for (const auto& [a, b] : s.ranges) ranges.push_back(json::array({lifelog::format_utc(a), lifelog::format_utc(b)}));
    row.sources.push_back({{"device", s.device}, {"kind", lifelog::device_kind_name(s.kind)}, {"value", s.value}, {"ranges", ranges}});
  }
  return row;
}

// A day of readings (mean, range, which device, corroborated by whom) or of sleep (the
// nights ending that day: minutes, by stage).
DayRow readings_day(const lifelog::Merged& merged, const std::vector<std::size_t>& pieces, lifelog::MetricKind kind) {
  const bool sleep = kind == lifelog::MetricKind::kSleep;
  DayRow row;
  std::map<std::string, json> by_device;
  std::map<std::string, double> stages;  // sleep: minutes per stage of the day's nights
  std::map<std::string, std::map<std::string, double>> device_stages;
  double sum = 0;
  for (const std::size_t i : pieces) {
    const lifelog::Piece& p = merged.pieces[i];
    const lifelog::Source& source = merged.source(p);
    ++row.readings;
    sum += p.value;
    row.lo = row.lo ? std::min(*row.lo, p.value) : p.value;
    row.hi = row.hi ? std::max(*row.hi, p.value) : p.value;
    if (sleep) {
      const std::string& stage = merged.detail(p).empty() ? std::string("asleep") : merged.detail(p);
      stages[stage] += p.value;
      device_stages[source.device][stage] += p.value;
    }
    json& d = by_device[source.device];
    if (d.is_null()) {
      d = {{"device", source.device}, {"kind", lifelog::device_kind_name(source.kind)}, {"value", 0.0}, {"readings", 0},
           {"corroboratedBy", json::array()}};
    }
    d["value"] = d["value"].get<double>() + p.value;
    d["readings"] = d["readings"].get<int>() + 1;
    for (const auto& c : merged.corroborated_by(i)) {
      if (std::find(d["corroboratedBy"].begin(), d["corroboratedBy"].end(), c) == d["corroboratedBy"].end()) d["corroboratedBy"].push_back(c);
    }
  }
  row.value = sleep ? sum : sum / static_cast<double>(row.readings);
  std::vector<std::string> parts;
  for (auto& [device, d] : by_device) {
    std::string part = device.empty() ? d["kind"].get<std::string>() : device;
    if (!sleep) part += " " + std::to_string(d["readings"].get<int>());
    if (!d["corroboratedBy"].empty()) {
      std::string also;
      for (const auto& c : d["corroboratedBy"]) also += (also.empty() ? "" : ", ") + c.get<std::string>();
      part += " (= " + also + ")";
    }
    if (sleep) d["stages"] = device_stages[device];
    parts.push_back(part);
    row.sources.push_back(d);
  }
  // The day's range only where there is one: a single reading (a child's height at a
  // check-up) reads "87.6 = clinic 1", not "87.6 (87.6–87.6)".
  const std::string lo = sleep ? "" : number(*row.lo, 1), hi = sleep ? "" : number(*row.hi, 1);
  row.explanation = number(row.value, sleep ? 0 : 1) + (lo == hi ? "" : " (" + lo + "–" + hi + ")") + " =";
  for (std::size_t i = 0; i < parts.size(); ++i) row.explanation += (i ? " + " : " ") + parts[i];
  if (sleep) {
    std::string list;
    for (const auto& [stage, minutes] : stages) list += (list.empty() ? "" : ", ") + stage + " " + number(minutes, 0);
    row.explanation += ": " + list;
  }
  return row;
}

// Touched days in runs of consecutive days (at most a month each), merged from one load.
std::vector<std::vector<std::int64_t>> runs_of(const LocalDays& days) {
  std::vector<std::vector<std::int64_t>> runs;
  for (const auto day : days) {
    if (!runs.empty() && runs.back().size() < 31 && day - runs.back().back() <= 1) {
      runs.back().push_back(day);
    } else {
      runs.push_back({day});
    }
  }
  return runs;
}

}  // namespace

Result<std::int64_t> recompute_days(sqlite::Database& db, std::int64_t person, const std::string& metric,
                                    const LocalDays& days) {
  auto priority = load_priority(db, metric);
  if (!priority) return std::move(priority).error();
  auto upsert = db.prepare(
      "INSERT OR REPLACE INTO lifelog_daily(person, metric, day, value, min_value, max_value, readings, explanation, sources) "
      "VALUES (?9, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  auto remove = db.prepare("DELETE FROM lifelog_daily WHERE metric = ? AND day = ? AND person = ?");
  if (!upsert) return std::move(upsert).error();
  if (!remove) return std::move(remove).error();
  auto reader = SeriesReader::prepare(db);
  if (!reader) return std::move(reader).error();
  const auto kind = lifelog::metric_kind(metric);
  std::int64_t written = 0;
  std::set<std::int64_t> weeks;
  for (const auto& run : runs_of(days)) {
    // The run with two days either side: samples crossing midnight, sleep ending on its
    // first day. Its days end at the midnights of the offset most of its samples carry.
    const std::int64_t first = run.front() * 86400, last = run.back() * 86400;  // local midnights, as if UTC
    int offset = kJapan;
    auto series = reader->read(person, metric, first - 2 * 86400, last + 3 * 86400, offset);
    if (!series) return std::move(series).error();
    const auto merged = lifelog::merge(*series, *priority);
    std::map<std::string, lifelog::DayTotal> totals;              // cumulative: by day
    std::map<std::int64_t, std::vector<std::size_t>> pieces_of;  // others: local day number -> pieces
    if (kind == lifelog::MetricKind::kCumulative) {
      for (auto& d : lifelog::daily_totals(merged, offset)) totals.emplace(d.day, std::move(d));
    } else {
      for (std::size_t i = 0; i < merged.pieces.size(); ++i) {
        const lifelog::Piece& p = merged.pieces[i];
        const std::int64_t when = (kind == lifelog::MetricKind::kSleep ? p.end : p.start) + offset * 60;  // sleep: the day it ends
        pieces_of[when >= 0 ? when / 86400 : (when - 86399) / 86400].push_back(i);
      }
    }
    for (const auto day_number : run) {
      weeks.insert(week_of(day_number));  // a week may lose its last day too
      const std::string day = day_text(day_number);
      std::optional<DayRow> row;
      if (kind == lifelog::MetricKind::kCumulative) {
        if (auto d = totals.find(day); d != totals.end()) row = cumulative_day(d->second, offset);
      } else if (auto p = pieces_of.find(day_number); p != pieces_of.end()) {
        row = readings_day(merged, p->second, kind);
      }
      if (!row) {
        if (auto s = remove->bind(1, metric).bind(2, day).bind(3, person).run(); !s) return std::move(s).error();
        continue;
      }
      upsert->bind(9, person).bind(1, metric).bind(2, day).bind(3, row->value).bind(6, row->readings)
          .bind(7, row->explanation).bind(8, row->sources.dump());
      if (row->lo) upsert->bind(4, *row->lo); else upsert->bind_null(4);
      if (row->hi) upsert->bind(5, *row->hi); else upsert->bind_null(5);
      if (auto s = upsert->run(); !s) return std::move(s).error();
      ++written;
    }
  }
  // Weeks: totals of cumulative days, means of the others.
  auto week = db.prepare(
      "INSERT OR REPLACE INTO lifelog_weekly(person, metric, week_start, value, days) "
      "SELECT ?5, ?1, ?2, CASE WHEN ?4 THEN sum(value) ELSE avg(value) END, count(*) FROM lifelog_daily "
      "WHERE person = ?5 AND metric = ?1 AND day >= ?2 AND day < ?3 HAVING count(*) > 0");
  auto no_week = db.prepare("DELETE FROM lifelog_weekly WHERE person = ? AND metric = ? AND week_start = ?");
  if (!no_week) return std::move(no_week).error();
  if (!week) return std::move(week).error();
  for (const auto week_start : weeks) {
    const std::string w = day_text(week_start), next = day_text(week_start + 7);
    if (auto s = no_week->bind(1, person).bind(2, metric).bind(3, w).run(); !s) return std::move(s).error();
    auto s = week->bind(5, person).bind(1, metric).bind(2, w).bind(3, next)
                 .bind(4, std::int64_t{kind == lifelog::MetricKind::kCumulative}).run();
    if (!s) return std::move(s).error();
  }
  return written;
}

namespace {

// Everyone who has samples of a metric or had merged days of it (whose days may now go).
Result<std::vector<std::int64_t>> people_with(sqlite::Database& db, const std::string& metric) {
  auto stmt = db.prepare(
      "SELECT DISTINCT person FROM lifelog_samples WHERE metric = ?1 "
      "UNION SELECT DISTINCT person FROM lifelog_daily WHERE metric = ?1");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, metric);
  std::vector<std::int64_t> out;
  auto read = stmt->each([&](const sqlite::Row& row) {
    out.push_back(row.column_int(0));
  });
  if (!read) return std::move(read).error();
  return out;
}

}  // namespace

Result<std::int64_t> recompute_touched(sqlite::Database& db, const TouchedDays& days) {
  std::int64_t written = 0;
  for (const auto& [key, metric_days] : days) {
    auto n = recompute_days(db, key.first, key.second, metric_days);
    if (!n) return std::move(n).error();
    written += *n;
  }
  return written;
}

Result<std::int64_t> recompute_metric(sqlite::Database& db, const std::string& metric) {
  auto people = people_with(db, metric);
  if (!people) return std::move(people).error();
  std::int64_t written = 0;
  for (const std::int64_t person : *people) {
    auto samples = load_samples(db, person, metric, kLongestSample, 4102444800, nullptr);  // 1970 to 2100
    if (!samples) return std::move(samples).error();
    TouchedDays days;
    for (const auto& sample : *samples) touched_days(sample, person, days);
    auto stored = db.prepare("SELECT day FROM lifelog_daily WHERE person = ? AND metric = ?");  // days that may go
    if (!stored) return std::move(stored).error();
    stored->bind(1, person).bind(2, metric);
    auto read = stored->each([&](const sqlite::Row& row) {
      if (auto day = day_number(row.column_text(0))) days[{person, metric}].insert(*day);
    });
    if (!read) return std::move(read).error();
    auto n = recompute_days(db, person, metric, days[{person, metric}]);
    if (!n) return std::move(n).error();
    written += *n;
  }
  return written;
}

Status recompute_everything(sqlite::Database& db) {
  auto stmt = db.prepare("SELECT DISTINCT metric FROM lifelog_samples UNION SELECT DISTINCT metric FROM lifelog_daily");
  if (!stmt) return std::move(stmt).error();
  std::vector<std::string> metrics;
  auto read = stmt->each([&](const sqlite::Row& row) {
    metrics.push_back(row.column_text(0));
  });
  if (!read) return std::move(read).error();
  for (const auto& metric : metrics) {
    if (auto n = recompute_metric(db, metric); !n) return n.error();
  }
  return Ok{};
}

}  // namespace techo::detail
