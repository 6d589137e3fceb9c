// The merged lifelog, exported for others to read: as FHIR R4 Observations (a collection
// Bundle; LOINC-coded, UCUM units, one per day for totals and per reading otherwise) or as
// Open mHealth data points. Provenance goes with each value (the devices it came from).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "techo/lifelog_merge.hpp"

namespace techo::lifelog {

struct ExportDay {
  std::string metric;
  std::string day;      // local date
  int utc_offset_minutes = 540;
  double value = 0;     // total (cumulative), mean (readings) or minutes (sleep)
  std::string explanation;
};

// A FHIR R4 collection Bundle of Observations, one per day and metric.
nlohmann::json to_fhir(const std::vector<ExportDay>& days);
// Open mHealth data points (header + body), one per day and metric.
nlohmann::json to_open_mhealth(const std::vector<ExportDay>& days);

}  // namespace techo::lifelog
