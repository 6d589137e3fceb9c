// Reading JSON elements that may be missing or of another type, never throwing: the
// helpers the record model and the views share. Private to core.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <type_traits>

namespace techo::json_read {

// The member `key` of `object`, or nullptr (also when `object` is not an object).
inline const nlohmann::json* find(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  // As a string_view: compared by length and bytes, where a const char* key is measured
  // (strlen) again at every comparison of the map's search.
  auto it = object.find(std::string_view(key));
  return it == object.end() ? nullptr : &*it;
}

// The string member `key`, or "".
inline std::string text(const nlohmann::json& object, const char* key) {
  const nlohmann::json* v = find(object, key);
  return v && v->is_string() ? v->get<std::string>() : std::string();
}

// Whether `v` holds a T without conversion surprises: nlohmann's get<>() and value()
// throw type_error on a wrong type (a string where a number belongs), which is bad input,
// not a bug, and must never surface as INTERNAL.
template <typename T>
bool holds(const nlohmann::json& v) {
  if constexpr (std::is_same_v<T, bool>) return v.is_boolean();
  else if constexpr (std::is_integral_v<T>) return v.is_number_integer();
  else if constexpr (std::is_floating_point_v<T>) return v.is_number();
  else if constexpr (std::is_same_v<T, std::string>) return v.is_string();
  else if constexpr (std::is_same_v<T, nlohmann::json>) return true;
  else static_assert(sizeof(T) == 0, "holds<T>: a type the readers do not use");
}

// A JSON number (a double) as a whole number, truncated, or nullopt when it is not finite
// or beyond 2^53 in size: converting a double outside int64's range is undefined
// behaviour, and anything this large is not a time or a count. Two such values can be
// added to an epoch time without overflowing.
inline std::optional<std::int64_t> whole_number(double d) {
  constexpr double kLimit = 9007199254740992.0;  // 2^53
  if (!(d >= -kLimit && d <= kLimit)) return std::nullopt;  // also NaN
  return static_cast<std::int64_t>(d);
}

// nlohmann's `object.value(key, fallback)` without the throw: the member when it is
// present and of the fallback's type, else the fallback (a wrong type reads as missing,
// so the caller's "expected ..." check reports it with its path).
template <typename T>
T value_or(const nlohmann::json& object, const char* key, T fallback) {
  const nlohmann::json* v = find(object, key);
  if (!v || !holds<T>(*v)) return fallback;
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    // A whole number outside T's range reads as missing too, never wraps.
    if (v->is_number_unsigned()) {
      const auto u = v->get<std::uint64_t>();
      return u <= static_cast<std::uint64_t>(std::numeric_limits<T>::max()) ? static_cast<T>(u) : fallback;
    }
    const auto i = v->get<std::int64_t>();
    return i >= static_cast<std::int64_t>(std::numeric_limits<T>::min()) &&
                   (i < 0 || static_cast<std::uint64_t>(i) <= static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
               ? static_cast<T>(i)
               : fallback;
  } else {
    return v->get<T>();
  }
}
inline std::string value_or(const nlohmann::json& object, const char* key, const char* fallback) {
  return value_or<std::string>(object, key, std::string(fallback));
}

// The list member `key`, or an empty list (also when it is there but not a list).
inline const nlohmann::json& list(const nlohmann::json& object, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::array();
  const nlohmann::json* v = find(object, key);
  return v && v->is_array() ? *v : kEmpty;
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
