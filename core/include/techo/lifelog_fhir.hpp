// FHIR Observations as lifelog samples: vital signs (heart rate, blood pressure, weight,
// height, BMI, temperature, SpO2, respiratory rate) and activity (steps, distance,
// energy, sleep) from any FHIR import join the wearables' data in the merge.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "techo/lifelog.hpp"
#include "techo/result.hpp"

namespace techo::lifelog {

struct ObservationSamples {
  std::vector<Sample> samples;  // none when the Observation is not a lifelog measurement
  std::vector<Error> problems;  // parts that are but cannot be read, each with its field
};

// The samples of one Observation, by LOINC code or 特定健診 item code (JLAC10: height,
// weight, BMI, blood pressure); a blood-pressure panel gives one per component. Times: effectiveDateTime / effectiveInstant / effectivePeriod with their
// offset; a date without a time is noon of that day in Japan time, without an offset.
// Measured by a clinic or a medical device unless the Observation names a device the
// lifelog knows (a watch, a phone). Cancelled or entered-in-error Observations give
// nothing; so does a lifelog Techo exported itself (meta.tag techo merged-lifelog),
// which is derived from samples the vault already has.
ObservationSamples samples_from_observation(const nlohmann::json& observation);

// The tag to_fhir puts on exported merged lifelog Observations.
inline constexpr const char* kMergedLifelogTagSystem = "urn:techo";
inline constexpr const char* kMergedLifelogTagCode = "merged-lifelog";

}  // namespace techo::lifelog
