// NDJSON as the streaming import reads it: one line at a time, numbered from 1.
#include "targets.hpp"
#include "techo/fhir.hpp"

namespace techo::fuzz {

Status fhir_ndjson(crypto::ByteView input) {
  std::string_view rest = as_text(input);
  fhir::StreamReport report;
  report.kind = fhir::InputKind::kNdjson;
  const fhir::ResourceSink sink = [](fhir::Resource&&) -> Status { return Ok{}; };
  for (std::size_t line = 1; !rest.empty(); ++line) {
    const std::size_t end = rest.find('\n');
    const std::string_view text = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    if (auto s = fhir::read_ndjson_line(text, line, report, sink); !s) return s;
  }
  return Ok{};
}

}  // namespace techo::fuzz
