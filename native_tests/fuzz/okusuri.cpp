// お薬手帳 (JAHIS TC) texts, through the detector, the decoder (UTF-8 or CP932), the split
// control and the reader. A text that reads must give resources with an id each, and the
// same resources when read again.
#include "targets.hpp"
#include "techo/file_format.hpp"
#include "techo/okusuri_techo.hpp"

namespace techo::fuzz {

Status okusuri(crypto::ByteView input) {
  (void)format::detect(as_text(input), true);  // the detector reads every file first
  auto text = okusuri::decode(as_text(input));
  if (!text) return std::move(text).error();
  if (auto split = okusuri::split_of(*text); !split) return std::move(split).error();
  auto first = okusuri::read(*text);
  if (!first) return std::move(first).error();
  for (const auto& r : first->resources) {
    if (r.id.empty() || r.type.empty()) return broken("okusuri: a resource without its id or type");
  }
  auto second = okusuri::read(*text);
  if (!second || second->resources.size() != first->resources.size()) return broken("okusuri: read twice, read differently");
  return Ok{};
}

}  // namespace techo::fuzz
