// The backup archive's tar reader.
#include "tar.hpp"
#include "targets.hpp"

namespace techo::fuzz {

Status tar(crypto::ByteView input) {
  auto files = detail::read_tar(as_text(input));
  if (!files) return std::move(files).error();
  std::size_t total = 0;
  for (const auto& [name, data] : *files) total += name.size() + data.size();
  if (total > input.size()) return broken("tar: entries hold more bytes than the archive");
  return Ok{};
}

}  // namespace techo::fuzz
