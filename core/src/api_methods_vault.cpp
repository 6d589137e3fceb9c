// The vault's key lifecycle and its trusted issuers, as API methods.
#include <algorithm>

#include "api_methods.hpp"
#include "techo/crypto.hpp"
#include "vault_audit_log.hpp"
#include "techo/encoding.hpp"
#include "techo/envelope.hpp"

namespace techo::api::detail {
namespace {

using techo::detail::Args;
using nlohmann::json;

// {"kdfOps", "kdfMemBytes", "rotateDataKey"}: absent fields keep their defaults.
struct VaultOptions {
  KdfParams kdf;
  RotateDataKey rotate = RotateDataKey::kNo;
};
// Negative numbers are wrong-typed too: costs and sizes are whole numbers.
Result<VaultOptions> vault_options(Args options) {
  VaultOptions out;
  const std::int64_t ops = options.integer("kdfOps", static_cast<std::int64_t>(out.kdf.ops));
  const std::int64_t mem = options.integer("kdfMemBytes", static_cast<std::int64_t>(out.kdf.mem_bytes));
  out.rotate = options.boolean("rotateDataKey", false) ? RotateDataKey::kYes : RotateDataKey::kNo;
  if (options.error()) return *options.error();
  if (ops < 0) return Error{ErrorCode::kInvalidArgument, "expected kdfOps to be a whole number", "options.kdfOps"};
  if (mem < 0) return Error{ErrorCode::kInvalidArgument, "expected kdfMemBytes to be a whole number of bytes", "options.kdfMemBytes"};
  out.kdf.ops = static_cast<unsigned long long>(ops);
  out.kdf.mem_bytes = static_cast<std::size_t>(mem);
  return out;
}

// What every reply that opens a vault says about it: the app remembers the newest
// generation it saw of each vault, to warn when a whole older copy is opened.
json opened_json(const Vault& vault) {
  return {{"schemaVersion", Vault::schema_version()}, {"vaultId", vault.vault_id()}, {"generation", vault.generation()}};
}

json issuers_json(const std::vector<TrustedIssuer>& issuers) {
  json out = json::array();
  for (const auto& i : issuers) out.push_back({{"keyId", i.key_id}, {"name", i.name}, {"publicKey", i.public_key}});
  return out;
}

Result<json> open(SessionState& state, Args& a) {
  const std::string path = a.text("path", ":memory:");
  if (a.error()) return *a.error();
  if (!crypto::init()) return Error{ErrorCode::kInternal, "no secure random source is available", {}};
  auto vault = Vault::open(path);
  if (!vault) return std::move(vault).error();
  state.close();
  state.vault.emplace(std::move(vault).value());
  return json{{"schemaVersion", Vault::schema_version()}};
}

Result<json> create_vault(SessionState& state, Args& a) {
  const std::string path = a.text("path"), passphrase = a.text("passphrase");
  auto options = vault_options(a.object("options"));
  if (a.error()) return *a.error();
  if (!options) return std::move(options).error();
  auto created = Vault::create(path, passphrase, options->kdf);
  if (!created) return std::move(created).error();
  state.close();
  state.vault.emplace(std::move(created->vault));
  json reply = opened_json(*state.vault);
  reply["recoveryKey"] = created->recovery_key;
  reply["recoveryRecipient"] = created->recovery_recipient;
  return reply;
}

// The most wrong keys kept per vault until its next unlock: guessing in a loop must not
// grow the session's memory without bound (each guess costs an Argon2id run anyway).
constexpr std::size_t kMaxFailedUnlocksKept = 100;

// Unlocks with `attempt` (Vault::unlock or unlock_with_recovery), handing it the wrong keys
// tried on this vault before; a wrong key is remembered for the next success to log.
template <typename Attempt>
Result<json> unlock_logged(SessionState& state, const std::string& path, const char* method, Attempt&& attempt) {
  state.close();  // an unfinished import rolls back before its vault closes
  auto& failed = state.failed_unlocks[path];
  auto vault = attempt(failed);
  if (!vault) {
    if (vault.error().code == ErrorCode::kWrongKey && failed.size() < kMaxFailedUnlocksKept) {
      failed.push_back({techo::detail::audit_now(), method});
    }
    return std::move(vault).error();
  }
  state.failed_unlocks.erase(path);  // logged with this unlock
  state.vault.emplace(std::move(vault).value());
  // The generation as found on disk, before this unlock's own entry: what the app
  // compares with the newest it saw (opened_json names the current one).
  json reply = opened_json(*state.vault);
  reply["generation"] = state.vault->opened_generation();
  return reply;
}

Result<json> unlock(SessionState& state, Args& a) {
  const std::string path = a.text("path"), passphrase = a.text("passphrase");
  if (a.error()) return *a.error();
  return unlock_logged(state, path, "passphrase", [&](const std::vector<FailedUnlock>& failed) {
    return Vault::unlock(path, passphrase, failed);
  });
}

Result<json> unlock_with_recovery(SessionState& state, Args& a) {
  const std::string path = a.text("path"), recovery_key = a.text("recoveryKey");
  if (a.error()) return *a.error();
  return unlock_logged(state, path, "recovery", [&](const std::vector<FailedUnlock>& failed) {
    return Vault::unlock_with_recovery(path, recovery_key, failed);
  });
}

Result<json> lock(SessionState& state, Args&) {
  state.close();  // closes the connection, unregisters the VFS, wipes every key
  return json::object();
}

Result<json> change_passphrase(SessionState& state, Args& a) {
  const std::string passphrase = a.text("passphrase");
  auto options = vault_options(a.object("options"));
  if (a.error()) return *a.error();
  if (!options) return std::move(options).error();
  if (auto s = state.vault->change_passphrase(passphrase, options->kdf, options->rotate); !s) {
    if (state.vault->closed()) state.close();  // a failed rotation leaves it locked
    return std::move(s).error();
  }
  return opened_json(*state.vault);
}

Result<json> vault_info(SessionState& state, Args&) {
  if (!state.vault) return json{{"open", false}, {"encrypted", false}, {"recoveryRecipient", ""}};
  json info = opened_json(*state.vault);
  info["open"] = true;
  info["encrypted"] = state.vault->encrypted();
  info["recoveryRecipient"] = state.vault->recovery_recipient();
  return info;
}

Result<json> add_trusted_issuer(SessionState& state, Args& a) {
  const std::string public_key_base64 = a.text("publicKey"), name = a.text("name");
  if (a.error()) return *a.error();
  auto key = encoding::base64_decode(public_key_base64, encoding::Padding::kRequired);
  if (!key || key->size() != 32) return Error{ErrorCode::kInvalidArgument, "an issuer key is 32 bytes of base64 (Ed25519)", "publicKey"};
  if (name.empty()) return Error{ErrorCode::kInvalidArgument, "an issuer needs a name", "name"};
  std::array<std::uint8_t, 32> public_key;
  std::copy(key->begin(), key->end(), public_key.begin());
  const std::string key_id = envelope::key_id(public_key);
  if (auto s = state.vault->add_trusted_issuer({key_id, name, public_key_base64}); !s) return std::move(s).error();
  return json{{"keyId", key_id}};
}

Result<json> trusted_issuers(SessionState& state, Args&) {
  auto issuers = state.vault->trusted_issuers();
  if (!issuers) return std::move(issuers).error();
  return issuers_json(*issuers);
}

Result<json> pending_issuers(SessionState& state, Args&) {
  auto issuers = state.vault->pending_issuers();
  if (!issuers) return std::move(issuers).error();
  return issuers_json(*issuers);
}

Result<json> confirm_issuer(SessionState& state, Args& a) {
  const std::string key_id = a.text("keyId"), name = a.text("name");
  if (a.error()) return *a.error();
  if (auto s = state.vault->confirm_pending_issuer(key_id); !s) return std::move(s).error();
  if (!name.empty()) {
    auto issuers = state.vault->trusted_issuers();
    if (!issuers) return std::move(issuers).error();
    for (auto& i : *issuers) {
      if (i.key_id != key_id) continue;
      i.name = name;
      if (auto s = state.vault->add_trusted_issuer(i); !s) return std::move(s).error();
    }
  }
  return json{{"keyId", key_id}};
}

Result<json> dismiss_issuer(SessionState& state, Args& a) {
  const std::string key_id = a.text("keyId");
  if (a.error()) return *a.error();
  if (auto s = state.vault->dismiss_pending_issuer(key_id); !s) return std::move(s).error();
  return json::object();
}

}  // namespace

const MethodTable& vault_methods() {
  static const MethodTable table = {
      {"open", Needs::kNothing, open},
      {"createVault", Needs::kNothing, create_vault},
      {"unlock", Needs::kNothing, unlock},
      {"unlockWithRecovery", Needs::kNothing, unlock_with_recovery},
      {"lock", Needs::kNothing, lock},
      {"changePassphrase", Needs::kOpenVault, change_passphrase},
      {"vaultInfo", Needs::kNothing, vault_info},
      {"addTrustedIssuer", Needs::kOpenVault, add_trusted_issuer},
      {"trustedIssuers", Needs::kOpenVault, trusted_issuers},
      {"pendingIssuers", Needs::kOpenVault, pending_issuers},
      {"confirmIssuer", Needs::kOpenVault, confirm_issuer},
      {"dismissIssuer", Needs::kOpenVault, dismiss_issuer},
  };
  return table;
}

}  // namespace techo::api::detail
