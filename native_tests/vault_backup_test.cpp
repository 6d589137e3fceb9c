// Backup and restore: the whole vault as standard files inside an age file, restored into
// an empty vault with the same records and content hash.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "synthea_expectations.hpp"
#include "techo/age.hpp"
#include "techo/encoding.hpp"
#include "techo/envelope.hpp"
#include "techo/vault.hpp"
#include "test_data.hpp"
#include "techo/views.hpp"
#include "vault_testing.hpp"

using techo::ErrorCode;
using techo::Vault;
using techo::test::read_file;
using techo::test::TempDir;
namespace fs = std::filesystem;

namespace {

const techo::KdfParams kFastKdf{2, 19u << 20};
// An Ed25519 public key (the demo issuer's) and its id.
const std::string kClinicKey = "zrCFTHmG+ZuEfwi2eLa13dp9ZMtOMZ7YrVSBBDi1qzQ=";
const std::string kClinicKeyId = [] {
  auto bytes = techo::encoding::base64_decode(kClinicKey, techo::encoding::Padding::kRequired).value();
  std::array<std::uint8_t, 32> key;
  std::copy(bytes.begin(), bytes.end(), key.begin());
  return techo::envelope::key_id(key);
}();

void fill(Vault& vault) {
  for (const auto& b : techo::test::kSyntheaBundles) {
    auto bundle = techo::fhir::parse_bundle(techo::test::read_data(b.file));
    REQUIRE(bundle.has_value());
    REQUIRE(vault.import_bundle({b.file}, *bundle).has_value());
  }
  auto referral = techo::fhir::parse_bundle(techo::test::read_data("jp-clins-examples/Bundle-Bundle-CLINS-Referral-Example-01.json"));
  techo::SourceInfo signed_source{"referral.json.age", true, techo::Verification::kVerified, "", kClinicKeyId,
                                  "2026-11-01T09:00:00+09:00", "てちょう内科"};
  REQUIRE(vault.import_bundle(signed_source, *referral).has_value());
  REQUIRE(vault.add_trusted_issuer({kClinicKeyId, "てちょう内科", kClinicKey}).has_value());
}

}  // namespace

TEST_CASE("a backup opens with the age CLI as standard files and restores exactly", "[vault][backup]") {
  TempDir dir;
  auto created = Vault::create(dir.file("a.techo"), "pass", kFastKdf);
  REQUIRE(created.has_value());
  Vault& vault = created->vault;
  fill(vault);
  const auto before = vault.summary().value();
  const std::string digest = techo::VaultTesting::content_sha256(vault).value();

  auto archive = vault.export_archive();
  REQUIRE(archive.has_value());
  techo::age::EncryptOptions to_recovery;
  to_recovery.recipients.push_back(techo::age::X25519Recipient::parse(created->recovery_recipient).value());
  auto backup = techo::age::encrypt(techo::crypto::as_bytes(*archive), std::move(to_recovery));
  REQUIRE(backup.has_value());
  {
    std::ofstream(dir.file("backup.age"), std::ios::binary).write(reinterpret_cast<const char*>(backup->data()), backup->size());
    std::ofstream(dir.file("recovery.txt")) << created->recovery_key << "\n";
  }

  // A person with only the stock tools gets readable files out.
  const std::string command = "cd '" + dir.path() + "' && age -d -i recovery.txt backup.age | tar x";
  REQUIRE(std::system(command.c_str()) == 0);
  auto manifest = nlohmann::json::parse(read_file(dir.file("manifest.json")));
  CHECK(manifest.at("format") == "techo-backup/v1");
  CHECK(manifest.at("schemaVersion") == Vault::schema_version());
  CHECK(manifest.at("counts").at("resources") == 2701 + 18);
  CHECK(manifest.at("counts").at("resourcesByType").at("Observation") == 1425 + 1);
  CHECK(manifest.at("contentSha256") == digest);
  auto records = nlohmann::json::parse(read_file(dir.file("records.fhir.json")));
  CHECK(records.at("resourceType") == "Bundle");
  CHECK(records.at("entry").size() == 2719);
  CHECK(records.at("entry")[0].at("resource").at("resourceType") == "Patient");
  CHECK(nlohmann::json::parse(read_file(dir.file("sources.json"))).size() == 5);
  CHECK(fs::exists(dir.file("lifelog.ndjson")));

  // Restore into a new, empty vault.
  auto plain = techo::age::decrypt(*backup, [&] {
    techo::age::DecryptOptions o;
    o.identities.push_back(techo::age::X25519Identity::parse(created->recovery_key).value());
    return o;
  }());
  REQUIRE(plain.has_value());
  auto fresh = Vault::create(dir.file("b.techo"), "other", kFastKdf);
  REQUIRE(fresh.has_value());
  auto report = fresh->vault.restore_archive(std::string_view(reinterpret_cast<const char*>(plain->data()), plain->size()));
  REQUIRE(report.has_value());
  CHECK(report->resources == 2719);
  CHECK(report->sources == 5);
  CHECK(report->content_sha256 == digest);
  auto after = fresh->vault.summary().value();
  CHECK(after.counts == before.counts);
  CHECK(after.total == before.total);
  REQUIRE(after.sources.size() == before.sources.size());
  CHECK(before.sources[4].info.verification == techo::Verification::kVerified);
  // What the backup cannot prove comes back unproven: the vault keeps no envelope to check
  // the signature again, and the issuer waits for the person to confirm it.
  CHECK(after.sources[4].info.verification == techo::Verification::kUnsigned);
  CHECK(after.sources[4].info.issuer_name.empty());
  CHECK(after.sources[4].imported_at == before.sources[4].imported_at);
  CHECK(report->pending_issuers == 1);
  CHECK_FALSE(techo::VaultTesting::is_trusted_issuer(fresh->vault, kClinicKeyId).value());
  const auto pending = fresh->vault.pending_issuers().value();
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].key_id == kClinicKeyId);
  CHECK(pending[0].name == "てちょう内科");
  REQUIRE(fresh->vault.confirm_pending_issuer(kClinicKeyId).has_value());
  CHECK(techo::VaultTesting::is_trusted_issuer(fresh->vault, kClinicKeyId).value());
  CHECK(fresh->vault.pending_issuers().value().empty());
  CHECK(fresh->vault.confirm_pending_issuer(kClinicKeyId).error().path == "keyId");
}

TEST_CASE("restore refuses a damaged backup or a non-empty vault and changes nothing", "[vault][backup][errors]") {
  auto source = Vault::open(":memory:");
  REQUIRE(source.has_value());
  fill(*source);
  std::string archive = source->export_archive().value();

  SECTION("a byte of the records changed") {
    const auto at = archive.find("\"Luigi\"");
    REQUIRE(at != std::string::npos);
    archive[at + 1] = 'X';
    auto target = Vault::open(":memory:");
    auto report = target->restore_archive(archive);
    REQUIRE_FALSE(report.has_value());
    CHECK(report.error().code == ErrorCode::kMalformedInput);
    CHECK(report.error().path == "backup: records.fhir.json");
    CHECK(target->summary()->total == 0);
  }
  SECTION("truncated") {
    auto target = Vault::open(":memory:");
    auto report = target->restore_archive(std::string_view(archive).substr(0, archive.size() / 2));
    REQUIRE_FALSE(report.has_value());
    CHECK(target->summary()->total == 0);
  }
  SECTION("into a vault that has records") {
    auto report = source->restore_archive(archive);
    REQUIRE_FALSE(report.has_value());
    CHECK(report.error().code == ErrorCode::kInvalidArgument);
    CHECK(source->summary()->total == 2719);
  }
}

TEST_CASE("lifelog samples round-trip through a backup", "[vault][backup]") {
  techo::test::TempFile a("lifelog-a"), b("lifelog-b");
  {
    auto vault = Vault::open(a.path());
    REQUIRE(vault.has_value());
    auto bundle = techo::fhir::parse_bundle(R"({"resourceType": "Bundle", "entry": []})");
    REQUIRE(vault->import_bundle({"watch.json"}, *bundle).has_value());
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(a.path().c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db,
                       "INSERT INTO lifelog_samples(source_id, metric, start_at, end_at, utc_offset, value, unit, device) VALUES "
                       "(1, 'steps', '2026-01-01T07:00:00+09:00', '2026-01-01T19:00:00+09:00', 540, 6000, '{steps}', 'watch'),"
                       "(1, 'heart-rate', '2026-01-01T07:00:00+09:00', '2026-01-01T07:00:00+09:00', NULL, 61.5, '/min', '')",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  auto source = Vault::open(a.path());
  const std::string archive = source->export_archive().value();
  CHECK(archive.find("\"metric\":\"steps\"") != std::string::npos);
  auto target = Vault::open(b.path());
  auto report = target->restore_archive(archive);
  REQUIRE(report.has_value());
  CHECK(report->lifelog_samples == 2);
  CHECK(target->export_archive().value().find(R"({"detail":"","device":"watch","deviceKind":"app","end":"2026-01-01T19:00:00+09:00","metric":"steps","source":0,"start":"2026-01-01T07:00:00+09:00","unit":"{steps}","utcOffset":540,"value":6000.0})") != std::string::npos);
}

TEST_CASE("a restored vault has the same merged lifelog, each person's own", "[vault][backup][lifelog]") {
  techo::test::TempFile a("lifelog-people-a"), b("lifelog-people-b");
  auto source = Vault::open(a.path());
  REQUIRE(source.has_value());
  auto parsed = techo::lifelog::parse_open_mhealth(R"([
    {"step_count": {"value": 6000, "unit": "steps"},
     "effective_time_frame": {"time_interval": {"start_date_time": "2026-01-01T07:00:00+09:00", "end_date_time": "2026-01-01T19:00:00+09:00"}}}])");
  REQUIRE(parsed.has_value());
  REQUIRE(source->import_lifelog({"watch.json"}, *parsed).has_value());
  auto bundle = techo::fhir::parse_bundle(R"({"resourceType": "Bundle", "type": "collection", "entry": [
    {"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1", "name": [{"family": "山田", "given": ["花子"]}], "birthDate": "1988-04-02"}},
    {"fullUrl": "urn:uuid:p2", "resource": {"resourceType": "Patient", "id": "p2", "name": [{"family": "山田", "given": ["陽向"]}], "birthDate": "2022-05-10"}},
    {"fullUrl": "urn:uuid:o1", "resource": {"resourceType": "Observation", "id": "o1", "status": "final",
      "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]}, "subject": {"reference": "urn:uuid:p2"},
      "effectiveDateTime": "2026-01-01T10:00:00+09:00", "valueQuantity": {"value": 12.4, "code": "kg"}}}]})");
  REQUIRE(bundle.has_value());
  REQUIRE(source->import_bundle({"clinic.json"}, *bundle).has_value());
  techo::lifelog::Priority phone_first;
  phone_first.order = {techo::lifelog::DeviceKind::kPhone, techo::lifelog::DeviceKind::kWatch};
  REQUIRE(source->set_lifelog_priority("steps", phone_first).has_value());
  const std::string archive = source->export_archive().value();
  CHECK(archive.find("29463") != std::string::npos);   // the Observation, in the records
  CHECK(archive.find("\"metric\":\"body-weight\"") == std::string::npos);  // not again as a lifelog line

  auto target = Vault::open(b.path());
  REQUIRE(target.has_value());
  REQUIRE(target->restore_archive(archive).has_value());
  auto steps = target->lifelog_days("steps", "2026-01-01", "2026-01-01");
  REQUIRE(steps.has_value());
  REQUIRE(steps->size() == 1);
  CHECK((*steps)[0].value == 6000);
  auto people = target->people();
  REQUIRE(people.has_value());
  REQUIRE(people->size() == 2);
  auto weight = target->lifelog_days("body-weight", "2026-01-01", "2026-01-01", (*people)[1].id);
  REQUIRE(weight.has_value());
  REQUIRE(weight->size() == 1);
  CHECK((*weight)[0].value == Approx(12.4));
  CHECK(target->lifelog_days("body-weight", "2026-01-01", "2026-01-01")->empty());
  CHECK(target->lifelog_priority("steps")->order == phone_first.order);  // the person's settings come back too
}

TEST_CASE("the profile a file claims survives a backup: an e-prescription stays one", "[vault][backup][documents]") {
  techo::test::TempFile a("profile-a"), b("profile-b");
  auto source = Vault::open(a.path());
  REQUIRE(source.has_value());
  auto bundle = techo::fhir::parse_bundle(R"({"resourceType": "Bundle", "type": "document",
    "meta": {"profile": ["http://jpfhir.jp/fhir/ePrescription/StructureDefinition/JP_Bundle_ePrescriptionData"]},
    "entry": [{"fullUrl": "urn:uuid:0a0b0c0d-0000-0000-0000-000000000002",
               "resource": {"resourceType": "Composition", "status": "final", "title": "処方箋", "date": "2026-11-20"}}]})");
  REQUIRE(bundle.has_value());
  CHECK(bundle->profile == "http://jpfhir.jp/fhir/ePrescription/StructureDefinition/JP_Bundle_ePrescriptionData");
  REQUIRE(source->import_bundle({"eprescription.json"}, *bundle).has_value());
  auto target = Vault::open(b.path());
  REQUIRE(target->restore_archive(source->export_archive().value()).has_value());
  for (Vault* vault : {&*source, &*target}) {
    auto summary = techo::views::ehr_summary(*vault, {});
    REQUIRE(summary.has_value());
    REQUIRE(summary->at("documents").size() == 1);
    CHECK(summary->at("documents")[0].at("kind") == "e-prescription");
  }
}
