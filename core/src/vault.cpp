#include "techo/vault.hpp"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <optional>

#include "sqlite/sqlite.hpp"
#include "vault_commits.hpp"
#include "vault_header.hpp"
#include "vault_impl.hpp"
#include "vault_lifelog_observations.hpp"
#include "vault_people.hpp"
#include "vault_resource_writer.hpp"
#include "vault_schema.hpp"
#include "vault_testing.hpp"
#include "vault_vfs.hpp"

namespace techo {

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
Status ledger_status(const detail::EncryptedVfs& vfs, const std::string& path) {
  if (const auto& problem = vfs.ledger().problem()) return Error{ErrorCode::kVaultCorrupt, *problem, path};
  return Ok{};
}

// Opens the database through the vault's encrypting VFS and brings its schema up to date.
// The header's MAC is checked first: nothing it says is used before that.
Result<std::unique_ptr<Vault::Impl>> open_encrypted(const std::string& path, detail::VaultHeader header,
                                                     detail::DataKey dek, detail::FaultPlan* faults, bool creating) {
  auto header_key = detail::derive_header_key(header, dek);
  if (auto s = detail::check_header_mac(header, header_key); !s) return s.error().within(path);
  auto impl = std::make_unique<Vault::Impl>();
  auto keys = detail::derive_vault_keys(header, dek);
  auto ledger = std::make_unique<detail::CommitLedger>(std::move(header), std::move(header_key), faults);
  auto vfs = detail::EncryptedVfs::create(std::move(keys), std::move(ledger), faults);
  if (!vfs) return std::move(vfs).error();
  impl->vfs = std::move(vfs).value();
  auto db = sqlite::Database::open(path, impl->vfs->name());
  if (auto s = ledger_status(*impl->vfs, path); !s) return s.error();
  if (!db) return std::move(db).error().within(path);
  // Pages keep 40 bytes for the nonce and tag; set before the first page is written, and
  // checked on every later open (a vault whose pages lack them is not ours).
  int reserve = creating ? detail::kVaultReservedBytes : -1;
  if (auto s = db->file_control_reserve_bytes(reserve); !s) {
    if (auto l = ledger_status(*impl->vfs, path); !l) return l.error();
    return s.error();
  }
  if (!creating && reserve != detail::kVaultReservedBytes) {
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
  if (auto s = detail::migrate(db.value()); !s) {
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
Status write_first_header(const std::string& path, detail::VaultHeader& header, const detail::DataKey& dek,
                          std::uint64_t generation) {
  header.commit = detail::CommitLedger::empty();
  header.pending = false;
  const auto key = detail::derive_header_key(header, dek);
  for (std::uint64_t g : {generation, generation + 1}) {
    header.generation = g;
    if (auto s = detail::write_vault_header(path, header, key); !s) return s;
  }
  return Ok{};
}

}  // namespace

namespace detail {

Result<Vault> unlock_for_testing(const std::string& path, std::string_view passphrase, FaultPlan* faults) {
  auto header = read_vault_header(path);
  if (!header) return std::move(header).error();
  auto dek = unwrap_with_passphrase(*header, passphrase);
  if (!dek) return std::move(dek).error();
  auto impl = open_encrypted(path, std::move(header).value(), std::move(dek).value(), faults, false);
  if (!impl) return std::move(impl).error();
  return Vault::from_impl(std::move(impl).value());
}

}  // namespace detail

Vault Vault::from_impl(std::unique_ptr<Impl> impl) { return Vault(std::move(impl)); }

Vault::Vault(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Vault::Vault(Vault&&) noexcept = default;
Vault& Vault::operator=(Vault&&) noexcept = default;
Vault::~Vault() = default;

std::string_view verification_name(Verification v) noexcept {
  switch (v) {
    case Verification::kVerified: return "verified";
    case Verification::kUnknownIssuer: return "unknown_issuer";
    case Verification::kUnsigned: return "unsigned";
  }
  return "unsigned";
}

namespace {
Verification verification_from(std::string_view name) {
  if (name == "verified") return Verification::kVerified;
  if (name == "unknown_issuer") return Verification::kUnknownIssuer;
  return Verification::kUnsigned;
}
}  // namespace

int Vault::schema_version() noexcept { return detail::latest_schema_version(); }

Result<Vault> Vault::open(const std::string& path) {
  auto db = sqlite::Database::open(path);
  if (!db) return std::move(db).error().within(path);
  if (auto s = db->exec("PRAGMA foreign_keys = ON"); !s) return s.error();
  if (auto s = detail::migrate(db.value()); !s) return s.error().within(path);
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->db = std::move(db).value();
  return Vault(std::move(impl));
}

Result<Vault::Created> Vault::create(const std::string& path, std::string_view passphrase, const KdfParams& kdf) {
  if (passphrase.empty()) return Error{ErrorCode::kInvalidArgument, "a vault needs a passphrase", "passphrase"};
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    return Error{ErrorCode::kInvalidArgument, "a vault already exists here; unlock it or choose another place", path};
  }
  if (!crypto::init()) return Error{ErrorCode::kInternal, "no secure random source is available", {}};
  detail::VaultHeader header;
  crypto::random_bytes(header.vault_id);
  header.kdf = argon2(kdf);
  header.created_at = utc_now();
  detail::DataKey dek;
  crypto::random_bytes(dek.span());
  if (auto s = detail::wrap_with_passphrase(header, dek, passphrase); !s) return s.error();
  const auto recovery = age::X25519Identity::generate();
  detail::wrap_with_recovery(header, dek, recovery.recipient());
  if (auto s = write_first_header(path, header, dek, 0); !s) {
    std::filesystem::remove(path, ec);
    return s.error();
  }

  // Opened from what was written, as every later unlock will be: the MAC is checked.
  auto written = detail::read_vault_header(path);
  auto impl = written ? open_encrypted(path, std::move(written).value(), std::move(dek), nullptr, true)
                      : Result<std::unique_ptr<Impl>>(written.error());
  if (!impl) {
    std::filesystem::remove(path, ec);
    return std::move(impl).error();
  }
  return Created{Vault(std::move(impl).value()), recovery.to_string(), recovery.recipient().to_string()};
}

Result<Vault> Vault::unlock(const std::string& path, std::string_view passphrase) {
  return detail::unlock_for_testing(path, passphrase, nullptr);
}

Result<Vault> Vault::unlock_with_recovery(const std::string& path, std::string_view recovery_key) {
  auto header = detail::read_vault_header(path);
  if (!header) return std::move(header).error();
  auto dek = detail::unwrap_with_recovery(*header, recovery_key);
  if (!dek) return std::move(dek).error();
  auto impl = open_encrypted(path, std::move(header).value(), std::move(dek).value(), nullptr, false);
  if (!impl) return std::move(impl).error();
  return Vault(std::move(impl).value());
}

Status Vault::change_passphrase(std::string_view new_passphrase, const KdfParams& kdf, RotateDataKey rotate) {
  if (!impl_->vfs) return Error{ErrorCode::kInvalidArgument, "this database is not an encrypted vault", {}};
  if (new_passphrase.empty()) return Error{ErrorCode::kInvalidArgument, "a vault needs a passphrase", "passphrase"};
  if (rotate == RotateDataKey::kYes) return rotate_data_key(new_passphrase, kdf);
  detail::VaultHeader next = impl_->vfs->ledger().header();
  next.kdf = argon2(kdf);
  if (auto s = detail::wrap_with_passphrase(next, impl_->dek, new_passphrase); !s) return s;
  // Both slots: neither may keep the data key wrapped under the old passphrase.
  return impl_->vfs->ledger().rewrite_header(std::move(next));
}

// A new data key: every page is copied, re-encrypted, into a new file that then replaces
// the vault. The old file's key opens nothing of the new one, so a copy kept from before
// (with the old passphrase) shows nothing written after.
Status Vault::rotate_data_key(std::string_view new_passphrase, const KdfParams& kdf) {
  const detail::VaultHeader& current = impl_->vfs->ledger().header();
  auto recipient = age::X25519Recipient::parse(current.recovery_recipient);
  if (!recipient) return Error{ErrorCode::kVaultCorrupt, "the vault's recovery recipient is unreadable", impl_->path};
  detail::VaultHeader header;
  header.vault_id = current.vault_id;
  header.created_at = current.created_at;
  header.kdf = argon2(kdf);
  detail::DataKey dek;
  crypto::random_bytes(dek.span());
  if (auto s = detail::wrap_with_passphrase(header, dek, new_passphrase); !s) return s;
  detail::wrap_with_recovery(header, dek, recipient.value());

  const std::string path = impl_->path;
  const std::string next_path = path + ".rotating";
  std::error_code ec;
  std::filesystem::remove(next_path, ec);
  std::filesystem::remove(next_path + "-journal", ec);
  // Generations go on rising, so the app's memory of the newest one it saw still holds.
  if (auto s = write_first_header(next_path, header, dek, current.generation + 1); !s) return s;
  {
    auto written = detail::read_vault_header(next_path);
    auto next = written ? open_encrypted(next_path, std::move(written).value(), crypto::Secret<32>(dek), nullptr, true)
                        : Result<std::unique_ptr<Impl>>(written.error());
    Status copied = next ? impl_->db.copy_into((*next)->db) : Status(next.error());
    if (!copied) {
      next = Error{ErrorCode::kInternal, "closed", {}};
      std::filesystem::remove(next_path, ec);
      return copied;
    }
  }  // the new file is closed, its header naming the copied pages
  detail::DataKey old_dek = impl_->dek;
  impl_.reset();  // closes the old connection and wipes its keys
  std::filesystem::rename(next_path, path, ec);
  const bool replaced = !ec;
  auto header_now = detail::read_vault_header(path);
  if (!header_now) return header_now.error();
  auto reopened = open_encrypted(path, std::move(header_now).value(), replaced ? std::move(dek) : std::move(old_dek),
                                 nullptr, false);
  if (!reopened) return reopened.error();
  impl_ = std::move(reopened).value();
  if (!replaced) return Error{ErrorCode::kStorage, "cannot replace the vault file: " + ec.message(), path};
  return Ok{};
}

bool Vault::encrypted() const noexcept { return impl_->vfs != nullptr; }
std::uint64_t Vault::generation() const noexcept { return impl_->vfs ? impl_->vfs->ledger().header().generation : 0; }

Status Vault::set_page_cache_mib(int mib) {
  return impl_->db.exec(("PRAGMA cache_size = -" + std::to_string(mib * 1024)).c_str());
}

std::string Vault::vault_id() const {
  if (!impl_->vfs) return {};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : impl_->vfs->ledger().header().vault_id) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

std::string Vault::recovery_recipient() const {
  return impl_->vfs ? impl_->vfs->ledger().header().recovery_recipient : std::string();
}

Result<ImportReport> Vault::import_bundle(const SourceInfo& source, const fhir::Bundle& bundle) {
  auto import = begin_import(source);
  if (!import) return std::move(import).error();
  for (const auto& r : bundle.resources) {  // stored as they are: no copy of each resource
    if (auto s = (*import)->store(r); !s) return std::move(s).error().within(source.name);
  }
  return (*import)->commit(source, fhir::StreamReport{fhir::InputKind::kBundle, bundle.type, bundle.skipped, bundle.flagged});
}

Result<ImportReport> Vault::import_stream(const SourceInfo& source, const ResourceProducer& produce) {
  auto import = begin_import(source);
  if (!import) return std::move(import).error();
  auto read = produce([&](fhir::Resource&& r) { return (*import)->store(r); });
  if (!read) return std::move(read).error().within(source.name);  // the Import rolls back
  return (*import)->commit(source, std::move(read).value());
}

struct Vault::Import::State {
  explicit State(sqlite::Database& database) : db(database) {}
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  sqlite::Database& db;
  // Declared before the statements that use it: they are finalized first, then it rolls
  // back unless committed, whichever way the import ends.
  std::optional<sqlite::Transaction> tx;
  std::int64_t source_id = 0;
  std::optional<detail::ResourceWriter> writer;
  std::optional<detail::ObservationLifelog> lifelog;  // vital signs and activity join the lifelog
  std::vector<Error> lifelog_problems;
  ImportReport report;
  bool open() const { return tx && tx->active(); }
};

Vault::Import::Import(std::unique_ptr<State> state) : state_(std::move(state)) {}
Vault::Import::~Import() = default;

Result<std::unique_ptr<Vault::Import>> Vault::begin_import(const SourceInfo& source) {
  if (source.name.empty()) {
    return Error{ErrorCode::kInvalidArgument, "an import needs a source name (the file name)", {}};
  }
  auto state = std::make_unique<Import::State>(impl_->db);
  auto& db = impl_->db;
  auto tx = sqlite::Transaction::begin(db);
  if (!tx) return std::move(tx).error().within(source.name);
  state->tx.emplace(std::move(tx).value());
  auto insert_source = db.prepare(
      "INSERT INTO sources(name, bundle_type, encrypted, verification, issuer_name, issuer_key_id, signed_at) "
      "VALUES (?, '', ?, ?, ?, ?, ?)");
  if (!insert_source) return std::move(insert_source).error();
  auto s = insert_source->bind(1, source.name).bind(2, std::int64_t{source.encrypted})
               .bind(3, verification_name(source.verification)).bind(4, source.claimed_issuer_name)
               .bind(5, source.issuer_key_id).bind(6, source.signed_at).run();
  if (!s) return std::move(s).error().within(source.name);
  state->source_id = db.last_insert_rowid();
  state->writer.emplace(db, state->source_id);
  state->lifelog.emplace(db, state->source_id);
  state->report.source = source;
  return std::unique_ptr<Import>(new Import(std::move(state)));
}

Status Vault::Import::store(const fhir::Resource& r) {
  auto& st = *state_;
  if (!st.open()) return Error{ErrorCode::kInvalidArgument, "this import is finished", {}};
  auto outcome = st.writer->store(r);
  if (!outcome) return std::move(outcome).error();
  const bool written = *outcome == detail::ResourceWriter::Outcome::kNew || *outcome == detail::ResourceWriter::Outcome::kUpdated;
  if (written && r.type == "Observation") {
    const bool replacing = *outcome == detail::ResourceWriter::Outcome::kUpdated;
    if (auto s = st.lifelog->write(st.writer->last_written(), r, replacing, st.lifelog_problems); !s) return s;
  }
  switch (*outcome) {
    case detail::ResourceWriter::Outcome::kNew:
      ++st.report.imported[r.type];
      ++st.report.imported_total;
      break;
    case detail::ResourceWriter::Outcome::kUpdated: ++st.report.updated; break;
    case detail::ResourceWriter::Outcome::kUnchanged: ++st.report.unchanged; break;
    case detail::ResourceWriter::Outcome::kHistorical: ++st.report.historical; break;
  }
  return Ok{};
}

Result<ImportReport> Vault::Import::commit(const SourceInfo& source, fhir::StreamReport&& read) {
  auto& st = *state_;
  if (!st.open()) return Error{ErrorCode::kInvalidArgument, "this import is finished", {}};
  auto& db = st.db;
  auto finish = [&]() -> Status {
    auto update = db.prepare(
        "UPDATE sources SET bundle_type = ?, verification = ?, issuer_name = ?, issuer_key_id = ?, signed_at = ? "
        "WHERE id = ?");
    if (!update) return std::move(update).error();
    auto s = update->bind(1, read.bundle_type).bind(2, verification_name(source.verification))
                 .bind(3, source.claimed_issuer_name).bind(4, source.issuer_key_id).bind(5, source.signed_at)
                 .bind(6, st.source_id).run();
    if (!s) return s;
    if (auto l = detail::link_people(db); !l) return l;
    if (auto a = st.lifelog->assign_people(); !a) return a;
    auto days = detail::recompute_touched(db, st.lifelog->touched());
    if (!days) return days.error();
    return st.tx->commit();
  };
  if (auto s = finish(); !s) return std::move(s).error().within(source.name);  // State rolls back
  st.report.source = source;
  st.report.skipped = std::move(read.skipped);
  st.report.flagged = std::move(read.flagged);
  for (auto& p : st.lifelog_problems) {
    st.report.flagged.push_back(Error{p.code, "not added to the lifelog: " + p.message, p.path});
  }
  return std::move(st.report);
}

std::uint64_t Vault::pages_decrypted() const noexcept { return impl_->vfs ? impl_->vfs->pages_decrypted() : 0; }

Status Vault::check_integrity() {
  auto stmt = impl_->db.prepare("PRAGMA integrity_check");
  if (!stmt) return std::move(stmt).error();
  auto row = stmt->step();
  if (!row) return std::move(row).error();
  const std::string verdict = row.value() ? stmt->column_text(0) : std::string("no answer");
  if (verdict != "ok") {
    return Error{ErrorCode::kVaultCorrupt, "the vault is damaged: " + verdict, impl_->path};
  }
  return Ok{};
}

Result<std::vector<Vault::RecordRow>> Vault::records(const RecordQuery& query) {
  auto stmt = impl_->db.prepare(
      "SELECT r.id, r.category, r.code_system, r.code, r.display, r.value_number, r.value_text, r.unit, r.effective_at, "
      "r.status, res.resource_type, s.name, COALESCE(r.profile_id, 0) FROM records r "
      "JOIN resources res ON res.id = r.resource_id JOIN sources s ON s.id = res.source_id "
      "WHERE (?1 = '' OR r.category = ?1) AND (?3 = 0 OR (r.effective_at, r.id) < (?2, ?3)) "
      "AND (?5 = 0 OR r.profile_id = ?5 OR (r.profile_id IS NULL AND ?6)) AND (?7 = 0 OR res.source_id = ?7) "
      "ORDER BY r.effective_at DESC, r.id DESC LIMIT ?4");
  if (!stmt) return std::move(stmt).error();
  auto single = knows_at_most_one_person();
  if (!single) return std::move(single).error();
  stmt->bind(1, query.category).bind(2, query.before_effective_at).bind(3, query.before_id)
      .bind(4, std::int64_t{query.limit}).bind(5, query.person).bind(6, std::int64_t{*single})
      .bind(7, query.source_id);
  std::vector<RecordRow> out;
  auto read = stmt->each([&](const sqlite::Row& row) {
    RecordRow r;
    r.id = row.column_int(0);
    r.record.category = row.column_text(1);
    r.record.code_system = row.column_text(2);
    r.record.code = row.column_text(3);
    r.record.display = row.column_text(4);
    if (!row.column_is_null(5)) r.record.value_number = row.column_double(5);
    r.record.value_text = row.column_text(6);
    r.record.unit = row.column_text(7);
    r.record.effective_at = row.column_text(8);
    r.record.status = row.column_text(9);
    r.resource_type = row.column_text(10);
    r.source = row.column_text(11);
    r.person = row.column_int(12);
    out.push_back(std::move(r));
  });
  if (!read) return std::move(read).error();
  return out;
}

// Records that name no known person belong to the only person there is, if any.
Result<bool> Vault::knows_at_most_one_person() {
  auto stmt = impl_->db.prepare("SELECT count(*) <= 1 FROM profiles");
  if (!stmt) return std::move(stmt).error();
  auto row = stmt->step();
  if (!row) return std::move(row).error();
  return stmt->column_int(0) != 0;
}

Result<std::vector<Person>> Vault::people() {
  auto stmt = impl_->db.prepare(
      "SELECT p.id, p.display_name, p.name_phonetic, p.birth_date, p.gender, p.relationship, "
      "(SELECT count(*) FROM records r WHERE r.profile_id = p.id) FROM profiles p "
      "ORDER BY p.relationship <> 'self', p.birth_date, p.id");
  if (!stmt) return std::move(stmt).error();
  std::vector<Person> out;
  auto read = stmt->each([&](const sqlite::Row& row) {
    out.push_back({row.column_int(0), row.column_text(1), row.column_text(2), row.column_text(3),
                   row.column_text(4), row.column_text(5), row.column_int(6)});
  });
  if (!read) return std::move(read).error();
  return out;
}

Result<std::vector<StoredResource>> Vault::stored_resources(const std::vector<std::string>& types, std::int64_t person) {
  std::string placeholders;
  for (std::size_t i = 0; i < types.size(); ++i) placeholders += (i ? ", ?" : "?") + std::to_string(i + 3);
  if (types.empty()) return std::vector<StoredResource>{};
  auto single = knows_at_most_one_person();
  if (!single) return std::move(single).error();
  // A resource has at most one record, so the LEFT JOIN keeps one row per resource.
  auto stmt = impl_->db.prepare(
      "SELECT res.id, res.resource_type, res.fhir_id, res.full_url, res.json, s.name, COALESCE(r.profile_id, 0) "
      "FROM resources res JOIN sources s ON s.id = res.source_id LEFT JOIN records r ON r.resource_id = res.id "
      "WHERE res.resource_type IN (" + placeholders + ") "
      "AND (?1 = 0 OR r.id IS NULL OR r.profile_id = ?1 OR (r.profile_id IS NULL AND ?2)) ORDER BY res.id");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, person).bind(2, std::int64_t{*single});
  for (std::size_t i = 0; i < types.size(); ++i) stmt->bind(static_cast<int>(i) + 3, types[i]);
  std::vector<StoredResource> out;
  auto read = stmt->each([&](const sqlite::Row& row) -> Status {
    StoredResource r;
    r.id = row.column_int(0);
    r.resource.type = row.column_text(1);
    r.resource.id = row.column_text(2);
    r.resource.full_url = row.column_text(3);
    r.resource.body = nlohmann::json::parse(row.column_text(4), nullptr, false);
    if (r.resource.body.is_discarded()) {
      return Error{ErrorCode::kStorage, "a stored resource is not valid JSON", "resources[" + std::to_string(r.id) + "]"};
    }
    r.source = row.column_text(5);
    r.person = row.column_int(6);
    out.push_back(std::move(r));
    return Ok{};
  });
  if (!read) return std::move(read).error();
  return out;
}

Result<std::vector<Vault::TimelineEntry>> Vault::timeline(int limit, std::int64_t before) {
  auto stmt = impl_->db.prepare(
      "SELECT id, resource_type, json FROM resources WHERE (?1 = 0 OR id < ?1) ORDER BY id DESC LIMIT ?2");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, before).bind(2, std::int64_t{limit});
  std::vector<TimelineEntry> out;
  auto read = stmt->each([&](const sqlite::Row& row) {
    out.push_back({row.column_int(0), row.column_text(1), row.column_text(2)});
  });
  if (!read) return std::move(read).error();
  return out;
}

Status Vault::add_trusted_issuer(const TrustedIssuer& issuer) {
  auto stmt = impl_->db.prepare(
      "INSERT INTO trusted_issuers(key_id, name, public_key) VALUES (?, ?, ?) "
      "ON CONFLICT(key_id) DO UPDATE SET name = excluded.name");
  if (!stmt) return std::move(stmt).error();
  return stmt->bind(1, issuer.key_id).bind(2, issuer.name).bind(3, issuer.public_key).run();
}

namespace {
// Issuers (trusted or pending) as a query's (key_id, name, public_key) rows.
Result<std::vector<TrustedIssuer>> issuer_rows(sqlite::Database& db, std::string_view sql) {
  auto stmt = db.prepare(sql);
  if (!stmt) return std::move(stmt).error();
  std::vector<TrustedIssuer> out;
  auto read = stmt->each([&](const sqlite::Row& row) {
    out.push_back({row.column_text(0), row.column_text(1), row.column_text(2)});
  });
  if (!read) return std::move(read).error();
  return out;
}
}  // namespace

Result<std::vector<TrustedIssuer>> Vault::trusted_issuers() {
  return issuer_rows(impl_->db, "SELECT key_id, name, public_key FROM trusted_issuers ORDER BY added_at, key_id");
}

Result<bool> Vault::is_trusted_issuer(std::string_view key_id) {
  auto stmt = impl_->db.prepare("SELECT 1 FROM trusted_issuers WHERE key_id = ?");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, key_id);
  return stmt->step();
}

Result<std::optional<std::string>> Vault::trusted_issuer_name(std::string_view key_id) {
  auto stmt = impl_->db.prepare("SELECT name FROM trusted_issuers WHERE key_id = ?");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, key_id);
  auto row = stmt->step();
  if (!row) return std::move(row).error();
  if (!row.value()) return std::optional<std::string>();
  return std::optional<std::string>(stmt->column_text(0));
}

Result<std::vector<TrustedIssuer>> Vault::pending_issuers() {
  return issuer_rows(impl_->db, "SELECT key_id, name, public_key FROM pending_issuers ORDER BY restored_at, key_id");
}

namespace {
Error no_pending_issuer() {
  return Error{ErrorCode::kInvalidArgument, "no restored issuer with this key id is waiting to be confirmed", "keyId"};
}
}  // namespace

Status Vault::confirm_pending_issuer(std::string_view key_id) {
  auto& db = impl_->db;
  return sqlite::in_transaction(db, [&]() -> Status {
    auto move = db.prepare(
        "INSERT INTO trusted_issuers(key_id, name, public_key) SELECT key_id, name, public_key FROM pending_issuers "
        "WHERE key_id = ? ON CONFLICT(key_id) DO UPDATE SET name = excluded.name");
    if (!move) return std::move(move).error();
    if (auto s = move->bind(1, key_id).run(); !s) return s;
    if (db.changes() == 0) return no_pending_issuer();
    auto forget = db.prepare("DELETE FROM pending_issuers WHERE key_id = ?");
    if (!forget) return std::move(forget).error();
    return forget->bind(1, key_id).run();
  });
}

Status Vault::dismiss_pending_issuer(std::string_view key_id) {
  auto forget = impl_->db.prepare("DELETE FROM pending_issuers WHERE key_id = ?");
  if (!forget) return std::move(forget).error();
  if (auto s = forget->bind(1, key_id).run(); !s) return s;
  if (impl_->db.changes() == 0) return no_pending_issuer();
  return Ok{};
}

Result<Summary> Vault::summary() {
  Summary out;
  auto& db = impl_->db;

  auto counts = db.prepare("SELECT resource_type, count(*) FROM resources GROUP BY resource_type");
  if (!counts) return std::move(counts).error();
  auto read_counts = counts->each([&](const sqlite::Row& row) {
    const std::int64_t n = row.column_int(1);
    out.counts[row.column_text(0)] = n;
    out.total += n;
  });
  if (!read_counts) return std::move(read_counts).error();

  auto patients = db.prepare("SELECT json FROM resources WHERE resource_type = 'Patient' ORDER BY id");
  if (!patients) return std::move(patients).error();
  auto read_patients = patients->each([&](const sqlite::Row& row) -> Status {
    // Stored by this build from parsed JSON, so it parses; allow_exceptions=false keeps a
    // damaged row from throwing and yields a discarded value instead.
    auto patient = nlohmann::json::parse(row.column_text(0), nullptr, false);
    if (patient.is_discarded()) {
      return Error{ErrorCode::kStorage, "a stored Patient resource is not valid JSON", "resources"};
    }
    PatientSummary p;
    p.id = patient.value("id", "");
    auto name = fhir::patient_name(patient);
    p.name = std::move(name.display);
    p.name_phonetic = std::move(name.phonetic);
    p.birth_date = patient.value("birthDate", "");
    p.gender = patient.value("gender", "");
    out.patients.push_back(std::move(p));
    return Ok{};
  });
  if (!read_patients) return std::move(read_patients).error();

  // A signed source (its signature checked at import) is verified when the person trusts
  // its key now, and then shows the person's name for the key; issuer_name holds only
  // what the signer wrote.
  auto sources = db.prepare(
      "SELECT s.name, s.encrypted, s.verification, s.issuer_name, s.issuer_key_id, s.signed_at, s.imported_at, "
      "coalesce(n.resources, 0), s.id, t.name FROM sources s "
      "LEFT JOIN (SELECT source_id, count(*) AS resources FROM resources GROUP BY source_id) n ON n.source_id = s.id "
      "LEFT JOIN trusted_issuers t ON t.key_id = s.issuer_key_id AND s.verification <> 'unsigned' "
      "ORDER BY s.id");
  if (!sources) return std::move(sources).error();
  auto read_sources = sources->each([&](const sqlite::Row& row) {
    SourceSummary source;
    source.info.name = row.column_text(0);
    source.info.encrypted = row.column_int(1) != 0;
    const bool is_signed = verification_from(row.column_text(2)) != Verification::kUnsigned;
    const bool trusted = !row.column_is_null(9);
    source.info.verification =
        !is_signed ? Verification::kUnsigned : trusted ? Verification::kVerified : Verification::kUnknownIssuer;
    source.info.issuer_name = trusted ? row.column_text(9) : std::string();
    source.info.claimed_issuer_name = row.column_text(3);
    source.info.issuer_key_id = row.column_text(4);
    source.info.signed_at = row.column_text(5);
    source.imported_at = row.column_text(6);
    source.resources = row.column_int(7);
    source.id = row.column_int(8);
    out.sources.push_back(std::move(source));
  });
  if (!read_sources) return std::move(read_sources).error();
  return out;
}

}  // namespace techo
