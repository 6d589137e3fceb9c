#include "views_dosage.hpp"

#include <algorithm>
#include <cstdio>

namespace techo::views::detail {
namespace {

std::string number_text(const json& v) {
  if (!v.is_number()) return {};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v.get<double>());
  return buf;
}

// A Quantity as written: "1錠", "2滴"; "" without a value.
std::string quantity_text(const json* q) {
  if (!q || !q->is_object()) return {};
  const json* v = find(*q, "value");
  if (!v) return {};
  std::string unit = text(*q, "unit");
  if (unit.empty()) unit = text(*q, "code");
  return number_text(*v) + unit;
}

// A Ratio per period as written: "3錠/日" (a denominator of one unit reads as that unit).
std::string ratio_text(const json* r) {
  if (!r || !r->is_object()) return {};
  const std::string numerator = quantity_text(find(*r, "numerator"));
  if (numerator.empty()) return {};
  const json* denominator = find(*r, "denominator");
  if (!denominator) return numerator;
  std::string unit = text(*denominator, "unit");
  if (unit.empty()) unit = text(*denominator, "code");
  const json* v = find(*denominator, "value");
  const bool one = v && v->is_number() && v->get<double>() == 1;
  return numerator + "/" + (one || !v ? unit : quantity_text(denominator));
}

double days_of(const json* duration) {
  if (!duration || !duration->is_object()) return 0;
  const json* v = find(*duration, "value");
  if (!v || !v->is_number()) return 0;
  const std::string code = text(*duration, "code");
  const double n = v->get<double>();
  if (code == "d") return n;
  if (code == "wk") return n * 7;
  return 0;
}

const json* extension(const json& element, const char* url_tail) {
  if (const json* exts = find(element, "extension"); exts && exts->is_array()) {
    for (const auto& e : *exts) {
      const std::string url = text(e, "url");
      if (url.size() >= std::char_traits<char>::length(url_tail) &&
          url.compare(url.size() - std::char_traits<char>::length(url_tail), std::string::npos, url_tail) == 0) {
        return &e;
      }
    }
  }
  return nullptr;
}

DosageLine line_of(const json& d) {
  DosageLine out;
  out.text = text(d, "text");
  if (const json* timing = find(d, "timing")) {
    out.timing = concept_of(find(*timing, "code")).text;
    if (const json* repeat = find(*timing, "repeat")) {
      if (const json* f = find(*repeat, "frequency"); f && f->is_number()) out.frequency = f->get<double>();
      if (const json* p = find(*repeat, "period"); p && p->is_number()) out.period = p->get<double>();
      out.period_unit = text(*repeat, "periodUnit");
      if (const json* when = find(*repeat, "when"); when && when->is_array()) {
        for (const auto& w : *when) {
          if (w.is_string()) out.when.push_back(w.get<std::string>());
        }
      }
      out.days = days_of(find(*repeat, "boundsDuration"));
      if (const json* bounds = find(*repeat, "boundsPeriod")) {
        out.start = text(*bounds, "start");
        out.end = text(*bounds, "end");
      }
    }
  }
  if (out.text.empty()) out.text = out.timing;
  // JP Core carries the days of use and the period of use as extensions too.
  if (out.days == 0) {
    if (const json* e = extension(d, "UsageDuration")) out.days = days_of(find(*e, "valueDuration"));
  }
  if (out.start.empty()) {
    if (const json* e = extension(d, "PeriodOfUse")) {
      if (const json* p = find(*e, "valuePeriod")) {
        out.start = text(*p, "start");
        out.end = text(*p, "end");
      }
    }
  }
  out.site = concept_of(find(d, "site")).text;
  out.route = concept_of(find(d, "route")).text;
  out.method = concept_of(find(d, "method")).text;
  if (const json* b = find(d, "asNeededBoolean"); b && b->is_boolean()) out.as_needed = b->get<bool>();
  if (const json* why = find(d, "asNeededCodeableConcept")) {
    out.as_needed = true;
    out.as_needed_for = concept_of(why).text;
  }
  if (const json* rates = find(d, "doseAndRate"); rates && rates->is_array()) {
    for (const auto& rate : *rates) {
      if (out.dose.empty()) out.dose = quantity_text(find(rate, "doseQuantity"));
      if (out.daily_dose.empty()) out.daily_dose = ratio_text(find(rate, "rateRatio"));
    }
  }
  if (const json* extra = find(d, "additionalInstruction"); extra && extra->is_array()) {
    for (const auto& instruction : *extra) {
      if (std::string t = concept_of(&instruction).text; !t.empty()) out.additional.push_back(std::move(t));
    }
  }
  if (const json* max = find(d, "maxDosePerPeriod")) out.max_dose = ratio_text(max);
  return out;
}

}  // namespace

std::vector<DosageLine> dosage_lines(const json& body) {
  std::vector<DosageLine> out;
  const json* dosages = find(body, "dosageInstruction");
  if (!dosages) dosages = find(body, "dosage");
  if (!dosages || !dosages->is_array()) return out;
  // In the order the prescriber wrote them (Dosage.sequence when given, else as listed).
  std::vector<std::pair<double, const json*>> ordered;
  for (const auto& d : *dosages) {
    const json* sequence = find(d, "sequence");
    ordered.emplace_back(sequence && sequence->is_number() ? sequence->get<double>() : 1e300, &d);
  }
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [sequence, d] : ordered) out.push_back(line_of(*d));
  return out;
}

json to_json(const DosageLine& d) {
  return json{{"text", d.text},
              {"dose", d.dose},
              {"dailyDose", d.daily_dose},
              {"timing", {{"code", d.timing}, {"frequency", d.frequency}, {"period", d.period},
                          {"periodUnit", d.period_unit}, {"when", d.when}}},
              {"site", d.site},
              {"route", d.route},
              {"method", d.method},
              {"asNeeded", d.as_needed},
              {"asNeededFor", d.as_needed_for},
              {"days", d.days},
              {"start", d.start},
              {"end", d.end},
              {"additionalInstructions", d.additional},
              {"maxDose", d.max_dose}};
}

}  // namespace techo::views::detail
