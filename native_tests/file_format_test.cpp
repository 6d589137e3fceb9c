// The one format detector (techo/file_format.hpp): every file of the test corpora is told
// by its structure, and a FHIR resource stays FHIR whatever words its other fields hold.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "api_reply.hpp"
#include "techo/file_format.hpp"
#include "test_data.hpp"
#include "test_session.hpp"

namespace fs = std::filesystem;
using techo::format::detect;
using techo::format::FileFormat;
using techo::format::format_name;
using nlohmann::json;

namespace {

std::string detected(const std::string& bytes) { return std::string(format_name(detect(bytes, true).format)); }

// Every file under a corpus folder (the JSON, XML, zip and CSV in it), by what it was told as.
std::map<std::string, int> kinds_under(const std::string& folder) {
  std::map<std::string, int> out;
  for (const auto& f : fs::recursive_directory_iterator(techo::test::data_path(folder))) {
    if (!f.is_regular_file()) continue;
    const auto ext = f.path().extension().string();
    if (ext != ".json" && ext != ".xml" && ext != ".zip" && ext != ".ndjson") continue;
    ++out[detected(techo::test::read_file(f.path().string()))];
  }
  return out;
}

}  // namespace

TEST_CASE("every file of the corpora is told by its structure", "[format]") {
  CHECK(kinds_under("synthea-r4") == std::map<std::string, int>{{"fhir", 4}});
  const auto clins = kinds_under("jp-clins-examples");
  CHECK(clins.size() == 1);
  CHECK(clins.count("fhir") == 1);
  // Fitbit's activity log (keys activities/goals/summary) is no reply Techo reads.
  CHECK(kinds_under("vendor-api-fixtures/fitbit") == std::map<std::string, int>{{"fitbit", 8}, {"not-read", 3}});
  CHECK(kinds_under("vendor-api-fixtures/googlefit") == std::map<std::string, int>{{"googlefit", 11}});
  CHECK(kinds_under("vendor-api-fixtures/withings") == std::map<std::string, int>{{"withings", 6}});
  CHECK(kinds_under("apple-health-export") == std::map<std::string, int>{{"apple-health", 1}, {"zip", 2}});
  // Open mHealth samples: data points and bodies placed in time are Open mHealth; the
  // schema's fragments (a bare time frame, a unit value) are no file Techo reads — and
  // none of them is ever taken for FHIR or a vendor.
  const auto omh = kinds_under("openmhealth/test-data");
  INFO("openmhealth " << omh.at("openmhealth") << ", not read " << (omh.count("not-read") ? omh.at("not-read") : 0));
  for (const auto& [kind, n] : omh) CHECK((kind == "openmhealth" || kind == "not-read"));
  CHECK(omh.at("openmhealth") >= 122);
}

TEST_CASE("containers are told by their first bytes", "[format]") {
  CHECK(detected("age-encryption.org/v1\n-> X25519 abc\n") == "age");
  CHECK(detected("\n-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n") == "age-armored");
  CHECK(detected("techo-envelope/v1\n{}\n{}") == "signed-envelope");
  CHECK(detected(std::string("PK\x03\x04", 4) + "rest") == "zip");
  CHECK(detected("timestamp,metric,value,unit,source\n") == "csv");
  CHECK(detected("<?xml version=\"1.0\"?>\n<!DOCTYPE HealthData [\n<!ELEMENT HealthData (x)>\n]>\n<HealthData locale=\"ja_JP\">") ==
        "apple-health");
  CHECK(detected("<ClinicalDocument/>") == "not-read");
  CHECK(detected("{\"resourceType\":\"Patient\",\"id\":\"a\"}\n{\"resourceType\":\"Patient\",\"id\":\"b\"}\n") == "fhir-ndjson");
  CHECK(detected("{\"resourceType\":\"Bundle\",\"type\":\"collection\"}\n") == "fhir");
  // A head that does not tell yet waits for more; given whole it is always decided.
  CHECK(detect("age-encr", false).format == FileFormat::kUndecided);
  CHECK(detect("{\"meta\": {\"x\": 1}, ", false).format == FileFormat::kUndecided);
  CHECK(detect("{\n  \"meta\": {\"x\": 1},\n  \"resourceType\": \"Pat", false).format == FileFormat::kFhirJson);
  // One long line may still be the first of NDJSON: undecided until its end.
  CHECK(detect("{\"meta\": {\"x\": 1}, \"resourceType\": \"Pat", false).format == FileFormat::kUndecided);
  CHECK(detect("", true).format == FileFormat::kNotRead);
}

// Words that used to make a valid FHIR file look like a wearable's export.
TEST_CASE("a FHIR resource or Bundle is FHIR whatever else it holds", "[format][property]") {
  const std::vector<std::string> words = {"series", "state", "sleep", "weight", "point", "activities-steps", "header",
                                          "body", "status", "dataSourceId", "minStartTimeNs", "effective_time_frame",
                                          "schema_id", "measuregrps", "<HealthData", "timestamp,metric,value,unit,source"};
  std::mt19937 random(20261201);
  auto word = [&] { return words[random() % words.size()]; };
  for (int round = 0; round < 2000; ++round) {
    json resource = round % 2 ? json{{"resourceType", "Bundle"}, {"type", "transaction"}, {"entry", json::array()}}
                              : json{{"resourceType", "Observation"}, {"status", "final"}};
    const int extra = 1 + static_cast<int>(random() % 6);
    for (int i = 0; i < extra; ++i) {
      const int shape = static_cast<int>(random() % 3);
      resource[word()] = shape == 0 ? json(word()) : shape == 1 ? json{{word(), word()}} : json::array({word(), {{word(), 1}}});
    }
    if (round % 2) resource["entry"].push_back({{"resource", {{"resourceType", "ImagingStudy"}, {"series", json::array()}}}});
    // nlohmann orders keys: "resourceType" lands among the others, often after them.
    const std::string text = round % 3 ? resource.dump() : resource.dump(2);
    INFO(text);
    REQUIRE(detected(text) == "fhir");
  }
}

TEST_CASE("a transaction Bundle holding an ImagingStudy's series and an address's state imports as FHIR", "[format][api]") {
  techo::test::TestSession session;
  techo::test::value_of(session.open(":memory:"));
  const json bundle = {
      {"resourceType", "Bundle"},
      {"type", "transaction"},
      {"entry",
       {{{"resource", {{"resourceType", "Patient"}, {"id", "p1"}, {"address", {{{"state", "東京都"}}}}}}},
        {{"resource", {{"resourceType", "ImagingStudy"}, {"id", "i1"}, {"status", "available"},
                       {"subject", {{"reference", "Patient/p1"}}}, {"series", json::array()}}}}}}};
  auto report = techo::test::value_of(session.import_fhir(bundle.dump(), "imaging.json"));
  CHECK(report.at("kind") == "fhir");
  CHECK(report.at("format") == "fhir");
}

TEST_CASE("Apple Health's export.zip imports streamed, as its export.xml does", "[format][api][zip]") {
  techo::test::TestSession unzipped;
  techo::test::value_of(unzipped.open(":memory:"));
  auto xml = techo::test::value_of(unzipped.import_bytes(techo::test::read_data("apple-health-export/export6s3sample.xml"), "export.xml"));
  for (const char* zip : {"apple-health-export/export-infozip-stream.zip", "apple-health-export/export-python-zip64.zip"}) {
    techo::test::TestSession session;
    techo::test::value_of(session.open(":memory:"));
    const std::string bytes = techo::test::read_data(zip);
    // In pieces, as the page reads a file.
    techo::test::value_of(session.import_begin("export.zip", "{}"));
    for (std::size_t at = 0; at < bytes.size(); at += 777) techo::test::value_of(session.import_push(bytes.substr(at, 777)));
    auto report = techo::test::value_of(session.import_finish());
    INFO(zip);
    CHECK(report.at("format") == "apple-health");
    CHECK(report.at("imported") == xml.at("imported"));
    CHECK(report.at("byMetric") == xml.at("byMetric"));
  }
  // An empty archive (only its end record) is no export Techo reads.
  techo::test::TestSession session;
  techo::test::value_of(session.open(":memory:"));
  auto error = techo::test::error_of(session.import_bytes(std::string("PK\x05\x06", 4) + std::string(18, '\0'), "other.zip"));
  CHECK(error.at("code") == "UNSUPPORTED");
  CHECK(error.at("path") == "other.zip");
}

TEST_CASE("an encrypted file without its key is NEEDS_KEY, and the next import works", "[format][api]") {
  techo::test::TestSession session;
  techo::test::value_of(session.open(":memory:"));
  auto error = techo::test::error_of(session.import_bytes("age-encryption.org/v1\n-> scrypt abc 10\nxyz\n--- abc\n", "x.json.age"));
  CHECK(error.at("code") == "NEEDS_KEY");
  CHECK(error.at("format") == "age");
  CHECK(error.at("message") == "this file is encrypted (age): give its passphrase or key to import it");
  CHECK(techo::test::value_of(session.import_bytes(R"({"resourceType":"Patient","id":"p"})", "p.json")).at("importedTotal") == 1);
}
