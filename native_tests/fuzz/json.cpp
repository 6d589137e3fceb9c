// The import's JSON fast paths against nlohmann itself, on any bytes: json_fast::read
// must build nlohmann's very tree (types included) or decline, never accept what nlohmann
// refuses; json_dump must write dump()'s bytes for every tree nlohmann builds.
#include "json_bounded.hpp"
#include "json_dump.hpp"
#include "json_fast.hpp"
#include "targets.hpp"

namespace techo::fuzz {
namespace {

using nlohmann::json;

bool identical(const json& a, const json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j) {
      if (i.key() != j.key() || !identical(*i, *j)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!identical(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_number_float()) return a.dump() == b.dump();
  return a == b;
}

}  // namespace

Status json(crypto::ByteView input) {
  const std::string_view text = as_text(input);
  const std::size_t depth = json_bounded::kMaxDepth;
  // nlohmann's verdict: json_bounded with the fast path declined is exactly its parser.
  const auto fast = json_fast::read(text, depth);
  const bool accepted = json_bounded::accept(text, depth);
  if (fast && !accepted) return broken("json_fast accepted what nlohmann refuses");
  if (!accepted) return Ok{};
  nlohmann::json expected = json::parse(text.begin(), text.end(), nullptr, false);
  if (expected.is_discarded()) return broken("nlohmann accepted and then refused the same text");
  if (fast && !identical(*fast, expected)) return broken("json_fast built another tree than nlohmann");
  if (json_dump::dump(expected) != expected.dump()) return broken("json_dump wrote other bytes than dump()");
  return Ok{};
}

}  // namespace techo::fuzz
