#pragma once

#include "techo/encoding.hpp"

namespace techo::test {

inline std::string hex(std::span<const std::uint8_t> bytes) { return encoding::hex_encode(bytes); }

}  // namespace techo::test
