// parse_bundle: the whole-tree Bundle reader (and the validator it runs on each entry).
#include "targets.hpp"
#include "techo/fhir.hpp"

namespace techo::fuzz {

Status fhir_bundle(crypto::ByteView input) {
  auto bundle = fhir::parse_bundle(as_text(input));
  if (!bundle) return std::move(bundle).error();
  for (const auto& r : bundle->resources) {
    if (r.type.empty()) return broken("fhir: a usable entry without resourceType");
    (void)fhir::identity_key(r);
    (void)fhir::last_updated(r.body);
    if (r.type == "Patient") (void)fhir::patient_name(r.body);
  }
  return Ok{};
}

}  // namespace techo::fuzz
