// Vendor API exports: Fitbit, Google Fit, Withings.
#include "targets.hpp"
#include "techo/lifelog.hpp"

namespace techo::fuzz {

Status vendor(crypto::ByteView input) {
  // As the import does: the detector says which vendor, that vendor's reader reads it;
  // a file the detector gives to no vendor is tried as each of them.
  const auto detected = format::detect(as_text(input), true).format;
  for (auto vendor : {format::FileFormat::kFitbit, format::FileFormat::kGoogleFit, format::FileFormat::kWithings}) {
    if (vendor != detected) (void)lifelog::parse_vendor_json(as_text(input), vendor);
  }
  auto parsed = lifelog::parse_vendor_json(as_text(input), detected);
  if (!parsed) return std::move(parsed).error();
  return Ok{};
}

}  // namespace techo::fuzz
