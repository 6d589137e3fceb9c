// Text encodings of binary data, strict in what they accept: base64 (RFC 4648, standard
// alphabet, canonical only) and bech32 (BIP 173), as age uses them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace techo::encoding {

// Lower-case hexadecimal, as SHA-256 digests are written in manifests and reports.
std::string hex_encode(std::span<const std::uint8_t> bytes);

enum class Padding { kNone, kRequired };

std::string base64_encode(std::span<const std::uint8_t> bytes, Padding padding);

// Decodes canonical base64 only: no whitespace, no characters outside the alphabet, unused
// trailing bits zero, padding exactly as `padding` says. nullopt otherwise.
std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text, Padding padding);

struct Bech32 {
  std::string hrp;                  // human-readable part, lower case
  std::vector<std::uint8_t> data;   // the payload as 8-bit bytes
};

// Encodes with the checksum of BIP 173 (age uses bech32, not bech32m). The result is lower
// case; age writes secret keys in upper case, which the caller does.
std::string bech32_encode(std::string_view hrp, std::span<const std::uint8_t> data);

// Accepts all-lower or all-upper case strings (never mixed); returns the hrp in lower case.
// No length limit beyond sanity: age's strings exceed BIP 173's 90 characters for some
// key types.
std::optional<Bech32> bech32_decode(std::string_view text);

}  // namespace techo::encoding
