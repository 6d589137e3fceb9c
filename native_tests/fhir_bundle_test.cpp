#include <catch2/catch.hpp>

#include <map>

#include "synthea_expectations.hpp"
#include "techo/fhir.hpp"
#include "test_data.hpp"

using techo::ErrorCode;
using techo::fhir::parse_bundle;
using techo::test::read_data;

TEST_CASE("Synthea transaction bundles parse into every resource, by type", "[fhir]") {
  const auto& expected = GENERATE(from_range(std::begin(techo::test::kSyntheaBundles),
                                             std::end(techo::test::kSyntheaBundles)));
  INFO(expected.file);
  auto bundle = parse_bundle(read_data(expected.file));
  REQUIRE(bundle.has_value());
  CHECK(bundle->type == "transaction");
  CHECK(bundle->skipped.empty());
  CHECK(static_cast<std::int64_t>(bundle->resources.size()) == expected.total);

  std::map<std::string, std::int64_t> counts;
  for (const auto& r : bundle->resources) ++counts[r.type];
  CHECK(counts == expected.counts);
  // Synthea identifies entries by urn:uuid fullUrls; the parser keeps them.
  CHECK(bundle->resources.front().full_url.rfind("urn:uuid:", 0) == 0);
}

TEST_CASE("a JP-CLINS document bundle keeps type, ids and resource bodies", "[fhir]") {
  auto bundle = parse_bundle(read_data("jp-clins-examples/Bundle-Bundle-CLINS-Referral-Example-01.json"));
  REQUIRE(bundle.has_value());
  CHECK(bundle->type == "document");
  REQUIRE(bundle->resources.size() == 18);
  CHECK(bundle->resources[0].type == "Composition");
  CHECK(bundle->resources[0].body.at("resourceType") == "Composition");
}

TEST_CASE("malformed JSON is reported with line and column", "[fhir][errors]") {
  auto bundle = parse_bundle("{\n  \"resourceType\": \"Bundle\",\n  \"entry\": [ }\n");
  REQUIRE_FALSE(bundle.has_value());
  CHECK(bundle.error().code == ErrorCode::kMalformedInput);
  CHECK(bundle.error().path == "line 3, column 14");
  CHECK(bundle.error().message == "not valid JSON: syntax error while parsing value - unexpected '}'; expected '[', '{', or a literal");
}

TEST_CASE("empty input and truncated input are malformed, not crashes", "[fhir][errors]") {
  auto empty = parse_bundle("");
  REQUIRE_FALSE(empty.has_value());
  CHECK(empty.error().code == ErrorCode::kMalformedInput);

  auto truncated = parse_bundle(read_data("synthea-r4/Luigi_Wiegand_e27d88b0-c5e5-4042-ad49-184f6a900ee3.json").substr(0, 5000));
  REQUIRE_FALSE(truncated.has_value());
  CHECK(truncated.error().code == ErrorCode::kMalformedInput);
}

TEST_CASE("a resource that is not a Bundle is refused by name", "[fhir][errors]") {
  auto bundle = parse_bundle(read_data("jp-clins-examples/Patient-Example-JP-Patient-standard.json"));
  REQUIRE_FALSE(bundle.has_value());
  CHECK(bundle.error().code == ErrorCode::kUnsupported);
  CHECK(bundle.error().path == "resourceType");
  CHECK(bundle.error().message == "expected a FHIR Bundle, found a Patient resource");
}

TEST_CASE("JSON that is not a resource is refused", "[fhir][errors]") {
  auto array = parse_bundle("[1, 2]");
  REQUIRE_FALSE(array.has_value());
  CHECK(array.error().code == ErrorCode::kInvalidResource);

  auto no_type = parse_bundle(R"({"entry": []})");
  REQUIRE_FALSE(no_type.has_value());
  CHECK(no_type.error().path == "resourceType");
}

TEST_CASE("entry must be a list", "[fhir][errors]") {
  auto bundle = parse_bundle(R"({"resourceType": "Bundle", "entry": {"resource": {}}})");
  REQUIRE_FALSE(bundle.has_value());
  CHECK(bundle.error().code == ErrorCode::kInvalidResource);
  CHECK(bundle.error().path == "Bundle.entry");
}

TEST_CASE("an unusable entry is skipped with its path, the others are kept", "[fhir][errors]") {
  auto bundle = parse_bundle(R"({"resourceType": "Bundle", "type": "collection", "entry": [
      {"resource": {"resourceType": "Patient", "id": "p1"}},
      {"resource": {"id": "no-type"}},
      {"fullUrl": 7, "resource": {"resourceType": "Observation"}},
      {"resource": {"resourceType": "Observation", "id": 12}},
      "not an object",
      {"resource": {"resourceType": "Condition", "id": "c1"}}]})");
  REQUIRE(bundle.has_value());
  REQUIRE(bundle->resources.size() == 2);
  CHECK(bundle->resources[0].id == "p1");
  CHECK(bundle->resources[1].type == "Condition");
  REQUIRE(bundle->skipped.size() == 4);
  CHECK(bundle->skipped[0].path == "Bundle.entry[1].resource.resourceType");
  CHECK(bundle->skipped[1].path == "Bundle.entry[2].fullUrl");
  CHECK(bundle->skipped[2].path == "Bundle.entry[3].resource.id");
  CHECK(bundle->skipped[3].path == "Bundle.entry[4]");
  for (const auto& e : bundle->skipped) CHECK(e.code == ErrorCode::kInvalidResource);
}

TEST_CASE("a Bundle without entries is valid and empty", "[fhir]") {
  auto bundle = parse_bundle(R"({"resourceType": "Bundle", "type": "searchset"})");
  REQUIRE(bundle.has_value());
  CHECK(bundle->type == "searchset");
  CHECK(bundle->resources.empty());
}

TEST_CASE("a Bundle read entry by entry reports malformed JSON where it is", "[fhir][errors][streaming]") {
  // Inside an entry: the position in the whole file, not in the entry.
  auto inside = techo::fhir::parse_fhir("{\"resourceType\": \"Bundle\", \"entry\": [\n  {\"resource\": {\"resourceType\": \"Patient\"}},\n"
                                        "  {\"resource\": {\"resourceType\": \"Patient\", \"id\": tru}}\n]}");
  REQUIRE_FALSE(inside.has_value());
  CHECK(inside.error().code == techo::ErrorCode::kMalformedInput);
  CHECK(inside.error().path == "line 3, column 53");
  // After the entries.
  auto after = techo::fhir::parse_fhir("{\"resourceType\": \"Bundle\", \"entry\": [{\"resource\": {\"resourceType\": \"Patient\"}}],\n"
                                       "  \"type\": collection}");
  REQUIRE_FALSE(after.has_value());
  CHECK(after.error().path == "line 2, column 11");
  // Separators between entries are checked too.
  CHECK_FALSE(techo::fhir::parse_fhir("{\"resourceType\": \"Bundle\", \"entry\": [{\"resource\": {\"resourceType\": \"Patient\"}} "
                                      "{\"resource\": {\"resourceType\": \"Patient\"}}]}").has_value());
  // Keys in any order; entries that are not objects are skipped with their index.
  auto reordered = techo::fhir::parse_fhir(R"({"entry": [{"resource": {"resourceType": "Patient", "id": "a"}}, 7],
                                               "type": "collection", "resourceType": "Bundle"})");
  REQUIRE(reordered.has_value());
  CHECK(reordered->bundle_type == "collection");
  CHECK(reordered->resources.size() == 1);
  REQUIRE(reordered->skipped.size() == 1);
  CHECK(reordered->skipped[0].path == "Bundle.entry[1]");
  // A List (not a Bundle) also has an "entry": it is one resource.
  auto list = techo::fhir::parse_fhir(R"({"resourceType": "List", "status": "current", "mode": "working",
                                          "entry": [{"item": {"reference": "Patient/a"}}]})");
  REQUIRE(list.has_value());
  REQUIRE(list->resources.size() == 1);
  CHECK(list->resources[0].body.at("entry").size() == 1);
}
