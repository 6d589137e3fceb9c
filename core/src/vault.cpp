// Vault: the public face of a person's vault. It owns the open connection and hands each
// call to the class whose job it is; the behaviour lives there, not here.
#include "techo/vault.hpp"

#include "vault_audit_log.hpp"
#include "vault_connection.hpp"
#include "vault_issuers.hpp"
#include "vault_key_lifecycle.hpp"
#include "vault_lifelog_queries.hpp"
#include "vault_consent.hpp"
#include "vault_profile_keys.hpp"
#include "vault_record_queries.hpp"
#include "vault_schema.hpp"

namespace techo {

using detail::IssuerList;
using detail::LifelogQueries;
using detail::RecordQueries;
using detail::KeyLifecycle;

std::string_view verification_name(Verification v) noexcept {
  switch (v) {
    case Verification::kVerified: return "verified";
    case Verification::kUnknownIssuer: return "unknown_issuer";
    case Verification::kUnsigned: return "unsigned";
  }
  return "unsigned";
}

Vault::Vault(std::unique_ptr<detail::VaultConnection> connection) : connection_(std::move(connection)) {}
Vault::Vault(Vault&&) noexcept = default;
Vault& Vault::operator=(Vault&&) noexcept = default;
Vault::~Vault() = default;

int Vault::schema_version() noexcept { return detail::latest_schema_version(); }

// ---- keys: vault_keys.cpp --------------------------------------------------------------

namespace {

// The unlock's entry, after the wrong keys tried before it (each at its own time), and a
// signed checkpoint of the head: one transaction. An unlock that cannot be logged fails:
// nothing is read from a vault without its entry.
Status log_unlock(detail::VaultConnection& connection, std::string_view method, const std::vector<FailedUnlock>& failed) {
  return sqlite::in_transaction(connection.db, [&]() -> Status {
    for (const auto& f : failed) {
      detail::AuditEvent event{"unlock_failed", 0, 0, {{"method", f.method}}};
      if (auto s = detail::append_audit_at(connection, event, f.at); !s) return s;
    }
    if (auto s = detail::append_audit(connection, {"unlock", 0, 0, {{"method", std::string(method)}}}); !s) return s;
    return detail::checkpoint_audit(connection);
  });
}

}  // namespace

Result<Vault> Vault::open(const std::string& path) {
  auto connection = KeyLifecycle::open_plain(path);
  if (!connection) return std::move(connection).error();
  return Vault(std::move(connection).value());
}

Result<Vault::Created> Vault::create(const std::string& path, std::string_view passphrase, const KdfParams& kdf) {
  auto created = KeyLifecycle::create(path, passphrase, kdf);
  if (!created) return std::move(created).error();
  Vault vault(std::move(created->connection));
  vault.opened_generation_ = vault.generation();
  auto& connection = *vault.connection_;
  if (auto s = sqlite::in_transaction(connection.db, [&] { return detail::append_audit(connection, {"create"}); }); !s) {
    return std::move(s).error();
  }
  return Created{std::move(vault), std::move(created->recovery_key), std::move(created->recovery_recipient)};
}

Result<Vault> Vault::unlock(const std::string& path, std::string_view passphrase,
                            const std::vector<FailedUnlock>& failed_before) {
  auto connection = KeyLifecycle::unlock(path, passphrase, nullptr);
  if (!connection) return std::move(connection).error();
  Vault vault(std::move(connection).value());
  vault.opened_generation_ = vault.generation();
  if (auto s = log_unlock(*vault.connection_, "passphrase", failed_before); !s) return std::move(s).error();
  return vault;
}

Result<Vault> Vault::unlock_with_recovery(const std::string& path, std::string_view recovery_key,
                                          const std::vector<FailedUnlock>& failed_before) {
  auto connection = KeyLifecycle::unlock_with_recovery(path, recovery_key);
  if (!connection) return std::move(connection).error();
  Vault vault(std::move(connection).value());
  vault.opened_generation_ = vault.generation();
  if (auto s = log_unlock(*vault.connection_, "recovery", failed_before); !s) return std::move(s).error();
  return vault;
}

// Logged once the change stands (the header rewrite has no transaction to share): a
// change that failed is not in the log, one whose entry failed to commit is reported.
Status Vault::change_passphrase(std::string_view new_passphrase, const KdfParams& kdf, RotateDataKey rotate) {
  if (auto s = KeyLifecycle::change_passphrase(connection_, new_passphrase, kdf, rotate); !s) return s;
  return append_audit_event("passphrase_change", 0, {{"rotatedDataKey", rotate == RotateDataKey::kYes}});
}

bool Vault::encrypted() const noexcept { return connection_->vfs != nullptr; }
std::uint64_t Vault::generation() const noexcept { return KeyLifecycle::generation(*connection_); }
std::string Vault::vault_id() const { return KeyLifecycle::vault_id(*connection_); }
std::string Vault::recovery_recipient() const { return KeyLifecycle::recovery_recipient(*connection_); }

Status Vault::set_page_cache_mib(int mib) {
  return connection_->db.exec(("PRAGMA cache_size = -" + std::to_string(mib * 1024)).c_str());
}

std::uint64_t Vault::pages_decrypted() const noexcept {
  return connection_->vfs ? connection_->vfs->pages_decrypted() : 0;
}

// ---- imports: vault_import.cpp, vault_lifelog_import.cpp -------------------------------
// ---- backup: vault_backup.cpp ----------------------------------------------------------

// ---- records and people: vault_record_queries.cpp --------------------------------------

Result<std::vector<Vault::RecordRow>> Vault::records(const RecordQuery& query) {
  return RecordQueries(connection_->db).records(query);
}

Result<std::vector<Person>> Vault::people() { return RecordQueries(connection_->db).people(); }

// ---- people's keys and relationships: vault_profile_keys.cpp ---------------------------

Result<ProfileKeys> Vault::profile_keys(std::int64_t person) {
  if (!encrypted()) {
    return Error{ErrorCode::kUnsupported,
                 "a person's keys are kept only in an encrypted vault: create or unlock one first", "person"};
  }
  return detail::ProfileKeyring(connection_->db).public_keys(person);
}

Status Vault::set_relationship(std::int64_t person, std::string_view relationship) {
  return detail::set_relationship(connection_->db, person, relationship);
}

// ---- consent: vault_consent.cpp -------------------------------------------------------

namespace {
Error needs_encrypted_vault() {
  return Error{ErrorCode::kUnsupported, "consent needs the person's keys, kept only in an encrypted vault: create or unlock one first", ""};
}
}  // namespace

Result<GrantInfo> Vault::create_grant(std::int64_t person, const consent::GrantRequest& request, std::int64_t now_unix) {
  if (!encrypted()) return needs_encrypted_vault();
  return detail::ConsentStore(*connection_, *this).create(person, request, now_unix);
}
Result<std::vector<GrantInfo>> Vault::grants(std::int64_t person) { return detail::ConsentStore(*connection_, *this).list(person); }
Result<GrantInfo> Vault::grant(std::string_view grant_id) { return detail::ConsentStore(*connection_, *this).find(grant_id); }
Result<GrantInfo> Vault::revoke_grant(std::string_view grant_id, std::int64_t now_unix) {
  return detail::ConsentStore(*connection_, *this).revoke(grant_id, now_unix);
}
Result<SharePackage> Vault::share_package(std::string_view grant_id, std::int64_t now_unix) {
  if (!encrypted()) return needs_encrypted_vault();
  return detail::ConsentStore(*connection_, *this).package(grant_id, now_unix);
}
Result<ConsentSettings> Vault::consent_settings() { return detail::ConsentStore(*connection_, *this).settings(); }
Status Vault::set_research_opt_out(bool opted_out) { return detail::ConsentStore(*connection_, *this).set_research_opt_out(opted_out); }
Status Vault::set_hand_over_age(int age) { return detail::ConsentStore(*connection_, *this).set_hand_over_age(age); }
Result<HandOverReport> Vault::hand_over(std::int64_t person, std::string_view recipient, std::int64_t now_unix) {
  if (!encrypted()) return needs_encrypted_vault();
  return detail::ConsentStore(*connection_, *this).hand_over(person, recipient, now_unix);
}

Result<std::vector<StoredResource>> Vault::stored_resources(const std::vector<std::string>& types, std::int64_t person) {
  return RecordQueries(connection_->db).stored_resources(types, person);
}

Result<std::vector<Vault::TimelineEntry>> Vault::timeline(int limit, std::int64_t before) {
  return RecordQueries(connection_->db).timeline(limit, before);
}

Result<Summary> Vault::summary() { return RecordQueries(connection_->db).summary(); }

// ---- issuers: vault_issuers.cpp --------------------------------------------------------

Status Vault::add_trusted_issuer(const TrustedIssuer& issuer) { return IssuerList(connection_->db).add_trusted(issuer); }
Result<std::vector<TrustedIssuer>> Vault::trusted_issuers() { return IssuerList(connection_->db).trusted(); }
Result<std::optional<std::string>> Vault::trusted_issuer_name(std::string_view key_id) {
  return IssuerList(connection_->db).trusted_name(key_id);
}
Result<std::vector<TrustedIssuer>> Vault::pending_issuers() { return IssuerList(connection_->db).pending(); }
Status Vault::confirm_pending_issuer(std::string_view key_id) {
  return IssuerList(connection_->db).confirm_pending(key_id);
}
Status Vault::dismiss_pending_issuer(std::string_view key_id) {
  return IssuerList(connection_->db).dismiss_pending(key_id);
}

// ---- the disclosure log: vault_audit_log.cpp -------------------------------------------

Result<Vault::AuditPage> Vault::audit_log(int limit, std::int64_t cursor) {
  if (limit < 1 || limit > 1000) return Error{ErrorCode::kInvalidArgument, "expected limit to be 1 to 1000", "limit"};
  if (cursor < 0) return Error{ErrorCode::kInvalidArgument, "expected cursor to be a nextCursor from auditLog()", "cursor"};
  return detail::audit_page(*connection_, limit, cursor);
}

Result<Vault::AuditVerification> Vault::verify_audit_log() { return detail::verify_audit(*connection_); }

Status Vault::append_audit_event(std::string_view action, std::int64_t person, const nlohmann::json& detail) {
  auto& connection = *connection_;
  return sqlite::in_transaction(connection.db, [&] {
    return detail::append_audit(connection, {std::string(action), person, 0, detail});
  });
}

// ---- lifelog: vault_lifelog_queries.cpp ------------------------------------------------

Result<std::vector<Vault::StoredSample>> Vault::lifelog_samples(const std::string& metric, std::int64_t from,
                                                                std::int64_t to, std::int64_t person) {
  return LifelogQueries(connection_->db).samples(metric, from, to, person);
}

Result<std::vector<Vault::LifelogDay>> Vault::lifelog_days(const std::string& metric, const std::string& from_day,
                                                            const std::string& to_day, std::int64_t person) {
  return LifelogQueries(connection_->db).days(metric, from_day, to_day, person);
}

Result<std::vector<Vault::LifelogWeek>> Vault::lifelog_weeks(const std::string& metric, const std::string& from_day,
                                                             const std::string& to_day, std::int64_t person) {
  return LifelogQueries(connection_->db).weeks(metric, from_day, to_day, person);
}

Result<lifelog::Priority> Vault::lifelog_priority(const std::string& metric) {
  return LifelogQueries(connection_->db).priority(metric);
}

Result<std::int64_t> Vault::set_lifelog_priority(const std::string& metric, const lifelog::Priority& priority) {
  return LifelogQueries(connection_->db).set_priority(metric, priority);
}

}  // namespace techo
