// Open mHealth JSON, validated against its schemas.
#include "targets.hpp"
#include "techo/lifelog.hpp"

namespace techo::fuzz {

Status omh(crypto::ByteView input) {
  (void)format::detect(as_text(input), true);  // the detector reads every file first
  auto parsed = lifelog::parse_open_mhealth(as_text(input));
  if (!parsed) return std::move(parsed).error();
  return Ok{};
}

}  // namespace techo::fuzz
