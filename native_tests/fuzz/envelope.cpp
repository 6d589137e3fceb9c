// A signed envelope: parsed and verified (signature, payload length and hash).
#include "targets.hpp"
#include "techo/envelope.hpp"

namespace techo::fuzz {

Status envelope(crypto::ByteView input) {
  const bool looks = envelope::has_envelope(input);
  auto opened = envelope::open(input);
  if (!opened) return std::move(opened).error();
  if (!looks) return broken("envelope: open() accepted bytes has_envelope() rejects");
  const auto& payload = opened->payload;
  if (payload.data() < input.data() || payload.data() + payload.size() > input.data() + input.size()) {
    return broken("envelope: the payload does not lie inside the bytes given");
  }
  if (payload.size() != opened->envelope.payload_length) return broken("envelope: payload length not checked");
  return Ok{};
}

}  // namespace techo::fuzz
