// The vault through the api facade, as the Worker drives it: create, import, lock, unlock,
// change passphrase, back up to the recovery key, restore.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "test_session.hpp"
#include "api_reply.hpp"
#include "techo/api.hpp"
#include "test_data.hpp"

using nlohmann::json;
using techo::test::error_of;
using techo::test::value_of;
using techo::api::DecryptJob;
using techo::api::EncryptJob;
using Session = techo::test::TestSession;

namespace {


const std::string kFast = R"({"kdfOps": 2, "kdfMemBytes": 19922944})";

}  // namespace

TEST_CASE("the vault lifecycle through the api", "[api][vault]") {
  techo::test::TempFile a("api-a"), b("api-b");
  Session session;
  auto created = value_of(session.create_vault(a.path(), "合言葉", kFast));
  const std::string recovery_key = created.at("recoveryKey");
  const std::string recovery_recipient = created.at("recoveryRecipient");
  CHECK(value_of(session.vault_info()).at("encrypted") == true);
  value_of(session.import_fhir(techo::test::read_data("jp-clins-examples/Bundle-Bundle-CLINS-Observations-Example-01.json"), "obs.json"));

  value_of(session.lock());
  CHECK(value_of(session.vault_info()).at("open") == false);
  CHECK(error_of(session.summary()).at("code") == "INVALID_ARGUMENT");

  CHECK(error_of(session.unlock(a.path(), "違う")).at("code") == "WRONG_KEY");
  value_of(session.unlock(a.path(), "合言葉"));
  CHECK(value_of(session.summary()).at("total") == 5);
  value_of(session.change_passphrase("新しい合言葉", kFast));
  value_of(session.lock());
  CHECK(error_of(session.unlock(a.path(), "合言葉")).at("code") == "WRONG_KEY");
  value_of(session.unlock_with_recovery(a.path(), recovery_key));

  EncryptJob backup;
  value_of(backup.start(json{{"recipients", {recovery_recipient}}}.dump()));
  auto exported = value_of(session.export_backup(backup));
  CHECK(exported.at("resources") == 5);
  const std::string file = backup.output();
  CHECK(file.rfind("age-encryption.org/v1", 0) == 0);

  Session other;
  value_of(other.create_vault(b.path(), "別の合言葉", kFast));
  DecryptJob restore;
  value_of(restore.start(json{{"identity", recovery_key}}.dump()));
  value_of(restore.push(file));
  value_of(restore.finish());
  auto report = value_of(other.restore_backup(restore));
  CHECK(report.at("resources") == 5);
  CHECK(value_of(other.summary()).at("patients")[0].at("name") == "牧野 爛漫");
}

TEST_CASE("wrong keys tried in a session are logged at the next unlock of that vault, before it", "[api][vault][audit]") {
  techo::test::TempFile a("api-audit");
  Session session;
  const std::string recovery_key = value_of(session.create_vault(a.path(), "合言葉", kFast)).at("recoveryKey");
  const auto first = value_of(session.unlock(a.path(), "合言葉"));
  value_of(session.lock());
  CHECK(error_of(session.unlock(a.path(), "違う")).at("code") == "WRONG_KEY");
  CHECK(error_of(session.unlock_with_recovery(a.path(), "AGE-SECRET-KEY-1QQQQ")).at("code") == "WRONG_KEY");
  const auto opened = value_of(session.unlock_with_recovery(a.path(), recovery_key));
  // The generation as found on disk: the unlock's own entry commits after it.
  CHECK(opened.at("generation").get<std::int64_t>() < value_of(session.vault_info()).at("generation").get<std::int64_t>());
  CHECK(first.at("generation").get<std::int64_t>() < opened.at("generation").get<std::int64_t>());

  auto log = value_of(session.call("auditLog", json{{"query", {{"limit", 2}}}}));
  REQUIRE(log.at("entries").size() == 2);
  CHECK(log.at("entries")[0].at("action") == "unlock");
  CHECK(log.at("entries")[0].at("detail").at("method") == "recovery");
  CHECK(log.at("entries")[1].at("action") == "unlock_failed");
  CHECK(log.at("entries")[1].at("detail").at("method") == "recovery");
  const auto cursor = log.at("nextCursor");
  REQUIRE(cursor.is_number());
  auto rest = value_of(session.call("auditLog", json{{"query", {{"cursor", cursor}}}}));
  CHECK(rest.at("nextCursor").is_null());
  std::vector<std::string> older;
  for (const auto& e : rest.at("entries")) older.push_back(e.at("action"));
  CHECK(older == std::vector<std::string>{"unlock_failed", "unlock", "create"});
  CHECK(rest.at("entries")[0].at("detail").at("method") == "passphrase");

  const auto verified = value_of(session.call("verifyAuditLog"));
  CHECK(verified.at("ok") == true);
  CHECK(verified.at("bound") == true);
  CHECK(verified.at("entries") == 5);
  CHECK(verified.at("problems").empty());
  CHECK(error_of(session.call("auditLog", json{{"query", {{"limit", "ten"}}}})).at("path") == "query.limit");
  CHECK(error_of(session.call("auditLog", json{{"query", {{"limit", 5000}}}})).at("path") == "query.limit");

  // A second session never saw those failures: its next unlock logs none.
  value_of(session.lock());
  Session other;
  CHECK(error_of(other.unlock(a.path(), "違う")).at("code") == "WRONG_KEY");
  value_of(session.unlock(a.path(), "合言葉"));
  auto newest = value_of(session.call("auditLog", json{{"query", {{"limit", 1}}}}));
  CHECK(newest.at("entries")[0].at("action") == "unlock");
  auto before_it = value_of(session.call("auditLog", json{{"query", {{"limit", 1}, {"cursor", newest.at("nextCursor")}}}}));
  CHECK(before_it.at("entries")[0].at("action") == "unlock");
}
