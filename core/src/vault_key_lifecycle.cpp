#include "vault_key_lifecycle.hpp"

#include <chrono>
#include <ctime>
#include <filesystem>

#include "vault_commits.hpp"
#include "vault_schema.hpp"

namespace techo::detail {

namespace {

std::string utc_now() {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

crypto::Argon2Params argon2(const KdfParams& kdf) { return {kdf.ops, kdf.mem_bytes}; }


// The ledger's verdict when the pages are not those of the header's last commit: a
// clearer message than the first failed page read.
Status ledger_status(const EncryptedVfs& vfs, const std::string& path) {
  if (const auto& problem = vfs.ledger().problem()) return Error{ErrorCode::kVaultCorrupt, *problem, path};
  return Ok{};
}

// Opens the database through the vault's encrypting VFS and brings its schema up to date.
// The header's MAC is checked first: nothing it says is used before that.
Result<KeyLifecycle::Connection> open_encrypted(const std::string& path, VaultHeader header,
                                                     DataKey dek, FaultPlan* faults, bool creating) {
  auto header_key = derive_header_key(header, dek);
  if (auto s = check_header_mac(header, header_key); !s) return s.error().within(path);
  auto impl = std::make_unique<VaultConnection>();
  auto keys = derive_vault_keys(header, dek);
  auto ledger = std::make_unique<CommitLedger>(std::move(header), std::move(header_key), faults);
  auto vfs = EncryptedVfs::create(std::move(keys), std::move(ledger), faults);
  if (!vfs) return std::move(vfs).error();
  impl->vfs = std::move(vfs).value();
  auto db = sqlite::Database::open(path, impl->vfs->name());
  if (auto s = ledger_status(*impl->vfs, path); !s) return s.error();
  if (!db) return std::move(db).error().within(path);
  // Pages keep 40 bytes for the nonce and tag; set before the first page is written, and
  // checked on every later open (a vault whose pages lack them is not ours).
  int reserve = creating ? kVaultReservedBytes : -1;
  if (auto s = db->file_control_reserve_bytes(reserve); !s) {
    if (auto l = ledger_status(*impl->vfs, path); !l) return l.error();
    return s.error();
  }
  if (!creating && reserve != kVaultReservedBytes) {
    return Error{ErrorCode::kVaultCorrupt, "the vault's pages have no room for their authentication tags", path};
  }
  // A 32 MiB page cache: decrypting a page costs about as much as reading it, so a
  // person's whole record usually stays decrypted in memory while the vault is open.
  if (auto s = db->exec("PRAGMA page_size = 4096; PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL; "
                        "PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768");
      !s) {
    if (auto l = ledger_status(*impl->vfs, path); !l) return l.error();
    return s.error().within(path);
  }
  if (auto s = migrate(db.value()); !s) {
    if (auto l = ledger_status(*impl->vfs, path); !l) return l.error();
    return s.error().within(path);
  }
  if (auto s = ledger_status(*impl->vfs, path); !s) return s.error();
  impl->path = path;
  impl->dek = std::move(dek);
  impl->db = std::move(db).value();
  return impl;
}

// A new vault's first header, in both slots, so a damaged slot never locks the person
// out. `generation` continues the numbering of the vault it replaces (key rotation).
Status write_first_header(const std::string& path, VaultHeader& header, const DataKey& dek,
                          std::uint64_t generation) {
  header.commit = CommitLedger::empty();
  header.pending = false;
  const auto key = derive_header_key(header, dek);
  for (std::uint64_t g : {generation, generation + 1}) {
    header.generation = g;
    if (auto s = write_vault_header(path, header, key); !s) return s;
  }
  return Ok{};
}

}  // namespace

Result<KeyLifecycle::Connection> KeyLifecycle::open_plain(const std::string& path) {
  auto db = sqlite::Database::open(path);
  if (!db) return std::move(db).error().within(path);
  if (auto s = db->exec("PRAGMA foreign_keys = ON"); !s) return s.error();
  if (auto s = migrate(db.value()); !s) return s.error().within(path);
  auto connection = std::make_unique<VaultConnection>();
  connection->path = path;
  connection->db = std::move(db).value();
  return connection;
}

Result<KeyLifecycle::Created> KeyLifecycle::create(const std::string& path, std::string_view passphrase,
                                              const KdfParams& kdf) {
  if (passphrase.empty()) return Error{ErrorCode::kInvalidArgument, "a vault needs a passphrase", "passphrase"};
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    return Error{ErrorCode::kInvalidArgument, "a vault already exists here; unlock it or choose another place", path};
  }
  if (!crypto::init()) return Error{ErrorCode::kInternal, "no secure random source is available", {}};
  VaultHeader header;
  crypto::random_bytes(header.vault_id);
  header.kdf = argon2(kdf);
  header.created_at = utc_now();
  DataKey dek;
  crypto::random_bytes(dek.span());
  if (auto s = wrap_with_passphrase(header, dek, passphrase); !s) return s.error();
  const auto recovery = age::X25519Identity::generate();
  wrap_with_recovery(header, dek, recovery.recipient());
  if (auto s = write_first_header(path, header, dek, 0); !s) {
    std::filesystem::remove(path, ec);
    return s.error();
  }

  // Opened from what was written, as every later unlock will be: the MAC is checked.
  auto written = read_vault_header(path);
  auto impl = written ? open_encrypted(path, std::move(written).value(), std::move(dek), nullptr, true)
                      : Result<Connection>(written.error());
  if (!impl) {
    std::filesystem::remove(path, ec);
    return std::move(impl).error();
  }
  return Created{std::move(impl).value(), recovery.to_string(), recovery.recipient().to_string()};
}

Result<KeyLifecycle::Connection> KeyLifecycle::unlock(const std::string& path, std::string_view passphrase, FaultPlan* faults) {
  auto header = read_vault_header(path);
  if (!header) return std::move(header).error();
  auto dek = unwrap_with_passphrase(*header, passphrase);
  if (!dek) return std::move(dek).error();
  return open_encrypted(path, std::move(header).value(), std::move(dek).value(), faults, false);
}

Result<KeyLifecycle::Connection> KeyLifecycle::unlock_with_recovery(const std::string& path, std::string_view recovery_key) {
  auto header = read_vault_header(path);
  if (!header) return std::move(header).error();
  auto dek = unwrap_with_recovery(*header, recovery_key);
  if (!dek) return std::move(dek).error();
  return open_encrypted(path, std::move(header).value(), std::move(dek).value(), nullptr, false);
}

Status KeyLifecycle::change_passphrase(Connection& connection, std::string_view new_passphrase, const KdfParams& kdf,
                                    RotateDataKey rotate) {
  if (!connection->vfs) return Error{ErrorCode::kInvalidArgument, "this database is not an encrypted vault", {}};
  if (new_passphrase.empty()) return Error{ErrorCode::kInvalidArgument, "a vault needs a passphrase", "passphrase"};
  if (rotate == RotateDataKey::kYes) return rotate_data_key(connection, new_passphrase, kdf);
  VaultHeader next = connection->vfs->ledger().header();
  next.kdf = argon2(kdf);
  if (auto s = wrap_with_passphrase(next, connection->dek, new_passphrase); !s) return s;
  // Both slots: neither may keep the data key wrapped under the old passphrase.
  return connection->vfs->ledger().rewrite_header(std::move(next));
}

// A new data key: every page is copied, re-encrypted, into a new file that then replaces
// the vault. The old file's key opens nothing of the new one, so a copy kept from before
// (with the old passphrase) shows nothing written after.
Status KeyLifecycle::rotate_data_key(Connection& connection, std::string_view new_passphrase, const KdfParams& kdf) {
  const VaultHeader& current = connection->vfs->ledger().header();
  auto recipient = age::X25519Recipient::parse(current.recovery_recipient);
  if (!recipient) return Error{ErrorCode::kVaultCorrupt, "the vault's recovery recipient is unreadable", connection->path};
  VaultHeader header;
  header.vault_id = current.vault_id;
  header.created_at = current.created_at;
  // The copied log keeps its head: the new file's header binds the same entries.
  header.audit = connection->vfs->ledger().committed_audit_head();
  header.kdf = argon2(kdf);
  DataKey dek;
  crypto::random_bytes(dek.span());
  if (auto s = wrap_with_passphrase(header, dek, new_passphrase); !s) return s;
  wrap_with_recovery(header, dek, recipient.value());

  const std::string path = connection->path;
  const std::string next_path = path + ".rotating";
  std::error_code ec;
  std::filesystem::remove(next_path, ec);
  std::filesystem::remove(next_path + "-journal", ec);
  // Generations go on rising, so the app's memory of the newest one it saw still holds.
  if (auto s = write_first_header(next_path, header, dek, current.generation + 1); !s) return s;
  {
    auto written = read_vault_header(next_path);
    auto next = written ? open_encrypted(next_path, std::move(written).value(), crypto::Secret<32>(dek), nullptr, true)
                        : Result<Connection>(written.error());
    Status copied = next ? connection->db.copy_into((*next)->db) : Status(next.error());
    if (!copied) {
      next = Error{ErrorCode::kInternal, "closed", {}};
      std::filesystem::remove(next_path, ec);
      return copied;
    }
  }  // the new file is closed, its header naming the copied pages
  DataKey old_dek = connection->dek;
  connection.reset();  // closes the old connection and wipes its keys
  std::filesystem::rename(next_path, path, ec);
  const bool replaced = !ec;
  auto header_now = read_vault_header(path);
  if (!header_now) return header_now.error();
  auto reopened = open_encrypted(path, std::move(header_now).value(), replaced ? std::move(dek) : std::move(old_dek),
                                 nullptr, false);
  if (!reopened) return reopened.error();
  connection = std::move(reopened).value();
  if (!replaced) return Error{ErrorCode::kStorage, "cannot replace the vault file: " + ec.message(), path};
  return Ok{};
}

std::uint64_t KeyLifecycle::generation(const VaultConnection& connection) noexcept {
  return connection.vfs ? connection.vfs->ledger().header().generation : 0;
}

std::string KeyLifecycle::vault_id(const VaultConnection& connection) {
  if (!connection.vfs) return {};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : connection.vfs->ledger().header().vault_id) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

std::string KeyLifecycle::recovery_recipient(const VaultConnection& connection) {
  return connection.vfs ? connection.vfs->ledger().header().recovery_recipient : std::string();
}

}  // namespace techo::detail
