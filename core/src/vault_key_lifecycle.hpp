// The vault's key lifecycle: creating a vault file, unlocking it with the passphrase or
// the recovery key, changing the passphrase (optionally replacing the data key), and what
// the authenticated header says (id, generation, recovery recipient). Locking is
// destruction of the VaultConnection. Private to core; Vault forwards to it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "techo/vault.hpp"
#include "vault_connection.hpp"

namespace techo::detail {

class KeyLifecycle {
 public:
  using Connection = std::unique_ptr<VaultConnection>;

  // An unencrypted database (":memory:" included), its schema brought up to date.
  [[nodiscard]] static Result<Connection> open_plain(const std::string& path);

  struct Created {
    Connection connection;
    std::string recovery_key;        // AGE-SECRET-KEY-1…: shown once, never stored
    std::string recovery_recipient;  // age1…
  };
  [[nodiscard]] static Result<Created> create(const std::string& path, std::string_view passphrase, const KdfParams& kdf);

  // `faults` simulates a crash at the Nth write or sync (tests only; null otherwise).
  [[nodiscard]] static Result<Connection> unlock(const std::string& path, std::string_view passphrase, FaultPlan* faults);
  [[nodiscard]] static Result<Connection> unlock_with_recovery(const std::string& path, std::string_view recovery_key);

  // Rewraps the data key under a new passphrase in both header slots; with
  // RotateDataKey::kYes replaces the data key, which replaces the file and so the
  // connection (null afterwards only if the rotated file could not be reopened).
  [[nodiscard]] static Status change_passphrase(Connection& connection, std::string_view new_passphrase,
                                                const KdfParams& kdf, RotateDataKey rotate);

  static std::uint64_t generation(const VaultConnection& connection) noexcept;
  static std::string vault_id(const VaultConnection& connection);
  static std::string recovery_recipient(const VaultConnection& connection);

 private:
  static Status rotate_data_key(Connection& connection, std::string_view new_passphrase, const KdfParams& kdf);
};

}  // namespace techo::detail
