#include "techo/lifelog_merge.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <tuple>

namespace techo::lifelog {
namespace {

using Interval = std::pair<std::int64_t, std::int64_t>;

// Disjoint intervals covered so far, by start: lookups and insertions in O(log n), so a
// year of minute samples merges in n log n.
class Coverage {
 public:
  // The parts of [s, e) not covered yet.
  std::vector<Interval> uncovered(std::int64_t s, std::int64_t e) const {
    std::vector<Interval> out;
    std::int64_t at = s;
    auto it = spans_.upper_bound(s);
    if (it != spans_.begin()) --it;  // the span starting at or before s may reach into [s, e)
    for (; it != spans_.end() && it->first < e; ++it) {
      if (it->second <= at) continue;
      if (it->first > at) out.emplace_back(at, it->first);
      at = std::max(at, it->second);
      if (at >= e) break;
    }
    if (at < e) out.emplace_back(at, e);
    return out;
  }
  bool covers(std::int64_t t) const {
    auto it = spans_.upper_bound(t);
    if (it == spans_.begin()) return false;
    --it;
    return it->first <= t && t < it->second;
  }
  void add(std::int64_t s, std::int64_t e) {
    if (e <= s) return;
    auto it = spans_.upper_bound(s);
    if (it != spans_.begin()) {
      auto prev = std::prev(it);
      if (prev->second >= s) {  // joins the span before
        s = prev->first;
        e = std::max(e, prev->second);
        it = spans_.erase(prev);
      }
    }
    while (it != spans_.end() && it->first <= e) {  // swallows the spans it reaches
      e = std::max(e, it->second);
      it = spans_.erase(it);
    }
    spans_.emplace(s, e);
  }

 private:
  std::map<std::int64_t, std::int64_t> spans_;
};

using Reading = Series::Reading;

// The readings to merge, as positions into the series: grouped and deduplicated without
// copying (positions are 4 bytes), with devices compared as numbers in name order.
using Order = std::vector<std::uint32_t>;

// Per source: the rank of its device name among the series' names (sources of one device
// under two kinds share it, so a device never corroborates or duplicates itself).
std::vector<std::uint32_t> name_ranks(const std::vector<Source>& sources) {
  std::vector<std::string_view> names;
  for (const auto& s : sources) names.push_back(s.device);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::vector<std::uint32_t> ranks;
  for (const auto& s : sources) {
    ranks.push_back(static_cast<std::uint32_t>(std::lower_bound(names.begin(), names.end(), s.device) - names.begin()));
  }
  return ranks;
}

// Per detail: the first detail of the same text, so equal details are equal numbers even
// in a series whose list names one twice.
std::vector<std::uint32_t> detail_ids(const std::vector<std::string>& details) {
  std::vector<std::uint32_t> ids(details.size());
  for (std::uint32_t i = 0; i < ids.size(); ++i) {
    ids[i] = static_cast<std::uint32_t>(std::find(details.begin(), details.begin() + i, details[i]) - details.begin());
  }
  return ids;
}

struct Context {
  const Series& series;
  std::vector<std::uint32_t> name;    // per source
  std::vector<int> rank;              // per source: its kind's place in the priority
  std::vector<std::uint32_t> detail;  // per detail: its id
  Context(const Series& s, const Priority& priority) : series(s), name(name_ranks(s.sources)), detail(detail_ids(s.details)) {
    for (const auto& source : s.sources) rank.push_back(priority.rank(source.kind));
  }
  const Reading& at(std::uint32_t i) const { return series.readings[i]; }
};

// Sorts `v` by `less` (a strict weak order), in n log r for r ascending runs: the merge's
// readings and pieces mostly arrive as a few runs already in order (a device's samples
// by time), which a general sort would take apart and put together again. Many runs: a
// plain sort.
template <typename T, typename Less>
void sort_runs(std::vector<T>& v, Less less) {
  constexpr std::size_t kMaxRuns = 64;
  std::vector<std::size_t> bounds{0};
  for (std::size_t i = 1; i < v.size(); ++i) {
    if (!less(v[i], v[i - 1])) continue;
    if (bounds.size() == kMaxRuns) {
      std::sort(v.begin(), v.end(), less);
      return;
    }
    bounds.push_back(i);
  }
  bounds.push_back(v.size());
  while (bounds.size() > 2) {  // merge neighbouring runs, pair by pair
    std::vector<std::size_t> merged{0};
    for (std::size_t k = 0; k + 1 < bounds.size(); k += 2) {
      if (k + 2 < bounds.size()) {
        const auto at = [&](std::size_t b) { return v.begin() + static_cast<std::ptrdiff_t>(bounds[b]); };
        std::inplace_merge(at(k), at(k + 1), at(k + 2), less);
        merged.push_back(bounds[k + 2]);
      } else {
        merged.push_back(bounds[k + 1]);
      }
    }
    bounds = std::move(merged);
  }
}

// Higher priority first; then by device name so the order never depends on the input's;
// within a device, shorter readings first, then by time.
struct ByPriority {
  const Context& c;
  bool operator()(std::uint32_t i, std::uint32_t j) const {
    const Reading& a = c.at(i);
    const Reading& b = c.at(j);
    if (c.rank[a.source] != c.rank[b.source]) return c.rank[a.source] < c.rank[b.source];
    if (c.name[a.source] != c.name[b.source]) return c.name[a.source] < c.name[b.source];
    return within(a, b);
  }
  // The order within one device of one priority.
  bool within(const Reading& a, const Reading& b) const {
    const auto da = a.end - a.start, db = b.end - b.start;
    if (da != db) return da < db;
    if (a.start != b.start) return a.start < b.start;
    if (a.value != b.value) return a.value < b.value;
    return c.detail[a.detail] < c.detail[b.detail];
  }
  // The same reading: equal times, value and detail (the device is known to be one).
  bool same(const Reading& a, const Reading& b) const {
    return a.start == b.start && a.end == b.end && a.value == b.value && c.detail[a.detail] == c.detail[b.detail];
  }
};

void by_priority(const Context& c, Order& order) { std::sort(order.begin(), order.end(), ByPriority{c}); }

// The readings in priority order (ByPriority), each reading once: of readings that are the
// same (same device name, times, value and detail), the one of the higher-priority kind.
// Sources are few, so readings are first grouped by (priority, device) in one counting
// pass that keeps their order; a group is sorted only when it is not in order already.
Order in_priority_order(const Context& c) {
  const std::size_t n_sources = c.series.sources.size();
  // Groups: sources of one priority and device name, best first.
  std::vector<std::uint32_t> by_group(n_sources);
  for (std::uint32_t s = 0; s < n_sources; ++s) by_group[s] = s;
  auto group_less = [&](std::uint32_t a, std::uint32_t b) {
    return std::tie(c.rank[a], c.name[a]) < std::tie(c.rank[b], c.name[b]);
  };
  std::sort(by_group.begin(), by_group.end(), group_less);
  std::vector<std::uint32_t> group(n_sources);
  std::uint32_t groups = 0;
  for (std::size_t k = 0; k < n_sources; ++k) {
    if (k > 0 && group_less(by_group[k - 1], by_group[k])) ++groups;
    group[by_group[k]] = groups;
  }
  ++groups;
  std::vector<std::size_t> begin(groups + 1, 0);
  for (const Reading& r : c.series.readings) ++begin[group[r.source] + 1];
  for (std::uint32_t g = 0; g < groups; ++g) begin[g + 1] += begin[g];
  Order order(c.series.readings.size());
  {
    std::vector<std::size_t> next(begin.begin(), begin.end() - 1);
    for (std::uint32_t i = 0; i < order.size(); ++i) order[next[group[c.at(i).source]]++] = i;
  }
  const ByPriority less{c};
  const auto within = [&](std::uint32_t i, std::uint32_t j) { return less.within(c.at(i), c.at(j)); };
  std::size_t kept = 0;
  std::vector<std::size_t> kept_begin(groups + 1, 0);
  for (std::uint32_t g = 0; g < groups; ++g) {
    const auto first = order.begin() + static_cast<std::ptrdiff_t>(begin[g]);
    const auto last = order.begin() + static_cast<std::ptrdiff_t>(begin[g + 1]);
    if (!std::is_sorted(first, last, within)) std::sort(first, last, within);
    kept_begin[g] = kept;
    for (auto it = first; it != last; ++it) {  // the same reading twice is adjacent now
      if (kept > kept_begin[g] && less.same(c.at(order[kept - 1]), c.at(*it))) continue;
      order[kept++] = *it;
    }
  }
  kept_begin[groups] = kept;
  order.resize(kept);
  // A device under two kinds of different priorities is two groups: its readings in a
  // later group that an earlier group of the same device has are not counted twice.
  std::vector<std::uint32_t> group_name(groups);
  for (std::uint32_t s = 0; s < n_sources; ++s) group_name[group[s]] = c.name[s];
  std::vector<std::uint32_t> names(group_name);
  std::sort(names.begin(), names.end());
  if (std::adjacent_find(names.begin(), names.end()) == names.end()) return order;
  Order out;
  out.reserve(order.size());
  for (std::uint32_t g = 0; g < groups; ++g) {
    std::vector<std::uint32_t> earlier;  // earlier groups' readings of this device, sorted
    for (std::uint32_t h = 0; h < g; ++h) {
      if (group_name[h] != group_name[g]) continue;
      earlier.insert(earlier.end(), order.begin() + static_cast<std::ptrdiff_t>(kept_begin[h]),
                     order.begin() + static_cast<std::ptrdiff_t>(kept_begin[h + 1]));
    }
    std::sort(earlier.begin(), earlier.end(), within);
    for (std::size_t k = kept_begin[g]; k < kept_begin[g + 1]; ++k) {
      const std::uint32_t i = order[k];
      auto it = std::lower_bound(earlier.begin(), earlier.end(), i, within);
      if (it != earlier.end() && less.same(c.at(*it), c.at(i))) continue;
      out.push_back(i);
    }
  }
  return out;
}

// `order`: in priority order, each reading once (in_priority_order).
void merge_cumulative(const Context& c, const Order& order, Merged& out) {
  Coverage coverage;
  for (const std::uint32_t i : order) {
    const Reading& r = c.at(i);
    const std::int64_t duration = r.end - r.start;
    if (duration <= 0) {
      if (!coverage.covers(r.start)) out.pieces.push_back({r.start, r.start, r.value, r.source, r.detail});
      continue;
    }
    for (const auto& [us, ue] : coverage.uncovered(r.start, r.end)) {
      out.pieces.push_back({us, ue, r.value * static_cast<double>(ue - us) / static_cast<double>(duration), r.source, r.detail});
    }
    coverage.add(r.start, r.end);
  }
  // Each device's pieces came in order of time (of duration, then time): a few runs.
  sort_runs(out.pieces, [&](const Piece& a, const Piece& b) {
    return std::tie(a.start, a.end, c.name[a.source]) < std::tie(b.start, b.end, c.name[b.source]);
  });
}

// How close two readings of a metric must be, in time and value, to be the same reading.
struct Tolerance {
  std::int64_t seconds;
  double value;
};
Tolerance tolerance_for(const std::string& metric) {
  if (metric == "heart-rate") return {60, 3};
  if (metric.rfind("blood-pressure", 0) == 0) return {600, 5};
  if (metric == "body-weight") return {1800, 0.3};
  if (metric == "oxygen-saturation") return {60, 1};
  if (metric == "body-temperature") return {1800, 0.2};
  return {300, 0};
}

// `order`: in priority order, each reading once (in_priority_order).
void merge_instantaneous(const Context& c, const Order& order, Merged& out) {
  const Tolerance tol = tolerance_for(c.series.metric);
  // Readings kept from the devices already done, by time (time, piece); a device's own
  // readings never collapse into each other, so its new ones join when it is done.
  std::vector<std::pair<std::int64_t, std::uint32_t>> earlier, current;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> seen;  // (piece, device name) corroborations
  std::optional<std::uint32_t> device;
  // Where the last search began: a device's readings come by time, so the next search
  // gallops on from there instead of halving all the earlier readings again.
  std::size_t hint = 0;
  std::int64_t hint_time = 0;
  auto close_device = [&] {
    sort_runs(current, std::less<>{});
    hint = 0;
    const auto middle = static_cast<std::ptrdiff_t>(earlier.size());
    earlier.insert(earlier.end(), current.begin(), current.end());
    std::inplace_merge(earlier.begin(), earlier.begin() + middle, earlier.end());
    current.clear();
  };
  for (const std::uint32_t i : order) {
    const Reading& r = c.at(i);
    if (device != c.name[r.source]) {
      if (device) close_device();
      device = c.name[r.source];
    }
    std::optional<std::uint32_t> same;
    const std::int64_t from = r.start - tol.seconds;
    auto lo = earlier.begin() + static_cast<std::ptrdiff_t>(hint_time <= from ? hint : 0);
    auto hi = lo;
    for (std::size_t step = 1; hi != earlier.end() && hi->first < from; step *= 2) {
      lo = hi;
      hi = static_cast<std::size_t>(earlier.end() - hi) > step ? hi + static_cast<std::ptrdiff_t>(step) : earlier.end();
    }
    auto first = std::lower_bound(lo, hi, from, [](const auto& e, std::int64_t t) { return e.first < t; });
    hint = static_cast<std::size_t>(first - earlier.begin());
    hint_time = from;
    for (auto it = first; it != earlier.end() && it->first <= r.start + tol.seconds; ++it) {
      if (std::fabs(out.pieces[it->second].value - r.value) <= tol.value + 1e-9) {
        same = it->second;
        break;
      }
    }
    if (same) {
      out.corroborations.emplace_back(*same, r.source);
    } else {
      current.emplace_back(r.start, static_cast<std::uint32_t>(out.pieces.size()));
      out.pieces.push_back({r.start, r.end, r.value, r.source, r.detail});
    }
  }
  // By time; the corroborations follow their pieces to their new places.
  std::vector<std::uint32_t> by_time(out.pieces.size());
  for (std::uint32_t k = 0; k < by_time.size(); ++k) by_time[k] = k;
  sort_runs(by_time, [&](std::uint32_t a, std::uint32_t b) {  // each device's pieces came by time: a few runs
    const Piece& x = out.pieces[a];
    const Piece& y = out.pieces[b];
    return std::tie(x.start, c.name[x.source], x.value) < std::tie(y.start, c.name[y.source], y.value);
  });
  std::vector<std::uint32_t> place(by_time.size());
  for (std::uint32_t k = 0; k < by_time.size(); ++k) place[by_time[k]] = k;
  by_time = {};
  for (auto& [piece, source] : out.corroborations) piece = place[piece];
  // Pieces to their places in place, cycle by cycle (a sorted copy would be a second
  // 32 bytes a reading).
  for (std::uint32_t k = 0; k < place.size(); ++k) {
    while (place[k] != k) {
      const std::uint32_t to = place[k];
      std::swap(out.pieces[k], out.pieces[to]);
      std::swap(place[k], place[to]);
    }
  }
}

void merge_sleep(const Context& c, Order order, Merged& out) {  // `order`: each reading once
  // Nights: sessions that overlap (across all sources) belong together.
  std::sort(order.begin(), order.end(), [&](std::uint32_t i, std::uint32_t j) {
    const Reading& a = c.at(i);
    const Reading& b = c.at(j);
    return std::tie(a.start, a.end, c.name[a.source]) < std::tie(b.start, b.end, c.name[b.source]);
  });
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    std::int64_t night_end = c.at(order[i]).end;
    while (j + 1 < order.size() && c.at(order[j + 1]).start < night_end) night_end = std::max(night_end, c.at(order[++j]).end);
    Order night(order.begin() + static_cast<std::ptrdiff_t>(i), order.begin() + static_cast<std::ptrdiff_t>(j + 1));
    by_priority(c, night);
    const std::uint32_t best = c.at(night.front()).source;
    std::vector<std::uint32_t> others;  // sources of other devices, one per device name
    for (const std::uint32_t k : night) {
      const std::uint32_t s = c.at(k).source;
      if (s == best) continue;
      if (std::none_of(others.begin(), others.end(), [&](std::uint32_t o) { return c.name[o] == c.name[s]; })) others.push_back(s);
    }
    for (const std::uint32_t k : night) {
      const Reading& r = c.at(k);
      if (r.source != best) continue;
      for (const std::uint32_t o : others) out.corroborations.emplace_back(static_cast<std::uint32_t>(out.pieces.size()), o);
      out.pieces.push_back({r.start, r.end, r.value, r.source, r.detail});
    }
    i = j + 1;
  }
}

std::string day_of(std::int64_t local_seconds) {
  const std::int64_t days = local_seconds >= 0 ? local_seconds / 86400 : (local_seconds - 86399) / 86400;
  return std::string(utc_text(days * 86400).view().substr(0, 10));
}

std::string clock(std::int64_t utc, int offset_minutes) {
  const std::int64_t local = utc + offset_minutes * 60;
  return format_utc(local).substr(11, 5);
}

std::string grouped(double value) {
  const long long n = std::llround(value);
  std::string digits = std::to_string(n < 0 ? -n : n);
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) digits.insert(static_cast<std::size_t>(at), ",");
  return (n < 0 ? "-" : "") + digits;
}

}  // namespace

int Priority::rank(DeviceKind kind) const {
  auto it = std::find(order.begin(), order.end(), kind);
  return it == order.end() ? static_cast<int>(order.size()) : static_cast<int>(it - order.begin());
}

MetricKind metric_kind(const std::string& metric) {
  if (metric == "steps" || metric == "distance" || metric == "calories-burned" || metric == "exercise") return MetricKind::kCumulative;
  if (metric == "sleep") return MetricKind::kSleep;
  return MetricKind::kInstantaneous;
}

Series Series::of(const std::vector<Sample>& samples) {
  Series series(samples.empty() ? std::string() : samples.front().metric);
  series.readings.reserve(samples.size());
  for (const auto& s : samples) series.add(s.start, s.end, s.value, {s.device, s.kind}, s.detail);
  return series;
}

void Series::add(std::int64_t start, std::int64_t end, double value, const Source& source, std::string_view detail) {
  add(start, end, value, source.device, source.kind, detail);
}

void Series::add(std::int64_t start, std::int64_t end, double value, std::string_view device, DeviceKind kind,
                 std::string_view detail) {
  auto is = [&](const Source& s) { return s.kind == kind && s.device == device; };
  if (last_source_ >= sources.size() || !is(sources[last_source_])) {
    auto it = std::find_if(sources.begin(), sources.end(), is);
    if (it == sources.end()) it = sources.insert(sources.end(), Source{std::string(device), kind});
    last_source_ = static_cast<std::uint32_t>(it - sources.begin());
  }
  std::uint32_t d = 0;
  if (!detail.empty()) {
    auto it = std::find(details.begin(), details.end(), detail);
    if (it == details.end()) it = details.insert(details.end(), std::string(detail));
    d = static_cast<std::uint32_t>(it - details.begin());
  }
  readings.push_back({start, end, value, last_source_, d});
}

std::vector<std::string> Merged::corroborated_by(std::size_t index) const {
  std::vector<std::string> devices;
  auto it = std::lower_bound(corroborations.begin(), corroborations.end(), std::make_pair(static_cast<std::uint32_t>(index), std::uint32_t{0}));
  for (; it != corroborations.end() && it->first == index; ++it) {
    const std::string& d = sources[it->second].device;
    if (std::find(devices.begin(), devices.end(), d) == devices.end()) devices.push_back(d);
  }
  std::sort(devices.begin(), devices.end());
  return devices;
}

Merged merge(const Series& series, const Priority& priority) {
  Merged out;
  out.sources = series.sources;
  out.details = series.details;
  if (series.readings.empty()) return out;
  const Context context(series, priority);
  Order order = in_priority_order(context);
  out.pieces.reserve(order.size());
  switch (metric_kind(series.metric)) {
    case MetricKind::kCumulative: merge_cumulative(context, order, out); break;
    case MetricKind::kInstantaneous: merge_instantaneous(context, order, out); break;
    case MetricKind::kSleep: merge_sleep(context, std::move(order), out); break;
  }
  std::sort(out.corroborations.begin(), out.corroborations.end());
  out.corroborations.erase(std::unique(out.corroborations.begin(), out.corroborations.end()), out.corroborations.end());
  return out;
}

Merged merge(const std::vector<Sample>& samples, const Priority& priority) { return merge(Series::of(samples), priority); }

std::vector<DayTotal> daily_totals(const Merged& merged, int utc_offset_minutes) {
  const std::int64_t offset = static_cast<std::int64_t>(utc_offset_minutes) * 60;
  // A day's sources are its devices: sources of one device name count as one, the kind
  // of the first piece it gave that day. Devices and days as numbers; text once per day.
  std::vector<std::uint32_t> device_of(merged.sources.size());
  for (std::uint32_t i = 0; i < device_of.size(); ++i) {
    device_of[i] = i;
    for (std::uint32_t j = 0; j < i; ++j) {
      if (merged.sources[j].device == merged.sources[i].device) {
        device_of[i] = j;
        break;
      }
    }
  }
  struct Day {
    DayTotal total;
    std::vector<std::uint32_t> devices;  // beside total.sources
  };
  std::map<std::int64_t, Day> days;  // by local day number
  Day* last = nullptr;
  std::int64_t last_day = 0;
  auto add = [&](const Piece& p, std::int64_t s, std::int64_t e, double value) {
    const std::int64_t local = s + offset;
    const std::int64_t day_number = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    if (!last || day_number != last_day) {  // pieces come by time: mostly the day before
      auto [it, fresh] = days.try_emplace(day_number);
      if (fresh) it->second.total.day = day_of(local);
      last = &it->second;
      last_day = day_number;
    }
    DayTotal& d = last->total;
    d.total += value;
    const std::uint32_t device = device_of[p.source];
    auto at = std::find(last->devices.begin(), last->devices.end(), device);
    if (at == last->devices.end()) {
      const Source& source = merged.source(p);
      last->devices.push_back(device);
      d.sources.push_back({source.device, source.kind, 0, {}});
      at = last->devices.end() - 1;
    }
    DaySource& src = d.sources[static_cast<std::size_t>(at - last->devices.begin())];
    src.value += value;
    if (!src.ranges.empty() && src.ranges.back().second >= s) {
      src.ranges.back().second = std::max(src.ranges.back().second, e);
    } else {
      src.ranges.emplace_back(s, e);
    }
  };
  for (const auto& p : merged.pieces) {
    if (p.end <= p.start) {
      add(p, p.start, p.end, p.value);
      continue;
    }
    // Split at the person's local midnights, pro rata.
    std::int64_t at = p.start;
    while (at < p.end) {
      const std::int64_t local = at + offset;
      const std::int64_t next_midnight = (local >= 0 ? local / 86400 + 1 : (local - 86399) / 86400 + 1) * 86400 - offset;
      const std::int64_t stop = std::min(p.end, next_midnight);
      add(p, at, stop, p.value * static_cast<double>(stop - at) / static_cast<double>(p.end - p.start));
      at = stop;
    }
  }
  std::vector<DayTotal> out;
  out.reserve(days.size());
  for (auto& [number, day] : days) out.push_back(std::move(day.total));
  // By the day's text, as ever: the same as by number for years 0000 to 9999.
  auto by_text = [](const DayTotal& a, const DayTotal& b) { return a.day < b.day; };
  if (!std::is_sorted(out.begin(), out.end(), by_text)) std::sort(out.begin(), out.end(), by_text);
  return out;
}

std::string explain(const DayTotal& day, int utc_offset_minutes) {
  std::string text = grouped(day.total) + " =";
  for (std::size_t i = 0; i < day.sources.size(); ++i) {
    const auto& s = day.sources[i];
    text += (i ? " + " : " ") + (s.device.empty() ? std::string(device_kind_name(s.kind)) : s.device) + " " + grouped(s.value) + " (";
    for (std::size_t r = 0; r < s.ranges.size(); ++r) {
      text += (r ? ", " : "") + clock(s.ranges[r].first, utc_offset_minutes) + "–" + clock(s.ranges[r].second, utc_offset_minutes);
    }
    text += ")";
  }
  return text;
}

}  // namespace techo::lifelog
