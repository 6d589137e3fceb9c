// Reading JSON elements that may be missing or of another type, never throwing: the
// helpers the record model and the views share. Private to core.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>

namespace techo::json_read {

// The member `key` of `object`, or nullptr (also when `object` is not an object).
inline const nlohmann::json* find(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// The string member `key`, or "".
inline std::string text(const nlohmann::json& object, const char* key) {
  const nlohmann::json* v = find(object, key);
  return v && v->is_string() ? v->get<std::string>() : std::string();
}

// The first present of the date-like members, in order: a string, or a Period's start.
inline std::string first_date(const nlohmann::json& body, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    const nlohmann::json* v = find(body, key);
    if (!v) continue;
    if (v->is_string()) return v->get<std::string>();
    if (v->is_object()) {
      if (std::string start = text(*v, "start"); !start.empty()) return start;
    }
  }
  return {};
}

}  // namespace techo::json_read
