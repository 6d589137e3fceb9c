// Known per-type counts of the four Synthea bundles in data/synthea-r4, counted once with
// an independent JSON tool (python3 json + collections.Counter) and written down here.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace techo::test {

struct SyntheaBundle {
  std::string file;
  std::string patient_name;
  std::string birth_date;
  std::int64_t total;
  std::map<std::string, std::int64_t> counts;
};

inline const SyntheaBundle kSyntheaBundles[] = {
    {"synthea-r4/Luigi_Wiegand_e27d88b0-c5e5-4042-ad49-184f6a900ee3.json", "Luigi Wiegand", "2020-10-20", 61,
     {{"Patient", 1}, {"Organization", 1}, {"Practitioner", 1}, {"Encounter", 4}, {"Observation", 31},
      {"Immunization", 12}, {"DiagnosticReport", 1}, {"Claim", 4}, {"ExplanationOfBenefit", 4}, {"Procedure", 2}}},
    {"synthea-r4/Matt_Runte_789349c8-a36b-4d3d-9a1a-c04ba3bb6c45.json", "Matt Runte", "1962-09-19", 285,
     {{"Patient", 1}, {"Organization", 1}, {"Practitioner", 1}, {"Encounter", 19}, {"Condition", 9}, {"Claim", 20},
      {"ExplanationOfBenefit", 19}, {"Observation", 174}, {"Immunization", 12}, {"DiagnosticReport", 14},
      {"Goal", 5}, {"CarePlan", 1}, {"Procedure", 8}, {"MedicationRequest", 1}}},
    {"synthea-r4/Fletcher_Hyatt_fe0562b5-f517-4951-8366-32fdab088930.json", "Fletcher Hyatt", "1915-07-03", 1111,
     {{"Patient", 1}, {"Organization", 2}, {"Practitioner", 2}, {"Encounter", 127}, {"Condition", 20},
      {"MedicationRequest", 122}, {"Claim", 249}, {"ExplanationOfBenefit", 127}, {"CarePlan", 9},
      {"Observation", 351}, {"Procedure", 53}, {"Immunization", 10}, {"DiagnosticReport", 30}, {"ImagingStudy", 5},
      {"Goal", 3}}},
    {"synthea-r4/Vito_Feeney_63dd4423-56ec-4f40-9dd6-82bc133aaddc.json", "Vito Feeney", "1910-09-19", 1244,
     {{"Patient", 1}, {"Organization", 2}, {"Practitioner", 2}, {"Encounter", 73}, {"Condition", 15}, {"Claim", 77},
      {"ExplanationOfBenefit", 73}, {"MedicationRequest", 4}, {"ImagingStudy", 1}, {"Goal", 5}, {"CarePlan", 2},
      {"Observation", 869}, {"Immunization", 11}, {"DiagnosticReport", 81}, {"Procedure", 28}}},
};

}  // namespace techo::test
