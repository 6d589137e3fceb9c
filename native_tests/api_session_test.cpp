#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "test_session.hpp"
#include "api_reply.hpp"
#include "techo/api.hpp"
#include "test_data.hpp"

using nlohmann::json;
using techo::test::error_of;
using techo::test::value_of;
using Session = techo::test::TestSession;

TEST_CASE("the session imports a bundle and summarizes it as JSON", "[api]") {
  Session session;
  CHECK(value_of(session.open(":memory:")).at("schemaVersion") == 16);
  auto report = value_of(session.import_fhir(
      techo::test::read_data("jp-clins-examples/Bundle-Bundle-CLINS-Observations-Example-01.json"),
      "observations.json"));
  CHECK(report.at("source").at("name") == "observations.json");
  CHECK(report.at("source").at("verification") == "unsigned");
  CHECK(report.at("source").at("encrypted") == false);
  CHECK(report.at("importedTotal") == 5);
  CHECK(report.at("imported") == json{{"Observation", 4}, {"Patient", 1}});
  CHECK(report.at("skipped").empty());

  auto summary = value_of(session.summary());
  CHECK(summary.at("total") == 5);
  CHECK(summary.at("patients")[0].at("name") == "牧野 爛漫");
  CHECK(summary.at("patients")[0].at("namePhonetic") == "マキノ ランマン");
  CHECK(summary.at("patients")[0].at("birthDate") == "1930-06-28");
}

TEST_CASE("errors come back as values with code, message and file path", "[api][errors]") {
  Session session;
  value_of(session.open(":memory:"));

  // The input ends after column 17: the error points just past its end.
  auto malformed = error_of(session.import_fhir("{\"resourceType\": ", "broken.json"));
  CHECK(malformed.at("code") == "MALFORMED_INPUT");
  CHECK(malformed.at("path") == "broken.json: line 1, column 18");

  // JSON that is none of the formats Techo reads: said so, with what it does read.
  auto not_read = error_of(session.import_fhir(R"({"name": "no resourceType"})", "notes.json"));
  CHECK(not_read.at("code") == "UNSUPPORTED");
  CHECK(not_read.at("path") == "notes.json");
  CHECK(not_read.at("message").get<std::string>().find("a JSON object with the keys \"name\"") != std::string::npos);
  CHECK(not_read.at("message").get<std::string>().find("it reads FHIR R4 JSON") != std::string::npos);

  // Nothing was stored by the failed imports.
  CHECK(value_of(session.summary()).at("total") == 0);
}

TEST_CASE("skipped entries are reported with the file and entry path", "[api][errors]") {
  Session session;
  value_of(session.open(":memory:"));
  auto report = value_of(session.import_fhir(
      R"({"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Patient"}}, {"resource": {}}]})",
      "mixed.json"));
  CHECK(report.at("importedTotal") == 1);
  REQUIRE(report.at("skipped").size() == 1);
  CHECK(report.at("skipped")[0].at("path") == "mixed.json: Bundle.entry[1].resource.resourceType");
}

TEST_CASE("calls before open are refused with a clear error", "[api][errors]") {
  Session session;
  auto error = error_of(session.summary());
  CHECK(error.at("code") == "INVALID_ARGUMENT");
  CHECK_THAT(error.at("message").get<std::string>(), Catch::Contains("open()"));
}

TEST_CASE("invalid UTF-8 in input does not break the reply", "[api][errors]") {
  Session session;
  value_of(session.open(":memory:"));
  // nlohmann/json rejects invalid UTF-8 in strings at parse time: a clean error value.
  auto error = error_of(session.import_fhir("{\"resourceType\": \"Bun\xff\xfe\"}", "bad-utf8.json"));
  CHECK(error.at("code") == "MALFORMED_INPUT");
}
