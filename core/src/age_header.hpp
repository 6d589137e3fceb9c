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

// Finds the end of a header that arrives a piece at a time (an armored file delivers it
// 48 bytes per line), looking at every byte once however small the pieces: rescanning
// from the start for each piece made a large header quadratic. It also counts stanzas as
// they go by, so a header with too many is refused at the first one too many rather than
// after up to 1 MiB of them.
class HeaderScanner {
 public:
  // `buffer` is the header text received so far; each call passes the previous buffer
  // with more bytes appended. Returns the header length once the MAC line and its newline
  // are present; 0 while more bytes are needed; an error as soon as the bytes cannot be
  // an age header (so a wrong file fails fast, not after 1 MiB).
  [[nodiscard]] Result<std::size_t> scan(std::string_view buffer);
  // Bytes looked at so far, over all calls: at most the buffer's final size.
  std::size_t bytes_examined() const noexcept { return examined_; }

 private:
  std::size_t examined_ = 0;    // bytes of the buffer already looked at
  std::size_t line_start_ = 0;  // where the line being received starts
  std::size_t stanzas_ = 0;
};

// HeaderScanner for a buffer looked at once, whole (fuzz targets, tests).
[[nodiscard]] Result<std::size_t> find_header_end(std::string_view buffer);

// Parses a complete header text (as delimited by HeaderScanner).
[[nodiscard]] Result<Header> parse_header(std::string_view text);

// The header text up to and including "---" (what the MAC covers), for the given stanzas.
std::string format_header_without_mac(const std::vector<Stanza>& stanzas);

std::array<std::uint8_t, 32> header_mac(std::span<const std::uint8_t, kFileKeyBytes> file_key,
                                        std::string_view mac_input);

Error header_error(std::string message);

}  // namespace techo::age::detail
