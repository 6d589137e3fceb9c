// The vault's side of consent: grants the person signed (kept as signed), their
// revocations, the share packages made from them, the research opt-out, and a child's
// hand-over. Every change commits in one transaction with its disclosure-log entry.
// Private to core; Vault forwards to it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "techo/consent.hpp"
#include "techo/vault.hpp"
#include "vault_connection.hpp"

namespace techo::detail {

class ConsentStore {
 public:
  // `vault` is the Vault that owns `connection`: packages read through its views.
  ConsentStore(VaultConnection& connection, Vault& vault) : c_(connection), vault_(vault) {}

  [[nodiscard]] Result<GrantInfo> create(std::int64_t person, const consent::GrantRequest& request, std::int64_t now_unix);
  [[nodiscard]] Result<std::vector<GrantInfo>> list(std::int64_t person);
  [[nodiscard]] Result<GrantInfo> find(std::string_view grant_id);
  [[nodiscard]] Result<GrantInfo> revoke(std::string_view grant_id, std::int64_t now_unix);
  [[nodiscard]] Result<SharePackage> package(std::string_view grant_id, std::int64_t now_unix);

  [[nodiscard]] Result<ConsentSettings> settings();
  [[nodiscard]] Status set_research_opt_out(bool opted_out);
  [[nodiscard]] Status set_hand_over_age(int age);

  [[nodiscard]] Result<HandOverReport> hand_over(std::int64_t person, std::string_view recipient, std::int64_t now_unix);
  [[nodiscard]] Result<std::optional<std::string>> handed_over_at(std::int64_t person);

  // The in-scope resources of a grant of `person`'s record, in Bundle order, before any
  // pseudonymisation: the person's Patients, what the facts refer to, the facts.
  [[nodiscard]] Result<std::vector<fhir::Resource>> package_resources(const consent::SignedGrant& grant, std::int64_t person);

 private:
  [[nodiscard]] Result<consent::PersonRef> person_ref(std::int64_t person);
  // consent_grants.id of a grant (0 when none), and a signed revocation stored on its
  // grant's row (inside the caller's transaction), answering that id.
  [[nodiscard]] Result<std::int64_t> row_of(std::string_view grant_id);
  [[nodiscard]] Result<std::int64_t> store_revocation(const consent::Revocation& revocation);
  [[nodiscard]] Result<std::string> setting(const char* key, const char* fallback);
  [[nodiscard]] Status put_setting(const char* key, const std::string& value);
  VaultConnection& c_;
  Vault& vault_;
};

}  // namespace techo::detail
