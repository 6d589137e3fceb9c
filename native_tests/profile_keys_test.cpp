// Each person's own keys (issue 14, item 1) and the relationship the person sets.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include "techo/age.hpp"
#include "techo/crypto.hpp"
#include "techo/encoding.hpp"
#include "techo/envelope.hpp"
#include "techo/fhir.hpp"
#include "techo/vault.hpp"
#include "test_data.hpp"
#include "vault_testing.hpp"

using techo::ErrorCode;
using techo::KdfParams;
using techo::Vault;
using techo::VaultTesting;
using techo::test::TempFile;

namespace {

const KdfParams kFastKdf{2, 19u << 20};
constexpr const char* kPassphrase = "家族の鍵 2026";

// The account holder (1980) and a child (2015), with one record each.
constexpr const char* kFamily = R"({"resourceType":"Bundle","type":"collection","entry":[
 {"fullUrl":"urn:uuid:p-self","resource":{"resourceType":"Patient","id":"p-self","name":[{"text":"山田 太郎"}],"birthDate":"1980-04-01"}},
 {"fullUrl":"urn:uuid:p-child","resource":{"resourceType":"Patient","id":"p-child","name":[{"text":"山田 花子"}],"birthDate":"2015-05-05"}},
 {"fullUrl":"urn:uuid:p-mother","resource":{"resourceType":"Patient","id":"p-mother","name":[{"text":"山田 梅"}],"birthDate":"1950-01-01"}},
 {"fullUrl":"urn:uuid:c1","resource":{"resourceType":"Condition","id":"c1","subject":{"reference":"urn:uuid:p-self"},"code":{"text":"高血圧"}}}
]})";

Vault create_family(const std::string& path) {
  auto created = Vault::create(path, kPassphrase, kFastKdf);
  REQUIRE(created.has_value());
  auto bundle = techo::fhir::parse_bundle(kFamily);
  REQUIRE(bundle.has_value());
  REQUIRE(created->vault.import_bundle({"family.json"}, *bundle).has_value());
  return std::move(created->vault);
}

Vault unlock(const std::string& path, const char* passphrase = kPassphrase) {
  auto vault = Vault::unlock(path, passphrase);
  REQUIRE(vault.has_value());
  return std::move(vault).value();
}

std::int64_t person_named(Vault& vault, const std::string& name) {
  auto people = vault.people();
  REQUIRE(people.has_value());
  for (const auto& p : *people) {
    if (p.name == name) return p.id;
  }
  FAIL("no person named " << name);
  return 0;
}

std::string relationship_of(Vault& vault, std::int64_t person) {
  auto people = vault.people();
  REQUIRE(people.has_value());
  for (const auto& p : *people) {
    if (p.id == person) return p.relationship;
  }
  return "";
}

}  // namespace

TEST_CASE("a person's keys are made once, on the first request, and never change", "[consent][keys]") {
  TempFile file("profile-keys");
  techo::ProfileKeys first;
  std::int64_t self = 0, child = 0;
  {
    Vault vault = create_family(file.path());
    self = person_named(vault, "山田 太郎");
    child = person_named(vault, "山田 花子");
    auto keys = vault.profile_keys(self);
    REQUIRE(keys.has_value());
    first = *keys;
    CHECK(first.person == self);
    CHECK(first.age_recipient.starts_with("age1"));
    CHECK(first.key_id == techo::envelope::key_id(first.signing_public_key));
    CHECK_FALSE(first.created_at.empty());
    auto again = vault.profile_keys(self);
    REQUIRE(again.has_value());
    CHECK(again->signing_public_key == first.signing_public_key);
    CHECK(again->age_recipient == first.age_recipient);
  }
  // Locked (the connection closed, every key wiped), changed passphrase, unlocked again.
  {
    Vault vault = unlock(file.path());
    REQUIRE(vault.change_passphrase("新しい合言葉", kFastKdf, techo::RotateDataKey::kYes).has_value());
  }
  Vault vault = unlock(file.path(), "新しい合言葉");
  auto keys = vault.profile_keys(self);
  REQUIRE(keys.has_value());
  CHECK(keys->signing_public_key == first.signing_public_key);
  CHECK(keys->age_recipient == first.age_recipient);
  CHECK(keys->key_id == first.key_id);
  CHECK(keys->created_at == first.created_at);

  // Nothing in the vault may replace them.
  auto rewrite = VaultTesting::exec(vault, "UPDATE profile_keys SET age_recipient = 'age1x' WHERE profile_id = 1");
  REQUIRE_FALSE(rewrite.has_value());
  CHECK_THAT(rewrite.error().message, Catch::Contains("never change"));
  (void)child;
}

TEST_CASE("every person has keys of their own", "[consent][keys]") {
  TempFile file("profile-keys-distinct");
  Vault vault = create_family(file.path());
  auto people = vault.people();
  REQUIRE(people.has_value());
  REQUIRE(people->size() == 3);
  std::set<std::string> recipients, key_ids;
  for (const auto& p : *people) {
    auto keys = vault.profile_keys(p.id);
    REQUIRE(keys.has_value());
    recipients.insert(keys->age_recipient);
    key_ids.insert(keys->key_id);
  }
  CHECK(recipients.size() == 3);
  CHECK(key_ids.size() == 3);
  CHECK(recipients.count(vault.recovery_recipient()) == 0);
}

TEST_CASE("the age recipient opens with the person's stored identity, the signing key verifies", "[consent][keys]") {
  TempFile file("profile-keys-age");
  Vault vault = create_family(file.path());
  const std::int64_t child = person_named(vault, "山田 花子");
  auto keys = vault.profile_keys(child);
  REQUIRE(keys.has_value());

  auto recipient = techo::age::X25519Recipient::parse(keys->age_recipient);
  REQUIRE(recipient.has_value());
  const std::string message = "花子さんへの共有";
  techo::age::EncryptOptions to;
  to.recipients.push_back(*recipient);
  auto file_bytes = techo::age::encrypt(techo::crypto::as_bytes(message), to);
  REQUIRE(file_bytes.has_value());

  auto identity = VaultTesting::profile_age_identity(vault, child);
  REQUIRE(identity.has_value());
  CHECK(identity->recipient() == *recipient);
  techo::age::DecryptOptions with;
  with.identities.push_back(std::move(identity).value());
  auto plain = techo::age::decrypt(*file_bytes, std::move(with));
  REQUIRE(plain.has_value());
  CHECK(std::string(plain->view().begin(), plain->view().end()) == message);

  // Another person's identity does not open it.
  auto other = VaultTesting::profile_age_identity(vault, person_named(vault, "山田 太郎"));
  REQUIRE(other.has_value());
  techo::age::DecryptOptions wrong;
  wrong.identities.push_back(std::move(other).value());
  auto refused = techo::age::decrypt(*file_bytes, std::move(wrong));
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == ErrorCode::kAgeNoMatch);

  auto signing = VaultTesting::profile_signing_key(vault, child);
  REQUIRE(signing.has_value());
  CHECK(signing->public_key == keys->signing_public_key);
  const auto signature = techo::crypto::ed25519_sign(*signing, techo::crypto::as_bytes(message));
  CHECK(techo::crypto::ed25519_verify(keys->signing_public_key, signature, techo::crypto::as_bytes(message)));
}

TEST_CASE("keys are asked for a person the vault has, in an encrypted vault", "[consent][keys][errors]") {
  TempFile file("profile-keys-errors");
  Vault vault = create_family(file.path());
  auto missing = vault.profile_keys(999);
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code == ErrorCode::kInvalidArgument);
  CHECK(missing.error().path == "person");

  auto plain = Vault::open(":memory:");
  REQUIRE(plain.has_value());
  auto refused = plain->profile_keys(1);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == ErrorCode::kUnsupported);
}

TEST_CASE("the relationship the person sets wins over the guess and persists", "[consent][people]") {
  TempFile file("relationships");
  std::int64_t self = 0, child = 0, mother = 0;
  {
    Vault vault = create_family(file.path());
    self = person_named(vault, "山田 太郎");
    child = person_named(vault, "山田 花子");
    mother = person_named(vault, "山田 梅");
    CHECK(relationship_of(vault, self) == "self");
    CHECK(relationship_of(vault, child) == "child");     // guessed: born 35 years later
    CHECK(relationship_of(vault, mother) == "dependent");  // guessed: born earlier
    REQUIRE(vault.set_relationship(child, "other").has_value());
    REQUIRE(vault.set_relationship(mother, "dependent").has_value());
    REQUIRE(vault.set_relationship(self, "self").has_value());
    CHECK(relationship_of(vault, child) == "other");
    // A later import does not guess over the person's choice.
    auto more = techo::fhir::parse_bundle(
        R"({"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:p-child","resource":)"
        R"({"resourceType":"Patient","id":"p-child","name":[{"text":"山田 花子"}],"birthDate":"2015-05-05"}}]})");
    REQUIRE(more.has_value());
    REQUIRE(vault.import_bundle({"again.json"}, *more).has_value());
    CHECK(relationship_of(vault, child) == "other");
  }
  Vault vault = unlock(file.path());
  CHECK(relationship_of(vault, child) == "other");
  CHECK(relationship_of(vault, self) == "self");
  REQUIRE(vault.set_relationship(child, "child").has_value());
  CHECK(relationship_of(vault, child) == "child");
}

TEST_CASE("a wrong relationship is refused naming the field, and nothing changes", "[consent][people][errors]") {
  TempFile file("relationships-errors");
  Vault vault = create_family(file.path());
  const std::int64_t self = person_named(vault, "山田 太郎");
  const std::int64_t child = person_named(vault, "山田 花子");
  for (const char* wrong : {"dependant", "parent", "", "Child"}) {
    INFO(wrong);
    auto s = vault.set_relationship(child, wrong);
    REQUIRE_FALSE(s.has_value());
    CHECK(s.error().code == ErrorCode::kInvalidArgument);
    CHECK(s.error().path == "relationship");
  }
  // Only the account holder is self, and they stay self.
  auto second_self = vault.set_relationship(child, "self");
  REQUIRE_FALSE(second_self.has_value());
  CHECK(second_self.error().path == "relationship");
  auto demoted = vault.set_relationship(self, "child");
  REQUIRE_FALSE(demoted.has_value());
  CHECK(demoted.error().path == "relationship");
  auto nobody = vault.set_relationship(999, "child");
  REQUIRE_FALSE(nobody.has_value());
  CHECK(nobody.error().code == ErrorCode::kInvalidArgument);
  CHECK(nobody.error().path == "person");
  CHECK(relationship_of(vault, child) == "child");
  CHECK(relationship_of(vault, self) == "self");
}

TEST_CASE("a vault of schema 9 migrates: its people and records kept, keys and relationships work", "[consent][schema]") {
  TempFile file("migrate-v9");
  std::filesystem::copy_file(techo::test::data_path("vault-schema-v9.vault"), file.path());
  std::string recipient;
  std::int64_t child = 0;
  {
    Vault vault = unlock(file.path(), "v9 の合言葉");
    auto summary = vault.summary();
    REQUIRE(summary.has_value());
    CHECK(summary->total == 4);
    REQUIRE(summary->sources.size() == 1);
    CHECK(summary->sources[0].info.name == "family-v9.json");
    auto people = vault.people();
    REQUIRE(people.has_value());
    REQUIRE(people->size() == 2);
    CHECK((*people)[0].name == "古井 一郎");
    CHECK((*people)[0].relationship == "self");
    CHECK((*people)[0].records == 1);
    CHECK((*people)[1].name == "古井 花子");
    CHECK((*people)[1].relationship == "child");
    CHECK((*people)[1].records == 1);
    child = (*people)[1].id;
    auto keys = vault.profile_keys(child);
    REQUIRE(keys.has_value());
    recipient = keys->age_recipient;
    REQUIRE(vault.set_relationship(child, "dependent").has_value());
    REQUIRE(VaultTesting::check_integrity(vault).has_value());
  }
  Vault vault = unlock(file.path(), "v9 の合言葉");
  auto keys = vault.profile_keys(child);
  REQUIRE(keys.has_value());
  CHECK(keys->age_recipient == recipient);
  CHECK(relationship_of(vault, child) == "dependent");
  Vault::RecordQuery query;
  query.person = child;
  auto rows = vault.records(query);
  REQUIRE(rows.has_value());
  REQUIRE(rows->size() == 1);
  CHECK(rows->front().record.display == "喘息");
}
