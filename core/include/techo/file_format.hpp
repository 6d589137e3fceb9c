// What kind of file a person handed over, told by its structure — never by words that
// happen to occur in it. Every import entry point asks this one detector:
//   - age files by their first line (binary "age-encryption.org/v1", or the armor's
//     "-----BEGIN AGE ENCRYPTED FILE-----");
//   - a signed envelope by its own first line ("techo-envelope/v1");
//   - zip archives by their local-file-header signature;
//   - XML by its root element (Apple Health: <HealthData>);
//   - JSON by its top-level keys: "resourceType" is FHIR whatever else the file holds;
//     Open mHealth by "header" + "body" (or a bare body's "effective_time_frame");
//     Fitbit, Google Fit and Withings each by their own top-level keys;
//   - NDJSON by its first line (one complete FHIR resource, and more lines after it);
//   - Techo's lifelog CSV by its header line;
//   - a JAHIS お薬手帳 text by its header line (JAHISTCnn,), ASCII in every encoding.
#pragma once

#include <string>
#include <string_view>

namespace techo::format {

enum class FileFormat {
  kUndecided,       // the head seen so far does not tell yet: give more bytes
  kAgeBinary,       // an age file
  kAgeArmored,      // an age file in its text (armored) form
  kSignedEnvelope,  // techo-envelope/v1: a signed payload, itself one of the formats below
  kZip,             // a zip archive (Apple Health's export.zip)
  kAppleHealthXml,  // Apple Health's export.xml
  kFhirJson,        // a FHIR R4 resource or Bundle
  kFhirNdjson,      // FHIR bulk data: one resource per line
  kOpenMHealth,     // an Open mHealth data point, body, or list of data points
  kFitbit,          // a Fitbit Web API reply
  kGoogleFit,       // a Google Fit dataset
  kWithings,        // a Withings API reply
  kLifelogCsv,      // Techo's lifelog CSV (timestamp,metric,value,unit,source)
  kJahisTc,         // a JAHIS 電子版お薬手帳 text (JAHISTCnn,出力区分), ASCII, Shift_JIS or UTF-8
  kNotRead,         // decided: none of the formats Techo reads
};

// Stable name of a format ("fhir-json", "apple-health-xml", ...), as the API reports it.
std::string_view format_name(FileFormat format) noexcept;

// The formats Techo reads, for a person ("FHIR R4 JSON (a Bundle or a resource), ...").
std::string formats_read();

struct Detection {
  FileFormat format = FileFormat::kUndecided;
  // For kNotRead: what the file looked like ("an XML file whose root element is <ClinicalDocument>").
  std::string seen;
};

// Looks at the head of a file (`complete`: the whole file). A head that cannot tell yet
// answers kUndecided; with `complete` the answer is always decided. JSON documents are
// told by their top-level keys, so a long document whose deciding key comes late is
// undecided until enough of it arrived.
Detection detect(std::string_view head, bool complete);

bool is_lifelog(FileFormat format) noexcept;

}  // namespace techo::format
