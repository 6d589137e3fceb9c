// nlohmann's dump() — compact, keys in the object's order, UTF-8 written as is — byte for
// byte, written straight into one string. The vault stores each resource as this text and
// hashes it (content_hash), so the bytes must never differ from dump()'s; but dump()
// writes through a virtual call per character and decodes every string byte by byte,
// which made it a tenth of an import's time. Private to core.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace techo::json_dump {

// Appends dump() of `value` to `out`. A string that is not valid UTF-8 (which no parsed
// tree holds) is left to nlohmann's dump(), so it throws exactly as dump() does.
void append(const nlohmann::json& value, std::string& out);

// dump() of `value`.
[[nodiscard]] std::string dump(const nlohmann::json& value);

}  // namespace techo::json_dump
