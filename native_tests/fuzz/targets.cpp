#include "targets.hpp"

#include <array>

namespace techo::fuzz {

std::span<const NamedTarget> all_targets() {
  static constexpr std::array<NamedTarget, 19> kTargets{{
      {"age_header", age_header},
      {"age_armor", age_armor},
      {"age_decrypt", age_decrypt},
      {"envelope", envelope},
      {"share_package", share_package},
      {"fhir_scanner", fhir_scanner},
      {"fhir_bundle", fhir_bundle},
      {"fhir_ndjson", fhir_ndjson},
      {"json", json},
      {"tar", tar},
      {"restore", restore},
      {"omh", omh},
      {"vendor", vendor},
      {"csv", csv},
      {"okusuri", okusuri},
      {"apple_health", apple_health},
      {"zip", zip},
      {"vaccinations", vaccinations},
      {"cp932", cp932},
  }};
  return kTargets;
}

}  // namespace techo::fuzz
