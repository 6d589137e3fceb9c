// The tables behind text_cp932.cpp, generated at build time by scripts/gen-cp932-table.py
// from Python's cp932 codec and unicodedata (core/CMakeLists.txt). Private to core.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace techo::text::detail {

// 0x80-0xFF read alone: the character (half-width katakana, 0xA1-0xDF), 0 where none.
extern const std::span<const std::uint16_t, 128> kSingleByte;

// A first byte's row in kDoubleByte, or one of these.
inline constexpr std::uint8_t kNotLead = 0xFF;          // ASCII, half-width katakana, 0x80, 0xA0, 0xFD-0xFF
inline constexpr std::uint8_t kUserDefinedLead = 0xFE;  // 0xF0-0xF9: 外字
inline constexpr std::uint8_t kUndefinedLead = 0xFD;    // a lead byte whose row has no character
extern const std::span<const std::uint8_t, 256> kLeadRow;

// Rows of kTrailsPerRow characters, one per second byte 0x40-0x7E, 0x80-0xFC; 0 where none.
inline constexpr std::size_t kTrailsPerRow = 188;
extern const std::span<const std::uint16_t> kDoubleByte;

// The encoder writes each character as the smallest code that reads as it (which is what
// Python's encoder does), except for these: code 0 means CP932 cannot write the character.
struct EncodeOverride {
  std::uint16_t unicode;
  std::uint16_t code;
};
extern const std::span<const EncodeOverride> kEncodeOverrides;

// NFKD of each character of the CP932 repertoire it changes, sorted by character: `length`
// characters from kDecompositionPool[offset].
struct Decomposition {
  std::uint16_t unicode;
  std::uint16_t offset;
  std::uint8_t length;
};
extern const std::span<const Decomposition> kDecompositions;
extern const std::span<const std::uint16_t> kDecompositionPool;

// The canonical combining class of each combining mark those decompositions hold, sorted.
struct CombiningClass {
  std::uint16_t unicode;
  std::uint8_t ccc;
};
extern const std::span<const CombiningClass> kCombiningClasses;

// Canonical composition, for the pairs such text can meet: pair = first << 16 | second,
// sorted by pair.
struct Composition {
  std::uint32_t pair;
  std::uint16_t composite;
};
extern const std::span<const Composition> kCompositions;

}  // namespace techo::text::detail
