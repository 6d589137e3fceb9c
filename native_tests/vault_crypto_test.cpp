// The encrypted vault: key hierarchy, nothing readable on disk, tampering detected,
// crash consistency under injected I/O faults.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "synthea_expectations.hpp"
#include "techo/age.hpp"
#include "techo/vault.hpp"
#include "test_data.hpp"
#include "vault_testing.hpp"

using techo::ErrorCode;
using techo::KdfParams;
using techo::Vault;
using techo::test::read_file;
using techo::test::TempDir;
using techo::test::write_file;
namespace fs = std::filesystem;

namespace {

// Argon2id at its cheapest keeps the tests fast; the product default is ops 3 / 64 MiB.
const KdfParams kFastKdf{2, 19u << 20};

techo::fhir::Bundle bundle_from(const std::string& relative) {
  auto bundle = techo::fhir::parse_bundle(techo::test::read_data(relative));
  REQUIRE(bundle.has_value());
  return std::move(bundle).value();
}

// A synthetic bundle of n Observations (each a few hundred bytes).
techo::fhir::Bundle observations(int n) {
  std::string json = R"({"resourceType": "Bundle", "type": "collection", "entry": [)";
  for (int i = 0; i < n; ++i) {
    if (i) json += ',';
    json += R"({"resource": {"resourceType": "Observation", "id": "obs-)" + std::to_string(i) +
            R"(", "status": "final", "code": {"text": "収縮期血圧"}, "valueQuantity": {"value": )" +
            std::to_string(110 + i % 40) + R"(, "unit": "mmHg"}, "effectiveDateTime": "2026-01-01T08:00:00+09:00"}})";
  }
  json += "]}";
  auto bundle = techo::fhir::parse_bundle(json);
  REQUIRE(bundle.has_value());
  return std::move(bundle).value();
}

Vault::Created create_vault(const std::string& path) {
  auto created = Vault::create(path, "正しい馬 battery staple", kFastKdf);
  REQUIRE(created.has_value());
  return std::move(created).value();
}

}  // namespace

TEST_CASE("a vault unlocks by passphrase or recovery key and keeps its records", "[vault][crypto]") {
  TempDir dir;
  const std::string path = dir.file("person.techo");
  std::string recovery;
  {
    auto created = create_vault(path);
    recovery = created.recovery_key;
    CHECK(recovery.rfind("AGE-SECRET-KEY-1", 0) == 0);
    CHECK(created.recovery_recipient.rfind("age1", 0) == 0);
    CHECK(created.vault.encrypted());
    REQUIRE(created.vault.import_bundle({"referral.json"}, bundle_from("jp-clins-examples/Bundle-Bundle-CLINS-Referral-Example-01.json")).has_value());
  }  // locked: connection closed, keys wiped

  auto by_passphrase = Vault::unlock(path, "正しい馬 battery staple");
  REQUIRE(by_passphrase.has_value());
  auto summary = by_passphrase->summary();
  REQUIRE(summary.has_value());
  CHECK(summary->total == 18);
  CHECK(summary->patients.at(0).name == "牧野 爛漫");
  const std::string digest = techo::VaultTesting::content_sha256(*by_passphrase).value();
  by_passphrase = techo::Error{ErrorCode::kInternal, "locked", {}};  // lock before the next unlock

  auto by_recovery = Vault::unlock_with_recovery(path, "# saved on paper\n" + recovery + "\n");
  REQUIRE(by_recovery.has_value());
  CHECK(techo::VaultTesting::content_sha256(*by_recovery).value() == digest);
}

TEST_CASE("wrong keys are refused clearly and change nothing", "[vault][crypto][errors]") {
  TempDir dir;
  const std::string path = dir.file("person.techo");
  { auto created = create_vault(path); }
  const std::string before = read_file(path);

  auto wrong = Vault::unlock(path, "wrong horse");
  REQUIRE_FALSE(wrong.has_value());
  CHECK(wrong.error().code == ErrorCode::kWrongKey);
  CHECK(wrong.error().message == "wrong passphrase");

  auto other = Vault::unlock_with_recovery(path, techo::age::X25519Identity::generate().to_string());
  REQUIRE_FALSE(other.has_value());
  CHECK(other.error().code == ErrorCode::kWrongKey);
  CHECK(other.error().message == "this recovery key belongs to another vault");

  auto garbage = Vault::unlock_with_recovery(path, "not a key");
  REQUIRE_FALSE(garbage.has_value());
  CHECK(garbage.error().code == ErrorCode::kWrongKey);

  auto missing = Vault::unlock(dir.file("nothing-here.techo"), "x");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code == ErrorCode::kInvalidArgument);

  CHECK(read_file(path) == before);
  CHECK_FALSE(fs::exists(path + "-journal"));
}

TEST_CASE("changing the passphrase rewraps the key only", "[vault][crypto]") {
  TempDir dir;
  const std::string path = dir.file("person.techo");
  std::string recovery;
  {
    auto created = create_vault(path);
    recovery = created.recovery_key;
    REQUIRE(created.vault.import_bundle({"luigi.json"}, bundle_from(techo::test::kSyntheaBundles[0].file)).has_value());
  }
  std::string pages_before;
  {
    auto vault = Vault::unlock(path, "正しい馬 battery staple");
    REQUIRE(vault.has_value());
    pages_before = read_file(path).substr(techo::detail::kVaultHeaderRegion);
    REQUIRE(vault->change_passphrase("新しい合言葉 2026", kFastKdf).has_value());
  }
  // No page is re-encrypted: only those the change's disclosure-log entry wrote differ
  // (the log's table and index, the schema page), where a new data key changes them all.
  const std::string pages_after = read_file(path).substr(techo::detail::kVaultHeaderRegion);
  REQUIRE(pages_after.size() >= pages_before.size());
  std::size_t changed = 0;
  for (std::size_t at = 0; at < pages_before.size(); at += techo::detail::kVaultPageSize) {
    changed += pages_before.compare(at, techo::detail::kVaultPageSize, pages_after, at, techo::detail::kVaultPageSize) != 0;
  }
  INFO(changed << " of " << pages_before.size() / techo::detail::kVaultPageSize << " pages changed");
  CHECK(pages_before.size() / techo::detail::kVaultPageSize > 40);
  CHECK(changed <= 4);
  CHECK(Vault::unlock(path, "正しい馬 battery staple").error().code == ErrorCode::kWrongKey);
  auto renewed = Vault::unlock(path, "新しい合言葉 2026");
  REQUIRE(renewed.has_value());
  CHECK(renewed->summary()->total == 61);
  renewed = techo::Error{ErrorCode::kInternal, "locked", {}};
  CHECK(Vault::unlock_with_recovery(path, recovery).has_value());
}

TEST_CASE("the vault file holds nothing readable", "[vault][crypto]") {
  TempDir dir;
  const std::string path = dir.file("person.techo");
  {
    auto created = create_vault(path);
    REQUIRE(created.vault.import_bundle({"referral.json"}, bundle_from("jp-clins-examples/Bundle-Bundle-CLINS-Referral-Example-01.json")).has_value());
  }
  const std::string bytes = read_file(path);
  CHECK(bytes.size() > 4096 * 4);
  for (const char* needle : {"SQLite format 3", "牧野", "マキノ", "Patient", "resourceType", "1930-06-28", "CREATE TABLE"}) {
    INFO(needle);
    CHECK(bytes.find(needle) == std::string::npos);
  }
}

TEST_CASE("a single flipped byte anywhere is detected or harmless, never different data", "[vault][crypto][tamper]") {
  TempDir dir;
  const std::string path = dir.file("person.techo");
  {
    auto created = create_vault(path);
    REQUIRE(created.vault.import_bundle({"matt.json"}, bundle_from(techo::test::kSyntheaBundles[1].file)).has_value());
  }
  std::string digest;
  {
    auto vault = Vault::unlock(path, "正しい馬 battery staple");
    REQUIRE(vault.has_value());
    digest = techo::VaultTesting::content_sha256(*vault).value();
  }
  const std::string original = read_file(path);
  std::mt19937 rng(4);
  int detected = 0, harmless = 0;
  for (int trial = 0; trial < 150; ++trial) {
    std::string damaged = original;
    const std::size_t at = rng() % damaged.size();
    damaged[at] = static_cast<char>(damaged[at] ^ (1 << (rng() % 8)));
    const std::string copy = dir.file("tampered-" + std::to_string(trial) + ".techo");
    write_file(copy, damaged);
    INFO("flipped byte " << at << " of " << damaged.size());
    auto vault = Vault::unlock(copy, "正しい馬 battery staple");
    if (!vault) {
      // Only the header region can make the unlock itself fail.
      CHECK(vault.error().code == ErrorCode::kVaultCorrupt);
      ++detected;
    } else {
      auto content = techo::VaultTesting::content_sha256(*vault);
      auto summary = vault->summary();
      if (content && summary) {
        CHECK(*content == digest);
        // Pages those reads did not touch (empty tables, free space) are checked by the
        // integrity check, which reads every page.
        if (auto integrity = techo::VaultTesting::check_integrity(*vault); !integrity) {
          CHECK(integrity.error().code == ErrorCode::kVaultCorrupt);
          ++detected;
        } else {
          ++harmless;
        }
      } else {
        CHECK((content ? summary.error() : content.error()).code == ErrorCode::kVaultCorrupt);
        ++detected;
      }
    }
    vault = techo::Error{ErrorCode::kInternal, "locked", {}};
    fs::remove(copy);
  }
  CHECK(detected + harmless == 150);
  INFO(detected << " detected, " << harmless << " harmless");
  CHECK(detected > 130);  // every page is read by the integrity check; harmless: unused header bytes
}

TEST_CASE("a crash at any write or sync during an import leaves exactly the last committed state",
          "[vault][crypto][crash]") {
  TempDir dir;
  const std::string base = dir.file("base.techo");
  std::string committed, complete;
  {
    auto created = create_vault(base);
    REQUIRE(created.vault.import_bundle({"luigi.json"}, bundle_from(techo::test::kSyntheaBundles[0].file)).has_value());
    committed = techo::VaultTesting::content_sha256(created.vault).value();
  }
  const auto thousand = observations(1000);
  const std::string original = read_file(base);

  int crashes = 0;
  for (int n = 1;; ++n) {
    const std::string path = dir.file("crash.techo");
    fs::remove(path);
    fs::remove(path + "-journal");
    write_file(path, original);
    techo::detail::FaultPlan plan{n};
    bool imported = false;
    {
      auto vault = techo::VaultTesting::unlock(path, "正しい馬 battery staple", &plan);
      REQUIRE(vault.has_value());
      imported = vault->import_bundle({"thousand.json"}, thousand).has_value();
      if (imported && !plan.tripped()) complete = techo::VaultTesting::content_sha256(*vault).value();
    }  // the "process" ends here; with the plan tripped, nothing more reached the disk

    auto reopened = Vault::unlock(path, "正しい馬 battery staple");
    REQUIRE(reopened.has_value());
    auto summary = reopened->summary();
    REQUIRE(summary.has_value());
    const std::string now = techo::VaultTesting::content_sha256(*reopened).value();
    INFO("fault at operation " << n << (imported ? " (import reported success)" : ""));
    if (!plan.tripped()) {
      CHECK(imported);
      CHECK(summary->total == 61 + 1000);
      break;  // every write and sync of the import has now been a crash point
    }
    ++crashes;
    // 0 records lost, 0 half-imports: either all of the import or none of it.
    if (now != committed) {
      CHECK(summary->total == 61 + 1000);
    } else {
      CHECK(summary->total == 61);
    }
    CHECK((now == committed || summary->total == 1061));
  }
  CHECK(crashes > 20);
  CHECK_FALSE(complete.empty());
}

TEST_CASE("after a crash at any write of an import, the reopened vault takes the next commit and stays whole",
          "[vault][crypto][crash]") {
  // A crash before the journal's header was written leaves a journal SQLite does not take
  // as hot (its first byte is zero): nothing is played back, and the next transaction
  // writes its own journal over that one. The commit ledger must then treat the pages as
  // the header's commit, not wait for a playback that never comes.
  TempDir dir;
  const std::string base = dir.file("base.techo");
  {
    auto created = create_vault(base);
    REQUIRE(created.vault.import_bundle({"first.json"}, observations(50)).has_value());
  }
  const std::string original = read_file(base);
  const auto batch = observations(200);
  for (int n = 1;; ++n) {
    const std::string path = dir.file("crash.techo");
    fs::remove(path);
    fs::remove(path + "-journal");
    write_file(path, original);
    techo::detail::FaultPlan plan{n};
    {
      auto vault = techo::VaultTesting::unlock(path, "正しい馬 battery staple", &plan);
      REQUIRE(vault.has_value());
      (void)vault->import_bundle({"crash.json"}, batch);
    }
    INFO("fault at operation " << n);
    std::int64_t total = 0;
    {
      auto reopened = techo::VaultTesting::unlock(path, "正しい馬 battery staple", nullptr);
      REQUIRE(reopened.has_value());
      total = reopened->summary()->total;
      auto next = reopened->import_bundle({"next.json"}, observations(3));
      INFO((next ? std::string() : next.error().message));
      REQUIRE(next.has_value());
      CHECK(techo::VaultTesting::check_integrity(*reopened).has_value());
    }
    auto again = Vault::unlock(path, "正しい馬 battery staple");
    REQUIRE(again.has_value());
    CHECK(again->summary()->total >= total);
    CHECK(techo::VaultTesting::check_integrity(*again).has_value());
    if (!plan.tripped()) break;
  }
}

TEST_CASE("the integrity check reads every page and names damage", "[vault][crypto][tamper]") {
  TempDir dir;
  const std::string path = dir.file("person.techo");
  {
    auto created = create_vault(path);
    REQUIRE(created.vault.import_bundle({"luigi.json"}, bundle_from(techo::test::kSyntheaBundles[0].file)).has_value());
    CHECK(techo::VaultTesting::check_integrity(created.vault).has_value());
  }
  std::string bytes = read_file(path);
  const std::size_t last_page = bytes.size() - 4096 + 100;  // inside the last page
  bytes[last_page] = static_cast<char>(bytes[last_page] ^ 1);
  write_file(path, bytes);
  auto vault = Vault::unlock(path, "正しい馬 battery staple");
  REQUIRE(vault.has_value());
  auto check = techo::VaultTesting::check_integrity(*vault);
  REQUIRE_FALSE(check.has_value());
  CHECK(check.error().code == ErrorCode::kVaultCorrupt);
}
