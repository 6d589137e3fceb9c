// The disclosure log (issue 14, item 7): append-only, hash-chained, checkpoints signed by
// the account holder's key, its head bound into the authenticated header. The tamper
// tests go around the triggers with VaultTesting::exec after dropping them: what someone
// who can run SQL on the open vault could do.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include "sqlite/sqlite.hpp"
#include "techo/crypto.hpp"
#include "techo/encoding.hpp"
#include "techo/fhir.hpp"
#include "techo/jcs.hpp"
#include "techo/lifelog.hpp"
#include "techo/vault.hpp"
#include "test_data.hpp"
#include "vault_audit_log.hpp"
#include "vault_testing.hpp"

using techo::ErrorCode;
using techo::KdfParams;
using techo::Vault;
using techo::VaultTesting;
using techo::test::TempFile;
using nlohmann::json;

namespace {

const KdfParams kFastKdf{2, 19u << 20};
constexpr const char* kPassphrase = "記録の鍵 2026";

constexpr const char* kFamily = R"({"resourceType":"Bundle","type":"collection","entry":[
 {"fullUrl":"urn:uuid:p-self","resource":{"resourceType":"Patient","id":"p-self","name":[{"text":"山田 太郎"}],"birthDate":"1980-04-01"}},
 {"fullUrl":"urn:uuid:p-child","resource":{"resourceType":"Patient","id":"p-child","name":[{"text":"山田 花子"}],"birthDate":"2015-05-05"}},
 {"fullUrl":"urn:uuid:c1","resource":{"resourceType":"Condition","id":"c1","subject":{"reference":"urn:uuid:p-self"},"code":{"text":"高血圧"}}}
]})";

techo::fhir::Bundle family() {
  auto bundle = techo::fhir::parse_bundle(kFamily);
  REQUIRE(bundle.has_value());
  return std::move(bundle).value();
}

techo::fhir::Bundle conditions(int n, const std::string& prefix) {
  json entries = json::array();
  for (int i = 0; i < n; ++i) {
    const std::string id = prefix + "-" + std::to_string(i);
    entries.push_back({{"fullUrl", "urn:uuid:" + id},
                       {"resource", {{"resourceType", "Condition"}, {"id", id},
                                     {"subject", {{"reference", "urn:uuid:p-self"}}},
                                     {"code", {{"text", "condition " + id}}}}}});
  }
  auto bundle = techo::fhir::parse_bundle(json{{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", entries}}.dump());
  REQUIRE(bundle.has_value());
  return std::move(bundle).value();
}

// A vault with the family imported: entries "create", "import".
Vault create_family(const std::string& path) {
  auto created = Vault::create(path, kPassphrase, kFastKdf);
  REQUIRE(created.has_value());
  REQUIRE(created->vault.import_bundle({"family.json"}, family()).has_value());
  return std::move(created->vault);
}

Vault unlock(const std::string& path, const char* passphrase = kPassphrase) {
  auto vault = Vault::unlock(path, passphrase);
  REQUIRE(vault.has_value());
  return std::move(vault).value();
}

std::vector<Vault::AuditEntry> all_entries(Vault& vault) {
  std::vector<Vault::AuditEntry> out;
  std::int64_t cursor = 0;
  do {
    auto page = vault.audit_log(7, cursor);
    REQUIRE(page.has_value());
    out.insert(out.end(), page->entries.begin(), page->entries.end());
    cursor = page->next_cursor;
  } while (cursor != 0);
  std::reverse(out.begin(), out.end());
  return out;
}

std::vector<std::string> actions(Vault& vault) {
  std::vector<std::string> out;
  for (const auto& e : all_entries(vault)) out.push_back(e.action);
  return out;
}

Vault::AuditVerification verify(Vault& vault) {
  auto report = vault.verify_audit_log();
  INFO((report ? std::string() : report.error().message + " at " + report.error().path));
  REQUIRE(report.has_value());
  return std::move(report).value();
}

// The kinds of problem found, with their places: "edited@3".
std::set<std::string> problems(const Vault::AuditVerification& report) {
  std::set<std::string> out;
  for (const auto& p : report.problems) out.insert(p.kind + "@" + std::to_string(p.seq));
  return out;
}

std::string describe(const Vault::AuditVerification& report) {
  std::string out;
  for (const auto& p : report.problems) out += p.kind + "@" + std::to_string(p.seq) + ": " + p.message + "\n";
  return out;
}

void exec(Vault& vault, const std::string& sql) {
  auto s = VaultTesting::exec(vault, sql.c_str());
  INFO(sql);
  REQUIRE(s.has_value());
}

// What someone who can run SQL on the open vault does first.
void drop_triggers(Vault& vault) {
  exec(vault,
       "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; "
       "DROP TRIGGER audit_checkpoints_no_update; DROP TRIGGER audit_checkpoints_no_delete");
}

// Appends `n` events in one transaction of the test's own.
void append(Vault& vault, int n, const std::string& action = "grant") {
  auto& connection = VaultTesting::connection(vault);
  auto s = techo::sqlite::in_transaction(connection.db, [&]() -> techo::Status {
    for (int i = 0; i < n; ++i) {
      if (auto a = techo::detail::append_audit(connection, {action, 0, 0, {{"n", i}, {"grantee", "クリニック"}}}); !a) return a;
    }
    return techo::Ok{};
  });
  REQUIRE(s.has_value());
}

}  // namespace

TEST_CASE("entries chain from a zero genesis, each hash over the RFC 8785 form of the documented object",
          "[audit]") {
  auto vault = Vault::open(":memory:");
  REQUIRE(vault.has_value());
  append(*vault, 3);
  auto& connection = VaultTesting::connection(*vault);
  REQUIRE(techo::sqlite::in_transaction(connection.db, [&] {
            return techo::detail::append_audit(connection, {"package", 7, 0, {{"resources", 12}, {"categories", {"labs"}}}});
          }).has_value());
  const auto entries = all_entries(*vault);
  REQUIRE(entries.size() == 4);
  std::string prev(64, '0');
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    CHECK(e.seq == static_cast<std::int64_t>(i + 1));
    const json hashed = {{"seq", e.seq}, {"at", e.at},         {"action", e.action}, {"person", e.person},
                         {"grantId", e.grant_id}, {"detail", e.detail}, {"prev", prev}};
    const auto canonical = techo::jcs::canonicalize(hashed);
    REQUIRE(canonical.has_value());
    CHECK(e.hash == techo::encoding::hex_encode(techo::crypto::blake2b256(techo::crypto::as_bytes(*canonical))));
    prev = e.hash;
  }
  CHECK(entries[3].person == 7);
  CHECK(entries[3].detail.at("categories") == json::array({"labs"}));
  const auto report = verify(*vault);
  INFO(describe(report));
  CHECK(report.ok);
  CHECK(report.entries == 4);
  CHECK_FALSE(report.bound);  // unencrypted: no header to bind to, no keys to sign with
  CHECK(report.checkpoints == 0);
}

TEST_CASE("append_audit runs only inside the caller's transaction, with a JSON object as detail", "[audit]") {
  auto vault = Vault::open(":memory:");
  REQUIRE(vault.has_value());
  auto& connection = VaultTesting::connection(*vault);
  auto outside = techo::detail::append_audit(connection, {"grant"});
  REQUIRE_FALSE(outside.has_value());
  CHECK(outside.error().code == ErrorCode::kInternal);
  auto not_object = techo::sqlite::in_transaction(connection.db, [&] {
    return techo::detail::append_audit(connection, {"grant", 0, 0, json::array({1})});
  });
  REQUIRE_FALSE(not_object.has_value());
  CHECK(not_object.error().code == ErrorCode::kInvalidArgument);
  CHECK(all_entries(*vault).empty());
}

TEST_CASE("the log is append-only: the triggers refuse updates and deletes", "[audit]") {
  auto vault = Vault::open(":memory:");
  REQUIRE(vault.has_value());
  append(*vault, 2);
  CHECK_FALSE(VaultTesting::exec(*vault, "UPDATE audit_log SET action = 'x' WHERE seq = 1").has_value());
  CHECK_FALSE(VaultTesting::exec(*vault, "DELETE FROM audit_log WHERE seq = 2").has_value());
  CHECK(all_entries(*vault).size() == 2);
}

TEST_CASE("pages of the log: newest first, continued with the cursor", "[audit]") {
  auto vault = Vault::open(":memory:");
  REQUIRE(vault.has_value());
  append(*vault, 10);
  auto first = vault->audit_log(4, 0);
  REQUIRE(first.has_value());
  REQUIRE(first->entries.size() == 4);
  CHECK(first->entries[0].seq == 10);
  CHECK(first->next_cursor == 7);
  auto last = vault->audit_log(6, 3);
  REQUIRE(last.has_value());
  CHECK(last->entries.size() == 2);
  CHECK(last->next_cursor == 0);
  CHECK(vault->audit_log(0, 0).error().path == "limit");
  CHECK(vault->audit_log(10, -1).error().path == "cursor");
}

TEST_CASE("what the vault does is logged: create, import, unlock and the failures before it, backup, passphrase, restore",
          "[audit][hooks]") {
  TempFile file("audit-hooks");
  {
    Vault vault = create_family(file.path());
    techo::lifelog::ParseReport steps;
    steps.format = "openmhealth";
    steps.samples.push_back({"steps", 1767225600, 1767229200, std::nullopt, 1200, "{steps}", "Phone", techo::lifelog::DeviceKind::kPhone, ""});
    REQUIRE(vault.import_lifelog({"steps.json"}, steps).has_value());
  }
  const std::vector<techo::FailedUnlock> failed = {{"2026-05-01T09:00:00.000Z", "passphrase"},
                                                   {"2026-05-01T09:00:05.000Z", "recovery"}};
  Vault vault = [&] {
    auto v = Vault::unlock(file.path(), kPassphrase, failed);
    REQUIRE(v.has_value());
    return std::move(v).value();
  }();
  auto archive = vault.export_archive();
  REQUIRE(archive.has_value());
  REQUIRE(vault.change_passphrase("新しい合言葉 2026", kFastKdf).has_value());
  const auto entries = all_entries(vault);
  REQUIRE(entries.size() == 8);
  CHECK(actions(vault) == std::vector<std::string>{"create", "import", "import", "unlock_failed", "unlock_failed", "unlock",
                                                   "backup", "passphrase_change"});
  CHECK(entries[1].detail.at("source") == "family.json");
  CHECK(entries[1].detail.at("resources") == 3);
  CHECK(entries[1].detail.at("byType").at("Patient") == 2);
  CHECK(entries[2].detail.at("kind") == "lifelog");
  CHECK(entries[2].detail.at("samples") == 1);
  CHECK(entries[3].at == "2026-05-01T09:00:00.000Z");  // a failure keeps its own time
  CHECK(entries[4].detail.at("method") == "recovery");
  CHECK(entries[5].detail.at("method") == "passphrase");
  CHECK(entries[6].detail.at("resources") == 3);
  CHECK(entries[6].detail.at("archiveBytes") == archive->size());
  CHECK(entries[7].detail.at("rotatedDataKey") == false);

  TempFile other("audit-restore");
  auto created = Vault::create(other.path(), kPassphrase, kFastKdf);
  REQUIRE(created.has_value());
  REQUIRE(created->vault.restore_archive(*archive).has_value());
  CHECK(actions(created->vault) == std::vector<std::string>{"create", "restore"});
  CHECK(all_entries(created->vault)[1].detail.at("resources") == 3);
  const auto report = verify(created->vault);
  INFO(describe(report));
  CHECK(report.ok);
}

TEST_CASE("checkpoints are signed at unlock and every 256 entries once there is an account holder", "[audit][checkpoint]") {
  TempFile file("audit-checkpoints");
  {
    auto created = Vault::create(file.path(), kPassphrase, kFastKdf);
    REQUIRE(created.has_value());
  }
  {
    Vault vault = unlock(file.path());  // no people yet: unsigned so far
    auto report = verify(vault);
    CHECK(report.ok);
    CHECK(report.bound);
    CHECK(report.checkpoints == 0);
    CHECK(report.signed_through == 0);
    REQUIRE(vault.import_bundle({"family.json"}, family()).has_value());
  }
  Vault vault = unlock(file.path());
  auto report = verify(vault);
  CHECK(report.ok);
  CHECK(report.checkpoints == 1);
  CHECK(report.signed_through == 4);  // create, unlock, import, unlock
  CHECK(VaultTesting::header_audit_head(vault).checkpoint == 4);
  append(vault, 300);  // passes 256
  report = verify(vault);
  INFO(describe(report));
  CHECK(report.ok);
  CHECK(report.checkpoints == 2);
  CHECK(report.signed_through == 256);
  CHECK(VaultTesting::header_audit_head(vault).entries == 304);
}

TEST_CASE("tampering is found: an edited entry", "[audit][tamper]") {
  TempFile file("audit-edit");
  { Vault vault = create_family(file.path()); }
  Vault vault = unlock(file.path());
  append(vault, 3);
  drop_triggers(vault);
  exec(vault, R"(UPDATE audit_log SET detail_json = '{"n":0,"grantee":"誰か"}' WHERE seq = 4)");
  const auto report = verify(vault);
  INFO(describe(report));
  CHECK_FALSE(report.ok);
  CHECK(problems(report) == std::set<std::string>{"edited@4"});
}

TEST_CASE("tampering is found: an entry rewritten with a new hash of its own", "[audit][tamper]") {
  TempFile file("audit-rehash");
  { Vault vault = create_family(file.path()); }
  Vault vault = unlock(file.path());
  append(vault, 3);
  drop_triggers(vault);
  // The forger recomputes entry 4's hash as append_audit would (its predecessor is kept).
  auto entries = all_entries(vault);
  const auto& e = entries[3];
  const json forged_detail = {{"n", 0}, {"grantee", "誰か"}};
  const auto canonical = techo::jcs::canonicalize(
      json{{"seq", e.seq}, {"at", e.at}, {"action", e.action}, {"person", 0}, {"grantId", 0}, {"detail", forged_detail},
           {"prev", entries[2].hash}});
  REQUIRE(canonical.has_value());
  const std::string hash = techo::encoding::hex_encode(techo::crypto::blake2b256(techo::crypto::as_bytes(*canonical)));
  exec(vault, "UPDATE audit_log SET detail_json = '" + techo::jcs::canonicalize(forged_detail).value() +
                  "', entry_hash = X'" + hash + "' WHERE seq = 4");
  const auto report = verify(vault);
  INFO(describe(report));
  CHECK(problems(report) == std::set<std::string>{"edited@4"});
}

TEST_CASE("tampering is found: a deleted entry", "[audit][tamper]") {
  TempFile file("audit-delete");
  { Vault vault = create_family(file.path()); }
  Vault vault = unlock(file.path());
  append(vault, 3);
  drop_triggers(vault);
  exec(vault, "DELETE FROM audit_log WHERE seq = 5");
  const auto report = verify(vault);
  INFO(describe(report));
  CHECK(problems(report) == std::set<std::string>{"deleted@5"});
}

TEST_CASE("tampering is found: reordered entries", "[audit][tamper]") {
  TempFile file("audit-reorder");
  { Vault vault = create_family(file.path()); }
  Vault vault = unlock(file.path());
  append(vault, 3);
  drop_triggers(vault);
  exec(vault, "UPDATE audit_log SET seq = -1 WHERE seq = 4; UPDATE audit_log SET seq = 4 WHERE seq = 5; "
              "UPDATE audit_log SET seq = 5 WHERE seq = -1");
  const auto report = verify(vault);
  INFO(describe(report));
  CHECK(problems(report) == std::set<std::string>{"reordered@4", "reordered@5"});
}

TEST_CASE("tampering is found: the newest entries cut off, through the header and the signed checkpoint",
          "[audit][tamper]") {
  TempFile file("audit-truncate");
  { Vault vault = create_family(file.path()); }
  {
    Vault vault = unlock(file.path());  // entry 3, checkpoint 3
    append(vault, 3);                   // 4..6
    drop_triggers(vault);
    exec(vault, "DELETE FROM audit_log WHERE seq >= 5");
    const auto report = verify(vault);
    INFO(describe(report));
    CHECK(problems(report) == std::set<std::string>{"truncated@5"});
    // The cut goes as far back as the signed checkpoint: the header and the checkpoint
    // both name what is missing.
    exec(vault, "DELETE FROM audit_log WHERE seq >= 3");
    const auto deeper = verify(vault);
    INFO(describe(deeper));
    CHECK(problems(deeper) == std::set<std::string>{"truncated@3"});
    CHECK(deeper.problems.size() == 2);
    CHECK(deeper.signed_through == 0);
  }
  // The next unlock continues from the header's head, not from the cut: the gap stays.
  Vault vault = unlock(file.path());
  const auto after = verify(vault);
  INFO(describe(after));
  CHECK(problems(after).count("deleted@3") == 1);
  CHECK_FALSE(after.ok);
}

TEST_CASE("tampering is found: a forged checkpoint signature, a deleted checkpoint, an entry added outside Techo",
          "[audit][tamper]") {
  TempFile file("audit-checkpoint-forged");
  { Vault vault = create_family(file.path()); }
  { Vault vault = unlock(file.path()); }  // checkpoint 3
  Vault vault = unlock(file.path());      // checkpoint 4
  drop_triggers(vault);
  SECTION("forged signature") {
    exec(vault, "UPDATE audit_checkpoints SET signature = zeroblob(64) WHERE seq = 3");
    const auto report = verify(vault);
    INFO(describe(report));
    CHECK(problems(report) == std::set<std::string>{"bad_signature@3"});
    CHECK(report.signed_through == 4);
  }
  SECTION("a checkpoint moved to another head") {
    exec(vault, "UPDATE audit_checkpoints SET head_hash = (SELECT entry_hash FROM audit_log WHERE seq = 2) WHERE seq = 3");
    const auto report = verify(vault);
    INFO(describe(report));
    CHECK(problems(report) == std::set<std::string>{"bad_signature@3"});
  }
  SECTION("the newest checkpoint deleted") {
    exec(vault, "DELETE FROM audit_checkpoints WHERE seq = 4");
    const auto report = verify(vault);
    INFO(describe(report));
    CHECK(problems(report) == std::set<std::string>{"checkpoint_missing@4"});
  }
  SECTION("an entry added by SQL") {
    exec(vault, "INSERT INTO audit_log(seq, at, action, person, detail_json, prev_hash, entry_hash) "
                "SELECT 5, '2026-01-01T00:00:00.000Z', 'unlock', 0, '{}', entry_hash, zeroblob(32) FROM audit_log WHERE seq = 4");
    const auto report = verify(vault);
    INFO(describe(report));
    CHECK(problems(report).count("unbound@5") == 1);
  }
}

TEST_CASE("a rolled-back append leaves no entry and no header naming one; the next append logs fine",
          "[audit][rollback]") {
  TempFile file("audit-rollback");
  { Vault vault = create_family(file.path()); }
  Vault vault = unlock(file.path());
  const auto before = VaultTesting::header_audit_head(vault);
  auto& connection = VaultTesting::connection(vault);
  SECTION("rolled back before its pages reached the file") {
    auto failed = techo::sqlite::in_transaction(connection.db, [&]() -> techo::Status {
      REQUIRE(techo::detail::append_audit(connection, {"grant"}).has_value());
      return techo::Error{ErrorCode::kInvalidArgument, "the work failed", {}};
    });
    REQUIRE_FALSE(failed.has_value());
  }
  SECTION("rolled back after a cache spill wrote its pages to the file") {
    REQUIRE(vault.set_page_cache_mib(1).has_value());
    auto failed = techo::sqlite::in_transaction(connection.db, [&]() -> techo::Status {
      REQUIRE(techo::detail::append_audit(connection, {"grant"}).has_value());
      REQUIRE(connection.db.exec("CREATE TABLE filler(b BLOB); "
                                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600) "
                                 "INSERT INTO filler SELECT randomblob(4000) FROM n").has_value());
      return techo::Error{ErrorCode::kInvalidArgument, "the work failed", {}};
    });
    REQUIRE_FALSE(failed.has_value());
  }
  CHECK(VaultTesting::header_audit_head(vault) == before);
  CHECK(all_entries(vault).size() == before.entries);
  REQUIRE(vault.import_bundle({"next.json"}, conditions(3, "next")).has_value());
  const auto report = verify(vault);
  INFO(describe(report));
  CHECK(report.ok);
  CHECK(VaultTesting::header_audit_head(vault).entries == before.entries + 1);
  CHECK(actions(vault).back() == "import");
}

TEST_CASE("a crash at any write of an import leaves the log and the header agreeing: the entry exactly when the records",
          "[audit][rollback][crash]") {
  techo::test::TempDir dir;
  const std::string base = dir.file("base.techo");
  { Vault vault = create_family(base); }
  const std::string original = techo::test::read_file(base);
  const auto batch = conditions(100, "crash");
  int crashes = 0;
  for (int n = 1;; ++n) {
    const std::string path = dir.file("crash.techo");
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-journal");
    techo::test::write_file(path, original);
    techo::detail::FaultPlan plan{n};
    {
      auto vault = VaultTesting::unlock(path, kPassphrase, &plan);  // not logged: only the import writes
      REQUIRE(vault.has_value());
      (void)vault->import_bundle({"crash.json"}, batch);
    }
    Vault reopened = unlock(path);  // plays any journal back, then logs the unlock
    INFO("fault at operation " << n);
    const auto report = verify(reopened);
    INFO(describe(report));
    CHECK(report.ok);
    auto summary = reopened.summary();
    REQUIRE(summary.has_value());
    const auto logged = actions(reopened);
    const bool imported = summary->total == 3 + 100;
    CHECK((imported || summary->total == 3));
    CHECK(std::count(logged.begin(), logged.end(), "import") == (imported ? 2 : 1));
    if (!plan.tripped()) break;
    ++crashes;
  }
  CHECK(crashes > 5);
}

TEST_CASE("the header binding survives lock, unlock and a data-key rotation", "[audit][header]") {
  TempFile file("audit-rotate");
  { Vault vault = create_family(file.path()); }
  {
    Vault vault = unlock(file.path());
    REQUIRE(vault.change_passphrase("回した鍵 2026", kFastKdf, techo::RotateDataKey::kYes).has_value());
    const auto head = VaultTesting::header_audit_head(vault);
    CHECK(head.entries == 4);
    CHECK(verify(vault).ok);
  }
  Vault vault = unlock(file.path(), "回した鍵 2026");
  const auto report = verify(vault);
  INFO(describe(report));
  CHECK(report.ok);
  CHECK(report.bound);
  CHECK(report.entries == 5);
  CHECK(actions(vault).at(3) == "passphrase_change");
  CHECK(report.signed_through == 5);
}

TEST_CASE("a vault of schema 9 migrates: an empty log under a header without one, then logged like any",
          "[audit][schema]") {
  TempFile file("audit-v9");
  std::filesystem::copy_file(techo::test::data_path("vault-schema-v9.vault"), file.path());
  {
    Vault vault = unlock(file.path(), "v9 の合言葉");
    CHECK(actions(vault) == std::vector<std::string>{"unlock"});
    const auto report = verify(vault);
    INFO(describe(report));
    CHECK(report.ok);
    CHECK(report.bound);
    CHECK(report.signed_through == 1);  // 古井 一郎 is the account holder
  }
  Vault vault = unlock(file.path(), "v9 の合言葉");
  const auto report = verify(vault);
  CHECK(report.ok);
  CHECK(report.entries == 2);
}
