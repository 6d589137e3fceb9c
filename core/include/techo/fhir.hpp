// FHIR R4 JSON: reading a Bundle into its resources, and the few element readers the
// views need. Structural problems are reported with a FHIR path, never thrown.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "techo/result.hpp"

namespace techo::fhir {

struct Resource {
  std::string type;      // resourceType, always present
  std::string id;        // Resource.id, empty when absent
  std::string full_url;  // Bundle.entry.fullUrl, empty when absent
  nlohmann::json body;   // the resource as received, so nothing is lost
};

struct Bundle {
  std::string type;                 // Bundle.type ("document", "transaction", ...)
  std::vector<Resource> resources;  // entries that are structurally usable
  std::vector<Error> skipped;       // entries that are not, each with its path
};

// Parses bytes that must hold a FHIR R4 Bundle. Malformed JSON (with line and column), a
// resource that is not a Bundle, or a Bundle whose `entry` is not a list fail the whole
// call; a single unusable entry is skipped and listed in `Bundle::skipped`.
[[nodiscard]] Result<Bundle> parse_bundle(std::string_view bytes);

// The name a person is known by, from a Patient resource: the kanji form
// (iso21090-EN-representation IDE) when present, otherwise the first usable name.
struct PersonName {
  std::string display;   // "牧野 爛漫", "Luigi Wiegand"
  std::string phonetic;  // the kana form (SYL) when present: "マキノ ランマン"
};
[[nodiscard]] PersonName patient_name(const nlohmann::json& patient);

}  // namespace techo::fhir
