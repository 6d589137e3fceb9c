#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <random>

#include "techo/lifelog_merge.hpp"

using namespace techo::lifelog;

namespace {

// 2026-01-01 00:00 in Japan, in UTC seconds.
constexpr std::int64_t kDay = 1767193200;
constexpr int kJst = 540;
std::int64_t at(int hour, int minute = 0) { return kDay + hour * 3600 + minute * 60; }

Sample steps(const char* device, DeviceKind kind, std::int64_t start, std::int64_t end, double value) {
  Sample s;
  s.metric = "steps";
  s.start = start;
  s.end = end;
  s.value = value;
  s.unit = "{steps}";
  s.device = device;
  s.kind = kind;
  s.utc_offset_minutes = kJst;
  return s;
}

double total(const Merged& merged) {
  double sum = 0;
  for (const auto& p : merged.pieces) sum += p.value;
  return sum;
}

// Amount over [a, b) of pieces or samples spread evenly over their intervals.
template <typename T>
double amount(const std::vector<T>& items, std::int64_t a, std::int64_t b) {
  double sum = 0;
  for (const auto& x : items) {
    if (x.end <= x.start) {
      if (x.start >= a && x.start < b) sum += x.value;
      continue;
    }
    const auto s = std::max(a, x.start), e = std::min(b, x.end);
    if (e > s) sum += x.value * static_cast<double>(e - s) / static_cast<double>(x.end - x.start);
  }
  return sum;
}

}  // namespace

TEST_CASE("steps: the watch wins where it recorded, the phone fills the evening", "[lifelog][merge]") {
  auto merged = merge({steps("iPhone", DeviceKind::kPhone, at(7), at(19), 5800),
                       steps("Apple Watch", DeviceKind::kWatch, at(7), at(19), 6000),
                       steps("iPhone", DeviceKind::kPhone, at(19), at(23), 1639)});
  CHECK(total(merged) == Approx(7639));
  auto days = daily_totals(merged, kJst);
  REQUIRE(days.size() == 1);
  CHECK(days[0].day == "2026-01-01");
  CHECK(explain(days[0], kJst) == "7,639 = Apple Watch 6,000 (07:00–19:00) + iPhone 1,639 (19:00–23:00)");
}

TEST_CASE("steps: partial overlaps are pro-rated, gaps filled, midnight split", "[lifelog][merge]") {
  // The phone's 10:30–11:30 overlaps the watch for half its time: half of it counts.
  auto partial = merge({steps("Watch", DeviceKind::kWatch, at(10), at(11), 600),
                        steps("Phone", DeviceKind::kPhone, at(10, 30), at(11, 30), 900)});
  CHECK(total(partial) == Approx(1050));
  // No overlap: both count.
  CHECK(total(merge({steps("Watch", DeviceKind::kWatch, at(8), at(9), 1000),
                     steps("Phone", DeviceKind::kPhone, at(9), at(10), 500)})) == Approx(1500));
  // 23:00–01:00 belongs half to each day.
  auto night = daily_totals(merge({steps("Phone", DeviceKind::kPhone, at(23), at(25), 1200)}), kJst);
  REQUIRE(night.size() == 2);
  CHECK(night[0].day == "2026-01-01");
  CHECK(night[0].total == Approx(600));
  CHECK(night[1].day == "2026-01-02");
  CHECK(night[1].total == Approx(600));
  // Manual entry outranks every device.
  auto manual = merge({steps("Watch", DeviceKind::kWatch, at(8), at(9), 1000),
                       steps("手入力", DeviceKind::kManual, at(8), at(9), 1200)});
  CHECK(total(manual) == Approx(1200));
  // The person's own order: phone above watch. Where the favoured source counted fewer
  // steps than another over the same time, the person's choice wins (900, not 1,000): a
  // merge that never fell below the largest source would overrule the priority they set.
  Priority phone_first;
  phone_first.order = {DeviceKind::kPhone, DeviceKind::kWatch};
  CHECK(total(merge({steps("Watch", DeviceKind::kWatch, at(8), at(9), 1000),
                     steps("Phone", DeviceKind::kPhone, at(8), at(9), 900)}, phone_first)) == Approx(900));
}

TEST_CASE("instantaneous readings: near-duplicates collapse, distinct readings stay", "[lifelog][merge]") {
  auto hr = [](const char* device, DeviceKind kind, std::int64_t t, double v) {
    Sample s = steps(device, kind, t, t, v);
    s.metric = "heart-rate";
    s.unit = "/min";
    return s;
  };
  auto merged = merge({hr("Apple Watch", DeviceKind::kWatch, at(7, 10), 62), hr("iPhone", DeviceKind::kPhone, at(7, 10) + 30, 63),
                       hr("iPhone", DeviceKind::kPhone, at(7, 11), 80), hr("Apple Watch", DeviceKind::kWatch, at(8), 70)});
  REQUIRE(merged.pieces.size() == 3);
  CHECK(merged.source(merged.pieces[0]).device == "Apple Watch");
  CHECK(merged.pieces[0].value == 62);
  CHECK(merged.corroborated_by(0) == std::vector<std::string>{"iPhone"});
  CHECK(merged.pieces[1].value == 80);  // a minute later and 18 beats faster: a reading of its own
  CHECK(merged.corroborated_by(1).empty());
  CHECK(merged.pieces[2].value == 70);
}

TEST_CASE("sleep: overlapping sessions are one night from the best source", "[lifelog][merge]") {
  auto sleep = [](const char* device, DeviceKind kind, std::int64_t s, std::int64_t e) {
    Sample x = steps(device, kind, s, e, static_cast<double>(e - s) / 60);
    x.metric = "sleep";
    x.unit = "min";
    return x;
  };
  auto nights = merge({sleep("iPhone", DeviceKind::kPhone, at(22, 45), at(30, 45)),
                       sleep("Apple Watch", DeviceKind::kWatch, at(23), at(30, 30)),
                       sleep("iPhone", DeviceKind::kPhone, at(46), at(54))});
  REQUIRE(nights.pieces.size() == 2);
  CHECK(nights.source(nights.pieces[0]).device == "Apple Watch");
  CHECK(nights.pieces[0].value == 450);
  CHECK(nights.corroborated_by(0) == std::vector<std::string>{"iPhone"});
  CHECK(nights.source(nights.pieces[1]).device == "iPhone");  // the next night only the phone recorded
  CHECK(nights.corroborated_by(1).empty());
}

TEST_CASE("merging steps: idempotent, order-independent, bounded by the sources", "[lifelog][merge][property]") {
  const std::vector<std::pair<const char*, DeviceKind>> devices = {
      {"Scale app", DeviceKind::kApp}, {"iPhone", DeviceKind::kPhone}, {"Apple Watch", DeviceKind::kWatch}, {"手入力", DeviceKind::kManual}};
  const Priority priority;
  for (unsigned seed = 1; seed <= 200; ++seed) {
    std::mt19937 rng(seed);
    std::vector<Sample> samples;
    // Each source: non-overlapping intervals of 1–180 minutes across two days.
    for (const auto& [name, kind] : devices) {
      std::int64_t t = kDay + static_cast<std::int64_t>(rng() % 600) * 60;
      while (t < kDay + 2 * 86400) {
        const std::int64_t length = (1 + rng() % 180) * 60;
        if (rng() % 3 != 0) samples.push_back(steps(name, kind, t, t + length, static_cast<double>(rng() % 3000)));
        t += length + static_cast<std::int64_t>(rng() % 240) * 60;
      }
    }
    INFO("seed " << seed << ", " << samples.size() << " samples");
    const auto merged = merge(samples, priority);

    // Idempotent: the same data twice merges as once.
    auto twice = samples;
    twice.insert(twice.end(), samples.begin(), samples.end());
    const auto merged_twice = merge(twice, priority);
    REQUIRE(merged_twice.pieces.size() == merged.pieces.size());
    CHECK(total(merged_twice) == Approx(total(merged)));

    // Independent of import order.
    auto shuffled = samples;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    const auto merged_shuffled = merge(shuffled, priority);
    REQUIRE(merged_shuffled.pieces.size() == merged.pieces.size());
    for (std::size_t i = 0; i < merged.pieces.size(); ++i) {
      CHECK(merged_shuffled.pieces[i].start == merged.pieces[i].start);
      CHECK(merged_shuffled.pieces[i].value == Approx(merged.pieces[i].value));
      CHECK(merged_shuffled.source(merged_shuffled.pieces[i]) == merged.source(merged.pieces[i]));
    }

    for (int probe = 0; probe < 20; ++probe) {
      const std::int64_t a = kDay + static_cast<std::int64_t>(rng() % (2 * 86400));
      const std::int64_t b = a + 1 + static_cast<std::int64_t>(rng() % 86400);
      const double m = amount(merged.pieces, a, b);
      // Never more than all sources together.
      CHECK(m <= amount(samples, a, b) + 1e-6);
      // Never counts the same time twice: in every stretch where sources overlap, at most
      // what the largest of them recorded there.
      std::vector<std::int64_t> cuts{a, b};
      for (const auto& s : samples) {
        if (s.start > a && s.start < b) cuts.push_back(s.start);
        if (s.end > a && s.end < b) cuts.push_back(s.end);
      }
      std::sort(cuts.begin(), cuts.end());
      double ceiling = 0;
      for (std::size_t c = 0; c + 1 < cuts.size(); ++c) {
        double largest = 0;
        for (const auto& [name, kind] : devices) {
          std::vector<Sample> own;
          for (const auto& s : samples) {
            if (s.device == name) own.push_back(s);
          }
          largest = std::max(largest, amount(own, cuts[c], cuts[c + 1]));
        }
        ceiling += largest;
      }
      CHECK(m <= ceiling + 1e-6);
      // Never less than any source over the time no higher-priority source recorded: no
      // source's steps are lost where nobody better counted.
      for (const auto& [name, kind] : devices) {
        std::vector<Sample> own, higher;
        for (const auto& s : samples) {
          if (s.device == name) own.push_back(s);
          else if (priority.rank(s.kind) < priority.rank(kind)) higher.push_back(s);
        }
        // Split [a, b) into the parts no higher-priority sample covers.
        std::vector<std::pair<std::int64_t, std::int64_t>> free{{a, b}};
        for (const auto& h : higher) {
          std::vector<std::pair<std::int64_t, std::int64_t>> next;
          for (const auto& [fs, fe] : free) {
            if (h.end <= fs || h.start >= fe) { next.emplace_back(fs, fe); continue; }
            if (h.start > fs) next.emplace_back(fs, h.start);
            if (h.end < fe) next.emplace_back(h.end, fe);
          }
          free = std::move(next);
        }
        double own_free = 0, merged_free = 0;
        for (const auto& [fs, fe] : free) {
          own_free += amount(own, fs, fe);
          merged_free += amount(merged.pieces, fs, fe);
        }
        CHECK(merged_free + 1e-6 >= own_free);
      }
      // The highest-priority source is never discounted.
      std::vector<Sample> top;
      for (const auto& s : samples) {
        if (s.kind == DeviceKind::kManual) top.push_back(s);
      }
      CHECK(m + 1e-6 >= amount(top, a, b));
    }
    // Daily totals add up to the merged total.
    double days = 0;
    for (const auto& d : daily_totals(merged, kJst)) days += d.total;
    CHECK(days == Approx(total(merged)));
  }
}

TEST_CASE("merging heart rate: idempotent, order-independent, every reading kept or corroborating", "[lifelog][merge][property]") {
  const std::vector<std::pair<const char*, DeviceKind>> devices = {
      {"Oura", DeviceKind::kApp}, {"iPhone", DeviceKind::kPhone}, {"Apple Watch", DeviceKind::kWatch}, {"Omron", DeviceKind::kMedicalDevice}};
  for (unsigned seed = 1; seed <= 100; ++seed) {
    std::mt19937 rng(seed);
    std::vector<Sample> samples;
    for (const auto& [name, kind] : devices) {
      for (std::int64_t t = kDay + static_cast<std::int64_t>(rng() % 120); t < kDay + 6 * 3600; t += 30 + static_cast<std::int64_t>(rng() % 240)) {
        Sample s = steps(name, kind, t, t, 55 + static_cast<double>(rng() % 30));
        s.metric = "heart-rate";
        s.unit = "/min";
        samples.push_back(s);
      }
    }
    INFO("seed " << seed << ", " << samples.size() << " samples");
    const auto merged = merge(samples);
    auto twice = samples;
    twice.insert(twice.end(), samples.begin(), samples.end());
    auto shuffled = twice;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    const auto again = merge(shuffled);
    REQUIRE(again.pieces.size() == merged.pieces.size());
    std::vector<std::vector<std::string>> also(merged.pieces.size());
    for (std::size_t i = 0; i < merged.pieces.size(); ++i) {
      CHECK(again.pieces[i].start == merged.pieces[i].start);
      CHECK(again.pieces[i].value == merged.pieces[i].value);
      CHECK(again.source(again.pieces[i]) == merged.source(merged.pieces[i]));
      CHECK(again.corroborated_by(i) == merged.corroborated_by(i));
      also[i] = merged.corroborated_by(i);
    }
    // Nothing vanishes: each reading is kept, or its device is named as corroborating a
    // kept reading of another device within a minute and 3 beats.
    std::size_t collapsed = 0;
    for (const auto& s : samples) {
      bool found = false;
      for (std::size_t i = 0; i < merged.pieces.size() && !found; ++i) {
        const Piece& p = merged.pieces[i];
        const std::string& device = merged.source(p).device;
        if (device == s.device) {
          found = p.start == s.start && p.value == s.value;
        } else if (std::llabs(p.start - s.start) <= 60 && std::fabs(p.value - s.value) <= 3 &&
                   std::find(also[i].begin(), also[i].end(), s.device) != also[i].end()) {
          found = true;
          ++collapsed;
        }
      }
      CHECK(found);
    }
    CHECK(collapsed > 0);  // four devices a few minutes apart: some readings are the same
    // The highest-priority device's readings are all kept.
    std::size_t top = 0, kept_top = 0;
    for (const auto& s : samples) top += s.kind == DeviceKind::kMedicalDevice;
    for (const auto& p : merged.pieces) kept_top += merged.source(p).kind == DeviceKind::kMedicalDevice;
    CHECK(kept_top == top);
  }
}
