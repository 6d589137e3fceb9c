// The age header as text: where it ends, then its stanzas and MAC, parsed strictly.
#include "age_header.hpp"
#include "targets.hpp"

namespace techo::fuzz {

Status age_header(crypto::ByteView input) {
  const std::string_view text = as_text(input);
  auto end = age::detail::find_header_end(text);
  if (!end) return std::move(end).error();
  if (end.value() == 0) return Ok{};  // needs more bytes: a fine answer for a prefix
  if (end.value() > text.size()) return broken("find_header_end points past the bytes it was given");
  auto header = age::detail::parse_header(text.substr(0, end.value()));
  if (!header) return std::move(header).error();
  if (header->total_size != end.value() || header->mac_input_size >= header->total_size) {
    return broken("the parsed header's sizes disagree with where find_header_end said it ends");
  }
  return Ok{};
}

}  // namespace techo::fuzz
