#include <catch2/catch.hpp>

#include <sqlite3.h>

#include "synthea_expectations.hpp"
#include "techo/vault.hpp"
#include "test_data.hpp"
#include "vault_testing.hpp"

using techo::ErrorCode;
using techo::Vault;
using techo::fhir::parse_bundle;
using techo::test::read_data;
using techo::test::TempFile;

namespace {

techo::fhir::Bundle bundle_from(const std::string& relative) {
  auto bundle = parse_bundle(read_data(relative));
  REQUIRE(bundle.has_value());
  return std::move(bundle).value();
}

Vault open_vault(const std::string& path) {
  auto vault = Vault::open(path);
  REQUIRE(vault.has_value());
  return std::move(vault).value();
}

// Runs SQL on the vault file from outside, as another process would.
void exec_raw(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* message = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  INFO((message ? message : ""));
  sqlite3_free(message);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

}  // namespace

TEST_CASE("importing the four Synthea bundles stores exact counts per type", "[vault]") {
  Vault vault = open_vault(":memory:");
  std::map<std::string, std::int64_t> expected_counts;
  std::int64_t expected_total = 0;
  for (const auto& expected : techo::test::kSyntheaBundles) {
    auto report = vault.import_bundle(techo::SourceInfo{expected.file}, bundle_from(expected.file));
    REQUIRE(report.has_value());
    CHECK(report->imported == expected.counts);
    CHECK(report->imported_total == expected.total);
    for (const auto& [type, n] : expected.counts) expected_counts[type] += n;
    expected_total += expected.total;
  }
  auto summary = vault.summary();
  REQUIRE(summary.has_value());
  CHECK(summary->counts == expected_counts);
  CHECK(summary->total == expected_total);
  CHECK(summary->total == 2701);
  REQUIRE(summary->patients.size() == 4);
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(summary->patients[i].name == techo::test::kSyntheaBundles[i].patient_name);
    CHECK(summary->patients[i].birth_date == techo::test::kSyntheaBundles[i].birth_date);
  }
}

TEST_CASE("the summary names a JP Core patient in kanji with kana and birth date", "[vault]") {
  Vault vault = open_vault(":memory:");
  REQUIRE(vault.import_bundle(techo::SourceInfo{"referral.json"},
                              bundle_from("jp-clins-examples/Bundle-Bundle-CLINS-Referral-Example-01.json"))
              .has_value());
  auto summary = vault.summary();
  REQUIRE(summary.has_value());
  REQUIRE(summary->patients.size() == 1);
  CHECK(summary->patients[0].name == "牧野 爛漫");
  CHECK(summary->patients[0].name_phonetic == "マキノ ランマン");
  CHECK(summary->patients[0].birth_date == "1930-06-28");
  CHECK(summary->patients[0].gender == "female");
  CHECK(summary->counts.at("Condition") == 5);
  CHECK(summary->counts.at("AllergyIntolerance") == 3);
  CHECK(summary->total == 18);
}

TEST_CASE("an empty vault has an empty summary", "[vault]") {
  Vault vault = open_vault(":memory:");
  auto summary = vault.summary();
  REQUIRE(summary.has_value());
  CHECK(summary->total == 0);
  CHECK(summary->counts.empty());
  CHECK(summary->patients.empty());
}

TEST_CASE("a vault file keeps its records across reopening", "[vault]") {
  TempFile file("reopen");
  {
    Vault vault = open_vault(file.path());
    REQUIRE(vault.import_bundle(techo::SourceInfo{"luigi.json"}, bundle_from(techo::test::kSyntheaBundles[0].file)).has_value());
  }
  Vault reopened = open_vault(file.path());
  auto summary = reopened.summary();
  REQUIRE(summary.has_value());
  CHECK(summary->total == 61);
  CHECK(summary->counts.at("Immunization") == 12);
}

TEST_CASE("a failed import leaves the vault exactly as it was", "[vault][atomic]") {
  TempFile file("atomic");
  {
    Vault vault = open_vault(file.path());
    REQUIRE(vault.import_bundle(techo::SourceInfo{"luigi.json"}, bundle_from(techo::test::kSyntheaBundles[0].file)).has_value());
  }
  // Make the store refuse one resource in the middle of the next import.
  exec_raw(file.path(),
           "CREATE TRIGGER refuse_one BEFORE INSERT ON resources WHEN NEW.fhir_id = 'second' "
           "BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");

  Vault vault = open_vault(file.path());
  auto bundle = parse_bundle(R"({"resourceType": "Bundle", "type": "collection", "entry": [
      {"resource": {"resourceType": "Observation", "id": "first"}},
      {"resource": {"resourceType": "Observation", "id": "second"}},
      {"resource": {"resourceType": "Observation", "id": "third"}}]})");
  REQUIRE(bundle.has_value());
  auto report = vault.import_bundle(techo::SourceInfo{"three.json"}, bundle.value());
  REQUIRE_FALSE(report.has_value());
  CHECK(report.error().code == ErrorCode::kStorage);
  CHECK_THAT(report.error().message, Catch::Contains("injected failure"));
  CHECK(report.error().path == "three.json");

  auto summary = vault.summary();
  REQUIRE(summary.has_value());
  CHECK(summary->total == 61);
  CHECK(summary->counts.at("Observation") == 31);
}

TEST_CASE("a vault from a newer schema is refused, not damaged", "[vault][schema]") {
  TempFile file("future");
  { Vault vault = open_vault(file.path()); }
  exec_raw(file.path(), "PRAGMA user_version = 999;");
  auto vault = Vault::open(file.path());
  REQUIRE_FALSE(vault.has_value());
  CHECK(vault.error().code == ErrorCode::kUnsupported);
  CHECK_THAT(vault.error().message, Catch::Contains("newer Techo"));
}

TEST_CASE("a file that is not a database is reported as a damaged vault", "[vault][errors]") {
  TempFile file("garbage");
  {
    FILE* f = std::fopen(file.path().c_str(), "wb");
    REQUIRE(f);
    std::fputs("this is not an SQLite database, just some text that is long enough to have a header", f);
    std::fclose(f);
  }
  auto vault = Vault::open(file.path());
  REQUIRE_FALSE(vault.has_value());
  CHECK(vault.error().code == ErrorCode::kVaultCorrupt);
  CHECK_THAT(vault.error().path, Catch::Contains(file.path()));
}

TEST_CASE("an import needs a source name", "[vault][errors]") {
  Vault vault = open_vault(":memory:");
  auto report = vault.import_bundle(techo::SourceInfo{""}, techo::fhir::Bundle{});
  REQUIRE_FALSE(report.has_value());
  CHECK(report.error().code == ErrorCode::kInvalidArgument);
}

TEST_CASE("a vault of every earlier schema version migrates forward with its records intact", "[vault][schema]") {
  struct Fixture {
    const char* sql;
    const char* patient;
    const char* source;
    techo::Verification verification;
  };
  const Fixture fixture = GENERATE(Fixture{"vault-schema-v1.sql", "古井 一郎", "old.json", techo::Verification::kUnsigned},
                                   Fixture{"vault-schema-v2.sql", "新井 二郎", "signed.json.age", techo::Verification::kVerified});
  INFO(fixture.sql);
  TempFile file("migrate");
  exec_raw(file.path(), techo::test::read_data(fixture.sql).c_str());
  {
    Vault vault = open_vault(file.path());
    auto summary = vault.summary();
    REQUIRE(summary.has_value());
    REQUIRE(summary->patients.size() == 1);
    CHECK(summary->patients[0].name == fixture.patient);
    REQUIRE(summary->sources.size() == 1);
    CHECK(summary->sources[0].info.name == fixture.source);
    CHECK(summary->sources[0].info.verification == fixture.verification);
    CHECK(summary->sources[0].resources == summary->total);
    // The tables of later versions exist and work.
    REQUIRE(vault.add_trusted_issuer({"ed25519:00", "clinic", "AAAA"}).has_value());
    CHECK(techo::VaultTesting::is_trusted_issuer(vault, "ed25519:00").value());
  }
  exec_raw(file.path(),
           "INSERT INTO profiles(display_name, relationship) VALUES ('花子', 'child');"
           "INSERT INTO audit_log(action) VALUES ('test');"
           "INSERT INTO lifelog_samples(source_id, metric, start_at, end_at, value, unit) "
           "VALUES (1, 'steps', '2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z', 120, '{steps}');");
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.path().c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  CHECK(sqlite3_column_int(stmt, 0) == Vault::schema_version());
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}
