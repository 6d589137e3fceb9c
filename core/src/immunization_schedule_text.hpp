// The text of assets/immunization/jp-childhood.schedule.json, embedded at build time
// (core/cmake_embed_text.cmake). Private to core.
#pragma once

#include <string_view>

namespace techo::immunization::detail {

extern const std::string_view kJapanScheduleText;

}  // namespace techo::immunization::detail
