// Reading the api facade's JSON envelopes in tests: the value of a success, the error of
// a failure; anything else fails the test with the envelope shown.
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

namespace techo::test {

inline nlohmann::json value_of(const std::string& envelope) {
  auto reply = nlohmann::json::parse(envelope);
  INFO(envelope);
  REQUIRE(reply.at("ok") == true);
  return reply.at("value");
}

inline nlohmann::json error_of(const std::string& envelope) {
  auto reply = nlohmann::json::parse(envelope);
  INFO(envelope);
  REQUIRE(reply.at("ok") == false);
  return reply.at("error");
}

}  // namespace techo::test
