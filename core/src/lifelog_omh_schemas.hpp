// The Open mHealth schemas embedded at build time (core/cmake_embed_schemas.cmake).
#pragma once

#include <string_view>
#include <vector>

namespace techo::lifelog::detail {

struct EmbeddedSchema {
  std::string_view name;  // file name, as "$ref" uses it
  std::string_view text;
};
const std::vector<EmbeddedSchema>& embedded_omh_schemas();

}  // namespace techo::lifelog::detail
