// The one JSON reader for bytes from outside (files, envelopes, backups, API arguments),
// private to core. nlohmann's own parser is iterative, but much of what follows a parse
// is not: dump(), copies, comparisons and our validators recurse once per level, and on
// wasm that recursion runs on the JavaScript engine's stack, whose exhaustion no C++
// code survives. So nesting is a limit of the parser itself: a document deeper than
// kMaxDepth never becomes a tree. Nothing here throws; every failure is MALFORMED_INPUT
// with a "line L, column C" path.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

#include "techo/result.hpp"

namespace techo::json_bounded {

// Deeper than any FHIR resource, Open mHealth body or vendor response we know (FHIR's
// deepest real structures stay under 20), far below what any engine's stack survives.
inline constexpr std::size_t kMaxDepth = 128;

// The tree of `text`, or MALFORMED_INPUT: invalid JSON, nesting deeper than `max_depth`,
// a number out of range (1e999999). The path is the line and column in `text`.
[[nodiscard]] Result<nlohmann::json> parse(std::string_view text, std::size_t max_depth = kMaxDepth);

// The same for the piece [begin, end) of `whole`, with the path's line and column counted
// in `whole` (an entry of a Bundle reports where it is in the file).
[[nodiscard]] Result<nlohmann::json> parse_part(std::string_view whole, std::size_t begin, std::size_t end,
                                               std::size_t max_depth = kMaxDepth);

// A drop-in for nlohmann's parse(text, nullptr, false) where the caller checks
// is_discarded() and reports the failure in its own words: bounded the same way.
[[nodiscard]] nlohmann::json parse_or_discarded(std::string_view text, std::size_t max_depth = kMaxDepth);

// Whether `text` is one JSON value within the limits, without building a tree.
[[nodiscard]] bool accept(std::string_view text, std::size_t max_depth = kMaxDepth);

// "line L, column C" of a byte offset: a person looks for lines, not offsets.
[[nodiscard]] std::string line_and_column(std::string_view text, std::size_t byte_offset);

}  // namespace techo::json_bounded
