// The age header: its textual form, parsed strictly (any deviation is a header failure,
// as the spec and the CCTV vectors require), and written canonically. Private to core.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "techo/crypto.hpp"
#include "techo/result.hpp"

namespace techo::age::detail {

constexpr std::string_view kVersionLine = "age-encryption.org/v1";
constexpr std::size_t kMaxHeaderBytes = 1 << 20;  // far above any real header; bounds memory
constexpr std::size_t kFileKeyBytes = 16;

struct Stanza {
  std::vector<std::string> args;  // args[0] is the type ("X25519", "scrypt", ...)
  crypto::Bytes body;
};

struct Header {
  std::vector<Stanza> stanzas;
  std::array<std::uint8_t, 32> mac{};
  std::size_t mac_input_size = 0;  // bytes of the header text the MAC covers (through "---")
  std::size_t total_size = 0;      // bytes of the header text including the MAC line
};

// Scans `buffer` for the end of the header. Returns the header length once the MAC line
// and its newline are present; 0 while more bytes are needed; an error as soon as the
// bytes cannot be an age header (so a wrong file fails fast, not after 1 MiB).
[[nodiscard]] Result<std::size_t> find_header_end(std::string_view buffer);

// Parses a complete header text (as delimited by find_header_end).
[[nodiscard]] Result<Header> parse_header(std::string_view text);

// The header text up to and including "---" (what the MAC covers), for the given stanzas.
std::string format_header_without_mac(const std::vector<Stanza>& stanzas);

std::array<std::uint8_t, 32> header_mac(std::span<const std::uint8_t, kFileKeyBytes> file_key,
                                        std::string_view mac_input);

Error header_error(std::string message);

}  // namespace techo::age::detail
