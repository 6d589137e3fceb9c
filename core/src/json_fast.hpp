// The fast path of json_bounded: well-formed JSON read straight into nlohmann's tree.
// nlohmann's own parser reads a character at a time through its input adapter, copies
// every string through a token buffer and then again into the tree; on an import that was
// the largest single cost after SQLite. This reader scans strings in runs and builds each
// one once. It only ever answers for text nlohmann accepts, with the very tree nlohmann
// builds (the same number types, the last of duplicate keys, the same depth limit); for
// anything else — invalid JSON, a byte-order mark, a number too long to copy — it answers
// nullopt and json_bounded asks nlohmann, whose verdict and message stand. Private to core.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace techo::json_fast {

// The tree of `text`, or nullopt when this reader does not vouch for it (see above).
// Iterative: nesting costs heap, never stack; deeper than `max_depth` is nullopt.
[[nodiscard]] std::optional<nlohmann::json> read(std::string_view text, std::size_t max_depth);

}  // namespace techo::json_fast
