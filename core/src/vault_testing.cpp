#include "vault_testing.hpp"

#include "vault_backup.hpp"
#include "vault_commits.hpp"
#include "vault_connection.hpp"
#include "vault_issuers.hpp"
#include "vault_key_lifecycle.hpp"
#include "vault_consent.hpp"
#include "vault_profile_keys.hpp"

namespace techo {

Result<Vault> VaultTesting::unlock(const std::string& path, std::string_view passphrase, detail::FaultPlan* faults) {
  auto connection = detail::KeyLifecycle::unlock(path, passphrase, faults);
  if (!connection) return std::move(connection).error();
  return Vault(std::move(connection).value());
}

Result<bool> VaultTesting::is_trusted_issuer(Vault& vault, std::string_view key_id) {
  return detail::IssuerList(vault.connection_->db).is_trusted(key_id);
}

Result<age::X25519Identity> VaultTesting::profile_age_identity(Vault& vault, std::int64_t person) {
  return detail::ProfileKeyring(vault.connection_->db).age_identity(person);
}

Result<crypto::Ed25519KeyPair> VaultTesting::profile_signing_key(Vault& vault, std::int64_t person) {
  return detail::ProfileKeyring(vault.connection_->db).signing_key(person);
}

Status VaultTesting::exec(Vault& vault, const char* sql) { return vault.connection_->db.exec(sql); }

detail::VaultConnection& VaultTesting::connection(Vault& vault) { return *vault.connection_; }

detail::AuditHead VaultTesting::header_audit_head(Vault& vault) {
  return vault.connection_->vfs ? vault.connection_->vfs->ledger().header().audit : detail::AuditHead{};
}

Status VaultTesting::check_integrity(Vault& vault) {
  auto stmt = vault.connection_->db.prepare("PRAGMA integrity_check");
  if (!stmt) return std::move(stmt).error();
  auto row = stmt->step();
  if (!row) return std::move(row).error();
  const std::string verdict = row.value() ? stmt->column_text(0) : std::string("no answer");
  if (verdict != "ok") {
    return Error{ErrorCode::kVaultCorrupt, "the vault is damaged: " + verdict, vault.connection_->path};
  }
  return Ok{};
}

Result<std::string> VaultTesting::content_sha256(Vault& vault) {
  return detail::records_content_sha256(vault.connection_->db);
}

Result<std::vector<fhir::Resource>> VaultTesting::package_resources(Vault& vault, const consent::Grant& grant,
                                                                   std::int64_t person) {
  return detail::ConsentStore(*vault.connection_, vault).package_resources(consent::SignedGrant{grant, {}}, person);
}

}  // namespace techo
