// Importing FHIR as people bring it: Bundles, single resources and NDJSON; re-imports
// that never duplicate; newer versions that replace older ones with the history kept.
#include <catch2/catch.hpp>

#include "test_session.hpp"
#include "techo/age.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "api_reply.hpp"
#include "synthea_expectations.hpp"
#include "techo/age.hpp"
#include "techo/api.hpp"
#include "techo/fhir.hpp"
#include "techo/vault.hpp"
#include "test_data.hpp"
#include "vault_testing.hpp"

using nlohmann::json;
using techo::test::error_of;
using techo::test::value_of;

namespace {

std::string ndjson_of(const std::string& bundle_file) {
  auto bundle = json::parse(techo::test::read_data(bundle_file));
  std::string out;
  for (const auto& e : bundle.at("entry")) out += e.at("resource").dump() + "\n";
  return out;
}

std::int64_t history_rows(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT count(*) FROM resource_history", -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  const auto n = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return n;
}

}  // namespace

TEST_CASE("single resources and NDJSON are read as well as Bundles", "[fhir][import]") {
  auto resource = techo::fhir::parse_fhir(techo::test::read_data("jp-clins-examples/Patient-Example-JP-Patient-standard.json"));
  REQUIRE(resource.has_value());
  CHECK(resource->kind == techo::fhir::InputKind::kResource);
  REQUIRE(resource->resources.size() == 1);
  CHECK(resource->resources[0].id == "Example-JP-Patient-standard");

  const std::string ndjson = ndjson_of(techo::test::kSyntheaBundles[0].file);
  auto bulk = techo::fhir::parse_fhir(ndjson);
  REQUIRE(bulk.has_value());
  CHECK(bulk->kind == techo::fhir::InputKind::kNdjson);
  CHECK(bulk->resources.size() == 61);
  CHECK(bulk->skipped.empty());

  auto damaged = techo::fhir::parse_fhir("{\"resourceType\": \"Patient\", \"id\": \"a\"}\n{\"id\": \"b\"}\nnot json\n"
                                         "{\"resourceType\": \"Observation\", \"id\": \"c\"}\n");
  REQUIRE(damaged.has_value());
  CHECK(damaged->resources.size() == 2);
  REQUIRE(damaged->skipped.size() == 2);
  CHECK(damaged->skipped[0].path == "line 2: resourceType");
  CHECK(damaged->skipped[1].path == "line 3");

  auto not_fhir = techo::fhir::parse_fhir(R"({"name": "not a resource"})");
  REQUIRE_FALSE(not_fhir.has_value());
  CHECK(not_fhir.error().path == "resourceType");
}

TEST_CASE("every JP-CLINS example imports, as a file of its own", "[fhir][import][jp-clins]") {
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(techo::test::data_path("jp-clins-examples"))) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".json") continue;
    INFO(name);
    auto report = value_of(session.import_fhir(techo::test::read_data("jp-clins-examples/" + name), name));
    CHECK(report.at("skipped").empty());
    CHECK(report.at("importedTotal").get<int>() + report.at("unchanged").get<int>() + report.at("updated").get<int>() >= 1);
    ++files;
  }
  CHECK(files == 61);
}

TEST_CASE("re-importing the same data never duplicates it", "[fhir][import][idempotent]") {
  auto vault = techo::Vault::open(":memory:");
  REQUIRE(vault.has_value());
  for (const auto& file : {techo::test::kSyntheaBundles[0].file, techo::test::kSyntheaBundles[1].file}) {
    auto bundle = techo::fhir::parse_bundle(techo::test::read_data(file));
    REQUIRE(vault->import_bundle({file}, *bundle).has_value());
    auto again = vault->import_bundle({file + " (again)"}, *bundle);
    REQUIRE(again.has_value());
    CHECK(again->imported_total == 0);
    CHECK(again->unchanged == static_cast<std::int64_t>(bundle->resources.size()));
  }
  // And as NDJSON of the same resources (no fullUrl, so by type and id).
  auto bulk = techo::fhir::parse_fhir(ndjson_of(techo::test::kSyntheaBundles[0].file));
  techo::fhir::Bundle as_bundle{"ndjson", bulk->resources, {}};
  auto third = vault->import_bundle({"luigi.ndjson"}, as_bundle);
  REQUIRE(third.has_value());
  CHECK(third->imported_total == 61);  // fullUrl-keyed before, id-keyed now: new identities
  auto fourth = vault->import_bundle({"luigi.ndjson (again)"}, as_bundle);
  CHECK(fourth->unchanged == 61);
}

TEST_CASE("a newer version replaces the older one and the history is kept", "[fhir][import][versions]") {
  techo::test::TempFile file("versions");
  auto vault = techo::Vault::open(file.path());
  REQUIRE(vault.has_value());
  auto version = [](const char* updated, int value) {
    return techo::fhir::parse_bundle(std::string(R"({"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Observation", "id": "bp-1", "meta": {"lastUpdated": ")") +
                                     updated + R"("}, "valueQuantity": {"value": )" + std::to_string(value) + "}}}]}").value();
  };
  REQUIRE(vault->import_bundle({"v2025.json"}, version("2025-04-01T09:00:00+09:00", 120)).value().imported_total == 1);
  auto newer = vault->import_bundle({"v2026.json"}, version("2026-04-01T09:00:00+09:00", 128));
  CHECK(newer->updated == 1);
  auto older = vault->import_bundle({"v2024.json"}, version("2024-04-01T09:00:00+09:00", 110));
  CHECK(older->historical == 1);
  auto current = vault->timeline(10).value();
  REQUIRE(current.size() == 1);
  CHECK(json::parse(current[0].json).at("valueQuantity").at("value") == 128);
  CHECK(history_rows(file.path()) == 2);

  // A backup carries the history along, and restore brings it back.
  techo::test::TempFile copy("versions-restored");
  auto restored = techo::Vault::open(copy.path());
  auto report = restored->restore_archive(vault->export_archive().value());
  REQUIRE(report.has_value());
  CHECK(report->resources == 1);
  CHECK(history_rows(copy.path()) == 2);
  CHECK(techo::VaultTesting::content_sha256(*restored).value() == techo::VaultTesting::content_sha256(*vault).value());
}

TEST_CASE("two different resources under one identity in one file are both kept", "[fhir][import]") {
  auto vault = techo::Vault::open(":memory:");
  auto bundle = techo::fhir::parse_bundle(R"({"resourceType": "Bundle", "entry": [
      {"resource": {"resourceType": "Observation", "id": "x", "valueQuantity": {"value": 1}}},
      {"resource": {"resourceType": "Observation", "id": "x", "valueQuantity": {"value": 2}}}]})");
  auto report = vault->import_bundle({"dupes.json"}, *bundle);
  CHECK(report->imported_total == 2);
  CHECK(vault->summary()->total == 2);
}

namespace {

// Feeds `bytes` to a session's streaming import in pieces of `piece` bytes.
nlohmann::json import_in_pieces(techo::test::TestSession& session, const std::string& bytes, std::size_t piece,
                                const std::string& name, const std::string& options = "{}") {
  value_of(session.import_begin(name, options));
  for (std::size_t at = 0; at < bytes.size(); at += piece) {
    auto reply = nlohmann::json::parse(session.import_push(std::string_view(bytes).substr(at, piece)));
    if (!reply.at("ok")) return reply;
  }
  return nlohmann::json::parse(session.import_finish());
}

std::string synthea_ndjson(std::size_t bundle) { return ndjson_of(techo::test::kSyntheaBundles[bundle].file); }

}  // namespace

TEST_CASE("a file imported piece by piece: NDJSON line by line, lines split anywhere", "[fhir][import][streaming]") {
  const std::string ndjson = synthea_ndjson(1) + "{\"resourceType\": \"Observation\", \"code\": 5}\nnot json\n";
  for (std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{4096}, ndjson.size()}) {
    INFO(piece);
    techo::test::TestSession session;
    value_of(session.open(":memory:"));
    auto reply = import_in_pieces(session, ndjson, piece, "runte.ndjson");
    INFO(reply.dump().substr(0, 400));
    REQUIRE(reply.at("ok") == true);
    const auto& report = reply.at("value");
    CHECK(report.at("importedTotal") == techo::test::kSyntheaBundles[1].total);
    REQUIRE(report.at("skipped").size() == 2);
    CHECK(report.at("skipped")[0].at("path") == "runte.ndjson: line 286: Observation.code");
    CHECK(report.at("skipped")[1].at("path") == "runte.ndjson: line 287");
    CHECK(value_of(session.summary()).at("sources")[0].at("resources") == techo::test::kSyntheaBundles[1].total);
  }
}

TEST_CASE("an age-encrypted Bundle and NDJSON import piece by piece; cancelling stores nothing", "[fhir][import][streaming]") {
  const std::string bundle = techo::test::read_data(techo::test::kSyntheaBundles[0].file);
  const std::string ndjson = synthea_ndjson(2);
  const auto identity = techo::age::X25519Identity::generate();
  auto encrypt = [&](const std::string& plain) {
    techo::age::EncryptOptions options;
    options.recipients.push_back(identity.recipient());
    auto encryptor = techo::age::Encryptor::create(std::move(options));
    REQUIRE(encryptor.has_value());
    std::string out;
    auto sink = [&](techo::crypto::ByteView piece) -> techo::Status {
      out.append(reinterpret_cast<const char*>(piece.data()), piece.size());
      return techo::Ok{};
    };
    REQUIRE(encryptor->push(techo::crypto::as_bytes(plain), sink).has_value());
    REQUIRE(encryptor->finish(sink).has_value());
    return out;
  };
  const std::string key = nlohmann::json{{"identity", identity.to_string()}}.dump();
  techo::test::TestSession session;
  value_of(session.open(":memory:"));
  auto luigi = import_in_pieces(session, encrypt(bundle), 1000, "luigi.json.age", key);
  REQUIRE(luigi.at("ok") == true);
  CHECK(luigi.at("value").at("importedTotal") == techo::test::kSyntheaBundles[0].total);
  CHECK(luigi.at("value").at("source").at("encrypted") == true);
  auto hyatt = import_in_pieces(session, encrypt(ndjson), 65536, "hyatt.ndjson.age", key);
  REQUIRE(hyatt.at("ok") == true);
  CHECK(hyatt.at("value").at("importedTotal") == techo::test::kSyntheaBundles[2].total);

  const auto total = value_of(session.summary()).at("total");
  // Cancel halfway: nothing of it stays, and the session imports again afterwards.
  value_of(session.import_begin("vito.ndjson", "{}"));
  const std::string vito = synthea_ndjson(3);
  value_of(session.import_push(std::string_view(vito).substr(0, vito.size() / 2)));
  value_of(session.import_abort());
  CHECK(value_of(session.summary()).at("total") == total);
  // A wrong key fails at the header and stores nothing.
  auto wrong = import_in_pieces(session, encrypt(ndjson), 4096, "other.age",
                                nlohmann::json{{"identity", techo::age::X25519Identity::generate().to_string()}}.dump());
  CHECK(wrong.at("ok") == false);
  CHECK(wrong.at("error").at("code") == "AGE_NO_MATCH");
  CHECK(wrong.at("error").at("path").get<std::string>().rfind("other.age", 0) == 0);
  CHECK(value_of(session.summary()).at("total") == total);
  // Damage near the end of an encrypted NDJSON: the lines already stored roll back too.
  std::string damaged = encrypt(ndjson);
  damaged[damaged.size() - 20] ^= 1;
  auto broken = import_in_pieces(session, damaged, 65536, "damaged.ndjson.age", key);
  CHECK(broken.at("ok") == false);
  CHECK(broken.at("error").at("code") == "AGE_PAYLOAD");
  CHECK(value_of(session.summary()).at("total") == total);
  CHECK(value_of(session.summary()).at("sources").size() == 2);
}
