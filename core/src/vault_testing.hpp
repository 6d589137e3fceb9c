// Test seams of the vault, private to core and included only by native_tests: what the
// tests need to reach that the product does not (a fault plan that simulates a crash at
// the Nth write or sync, checks no API call makes). Kept out of the public Vault so its
// header is only what the app and the bindings use.
#pragma once

#include <string>
#include <string_view>

#include "techo/age.hpp"
#include "techo/crypto.hpp"
#include "techo/vault.hpp"
#include "vault_connection.hpp"
#include "vault_header.hpp"
#include "vault_vfs.hpp"

namespace techo {

class VaultTesting {
 public:
  // Vault::unlock, with `faults` injected into the vault's writes and syncs.
  [[nodiscard]] static Result<Vault> unlock(const std::string& path, std::string_view passphrase,
                                            detail::FaultPlan* faults);

  [[nodiscard]] static Result<bool> is_trusted_issuer(Vault& vault, std::string_view key_id);

  // Reads and checks every page and structure of the vault (SQLite integrity_check,
  // through the encrypting VFS): VAULT_CORRUPT names the first problem found.
  [[nodiscard]] static Status check_integrity(Vault& vault);

  // SHA-256 (hex) of the canonical records Bundle a backup would hold: equal digests mean
  // equal record content, whatever the file bytes.
  [[nodiscard]] static Result<std::string> content_sha256(Vault& vault);

  // A person's secret keys, which the product only uses inside the core: the tests check
  // them against the public parts profile_keys() hands out.
  [[nodiscard]] static Result<age::X25519Identity> profile_age_identity(Vault& vault, std::int64_t person);
  [[nodiscard]] static Result<crypto::Ed25519KeyPair> profile_signing_key(Vault& vault, std::int64_t person);
  // What a share package of `grant` over `person`'s record would hold, before
  // pseudonymisation, without signing, encrypting or logging: for the property test that
  // runs ten thousand grants.
  [[nodiscard]] static Result<std::vector<fhir::Resource>> package_resources(Vault& vault, const consent::Grant& grant,
                                                                             std::int64_t person);
  // Runs SQL on the open vault (through its encryption): what another writer could do.
  [[nodiscard]] static Status exec(Vault& vault, const char* sql);
  // The open connection, for tests that call the core's internals on it (append_audit
  // inside a transaction of their own).
  static detail::VaultConnection& connection(Vault& vault);
  // The disclosure log's head as the authenticated header holds it ({} when unencrypted).
  static detail::AuditHead header_audit_head(Vault& vault);
};

}  // namespace techo
