#include "vault_header.hpp"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <cstring>

#include "techo/encoding.hpp"

namespace techo::detail {
namespace {

using nlohmann::json;
using encoding::Padding;

constexpr std::size_t kSlotSize = 2048;
constexpr std::size_t kSlotFixed = 8 + 8 + 4 + 32 + 32;  // magic, generation, length, digest, MAC
constexpr std::size_t kMaxJson = kSlotSize - kSlotFixed;
constexpr char kMagic[8] = {'T', 'E', 'C', 'H', 'O', 'V', 'L', 'T'};
constexpr std::string_view kDekContext = "techo-vault/v1 data key";

Error corrupt(std::string message) {
  return Error{ErrorCode::kVaultCorrupt, "the vault header is damaged: " + std::move(message), "vault header"};
}

std::string b64(crypto::ByteView bytes) { return encoding::base64_encode(bytes, Padding::kRequired); }

std::optional<crypto::Bytes> unb64(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return encoding::base64_decode(it->get_ref<const std::string&>(), Padding::kRequired);
}

template <std::size_t N>
bool unb64_into(const json& j, const char* key, std::array<std::uint8_t, N>& out) {
  auto bytes = unb64(j, key);
  if (!bytes || bytes->size() != N) return false;
  std::memcpy(out.data(), bytes->data(), N);
  return true;
}

std::optional<std::uint64_t> number(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_unsigned()) return std::nullopt;
  return it->get<std::uint64_t>();
}

std::string text(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

json commit_json(const CommitRecord& c) { return {{"pages", c.pages}, {"root", b64(c.root)}}; }

json audit_json(const AuditHead& a) {
  return {{"entries", a.entries}, {"head", b64(a.head)}, {"checkpoint", a.checkpoint}};
}

// Absent: a header from before the log, whose vault has an empty log. Present, it must be
// whole: a header that names a head but not readably is damaged, not "no log".
bool audit_from(const json& commit, AuditHead& out) {
  auto it = commit.find("auditLog");
  if (it == commit.end()) return true;
  if (!it->is_object()) return false;
  auto entries = number(*it, "entries");
  auto checkpoint = number(*it, "checkpoint");
  if (!entries || !checkpoint || !unb64_into(*it, "head", out.head)) return false;
  out.entries = *entries;
  out.checkpoint = *checkpoint;
  return true;
}

bool commit_from(const json& j, CommitRecord& out) {
  if (!j.is_object()) return false;
  auto pages = number(j, "pages");
  if (!pages) return false;
  out.pages = *pages;
  return unb64_into(j, "root", out.root);
}

std::string to_json(const VaultHeader& h) {
  json commit = commit_json(h.commit);
  commit["state"] = h.pending ? "pending" : "committed";
  commit["auditLog"] = audit_json(h.audit);
  if (h.pending) {
    json base_commit = commit_json(h.base);
    base_commit["auditLog"] = audit_json(h.base_audit);
    commit["base"] = {{"generation", h.base_generation}, {"commit", base_commit}};
  }
  return json{{"format", "techo-vault/v2"},
              {"vaultId", b64(h.vault_id)},
              {"kdf", {{"alg", "argon2id13"}, {"ops", h.kdf.ops}, {"memBytes", h.kdf.mem_bytes}, {"salt", b64(h.salt)}, {"wrap", h.wrap_format}}},
              {"dekByPassphrase", b64(h.dek_by_passphrase)},
              {"recoveryRecipient", h.recovery_recipient},
              {"dekByRecovery", b64(h.dek_by_recovery)},
              {"createdAt", h.created_at},
              {"commit", commit}}
      .dump();
}

Result<VaultHeader> from_json(std::string_view text_bytes, std::uint64_t generation) {
  json j = json::parse(text_bytes, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return corrupt("unknown format");
  VaultHeader h;
  const std::string format = text(j, "format");
  if (format == "techo-vault/v1") {
    h.format = 1;
  } else if (format != "techo-vault/v2") {
    return corrupt("unknown format");
  }
  h.generation = generation;
  auto kdf = j.find("kdf");
  if (!unb64_into(j, "vaultId", h.vault_id) || kdf == j.end() || !kdf->is_object()) return corrupt("missing vault id or kdf");
  auto ops = number(*kdf, "ops");
  auto mem = number(*kdf, "memBytes");
  if (!unb64_into(*kdf, "salt", h.salt) || text(*kdf, "alg") != "argon2id13" || !ops || !mem) return corrupt("bad kdf");
  h.kdf.ops = *ops;
  h.wrap_format = static_cast<int>(number(*kdf, "wrap").value_or(1)) == 2 ? 2 : 1;
  h.kdf.mem_bytes = static_cast<std::size_t>(std::min<std::uint64_t>(*mem, SIZE_MAX));
  if (!kdf_in_range(h.kdf) || *mem > SIZE_MAX) {
    return Error{ErrorCode::kVaultCorrupt,
                 "the vault header asks for key-derivation costs outside the range Techo writes (it was altered)",
                 "vault header.kdf"};
  }
  auto by_pass = unb64(j, "dekByPassphrase");
  auto by_recovery = unb64(j, "dekByRecovery");
  if (!by_pass || by_pass->size() != 24 + 32 + 16 || !by_recovery) return corrupt("missing wrapped keys");
  h.dek_by_passphrase = std::move(*by_pass);
  h.dek_by_recovery = std::move(*by_recovery);
  h.recovery_recipient = text(j, "recoveryRecipient");
  h.created_at = text(j, "createdAt");
  if (h.format == 1) return h;

  auto commit = j.find("commit");
  if (commit == j.end() || !commit_from(*commit, h.commit)) return corrupt("missing commit record");
  if (!audit_from(*commit, h.audit)) return corrupt("unreadable disclosure log head");
  const std::string state = text(*commit, "state");
  if (state == "pending") {
    h.pending = true;
    auto base = commit->find("base");
    if (base == commit->end() || !base->is_object()) return corrupt("pending commit without its base");
    auto base_generation = number(*base, "generation");
    auto base_commit = base->find("commit");
    if (!base_generation || base_commit == base->end() || !commit_from(*base_commit, h.base) ||
        !audit_from(*base_commit, h.base_audit)) {
      return corrupt("pending commit without its base");
    }
    h.base_generation = *base_generation;
  } else if (state != "committed") {
    return corrupt("unknown commit state");
  }
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
    int out = 0;
    const int flags = SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    if (f.vfs_->xOpen(f.vfs_, path.c_str(), f.file(), flags, &out) != SQLITE_OK) {
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
  sqlite3_file* file() { return reinterpret_cast<sqlite3_file*>(file_.data()); }

 private:
  sqlite3_vfs* vfs_ = nullptr;
  std::vector<char> file_;
  bool open_ = false;
};

std::optional<VaultHeader> parse_slot(const std::uint8_t* slot, std::optional<Error>& refused) {
  if (std::memcmp(slot, kMagic, 8) != 0) return std::nullopt;
  std::uint64_t generation;
  std::uint32_t length;
  std::memcpy(&generation, slot + 8, 8);
  std::memcpy(&length, slot + 16, 4);
  if (length > kMaxJson) return std::nullopt;
  const auto digest = crypto::sha256(crypto::ByteView(slot + 8, 12 + length));
  if (std::memcmp(digest.data(), slot + 20 + length, 32) != 0) return std::nullopt;
  auto header = from_json(std::string_view(reinterpret_cast<const char*>(slot + 20), length), generation);
  if (!header) {
    refused = header.error();
    return std::nullopt;
  }
  header->authenticated.assign(reinterpret_cast<const char*>(slot + 8), 12 + length);
  std::memcpy(header->mac.data(), slot + 20 + length + 32, 32);
  return std::move(header).value();
}

std::array<std::uint8_t, kSlotSize> format_slot(const VaultHeader& header, const HeaderKey& key) {
  const std::string json_text = to_json(header);
  std::array<std::uint8_t, kSlotSize> slot{};
  std::memcpy(slot.data(), kMagic, 8);
  const auto length = static_cast<std::uint32_t>(json_text.size());
  std::memcpy(slot.data() + 8, &header.generation, 8);
  std::memcpy(slot.data() + 16, &length, 4);
  std::memcpy(slot.data() + 20, json_text.data(), length);
  const crypto::ByteView covered(slot.data() + 8, 12 + length);
  const auto digest = crypto::sha256(covered);
  std::memcpy(slot.data() + 20 + length, digest.data(), 32);
  const auto mac = crypto::hmac_sha256(key.view(), covered);
  std::memcpy(slot.data() + 20 + length + 32, mac.data(), 32);
  return slot;
}

// The passphrase wrap's associated data: the vault id and, from format 2 on, the Argon2id
// parameters and salt, so forged costs cannot unwrap the key even within the caps.
crypto::Bytes dek_ad(const VaultHeader& h) {
  crypto::Bytes ad(24 + 16, 0);
  std::memcpy(ad.data(), kDekContext.data(), kDekContext.size());
  std::memcpy(ad.data() + 24, h.vault_id.data(), 16);
  if (h.wrap_format >= 2) {
    for (int i = 0; i < 8; ++i) ad.push_back(static_cast<std::uint8_t>(h.kdf.ops >> (8 * i)));
    const auto mem = static_cast<std::uint64_t>(h.kdf.mem_bytes);
    for (int i = 0; i < 8; ++i) ad.push_back(static_cast<std::uint8_t>(mem >> (8 * i)));
    ad.insert(ad.end(), h.salt.begin(), h.salt.end());
  }
  return ad;
}

}  // namespace

bool kdf_in_range(const crypto::Argon2Params& kdf) noexcept {
  return kdf.ops >= kMinKdfOps && kdf.ops <= kMaxKdfOps && kdf.mem_bytes >= kMinKdfMemBytes &&
         kdf.mem_bytes <= kMaxKdfMemBytes;
}

Result<VaultHeader> read_vault_header(const std::string& path) {
  auto file = RawFile::open(path, false);
  if (!file) return std::move(file).error();
  std::array<std::uint8_t, kVaultHeaderRegion> region{};
  sqlite3_file* f = file->file();
  int rc = f->pMethods->xRead(f, region.data(), static_cast<int>(region.size()), 0);
  if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ) return Error{ErrorCode::kStorage, "cannot read the vault", path};
  std::optional<Error> refused;
  auto a = parse_slot(region.data(), refused);
  auto b = parse_slot(region.data() + kSlotSize, refused);
  if (refused) return *refused;  // a whole slot with forged costs: never fall back past it
  if (!a && !b) {
    if (std::all_of(region.begin(), region.end(), [](std::uint8_t x) { return x == 0; })) {
      return Error{ErrorCode::kInvalidArgument, "this file is not a Techo vault", path};
    }
    return corrupt("neither key slot is readable");
  }
  if (a && b) return a->generation >= b->generation ? std::move(*a) : std::move(*b);
  return a ? std::move(*a) : std::move(*b);
}

Status check_header_mac(const VaultHeader& header, const HeaderKey& key) {
  if (header.format < 2) return Ok{};  // the legacy header is rewritten, with its MAC, at unlock
  const auto mac = crypto::hmac_sha256(key.view(), crypto::as_bytes(header.authenticated));
  if (!crypto::constant_time_equal(mac, header.mac)) {
    return Error{ErrorCode::kVaultCorrupt,
                 "the vault header was altered by someone without its key (its authentication failed)", "vault header"};
  }
  return Ok{};
}

int write_header_slot(sqlite3_file* file, const VaultHeader& header, const HeaderKey& key, FaultPlan* faults) {
  if (to_json(header).size() > kMaxJson) return SQLITE_TOOBIG;
  const auto slot = format_slot(header, key);
  const sqlite3_int64 at = static_cast<sqlite3_int64>((header.generation % 2) * kSlotSize);
  if (faults && faults->next()) return SQLITE_IOERR_WRITE;
  if (int rc = file->pMethods->xWrite(file, slot.data(), static_cast<int>(slot.size()), at); rc != SQLITE_OK) return rc;
  if (faults && faults->next()) return SQLITE_IOERR_FSYNC;
  return file->pMethods->xSync(file, SQLITE_SYNC_NORMAL);
}

Status write_vault_header(const std::string& path, const VaultHeader& header, const HeaderKey& key) {
  auto file = RawFile::open(path, true);
  if (!file) return std::move(file).error();
  if (write_header_slot(file->file(), header, key, nullptr) != SQLITE_OK) {
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
  if (!kdf_in_range(header.kdf)) {
    return Error{ErrorCode::kInvalidArgument,
                 "Argon2id costs must be 2 to 8 passes over 19 MiB to 256 MiB (kdfOps, kdfMemBytes)", "kdf"};
  }
  header.wrap_format = 2;
  crypto::random_bytes(header.salt);
  crypto::Secret<32> kek;
  if (!crypto::argon2id(crypto::as_bytes(passphrase), header.salt, header.kdf, kek.span())) {
    return Error{ErrorCode::kStorage, "not enough memory for the key derivation", "kdf"};
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
  crypto::hkdf_sha256(dek.view(), header.vault_id, "techo-vault/v2 page nonces", keys.nonce_key.span());
  crypto::hkdf_sha256(dek.view(), header.vault_id, "techo-vault/v1 journal", keys.journal_key.span());
  return keys;
}

HeaderKey derive_header_key(const VaultHeader& header, const DataKey& dek) {
  HeaderKey key;
  crypto::hkdf_sha256(dek.view(), header.vault_id, "techo-vault/v2 header", key.span());
  return key;
}

}  // namespace techo::detail
