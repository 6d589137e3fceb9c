// RFC 8785 known answers: the examples of §3.2.2 (values), §3.2.3 (sorting) and the
// number table of Appendix B (IEEE-754 bits → ECMAScript text).
#include <catch2/catch.hpp>

#include <cstring>

#include "techo/jcs.hpp"

using nlohmann::json;
using techo::ErrorCode;
namespace jcs = techo::jcs;

namespace {

double from_bits(std::uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

std::string canonical(std::string_view text) {
  auto parsed = jcs::parse_unique(text, "test");
  REQUIRE(parsed.has_value());
  auto out = jcs::canonicalize(*parsed);
  REQUIRE(out.has_value());
  return *out;
}

}  // namespace

TEST_CASE("RFC 8785 Appendix B: numbers are written as ECMAScript writes them", "[jcs]") {
  const std::pair<std::uint64_t, const char*> table[] = {
      {0x0000000000000000, "0"},
      {0x8000000000000000, "0"},
      {0x0000000000000001, "5e-324"},
      {0x8000000000000001, "-5e-324"},
      {0x7fefffffffffffff, "1.7976931348623157e+308"},
      {0xffefffffffffffff, "-1.7976931348623157e+308"},
      {0x4340000000000000, "9007199254740992"},
      {0xc340000000000000, "-9007199254740992"},
      {0x4430000000000000, "295147905179352830000"},
      {0x44b52d02c7e14af5, "9.999999999999997e+22"},
      {0x44b52d02c7e14af6, "1e+23"},
      {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
      {0x444b1ae4d6e2ef4e, "999999999999999700000"},
      {0x444b1ae4d6e2ef4f, "999999999999999900000"},
      {0x444b1ae4d6e2ef50, "1e+21"},
      {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
      {0x3eb0c6f7a0b5ed8d, "0.000001"},
      {0x41b3de4355555553, "333333333.3333332"},
      {0x41b3de4355555554, "333333333.33333325"},
      {0x41b3de4355555555, "333333333.3333333"},
      {0x41b3de4355555556, "333333333.3333334"},
      {0x41b3de4355555557, "333333333.33333343"},
      {0xbecbf647612f3696, "-0.0000033333333333333333"},
      {0x43143ff3c1cb0959, "1424953923781206.2"},
  };
  for (const auto& [bits, expected] : table) {
    INFO(std::hex << bits);
    CHECK(jcs::number_to_string(from_bits(bits)) == expected);
  }
}

TEST_CASE("RFC 8785 §3.2.2: primitives and strings in canonical form", "[jcs]") {
  const std::string input = R"({
    "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
    "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
    "literals": [null, true, false]
  })";
  CHECK(canonical(input) ==
        R"({"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"})");
}

TEST_CASE("RFC 8785 §3.2.3: members are sorted by UTF-16 code units, not by UTF-8 bytes", "[jcs]") {
  const std::string input = R"({
    "\u20ac": "Euro Sign",
    "\r": "Carriage Return",
    "\ufb33": "Hebrew Letter Dalet With Dagesh",
    "1": "One",
    "\ud83d\ude00": "Emoji: Grinning Face",
    "\u0080": "Control",
    "\u00f6": "Latin Small Letter O With Diaeresis"
  })";
  CHECK(canonical(input) ==
        "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xC2\x80\":\"Control\",\"\xC3\xB6\":\"Latin Small Letter O With "
        "Diaeresis\",\"\xE2\x82\xAC\":\"Euro Sign\",\"\xF0\x9F\x98\x80\":\"Emoji: Grinning Face\",\"\xEF\xAC\xB3\":\"Hebrew "
        "Letter Dalet With Dagesh\"}");
}

TEST_CASE("parse_unique refuses a name twice in one object, naming where", "[jcs]") {
  auto r = jcs::parse_unique(R"({"a": {"b": 1, "b": 2}})", "envelope");
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == ErrorCode::kMalformedInput);
  CHECK(r.error().path == "envelope.a.b");
  // The same name in different objects is fine.
  CHECK(jcs::parse_unique(R"({"a": {"b": 1}, "c": [{"b": 1}, {"b": 2}]})", "x").has_value());
  auto in_array = jcs::parse_unique(R"({"c": [{"b": 1}, {"b": 2, "b": 3}]})", "x");
  REQUIRE_FALSE(in_array.has_value());
  CHECK(in_array.error().path == "x.c[1].b");
}

TEST_CASE("parse_unique and canonicalize refuse what is not I-JSON", "[jcs]") {
  CHECK(jcs::parse_unique("[1e999]", "x").error().code == ErrorCode::kMalformedInput);
  CHECK(jcs::parse_unique(R"({"a": )", "x").error().code == ErrorCode::kMalformedInput);
  CHECK(jcs::parse_unique(std::string(200, '[') + std::string(200, ']'), "x").error().code == ErrorCode::kMalformedInput);
  CHECK(jcs::canonicalize(json(std::string("\xff"))).error().code == ErrorCode::kMalformedInput);
  CHECK(jcs::canonicalize(json(std::numeric_limits<double>::infinity())).error().code == ErrorCode::kMalformedInput);
}
