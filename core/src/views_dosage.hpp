// Every dosage instruction of a medication, in order, each as a person reads it: what is
// written, one dose, when, where on the body, how, for how long. A medicine prescribed with
// two instructions (eye drops: one drop in the right eye, two in the left) has two, and
// losing the second is a safety matter. Private to core.
#pragma once

#include <string>
#include <vector>

#include "views_context.hpp"

namespace techo::views::detail {

struct DosageLine {
  std::string text;          // as written; else the timing code's text
  std::string dose;          // one dose: doseAndRate.doseQuantity ("1錠", "2滴")
  std::string daily_dose;    // doseAndRate.rateRatio per day ("3錠/日")
  std::string timing;        // timing.code (JAMI 用法コード) as text
  double frequency = 0;      // timing.repeat: frequency times per period periodUnit
  double period = 0;
  std::string period_unit;
  std::vector<std::string> when;  // timing.repeat.when (ACM, HS, ...)
  std::string site;          // JAMI 部位 ("右眼")
  std::string route;         // "経口", "点眼"
  std::string method;        // "内服", "点眼"
  bool as_needed = false;
  std::string as_needed_for;  // asNeededCodeableConcept ("発熱時")
  double days = 0;           // timing.repeat.boundsDuration in days, else the UsageDuration extension
  std::string start, end;    // timing.repeat.boundsPeriod, else the PeriodOfUse extension
  std::vector<std::string> additional;  // additionalInstruction texts ("不均等・１回目・４錠")
  std::string max_dose;      // maxDosePerPeriod ("3回/1日")
};

// dosageInstruction (MedicationRequest, MedicationDispense) or dosage (MedicationStatement).
std::vector<DosageLine> dosage_lines(const json& body);
json to_json(const DosageLine& d);

}  // namespace techo::views::detail
