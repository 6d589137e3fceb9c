#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "techo/json_schema.hpp"
#include "techo/lifelog.hpp"
#include "test_data.hpp"

namespace fs = std::filesystem;

TEST_CASE("the schema validator follows $ref, allOf/anyOf/oneOf, enum, required, formats", "[json-schema]") {
  techo::json_schema::Registry r;
  REQUIRE(r.add_text("unit-1.0.json", R"({"type": "object", "required": ["value", "unit"],
      "properties": {"value": {"type": "number", "minimum": 0}, "unit": {"enum": ["kg", "lb"]}}})").has_value());
  REQUIRE(r.add_text("unit-1.x.json", "unit-1.0.json\n").has_value());  // a git link stored as text
  REQUIRE(r.add_text("weight.json", R"({"definitions": {"u": {"$ref": "unit-1.x.json"}},
      "properties": {"w": {"$ref": "#/definitions/u"},
                     "when": {"type": "string", "format": "date-time"},
                     "kind": {"oneOf": [{"const": "a"}, {"const": "b"}]}},
      "required": ["w"], "additionalProperties": false})").has_value());
  auto check = [&](const char* text) { return r.validate(nlohmann::json::parse(text), "weight.json", ""); };
  CHECK(check(R"({"w": {"value": 50, "unit": "kg"}, "when": "2020-02-05T07:25:00+09:00", "kind": "a"})").has_value());
  CHECK(check(R"({"w": {"value": -1, "unit": "kg"}})").error().path == "w.value");
  CHECK(check(R"({"w": {"value": 50, "unit": "st"}})").error().message == R"(expected one of ["kg","lb"])");
  CHECK(check(R"({"w": {"value": 50}})").error().path == "w.unit");
  CHECK(check(R"({"w": {"value": 50, "unit": "kg"}, "when": "2020-02-05 07:25"})").error().path == "when");
  CHECK(check(R"({"w": {"value": 50, "unit": "kg"}, "kind": "c"})").error().path == "kind");
  CHECK(check(R"({"w": {"value": 50, "unit": "kg"}, "extra": 1})").error().path == "extra");
  CHECK(check(R"({})").error().path == "w");
}

TEST_CASE("every Open mHealth shouldPass sample validates and every shouldFail one is rejected with a reason",
          "[lifelog][json-schema][openmhealth]") {
  int passed = 0, failed = 0, unchecked = 0;
  for (const auto& schema_dir : fs::directory_iterator(techo::test::data_path("openmhealth/test-data/omh"))) {
    for (const auto& version_dir : fs::directory_iterator(schema_dir.path())) {
      const std::string schema = schema_dir.path().filename().string() + "-" + version_dir.path().filename().string() + ".json";
      for (const char* verdict : {"shouldPass", "shouldFail"}) {
        const fs::path dir = version_dir.path() / verdict;
        if (!fs::exists(dir)) continue;
        for (const auto& sample : fs::directory_iterator(dir)) {
          INFO(schema << " " << verdict << " " << sample.path().filename().string());
          auto result = techo::lifelog::validate_open_mhealth(techo::test::read_file(sample.path().string()), schema);
          if (!result && result.error().code == techo::ErrorCode::kUnsupported) {
            ++unchecked;
            continue;
          }
          if (std::string(verdict) == "shouldPass") {
            CHECK(result.has_value());
            ++passed;
          } else {
            CHECK_FALSE(result.has_value());
            if (!result.has_value()) CHECK_FALSE(result.error().message.empty());
            ++failed;
          }
        }
      }
    }
  }
  INFO("validated " << passed << " shouldPass, rejected " << failed << " shouldFail");
  CHECK(unchecked == 0);
  CHECK(passed == 163);  // every shouldPass file
  CHECK(failed == 175);  // every shouldFail file (the meal and specimen values through Techo's stand-ins)
}
