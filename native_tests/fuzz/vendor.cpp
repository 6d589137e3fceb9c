// Vendor API exports: Fitbit, Google Fit, Withings.
#include "targets.hpp"
#include "techo/lifelog.hpp"

namespace techo::fuzz {

Status vendor(crypto::ByteView input) {
  (void)lifelog::looks_like_vendor_json(as_text(input));
  auto parsed = lifelog::parse_vendor_json(as_text(input));
  if (!parsed) return std::move(parsed).error();
  return Ok{};
}

}  // namespace techo::fuzz
