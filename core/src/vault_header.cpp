#include "vault_header.hpp"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <cstring>

#include "techo/encoding.hpp"

namespace techo::detail {
namespace {

using nlohmann::json;
using encoding::Padding;

constexpr std::size_t kSlotSize = 2048;
constexpr char kMagic[8] = {'T', 'E', 'C', 'H', 'O', 'V', 'L', 'T'};
constexpr std::string_view kDekContext = "techo-vault/v1 data key";

Error corrupt(std::string message) {
  return Error{ErrorCode::kVaultCorrupt, "the vault header is damaged: " + std::move(message), "vault header"};
}

std::string b64(crypto::ByteView bytes) { return encoding::base64_encode(bytes, Padding::kRequired); }

std::optional<crypto::Bytes> unb64(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return encoding::base64_decode(it->get<std::string>(), Padding::kRequired);
}

std::string to_json(const VaultHeader& h) {
  return json{{"format", "techo-vault/v1"},
              {"vaultId", b64(h.vault_id)},
              {"kdf", {{"alg", "argon2id13"}, {"ops", h.kdf.ops}, {"memBytes", h.kdf.mem_bytes}, {"salt", b64(h.salt)}}},
              {"dekByPassphrase", b64(h.dek_by_passphrase)},
              {"recoveryRecipient", h.recovery_recipient},
              {"dekByRecovery", b64(h.dek_by_recovery)},
              {"createdAt", h.created_at}}
      .dump();
}

Result<VaultHeader> from_json(std::string_view text, std::uint64_t generation) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("format", "") != "techo-vault/v1") return corrupt("unknown format");
  VaultHeader h;
  h.generation = generation;
  auto id = unb64(j, "vaultId");
  auto kdf = j.find("kdf");
  if (!id || id->size() != 16 || kdf == j.end() || !kdf->is_object()) return corrupt("missing vault id or kdf");
  std::memcpy(h.vault_id.data(), id->data(), 16);
  auto salt = unb64(*kdf, "salt");
  if (!salt || salt->size() != 16 || kdf->value("alg", "") != "argon2id13") return corrupt("bad kdf");
  std::memcpy(h.salt.data(), salt->data(), 16);
  h.kdf.ops = kdf->value("ops", 0ull);
  h.kdf.mem_bytes = kdf->value("memBytes", std::size_t{0});
  auto by_pass = unb64(j, "dekByPassphrase");
  auto by_recovery = unb64(j, "dekByRecovery");
  if (!by_pass || by_pass->size() != 24 + 32 + 16 || !by_recovery) return corrupt("missing wrapped keys");
  h.dek_by_passphrase = std::move(*by_pass);
  h.dek_by_recovery = std::move(*by_recovery);
  h.recovery_recipient = j.value("recoveryRecipient", "");
  h.created_at = j.value("createdAt", "");
  return h;
}

// Raw I/O on the vault file through SQLite's default VFS: the same storage SQLite uses
// (the real disk natively, MEMFS in a browser).
class RawFile {
 public:
  static Result<RawFile> open(const std::string& path, bool create) {
    RawFile f;
    f.vfs_ = sqlite3_vfs_find(nullptr);
    f.file_.resize(static_cast<std::size_t>(f.vfs_->szOsFile));
    auto* file = reinterpret_cast<sqlite3_file*>(f.file_.data());
    int out = 0;
    const int flags = SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    if (f.vfs_->xOpen(f.vfs_, path.c_str(), file, flags, &out) != SQLITE_OK) {
      return Error{ErrorCode::kInvalidArgument, "no vault at this path", path};
    }
    f.open_ = true;
    return f;
  }
  RawFile() = default;
  RawFile(RawFile&& o) noexcept : vfs_(o.vfs_), file_(std::move(o.file_)), open_(std::exchange(o.open_, false)) {}
  ~RawFile() {
    if (open_) file()->pMethods->xClose(file());
  }
  int read(void* buf, int n, sqlite3_int64 off) { return file()->pMethods->xRead(file(), buf, n, off); }
  int write(const void* buf, int n, sqlite3_int64 off) { return file()->pMethods->xWrite(file(), buf, n, off); }
  int sync() { return file()->pMethods->xSync(file(), SQLITE_SYNC_NORMAL); }

 private:
  sqlite3_file* file() { return reinterpret_cast<sqlite3_file*>(file_.data()); }
  sqlite3_vfs* vfs_ = nullptr;
  std::vector<char> file_;
  bool open_ = false;
};

std::optional<VaultHeader> parse_slot(const std::uint8_t* slot) {
  if (std::memcmp(slot, kMagic, 8) != 0) return std::nullopt;
  std::uint64_t generation;
  std::uint32_t length;
  std::memcpy(&generation, slot + 8, 8);
  std::memcpy(&length, slot + 16, 4);
  if (length > kSlotSize - 20 - 32) return std::nullopt;
  const auto digest = crypto::sha256(crypto::ByteView(slot + 8, 12 + length));
  if (std::memcmp(digest.data(), slot + 20 + length, 32) != 0) return std::nullopt;
  auto header = from_json(std::string_view(reinterpret_cast<const char*>(slot + 20), length), generation);
  if (!header) return std::nullopt;
  return std::move(header).value();
}

std::array<std::uint8_t, 40> dek_ad(const VaultHeader& h) {
  std::array<std::uint8_t, 40> ad{};
  std::memcpy(ad.data(), kDekContext.data(), kDekContext.size());
  std::memcpy(ad.data() + 24, h.vault_id.data(), 16);
  return ad;
}

}  // namespace

Result<VaultHeader> read_vault_header(const std::string& path) {
  auto file = RawFile::open(path, false);
  if (!file) return std::move(file).error();
  std::array<std::uint8_t, kVaultHeaderRegion> region{};
  int rc = file->read(region.data(), static_cast<int>(region.size()), 0);
  if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ) return Error{ErrorCode::kStorage, "cannot read the vault", path};
  auto a = parse_slot(region.data());
  auto b = parse_slot(region.data() + kSlotSize);
  if (!a && !b) {
    if (std::all_of(region.begin(), region.end(), [](std::uint8_t x) { return x == 0; })) {
      return Error{ErrorCode::kInvalidArgument, "this file is not a Techo vault", path};
    }
    return corrupt("neither key slot is readable");
  }
  if (a && b) return a->generation >= b->generation ? std::move(*a) : std::move(*b);
  return a ? std::move(*a) : std::move(*b);
}

Status write_vault_header(const std::string& path, const VaultHeader& header) {
  const std::string text = to_json(header);
  if (text.size() > kSlotSize - 20 - 32) return Error{ErrorCode::kInternal, "vault header too large", {}};
  std::array<std::uint8_t, kSlotSize> slot{};
  std::memcpy(slot.data(), kMagic, 8);
  const auto length = static_cast<std::uint32_t>(text.size());
  std::memcpy(slot.data() + 8, &header.generation, 8);
  std::memcpy(slot.data() + 16, &length, 4);
  std::memcpy(slot.data() + 20, text.data(), length);
  const auto digest = crypto::sha256(crypto::ByteView(slot.data() + 8, 12 + length));
  std::memcpy(slot.data() + 20 + length, digest.data(), 32);

  auto file = RawFile::open(path, true);
  if (!file) return std::move(file).error();
  const sqlite3_int64 at = static_cast<sqlite3_int64>((header.generation % 2) * kSlotSize);
  if (file->write(slot.data(), static_cast<int>(slot.size()), at) != SQLITE_OK || file->sync() != SQLITE_OK) {
    return Error{ErrorCode::kStorage, "cannot write the vault header", path};
  }
  return Ok{};
}

Result<DataKey> unwrap_with_passphrase(const VaultHeader& header, std::string_view passphrase) {
  crypto::Secret<32> kek;
  if (!crypto::argon2id(crypto::as_bytes(passphrase), header.salt, header.kdf, kek.span())) {
    return Error{ErrorCode::kVaultCorrupt, "the vault's key-derivation parameters are unusable", "vault header.kdf"};
  }
  DataKey dek;
  const auto ad = dek_ad(header);
  const auto& w = header.dek_by_passphrase;
  if (!crypto::xchacha20poly1305_open(kek.view(), std::span<const std::uint8_t, 24>(w.data(), 24),
                                      crypto::ByteView(w.data() + 24, 32), ad,
                                      std::span<const std::uint8_t, 16>(w.data() + 56, 16), dek.span())) {
    return Error{ErrorCode::kWrongKey, "wrong passphrase", "vault header"};
  }
  return dek;
}

Status wrap_with_passphrase(VaultHeader& header, const DataKey& dek, std::string_view passphrase) {
  crypto::random_bytes(header.salt);
  crypto::Secret<32> kek;
  if (!crypto::argon2id(crypto::as_bytes(passphrase), header.salt, header.kdf, kek.span())) {
    return Error{ErrorCode::kInvalidArgument, "the key-derivation parameters are out of range", "kdf"};
  }
  header.dek_by_passphrase.assign(24 + 32 + 16, 0);
  auto& w = header.dek_by_passphrase;
  crypto::random_bytes(std::span<std::uint8_t>(w.data(), 24));
  const auto ad = dek_ad(header);
  crypto::xchacha20poly1305_seal(kek.view(), std::span<const std::uint8_t, 24>(w.data(), 24), dek.view(), ad,
                                 std::span<std::uint8_t>(w.data() + 24, 32), std::span<std::uint8_t, 16>(w.data() + 56, 16));
  return Ok{};
}

Result<DataKey> unwrap_with_recovery(const VaultHeader& header, std::string_view recovery_identity) {
  auto identities = age::parse_identity_file(recovery_identity);
  if (!identities) return Error{ErrorCode::kWrongKey, "this is not a recovery key (AGE-SECRET-KEY-1…)", "recovery key"};
  age::DecryptOptions options;
  options.identities = std::move(identities).value();
  auto plain = age::decrypt(header.dek_by_recovery, std::move(options));
  if (!plain) {
    if (plain.error().code == ErrorCode::kAgeNoMatch) {
      return Error{ErrorCode::kWrongKey, "this recovery key belongs to another vault", "recovery key"};
    }
    return corrupt("the recovery slot does not decrypt");
  }
  if (plain->size() != 32) return corrupt("the recovery slot holds no data key");
  DataKey dek;
  std::memcpy(dek.data(), plain->data(), 32);
  return dek;
}

void wrap_with_recovery(VaultHeader& header, const DataKey& dek, const age::X25519Recipient& recipient) {
  age::EncryptOptions options;
  options.recipients.push_back(recipient);
  header.dek_by_recovery = age::encrypt(dek.view(), std::move(options)).value();
  header.recovery_recipient = recipient.to_string();
}

VaultKeys derive_vault_keys(const VaultHeader& header, const DataKey& dek) {
  VaultKeys keys;
  keys.vault_id = header.vault_id;
  crypto::hkdf_sha256(dek.view(), header.vault_id, "techo-vault/v1 pages", keys.page_key.span());
  crypto::hkdf_sha256(dek.view(), header.vault_id, "techo-vault/v1 journal", keys.journal_key.span());
  return keys;
}

}  // namespace techo::detail
