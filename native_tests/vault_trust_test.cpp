// The vault keeps its promises to someone who can write the stored file: the header is
// authenticated, an old passphrase opens nothing after a change, and pages, journals or
// header slots from another version of the same vault are refused (VAULT_CORRUPT), never
// shown. These tests work on the raw stored bytes, as an attacker would.
#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "techo/age.hpp"
#include "techo/crypto.hpp"
#include "techo/encoding.hpp"
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

// The cheapest Argon2id the vault accepts; the product default is ops 3 / 64 MiB.
const KdfParams kFastKdf{2, 19u << 20};
constexpr const char* kPassphrase = "正しい馬 battery staple";
constexpr std::size_t kSlotSize = 2048;
constexpr std::size_t kHeaderRegion = 4096;
constexpr std::size_t kPageSize = 4096;

techo::fhir::Bundle observations(int n, const std::string& prefix) {
  std::string json = R"({"resourceType": "Bundle", "type": "collection", "entry": [)";
  for (int i = 0; i < n; ++i) {
    if (i) json += ',';
    json += R"({"resource": {"resourceType": "Observation", "id": ")" + prefix + std::to_string(i) +
            R"(", "status": "final", "code": {"text": "体重"}, "valueQuantity": {"value": )" +
            std::to_string(50 + i % 30) + R"(, "unit": "kg"}, "effectiveDateTime": "2026-02-01T08:00:00+09:00"}})";
  }
  json += "]}";
  auto bundle = techo::fhir::parse_bundle(json);
  REQUIRE(bundle.has_value());
  return std::move(bundle).value();
}

std::int64_t total(Vault& vault) {
  auto summary = vault.summary();
  REQUIRE(summary.has_value());
  return summary->total;
}

void import(Vault& vault, int n, const std::string& prefix) {
  REQUIRE(vault.import_bundle({prefix + ".json"}, observations(n, prefix)).has_value());
}

// What an attacker who knows the slot layout can rewrite: the JSON of a slot, with its
// integrity digest recomputed ("TECHOVLT" | u64 generation | u32 length | JSON |
// SHA-256(generation || length || JSON) | ...).
struct Slot {
  std::uint64_t generation = 0;
  nlohmann::json fields;
};

Slot read_slot(const std::string& file, int index) {
  const char* slot = file.data() + index * kSlotSize;
  REQUIRE(std::memcmp(slot, "TECHOVLT", 8) == 0);
  Slot s;
  std::uint32_t length = 0;
  std::memcpy(&s.generation, slot + 8, 8);
  std::memcpy(&length, slot + 16, 4);
  s.fields = nlohmann::json::parse(std::string(slot + 20, length));
  return s;
}

// Keeps every byte after the digest (e.g. a MAC) as it was: the attacker cannot compute it.
void write_slot(std::string& file, int index, const Slot& s) {
  char* slot = file.data() + index * kSlotSize;
  std::uint32_t old_length = 0;
  std::memcpy(&old_length, slot + 16, 4);
  const std::string tail(slot + 20 + old_length + 32, kSlotSize - 20 - old_length - 32);
  const std::string text = s.fields.dump();
  const auto length = static_cast<std::uint32_t>(text.size());
  std::string body(12 + length, '\0');
  std::memcpy(body.data(), &s.generation, 8);
  std::memcpy(body.data() + 8, &length, 4);
  std::memcpy(body.data() + 12, text.data(), length);
  const auto digest = techo::crypto::sha256(techo::crypto::as_bytes(body));
  std::string rebuilt = std::string("TECHOVLT", 8) + body + std::string(digest.begin(), digest.end()) + tail;
  rebuilt.resize(kSlotSize, '\0');
  std::memcpy(slot, rebuilt.data(), kSlotSize);
}

int newest_slot(const std::string& file) { return read_slot(file, 0).generation >= read_slot(file, 1).generation ? 0 : 1; }

// A copy of `file` in which only slot `keep` survives (the other zeroed).
std::string only_slot(std::string file, int keep) {
  std::memset(file.data() + (1 - keep) * kSlotSize, 0, kSlotSize);
  return file;
}

std::size_t page_offset(std::size_t pgno) { return kHeaderRegion + (pgno - 1) * kPageSize; }

}  // namespace

TEST_CASE("after a passphrase change no stored slot opens with the old passphrase", "[vault][trust]") {
  TempDir dir;
  const std::string path = dir.file("person.techo");
  {
    auto created = Vault::create(path, kPassphrase, kFastKdf);
    REQUIRE(created.has_value());
    import(created->vault, 10, "before");
    REQUIRE(created->vault.change_passphrase("新しい合言葉 2026", kFastKdf).has_value());
    import(created->vault, 10, "after");  // records added after the change
  }
  const std::string stored = read_file(path);
  for (int slot : {0, 1}) {
    INFO("slot " << slot);
    const std::string copy = dir.file("slot-" + std::to_string(slot) + ".techo");
    write_file(copy, only_slot(stored, slot));
    auto old = Vault::unlock(copy, kPassphrase);
    REQUIRE_FALSE(old.has_value());
    CHECK(old.error().code == ErrorCode::kWrongKey);
    auto renewed = Vault::unlock(copy, "新しい合言葉 2026");
    REQUIRE(renewed.has_value());
    CHECK(total(*renewed) == 20);
  }
}

TEST_CASE("rotating the data key re-encrypts every page: an old copy's key opens none of the new pages",
          "[vault][trust]") {
  TempDir dir;
  const std::string path = dir.file("person.techo");
  std::string recovery;
  {
    auto created = Vault::create(path, kPassphrase, kFastKdf);
    REQUIRE(created.has_value());
    recovery = created->recovery_key;
    import(created->vault, 10, "before");
  }
  const std::string old_copy = read_file(path);
  {
    auto vault = Vault::unlock(path, kPassphrase);
    REQUIRE(vault.has_value());
    REQUIRE(vault->change_passphrase("新しい合言葉 2026", kFastKdf, techo::RotateDataKey::kYes).has_value());
    import(*vault, 10, "after");
  }
  const std::string rotated = read_file(path);
  // The old copy's header (old passphrase, old data key) over the new pages: nothing opens.
  std::string grafted = rotated;
  std::memcpy(grafted.data(), old_copy.data(), kHeaderRegion);
  write_file(dir.file("grafted.techo"), grafted);
  auto opened = Vault::unlock(dir.file("grafted.techo"), kPassphrase);
  if (opened) {
    auto summary = opened->summary();
    REQUIRE_FALSE(summary.has_value());
    CHECK(summary.error().code == ErrorCode::kVaultCorrupt);
  } else {
    CHECK(opened.error().code == ErrorCode::kVaultCorrupt);
  }
  // No page of the rotated file is a page of the old one.
  for (std::size_t p = 1; page_offset(p) + kPageSize <= std::min(old_copy.size(), rotated.size()); ++p) {
    INFO("page " << p);
    CHECK(old_copy.compare(page_offset(p), kPageSize, rotated, page_offset(p), kPageSize) != 0);
  }
  auto renewed = Vault::unlock(path, "新しい合言葉 2026");
  REQUIRE(renewed.has_value());
  CHECK(total(*renewed) == 20);
  CHECK(techo::VaultTesting::check_integrity(*renewed).has_value());
  renewed = techo::Error{ErrorCode::kInternal, "locked", {}};
  auto by_recovery = Vault::unlock_with_recovery(path, recovery);
  REQUIRE(by_recovery.has_value());
  CHECK(total(*by_recovery) == 20);
}

TEST_CASE("the header is authenticated: a replaced recovery recipient is refused", "[vault][trust]") {
  TempDir dir;
  const std::string path = dir.file("person.techo");
  {
    auto created = Vault::create(path, kPassphrase, kFastKdf);
    REQUIRE(created.has_value());
    import(created->vault, 5, "a");
  }
  std::string stored = read_file(path);
  const std::string attacker = techo::age::X25519Identity::generate().recipient().to_string();
  for (int index : {0, 1}) {
    Slot s = read_slot(stored, index);
    s.fields["recoveryRecipient"] = attacker;
    write_slot(stored, index, s);
  }
  write_file(path, stored);
  auto vault = Vault::unlock(path, kPassphrase);
  if (vault) CHECK(vault->recovery_recipient() != attacker);  // on failure, say what it held
  REQUIRE_FALSE(vault.has_value());
  CHECK(vault.error().code == ErrorCode::kVaultCorrupt);
}

TEST_CASE("key-derivation costs outside the accepted range are refused before any work", "[vault][trust]") {
  TempDir dir;
  const std::string path = dir.file("person.techo");
  { REQUIRE(Vault::create(path, kPassphrase, kFastKdf).has_value()); }
  const std::string stored = read_file(path);
  struct Case {
    const char* what;
    std::uint64_t ops;
    std::uint64_t mem;
  };
  for (const Case& c : {Case{"a million passes", 1000000, 8192}, Case{"4 GiB", 2, 4ull << 30},
                        Case{"one pass over 8 KiB", 1, 8192}}) {
    INFO(c.what);
    std::string tampered = stored;
    for (int index : {0, 1}) {
      Slot s = read_slot(tampered, index);
      s.fields["kdf"]["ops"] = c.ops;
      s.fields["kdf"]["memBytes"] = c.mem;
      write_slot(tampered, index, s);
    }
    write_file(path, tampered);
    auto vault = Vault::unlock(path, kPassphrase);
    REQUIRE_FALSE(vault.has_value());
    CHECK(vault.error().code == ErrorCode::kVaultCorrupt);
  }
  // And the API refuses to create such a vault.
  for (const KdfParams& weak : {KdfParams{1, 8192}, KdfParams{1, 64u << 20}, KdfParams{3, 1u << 20}}) {
    auto created = Vault::create(dir.file("weak.techo"), kPassphrase, weak);
    REQUIRE_FALSE(created.has_value());
    CHECK(created.error().code == ErrorCode::kInvalidArgument);
    CHECK_FALSE(fs::exists(dir.file("weak.techo")));
  }
}

TEST_CASE("pages put back from an older version of the same vault are refused", "[vault][trust][rollback]") {
  TempDir dir;
  const std::string path = dir.file("person.techo");
  {
    auto created = Vault::create(path, kPassphrase, kFastKdf);
    REQUIRE(created.has_value());
    import(created->vault, 200, "first");
  }
  const std::string older = read_file(path);
  {
    auto vault = Vault::unlock(path, kPassphrase);
    REQUIRE(vault.has_value());
    import(*vault, 200, "second");
  }
  const std::string newer = read_file(path);
  REQUIRE(newer.size() >= older.size());

  SECTION("every page of the older version under the newer header") {
    std::string mixed = newer.substr(0, kHeaderRegion) + older.substr(kHeaderRegion);
    write_file(path, mixed);
  }
  SECTION("one page rolled back") {
    std::size_t changed = 0;
    for (std::size_t p = 2; page_offset(p) + kPageSize <= older.size(); ++p) {
      if (older.compare(page_offset(p), kPageSize, newer, page_offset(p), kPageSize) != 0) {
        changed = p;
        break;
      }
    }
    REQUIRE(changed != 0);
    std::string mixed = newer;
    std::memcpy(mixed.data() + page_offset(changed), older.data() + page_offset(changed), kPageSize);
    write_file(path, mixed);
  }
  SECTION("both header slots of the older version over the newer pages") {
    std::string mixed = older.substr(0, kHeaderRegion) + newer.substr(kHeaderRegion);
    write_file(path, mixed);
  }
  SECTION("the newer slot damaged and the older slot of an earlier version") {
    std::string mixed = newer;
    const int slot = newest_slot(newer);
    std::memcpy(mixed.data() + (1 - slot) * kSlotSize, older.data() + (1 - slot) * kSlotSize, kSlotSize);
    mixed[slot * kSlotSize + 30] ^= 1;
    write_file(path, mixed);
  }
  auto vault = Vault::unlock(path, kPassphrase);
  if (vault) {
    auto summary = vault->summary();
    if (summary) {
      INFO("the vault opened and showed " << summary->total << " records");
      auto integrity = techo::VaultTesting::check_integrity(*vault);
      REQUIRE_FALSE(integrity.has_value());
      CHECK(integrity.error().code == ErrorCode::kVaultCorrupt);
    } else {
      CHECK(summary.error().code == ErrorCode::kVaultCorrupt);
    }
  } else {
    CHECK(vault.error().code == ErrorCode::kVaultCorrupt);
  }
}

TEST_CASE("an old journal put back as a hot journal is refused", "[vault][trust][rollback]") {
  TempDir dir;
  const std::string path = dir.file("person.techo");
  {
    auto created = Vault::create(path, kPassphrase, kFastKdf);
    REQUIRE(created.has_value());
    import(created->vault, 50, "first");
  }
  // A crash in the middle of an import leaves a hot journal: keep a copy of it.
  std::string old_journal;
  for (int n = 1; old_journal.empty(); ++n) {
    REQUIRE(n < 200);
    const std::string base = read_file(path);
    techo::detail::FaultPlan plan{n};
    {
      auto vault = techo::VaultTesting::unlock(path, kPassphrase, &plan);
      REQUIRE(vault.has_value());
      (void)vault->import_bundle({"crash.json"}, observations(400, "crash"));
    }
    if (fs::exists(path + "-journal") && fs::file_size(path + "-journal") > 0 && read_file(path) != base) {
      old_journal = read_file(path + "-journal");
    } else {
      fs::remove(path + "-journal");
      write_file(path, base);
    }
  }
  {
    auto vault = Vault::unlock(path, kPassphrase);  // rolls the crashed import back
    REQUIRE(vault.has_value());
    CHECK(total(*vault) == 50);
    import(*vault, 50, "second");
    import(*vault, 50, "third");
    CHECK(total(*vault) == 150);
  }
  REQUIRE_FALSE(fs::exists(path + "-journal"));
  write_file(path + "-journal", old_journal);
  auto vault = Vault::unlock(path, kPassphrase);
  if (vault) {
    auto summary = vault->summary();
    INFO("opened with " << (summary ? std::to_string(summary->total) : summary.error().message));
    REQUIRE_FALSE(summary.has_value());
    CHECK(summary.error().code == ErrorCode::kVaultCorrupt);
  } else {
    CHECK(vault.error().code == ErrorCode::kVaultCorrupt);
  }
}

TEST_CASE("every commit advances the authenticated generation, so an older whole file can be told",
          "[vault][trust][rollback]") {
  TempDir dir;
  const std::string path = dir.file("person.techo");
  std::uint64_t after_first = 0, after_second = 0;
  {
    auto created = Vault::create(path, kPassphrase, kFastKdf);
    REQUIRE(created.has_value());
    import(created->vault, 5, "first");
    after_first = created->vault.generation();
  }
  const std::string older = read_file(path);
  {
    auto vault = Vault::unlock(path, kPassphrase);
    REQUIRE(vault.has_value());
    // As found on disk: the unlock's own log entry commits right after (a generation more).
    CHECK(vault->opened_generation() == after_first);
    CHECK(vault->generation() > after_first);
    import(*vault, 5, "second");
    after_second = vault->generation();
    CHECK(after_second > after_first);
  }
  write_file(path, older);  // the whole file rolled back: consistent, so it opens...
  auto vault = Vault::unlock(path, kPassphrase);
  REQUIRE(vault.has_value());
  CHECK(vault->opened_generation() == after_first);  // ...and its generation tells the app it is older
  CHECK(total(*vault) == 5);
}
