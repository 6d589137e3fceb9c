#include <cctype>

#include "techo/encoding.hpp"

namespace techo::encoding {
namespace {

constexpr char kCharset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

std::uint32_t polymod(const std::vector<std::uint8_t>& values) {
  constexpr std::uint32_t kGen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  std::uint32_t chk = 1;
  for (std::uint8_t v : values) {
    const std::uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; ++i) {
      if ((top >> i) & 1) chk ^= kGen[i];
    }
  }
  return chk;
}

std::vector<std::uint8_t> hrp_expand(std::string_view hrp) {
  std::vector<std::uint8_t> out;
  for (char c : hrp) out.push_back(static_cast<std::uint8_t>(c) >> 5);
  out.push_back(0);
  for (char c : hrp) out.push_back(static_cast<std::uint8_t>(c) & 31);
  return out;
}

// Regroups bits (8 -> 5 when encoding, 5 -> 8 when decoding). Decoding rejects non-zero
// padding and padding of 5 bits or more, as BIP 173 requires.
std::optional<std::vector<std::uint8_t>> convert_bits(std::span<const std::uint8_t> in, int from, int to, bool pad) {
  std::vector<std::uint8_t> out;
  std::uint32_t acc = 0;
  int bits = 0;
  const std::uint32_t max = (1u << to) - 1;
  for (std::uint8_t v : in) {
    if ((v >> from) != 0) return std::nullopt;
    acc = (acc << from) | v;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push_back(static_cast<std::uint8_t>((acc >> bits) & max));
    }
  }
  if (pad) {
    if (bits > 0) out.push_back(static_cast<std::uint8_t>((acc << (to - bits)) & max));
  } else if (bits >= from || ((acc << (to - bits)) & max) != 0) {
    return std::nullopt;
  }
  return out;
}

}  // namespace

std::string bech32_encode(std::string_view hrp, std::span<const std::uint8_t> data) {
  auto five = convert_bits(data, 8, 5, true).value();
  auto values = hrp_expand(hrp);
  values.insert(values.end(), five.begin(), five.end());
  values.insert(values.end(), 6, 0);
  const std::uint32_t mod = polymod(values) ^ 1;
  std::string out(hrp);
  out += '1';
  for (std::uint8_t v : five) out += kCharset[v];
  for (int i = 0; i < 6; ++i) out += kCharset[(mod >> (5 * (5 - i))) & 31];
  return out;
}

std::optional<Bech32> bech32_decode(std::string_view text) {
  bool lower = false, upper = false;
  for (char c : text) {
    if (c < 33 || c > 126) return std::nullopt;
    if (std::islower(static_cast<unsigned char>(c))) lower = true;
    if (std::isupper(static_cast<unsigned char>(c))) upper = true;
  }
  if (lower && upper) return std::nullopt;
  const std::size_t sep = text.rfind('1');
  if (sep == std::string_view::npos || sep == 0 || sep + 7 > text.size()) return std::nullopt;

  Bech32 out;
  for (char c : text.substr(0, sep)) out.hrp += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::vector<std::uint8_t> five;
  for (char c : text.substr(sep + 1)) {
    const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const char* at = std::char_traits<char>::find(kCharset, 32, l);
    if (!at) return std::nullopt;
    five.push_back(static_cast<std::uint8_t>(at - kCharset));
  }
  auto values = hrp_expand(out.hrp);
  values.insert(values.end(), five.begin(), five.end());
  if (polymod(values) != 1) return std::nullopt;
  five.resize(five.size() - 6);
  auto data = convert_bits(five, 5, 8, false);
  if (!data) return std::nullopt;
  out.data = std::move(*data);
  return out;
}

}  // namespace techo::encoding
