#include "vault_profile_keys.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "techo/envelope.hpp"

namespace techo::detail {
namespace {

Error no_such_person(std::int64_t person) {
  return Error{ErrorCode::kInvalidArgument, "no person " + std::to_string(person) + " in this vault (see people())",
               "person"};
}

Result<bool> person_exists(sqlite::Database& db, std::int64_t person) {
  auto stmt = db.prepare("SELECT 1 FROM profiles WHERE id = ?");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, person);
  return stmt->step();
}

// Copies a stored 32-byte BLOB column out; false when it is not 32 bytes (a damaged row).
bool read_32(const sqlite::Statement& stmt, int column, std::span<std::uint8_t, 32> out) {
  const auto bytes = stmt.column_blob(column);
  if (bytes.size() != 32) return false;
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return true;
}

Error damaged_keys(std::int64_t person) {
  return Error{ErrorCode::kVaultCorrupt, "the stored keys of person " + std::to_string(person) + " are damaged",
               "profile_keys"};
}

}  // namespace

Status ProfileKeyring::ensure(std::int64_t person) {
  auto make = [&]() -> Status {
    auto exists = person_exists(db_, person);
    if (!exists) return std::move(exists).error();
    if (!*exists) return no_such_person(person);
    auto have = db_.prepare("SELECT 1 FROM profile_keys WHERE profile_id = ?");
    if (!have) return std::move(have).error();
    have->bind(1, person);
    auto row = have->step();
    if (!row) return std::move(row).error();
    if (*row) return Ok{};

    crypto::Secret<32> seed;
    crypto::random_bytes(seed.span());
    const crypto::Ed25519KeyPair signing = crypto::ed25519_from_seed(seed.view());
    const age::X25519Identity identity = age::X25519Identity::generate();
    auto add = db_.prepare(
        "INSERT INTO profile_keys(profile_id, signing_seed, signing_public, age_secret, age_recipient, key_id) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    if (!add) return std::move(add).error();
    return add->bind(1, person)
        .bind_blob(2, seed.view())
        .bind_blob(3, signing.public_key)
        .bind_blob(4, identity.secret().view())
        .bind(5, identity.recipient().to_string())
        .bind(6, envelope::key_id(signing.public_key))
        .run();
  };
  // Inside the caller's transaction when one is open (a checkpoint signed as part of the
  // work it records): the keys then commit with that work, or not at all.
  if (db_.in_transaction()) return make();
  return sqlite::in_transaction(db_, make);
}

Result<ProfileKeys> ProfileKeyring::public_keys(std::int64_t person) {
  if (auto s = ensure(person); !s) return std::move(s).error();
  auto stmt = db_.prepare("SELECT signing_public, key_id, age_recipient, created_at FROM profile_keys WHERE profile_id = ?");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, person);
  auto row = stmt->step();
  if (!row) return std::move(row).error();
  if (!*row) return no_such_person(person);
  ProfileKeys keys;
  keys.person = person;
  if (!read_32(*stmt, 0, keys.signing_public_key)) return damaged_keys(person);
  keys.key_id = stmt->column_text(1);
  keys.age_recipient = stmt->column_text(2);
  keys.created_at = stmt->column_text(3);
  return keys;
}

Result<crypto::Ed25519KeyPair> ProfileKeyring::signing_key(std::int64_t person) {
  if (auto s = ensure(person); !s) return std::move(s).error();
  auto stmt = db_.prepare("SELECT signing_seed, signing_public FROM profile_keys WHERE profile_id = ?");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, person);
  auto row = stmt->step();
  if (!row) return std::move(row).error();
  if (!*row) return no_such_person(person);
  crypto::Secret<32> seed;
  std::array<std::uint8_t, 32> stored_public{};
  if (!read_32(*stmt, 0, seed.span()) || !read_32(*stmt, 1, stored_public)) return damaged_keys(person);
  crypto::Ed25519KeyPair key = crypto::ed25519_from_seed(seed.view());
  // The seed must still make the public key the person has handed out.
  if (key.public_key != stored_public) return damaged_keys(person);
  return key;
}

Result<age::X25519Identity> ProfileKeyring::age_identity(std::int64_t person) {
  if (auto s = ensure(person); !s) return std::move(s).error();
  auto stmt = db_.prepare("SELECT age_secret, age_recipient FROM profile_keys WHERE profile_id = ?");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, person);
  auto row = stmt->step();
  if (!row) return std::move(row).error();
  if (!*row) return no_such_person(person);
  crypto::Secret<32> secret;
  if (!read_32(*stmt, 0, secret.span())) return damaged_keys(person);
  age::X25519Identity identity = age::X25519Identity::from_secret(secret.view());
  if (identity.recipient().to_string() != stmt->column_text(1)) return damaged_keys(person);
  return identity;
}

Status set_relationship(sqlite::Database& db, std::int64_t person, std::string_view relationship) {
  static constexpr std::array<std::string_view, 4> kRelationships = {"self", "child", "dependent", "other"};
  if (std::find(kRelationships.begin(), kRelationships.end(), relationship) == kRelationships.end()) {
    return Error{ErrorCode::kInvalidArgument,
                 "expected relationship to be \"self\", \"child\", \"dependent\" or \"other\", not \"" +
                     std::string(relationship.substr(0, 40)) + "\"",
                 "relationship"};
  }
  return sqlite::in_transaction(db, [&]() -> Status {
    auto stmt = db.prepare("SELECT relationship = 'self' FROM profiles WHERE id = ?");
    if (!stmt) return std::move(stmt).error();
    stmt->bind(1, person);
    auto row = stmt->step();
    if (!row) return std::move(row).error();
    if (!*row) return no_such_person(person);
    const bool account_holder = stmt->column_int(0) != 0;
    stmt->reset();
    if (account_holder && relationship != "self") {
      return Error{ErrorCode::kInvalidArgument,
                   "person " + std::to_string(person) + " is the account holder, who is \"self\"", "relationship"};
    }
    if (!account_holder && relationship == "self") {
      return Error{ErrorCode::kInvalidArgument,
                   "only the account holder is \"self\"; moving the account holder to another person is not supported",
                   "relationship"};
    }
    auto set = db.prepare(
        "INSERT INTO profile_relationships(profile_id, relationship) VALUES (?, ?) "
        "ON CONFLICT(profile_id) DO UPDATE SET relationship = excluded.relationship, set_at = excluded.set_at");
    if (!set) return std::move(set).error();
    return set->bind(1, person).bind(2, relationship).run();
  });
}

}  // namespace techo::detail
