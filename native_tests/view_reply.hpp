// Reading views in tests: a view's reply through the api facade (on a fixed "today", so
// what is "current" does not move with the clock), and one entry of a list by a field.
#pragma once

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "api_reply.hpp"
#include "test_session.hpp"

namespace techo::test {

inline nlohmann::json view(TestSession& session, const std::string& name, nlohmann::json query = nlohmann::json::object()) {
  if (!query.contains("today")) query["today"] = "2026-11-21";
  return value_of(session.view(name, query.dump()));
}

// The first entry of `list` whose `key` is `value`; nullptr when none is.
inline const nlohmann::json* by(const nlohmann::json& list, const char* key, const std::string& value) {
  auto it = std::find_if(list.begin(), list.end(), [&](const nlohmann::json& e) { return e.at(key) == value; });
  return it == list.end() ? nullptr : &*it;
}

}  // namespace techo::test
