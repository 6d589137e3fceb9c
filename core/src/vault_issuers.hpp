// The issuer keys the person trusts (a source they signed shows "verified", under the
// person's name for the key) and those a restored backup listed, pending until the person
// confirms each one. Private to core; Vault forwards to it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sqlite/sqlite.hpp"
#include "techo/vault.hpp"

namespace techo::detail {

class IssuerList {
 public:
  explicit IssuerList(sqlite::Database& db) : db_(db) {}

  [[nodiscard]] Status add_trusted(const TrustedIssuer& issuer);
  [[nodiscard]] Result<std::vector<TrustedIssuer>> trusted();
  [[nodiscard]] Result<bool> is_trusted(std::string_view key_id);
  [[nodiscard]] Result<std::optional<std::string>> trusted_name(std::string_view key_id);

  [[nodiscard]] Result<std::vector<TrustedIssuer>> pending();
  // INVALID_ARGUMENT (path "keyId") when no such key is pending.
  [[nodiscard]] Status confirm_pending(std::string_view key_id);
  [[nodiscard]] Status dismiss_pending(std::string_view key_id);

 private:
  sqlite::Database& db_;
};

}  // namespace techo::detail
