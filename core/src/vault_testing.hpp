// Test seams of the vault, private to core (the native tests include it): unlock with a
// fault plan that simulates a crash at the Nth write or sync.
#pragma once

#include "techo/vault.hpp"
#include "vault_vfs.hpp"

namespace techo::detail {

[[nodiscard]] Result<Vault> unlock_for_testing(const std::string& path, std::string_view passphrase, FaultPlan* faults);

}  // namespace techo::detail
