// The generic lifelog CSV (timestamp,metric,value,unit,source), through the lifelog
// sniffer so a CSV header in the input reaches the CSV reader.
#include "targets.hpp"
#include "techo/lifelog.hpp"

namespace techo::fuzz {

Status csv(crypto::ByteView input) {
  (void)format::detect(as_text(input), true);  // the detector reads every file first
  auto parsed = lifelog::parse_lifelog_csv(as_text(input));
  if (!parsed) return std::move(parsed).error();
  for (const auto& s : parsed->samples) {
    if (s.end < s.start) return broken("csv: a sample ends before it starts");
  }
  return Ok{};
}

}  // namespace techo::fuzz
