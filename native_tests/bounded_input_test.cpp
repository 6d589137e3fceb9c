// Bounded input and transactions that always end: hostile nesting, numbers out of range
// and wrong-typed fields are errors with a path, never INTERNAL, never a stuck vault.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "test_session.hpp"
#include "api_reply.hpp"
#include "sqlite/sqlite.hpp"
#include "techo/api.hpp"

using nlohmann::json;
using techo::test::error_of;
using techo::test::value_of;
using Session = techo::test::TestSession;

namespace {

std::string deep_arrays(int n) { return std::string(n, '[') + std::string(n, ']'); }
std::string deep_objects(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += "{\"a\":";
  out += "1";
  out += std::string(n, '}');
  return out;
}
std::string bundle_around(const std::string& value) {
  return R"({"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Basic","id":"x","x":)" +
         value + "}}]}";
}
const std::string kPatient = R"({"resourceType":"Patient","id":"p","birthDate":"1990-01-01"})";

}  // namespace

TEST_CASE("nesting deeper than the parser's limit is MALFORMED_INPUT with the place", "[bounded]") {
  Session session;
  value_of(session.open(":memory:"));
  SECTION("arrays in an entry") {
    auto e = error_of(session.import_fhir(bundle_around(deep_arrays(20000)), "deep.json"));
    CHECK(e.at("code") == "MALFORMED_INPUT");
    CHECK(e.at("message") == "not valid JSON: nested deeper than 128 levels");
    // The value's first bracket is at column 104 and at depth 3 (entry, resource, it): the
    // 129th level, the first too deep, is 126 brackets on.
    CHECK(e.at("path") == "deep.json: line 1, column " + std::to_string(104 + 126));
  }
  SECTION("objects at the root") {
    auto e = error_of(session.import_fhir(deep_objects(20000), "deep.json"));
    CHECK(e.at("code") == "MALFORMED_INPUT");
    CHECK(e.at("path") == "deep.json: line 1, column " + std::to_string(5 * 128 + 1));
  }
  SECTION("exactly the limit still reads") {
    auto report = value_of(session.import_fhir(bundle_around(deep_arrays(128 - 3)), "at-limit.json"));
    CHECK(report.at("importedTotal") == 1);
  }
  // Nothing was left open: the next import works.
  CHECK(value_of(session.import_fhir(kPatient, "after.json")).at("importedTotal") == 1);
}

TEST_CASE("a number out of range is MALFORMED_INPUT, not INTERNAL", "[bounded]") {
  Session session;
  value_of(session.open(":memory:"));
  auto e = error_of(session.import_fhir(R"({"resourceType":"Patient","id":"p","x":1e999999})", "overflow.json"));
  CHECK(e.at("code") == "MALFORMED_INPUT");
  CHECK(e.at("message") == "not valid JSON: number overflow parsing '1e999999'");
  CHECK(e.at("path") == "overflow.json: line 1, column 47");  // where the number ends
  auto in_entry = error_of(session.import_fhir(bundle_around("-1e400"), "entry.json"));
  CHECK(in_entry.at("code") == "MALFORMED_INPUT");
  CHECK(value_of(session.import_fhir(kPatient, "after.json")).at("importedTotal") == 1);
}

TEST_CASE("API arguments of the wrong JSON type are INVALID_ARGUMENT naming the field", "[bounded][api]") {
  Session session;
  value_of(session.open(":memory:"));
  auto check = [](const std::string& reply, const std::string& field) {
    auto e = error_of(reply);
    CHECK(e.at("code") == "INVALID_ARGUMENT");
    CHECK(e.at("path") == field);
  };
  check(session.records(R"({"limit":"ten"})"), "query.limit");
  check(session.records(R"({"person":"me"})"), "query.person");
  check(session.records(R"({"cursor":{"id":"x"}})"), "query.cursor.id");
  check(session.lifelog_days(R"({"metric":7})"), "query.metric");
  check(session.lifelog_samples(R"({"from":1,"to":2})"), "query.from");
  check(session.export_lifelog(R"({"metrics":"steps"})"), "query.metrics");
  check(session.export_lifelog(R"({"metrics":["steps",3]})"), "query.metrics[1]");
  check(session.view("medications", R"({"person":[1]})"), "query.person");
  check(session.view("document", R"({"id":"1"})"), "id");
  // Arguments that are not JSON at all: the whole argument object is named.
  check(session.records(deep_arrays(5000)), "arguments");
  check(session.records("{\"limit\":1e999999}"), "arguments");
}

TEST_CASE("a transaction ends on every exit, an exception included", "[bounded][sqlite]") {
  auto db = techo::sqlite::Database::open(":memory:");
  REQUIRE(db);
  REQUIRE(db->exec("CREATE TABLE t(x)"));
  CHECK_THROWS_AS(techo::sqlite::in_transaction(*db,
                                                [&]() -> techo::Status {
                                                  REQUIRE(db->exec("INSERT INTO t VALUES (1)"));
                                                  throw std::runtime_error("a bug below");
                                                }),
                  std::runtime_error);
  // Rolled back, and a new transaction can begin.
  auto begun = db->exec("BEGIN IMMEDIATE");
  INFO((begun ? std::string("ok") : begun.error().message));
  CHECK(begun);
  REQUIRE(db->exec("ROLLBACK"));
  auto count = db->prepare("SELECT count(*) FROM t");
  REQUIRE(count);
  REQUIRE(count->step().value());
  CHECK(count->column_int(0) == 0);
}
