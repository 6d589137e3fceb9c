// FHIR R4 JSON: reading a Bundle into its resources, and the few element readers the
// views need. Structural problems are reported with a FHIR path, never thrown.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
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
  std::vector<Error> flagged;       // usable entries breaking a profile they claim (imported)
  std::string profile;              // Bundle.meta.profile[0]: which kind of document it is
};

// What kind of FHIR input a file held.
enum class InputKind { kBundle, kResource, kNdjson };

// Parses any FHIR R4 JSON input a person may bring: a Bundle (document, collection,
// transaction, searchset, ...), a single resource, or NDJSON (one resource per line, as
// bulk exports write). Unusable entries or lines are skipped and listed with their path
// ("Bundle.entry[3].resource.id", "line 7"); malformed JSON as a whole is an error.
// Every resource is checked (fhir_validate.hpp): structural errors skip it, profile
// findings flag it.
struct Parsed {
  InputKind kind = InputKind::kBundle;
  std::string bundle_type;          // for a Bundle; "ndjson" / "resource" otherwise
  std::vector<Resource> resources;
  std::vector<Error> skipped;
  std::vector<Error> flagged;
};
[[nodiscard]] Result<Parsed> parse_fhir(std::string_view bytes);

// The same, streaming: each usable resource goes to `sink` as soon as it is read (a
// Bundle's entries one by one, never the whole Bundle as one JSON tree). An error from
// the sink stops reading and is returned.
using ResourceSink = std::function<Status(Resource&&)>;
struct StreamReport {
  InputKind kind = InputKind::kBundle;
  std::string bundle_type;
  std::vector<Error> skipped;
  std::vector<Error> flagged;
  std::string bundle_profile;  // Bundle.meta.profile[0] (JP_Bundle_ePrescriptionData, ...)
};
[[nodiscard]] Result<StreamReport> read_fhir(std::string_view bytes, const ResourceSink& sink);

// One NDJSON line (numbered from 1) into `sink`, unusable lines listed in `report`: for
// readers that receive NDJSON in pieces.
[[nodiscard]] Status read_ndjson_line(std::string_view line, std::size_t line_number, StreamReport& report,
                                      const ResourceSink& sink);

// Parses bytes that must hold a FHIR R4 Bundle. Malformed JSON (with line and column), a
// resource that is not a Bundle, or a Bundle whose `entry` is not a list fail the whole
// call; a single unusable entry is skipped and listed in `Bundle::skipped`.
[[nodiscard]] Result<Bundle> parse_bundle(std::string_view bytes);
// The same, from JSON already parsed.
[[nodiscard]] Result<Bundle> parse_bundle_json(nlohmann::json&& root);

// Identity of a resource across imports, so re-importing the same data never duplicates
// it: an absolute fullUrl (urn:uuid:, urn:oid:, http(s)://), else type + id, else the
// first business identifier (type + system + value); empty when there is none of these.
std::string identity_key(const Resource& resource);
// meta.lastUpdated, or empty.
std::string last_updated(const nlohmann::json& body);

// The name a person is known by, from a Patient resource: the kanji form
// (iso21090-EN-representation IDE) when present, otherwise the first usable name.
struct PersonName {
  std::string display;   // "牧野 爛漫", "Luigi Wiegand"
  std::string phonetic;  // the kana form (SYL) when present: "マキノ ランマン"
};
[[nodiscard]] PersonName patient_name(const nlohmann::json& patient);

}  // namespace techo::fhir
