// read_fhir: the streaming reader every FHIR import goes through (the Bundle entry
// scanner, a single resource, or NDJSON, told apart by structure).
#include "targets.hpp"
#include "techo/fhir.hpp"

namespace techo::fuzz {

Status fhir_scanner(crypto::ByteView input) {
  std::size_t resources = 0;
  auto report = fhir::read_fhir(as_text(input), [&](fhir::Resource&& r) -> Status {
    if (r.type.empty()) return broken("fhir: a resource without resourceType reached the sink");
    ++resources;
    return Ok{};
  });
  if (!report) return std::move(report).error();
  return Ok{};
}

}  // namespace techo::fuzz
