#include "techo/lifelog_merge.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
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

auto sample_key(const Sample& s) { return std::tie(s.device, s.start, s.end, s.value, s.detail); }

// The samples to merge, as positions into the caller's list: sorted and deduplicated
// without copying a million samples (positions are 4 bytes; a Sample is ~170), and with
// device names compared once, as numbers in name order.
using Order = std::vector<std::uint32_t>;

struct Keys {
  std::vector<std::uint32_t> device;  // per sample: rank of its device name
  explicit Keys(const std::vector<Sample>& samples) : device(samples.size()) {
    std::map<std::string_view, std::uint32_t> names;
    for (const auto& s : samples) names.emplace(s.device, 0);
    std::uint32_t next = 0;
    for (auto& [name, id] : names) id = next++;
    for (std::size_t i = 0; i < samples.size(); ++i) device[i] = names[samples[i].device];
  }
};

Order deduplicated(const std::vector<Sample>& samples, const Keys& keys) {
  Order order(samples.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  auto key = [&](std::uint32_t i) { return std::tie(keys.device[i], samples[i].start, samples[i].end, samples[i].value, samples[i].detail); };
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
  order.erase(std::unique(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return key(a) == key(b); }), order.end());
  return order;
}

// Higher priority first; then by device name so the order never depends on the input's;
// within a device, shorter samples first, then by time.
void by_priority(const std::vector<Sample>& samples, const Keys& keys, Order& order, const Priority& priority) {
  std::array<int, 8> rank{};
  for (int k = 0; k < 8; ++k) rank[static_cast<std::size_t>(k)] = priority.rank(static_cast<DeviceKind>(k));
  std::sort(order.begin(), order.end(), [&](std::uint32_t i, std::uint32_t j) {
    const Sample& a = samples[i];
    const Sample& b = samples[j];
    const int ra = rank[static_cast<std::size_t>(a.kind)], rb = rank[static_cast<std::size_t>(b.kind)];
    if (ra != rb) return ra < rb;
    if (keys.device[i] != keys.device[j]) return keys.device[i] < keys.device[j];
    const auto da = a.end - a.start, db = b.end - b.start;
    if (da != db) return da < db;
    return std::tie(a.start, a.value, a.detail) < std::tie(b.start, b.value, b.detail);
  });
}

std::vector<Piece> merge_cumulative(const std::vector<Sample>& samples, const Keys& keys, Order order, const Priority& priority) {
  by_priority(samples, keys, order, priority);
  Coverage coverage;
  std::vector<Piece> out;
  for (const std::uint32_t i : order) {
    const Sample& s = samples[i];
    const std::int64_t duration = s.end - s.start;
    if (duration <= 0) {
      if (!coverage.covers(s.start)) out.push_back({s.start, s.start, s.value, s.device, s.kind, {}});
      continue;
    }
    for (const auto& [us, ue] : coverage.uncovered(s.start, s.end)) {
      out.push_back({us, ue, s.value * static_cast<double>(ue - us) / static_cast<double>(duration), s.device, s.kind, {}});
    }
    coverage.add(s.start, s.end);
  }
  std::sort(out.begin(), out.end(), [](const Piece& a, const Piece& b) { return std::tie(a.start, a.end, a.device) < std::tie(b.start, b.end, b.device); });
  return out;
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

std::vector<Piece> merge_instantaneous(const std::vector<Sample>& samples, const Keys& keys, Order order, const Priority& priority) {
  by_priority(samples, keys, order, priority);
  const Tolerance tol = tolerance_for(samples.empty() ? std::string() : samples.front().metric);
  std::vector<Piece> kept;
  // Readings kept from the devices already done, by time; a device's own readings never
  // collapse into each other, so its new ones join the index when it is done.
  std::vector<std::pair<std::int64_t, std::size_t>> earlier, current;
  const std::string* device = nullptr;
  auto close_device = [&] {
    std::sort(current.begin(), current.end());
    std::vector<std::pair<std::int64_t, std::size_t>> merged;
    merged.reserve(earlier.size() + current.size());
    std::merge(earlier.begin(), earlier.end(), current.begin(), current.end(), std::back_inserter(merged));
    earlier = std::move(merged);
    current.clear();
  };
  for (const std::uint32_t i : order) {
    const Sample& s = samples[i];
    if (!device || *device != s.device) {
      if (device) close_device();
      device = &s.device;
    }
    Piece* same = nullptr;
    for (auto it = std::lower_bound(earlier.begin(), earlier.end(), std::make_pair(s.start - tol.seconds, std::size_t{0}));
         it != earlier.end() && it->first <= s.start + tol.seconds; ++it) {
      Piece& k = kept[it->second];
      if (std::fabs(k.value - s.value) <= tol.value + 1e-9) {
        same = &k;
        break;
      }
    }
    if (same) {
      if (std::find(same->corroborated_by.begin(), same->corroborated_by.end(), s.device) == same->corroborated_by.end()) {
        same->corroborated_by.push_back(s.device);
      }
    } else {
      current.emplace_back(s.start, kept.size());
      kept.push_back({s.start, s.end, s.value, s.device, s.kind, {}});
    }
  }
  std::sort(kept.begin(), kept.end(), [](const Piece& a, const Piece& b) { return std::tie(a.start, a.device, a.value) < std::tie(b.start, b.device, b.value); });
  return kept;
}

std::vector<Piece> merge_sleep(const std::vector<Sample>& all, const Order& order, const Priority& priority) {
  std::vector<Sample> samples;
  samples.reserve(order.size());
  for (const std::uint32_t i : order) samples.push_back(all[i]);
  // Nights: sessions that overlap (across all sources) belong together.
  std::sort(samples.begin(), samples.end(), [](const Sample& a, const Sample& b) { return std::tie(a.start, a.end, a.device) < std::tie(b.start, b.end, b.device); });
  std::vector<Piece> out;
  for (std::size_t i = 0; i < samples.size();) {
    std::size_t j = i;
    std::int64_t night_end = samples[i].end;
    while (j + 1 < samples.size() && samples[j + 1].start < night_end) night_end = std::max(night_end, samples[++j].end);
    std::vector<Sample> night(samples.begin() + static_cast<std::ptrdiff_t>(i), samples.begin() + static_cast<std::ptrdiff_t>(j + 1));
    Order night_order(night.size());
    for (std::uint32_t k = 0; k < night_order.size(); ++k) night_order[k] = k;
    by_priority(night, Keys(night), night_order, priority);
    std::vector<Sample> sorted;
    for (const std::uint32_t k : night_order) sorted.push_back(night[k]);
    night = std::move(sorted);
    const std::string best = night.front().device;
    const DeviceKind best_kind = night.front().kind;
    std::vector<std::string> others;
    for (const auto& s : night) {
      if ((s.device != best || s.kind != best_kind) && std::find(others.begin(), others.end(), s.device) == others.end()) {
        others.push_back(s.device);
      }
    }
    for (const auto& s : night) {
      if (s.device == best && s.kind == best_kind) out.push_back({s.start, s.end, s.value, s.device, s.kind, others});
    }
    i = j + 1;
  }
  return out;
}

std::string day_of(std::int64_t local_seconds) {
  const std::int64_t days = local_seconds >= 0 ? local_seconds / 86400 : (local_seconds - 86399) / 86400;
  return format_utc(days * 86400).substr(0, 10);
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
  if (metric == "steps" || metric == "distance" || metric == "calories-burned") return MetricKind::kCumulative;
  if (metric == "sleep") return MetricKind::kSleep;
  return MetricKind::kInstantaneous;
}

std::vector<Piece> merge(const std::vector<Sample>& samples, const Priority& priority) {
  if (samples.empty()) return {};
  const Keys keys(samples);
  Order order = deduplicated(samples, keys);
  switch (metric_kind(samples.front().metric)) {
    case MetricKind::kCumulative: return merge_cumulative(samples, keys, std::move(order), priority);
    case MetricKind::kInstantaneous: return merge_instantaneous(samples, keys, std::move(order), priority);
    case MetricKind::kSleep: return merge_sleep(samples, order, priority);
  }
  return {};
}

std::vector<DayTotal> daily_totals(const std::vector<Piece>& pieces, int utc_offset_minutes) {
  const std::int64_t offset = static_cast<std::int64_t>(utc_offset_minutes) * 60;
  std::map<std::string, DayTotal> days;
  std::map<std::pair<std::string, std::string>, std::size_t> source_at;  // (day, device) -> index in sources
  auto add = [&](const Piece& p, std::int64_t s, std::int64_t e, double value) {
    const std::string day = day_of(s + offset);
    DayTotal& d = days[day];
    d.day = day;
    d.total += value;
    auto [it, fresh] = source_at.try_emplace({day, p.device}, d.sources.size());
    if (fresh) d.sources.push_back({p.device, p.kind, 0, {}});
    DaySource& src = d.sources[it->second];
    src.value += value;
    if (!src.ranges.empty() && src.ranges.back().second >= s) {
      src.ranges.back().second = std::max(src.ranges.back().second, e);
    } else {
      src.ranges.emplace_back(s, e);
    }
  };
  for (const auto& p : pieces) {
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
  for (auto& [day, total] : days) out.push_back(std::move(total));
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
