// Each person's own keys: an Ed25519 signing key (the grants they sign) and an age X25519
// key (what is shared with them, what is handed over to them). Made on the first request
// for a person, in one transaction, and never changed afterwards. Public parts leave the
// core through Vault::profile_keys; the secret parts only through this class, for the
// core's own signing and decryption. Private to core; Vault forwards to it.
#pragma once

#include <cstdint>

#include "sqlite/sqlite.hpp"
#include "techo/age.hpp"
#include "techo/crypto.hpp"
#include "techo/vault.hpp"

namespace techo::detail {

class ProfileKeyring {
 public:
  explicit ProfileKeyring(sqlite::Database& db) : db_(db) {}

  // The person's public keys, made first when they have none. INVALID_ARGUMENT (path
  // "person") for a profile the vault does not have.
  [[nodiscard]] Result<ProfileKeys> public_keys(std::int64_t person);

  // The secret parts, for the core only (signing grants, opening what was shared with
  // the person). Made first like public_keys.
  [[nodiscard]] Result<crypto::Ed25519KeyPair> signing_key(std::int64_t person);
  [[nodiscard]] Result<age::X25519Identity> age_identity(std::int64_t person);

 private:
  // Makes the person's keys unless they exist, in one transaction.
  [[nodiscard]] Status ensure(std::int64_t person);
  sqlite::Database& db_;
};

// Sets the relationship a person chose ("self", "child", "dependent", "other"); it wins
// over the guess and persists. The account holder is "self" and only they are: the
// account holder keys the lifelog (person 0), which this does not move. INVALID_ARGUMENT
// with path "person" or "relationship".
[[nodiscard]] Status set_relationship(sqlite::Database& db, std::int64_t person, std::string_view relationship);

}  // namespace techo::detail
