// The vault: where a person's records live, one SQLite database. Imports are atomic: a
// Bundle's resources are stored in one transaction or not at all.
//
// Vault is the one public face of it; each job is done by a class of its own in core/src
// (vault_key_lifecycle: create, unlock, passphrase and data key; vault_import and
// vault_lifelog_import: the import transactions; vault_record_queries, vault_issuers,
// vault_lifelog_queries: what is read back; vault_backup: export and restore), all working
// on the open connection Vault owns.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "techo/consent.hpp"
#include "techo/fhir.hpp"
#include "techo/lifelog.hpp"
#include "techo/lifelog_merge.hpp"
#include "techo/records.hpp"
#include "techo/result.hpp"

namespace techo {

namespace detail {
struct VaultConnection;
class ViewQueries;
}  // namespace detail
class VaultTesting;

// Where an import came from: the file, and what could be verified about it.
enum class Verification {
  kVerified,       // signed by an issuer whose key the person trusts
  kUnknownIssuer,  // validly signed, but by a key not in the trusted list
  kUnsigned,       // no signature: "source not verified"
};
std::string_view verification_name(Verification v) noexcept;  // "verified", "unknown_issuer", "unsigned"

struct SourceInfo {
  std::string name;             // the file name the person chose
  bool encrypted = false;       // arrived as an age file
  Verification verification = Verification::kUnsigned;
  // Verified: the name the person gave the key in their trust list. Otherwise empty: a
  // signer's own words never become the name shown as vouched for.
  std::string issuer_name;
  std::string issuer_key_id;
  std::string signed_at;
  std::string claimed_issuer_name;  // what the signer calls itself in the envelope, when signed

  // A verified source whose signer calls itself something other than the person's name for
  // the key: shown, so a key trusted as one issuer cannot pass as another.
  bool issuer_name_mismatch() const {
    return verification == Verification::kVerified && !claimed_issuer_name.empty() && claimed_issuer_name != issuer_name;
  }
};

struct TrustedIssuer {
  std::string key_id;
  std::string name;
  std::string public_key;  // base64
};

struct ImportReport {
  SourceInfo source;
  std::map<std::string, std::int64_t> imported;   // resourceType -> new resources stored
  std::int64_t imported_total = 0;
  std::int64_t updated = 0;     // newer versions that replaced what the vault had (kept in history)
  std::int64_t unchanged = 0;   // already in the vault, identical: not stored twice
  std::int64_t historical = 0;  // older versions than the vault's: kept in history only
  std::vector<Error> skipped;                     // entries not stored, each with its path
  std::vector<Error> flagged;                     // stored, but breaking a profile they claim
};

struct PatientSummary {
  std::string id;
  std::string name;           // as the person reads it (kanji for JP Core data)
  std::string name_phonetic;  // kana, when the source has it
  std::string birth_date;     // FHIR date as recorded: "1930-06-28"
  std::string gender;
};

struct SourceSummary {
  std::int64_t id = 0;          // for filtering the timeline by source
  SourceInfo info;
  std::string imported_at;
  std::int64_t resources = 0;
};

struct Summary {
  std::map<std::string, std::int64_t> counts;  // resourceType -> resources in the vault
  std::int64_t total = 0;
  std::vector<PatientSummary> patients;        // in import order
  std::vector<SourceSummary> sources;          // in import order
};

// A person whose records the vault keeps: the account holder ("self") and the family
// members they manage ("child", "dependent"), found from the Patient resources imported.
struct Person {
  std::int64_t id = 0;
  std::string name;
  std::string name_phonetic;
  std::string birth_date;
  std::string gender;
  // "self" (the account holder), "child", "dependent", "other": the person's choice
  // (Vault::set_relationship) when they made one, else guessed from birth years.
  std::string relationship;
  std::int64_t records = 0;
  std::string handed_over_at;  // when the record was handed over to the person's own key ("" = not)
  // A reference the person's records make to them (their first Patient's fullUrl or
  // "Patient/<id>", else "identifier:<system>|<value>"): what entries the person makes in
  // Techo (emergency contacts, care wishes) name as their subject.
  std::string patient_ref;
};

// The public parts of a person's own keys (Vault::profile_keys). The secret parts stay in
// the vault and are used only inside the core.
struct ProfileKeys {
  std::int64_t person = 0;
  std::array<std::uint8_t, 32> signing_public_key{};  // Ed25519
  std::string key_id;         // envelope::key_id of the signing key: "ed25519:" + 32 hex
  std::string age_recipient;  // age1…
  std::string created_at;
};

// A grant the person signed, as the vault keeps it (Vault::create_grant).
struct GrantInfo {
  consent::SignedGrant grant;
  std::int64_t person = 0;                        // whose record (a profile id)
  std::optional<consent::Revocation> revocation;  // when revoked
  std::int64_t packages = 0;                      // share packages made from it
  std::string last_shared_at;                     // when the latest was made ("" = never)
  // "active", "expired", "revoked", or "used" (a once grant whose package was made).
  std::string status(std::int64_t now_unix) const;
};

// A share package made from a grant: the age file to the grantee, and what it holds.
struct SharePackage {
  crypto::Bytes file;
  std::int64_t resources = 0;  // Bundle entries, supporting resources included
  std::string sha256;          // of the file, as the disclosure log records it
  bool pseudonymised = false;
};

struct ConsentSettings {
  bool research_opt_out = false;  // the person's 拒否 of research use: blocks every research grant
  std::string research_opt_out_changed_at;
  int hand_over_age = 15;  // the age at which a child's record is offered for hand-over
};

// A child's record handed over to a key the child holds.
struct HandOverReport {
  crypto::Bytes file;           // a share package to the child's key (purpose "hand-over")
  std::int64_t resources = 0;
  std::int64_t grants_ended = 0;  // proxy and other grants of the child's record, revoked
  std::string handed_over_at;
};

// A stored resource as the views read it: the resource, the file it came from, and the
// person it is about (0 when it names no person the vault knows).
struct StoredResource {
  std::int64_t id = 0;
  fhir::Resource resource;
  std::string source;           // the file's name
  std::int64_t person = 0;
  std::int64_t source_id = 0;   // the import it came from (first seen in)
  std::string source_kind;      // that file's Bundle.type ("document", ...), "resource", "ndjson"
  std::string source_profile;   // that file's Bundle.meta.profile[0]
};

// Parameters of the passphrase's key derivation (Argon2id), stored in the vault header.
struct KdfParams {
  unsigned long long ops = 3;
  std::size_t mem_bytes = 64u << 20;
};

// Whether a passphrase change also replaces the data key (re-encrypting every page), so
// that a copy of the file kept from before the change opens none of the pages after it.
enum class RotateDataKey { kNo, kYes };

// A wrong passphrase or recovery key tried on a vault: it cannot be written then, so the
// session keeps it and hands it to the next successful unlock, which logs it.
struct FailedUnlock {
  std::string at;      // UTC, as the disclosure log records times
  std::string method;  // "passphrase" or "recovery"
};

class Vault {
 public:
  // An unencrypted database at `path` (":memory:" keeps it in memory only): for sessions
  // that persist nothing, and as the "encryption off" baseline of the benchmarks.
  [[nodiscard]] static Result<Vault> open(const std::string& path);

  struct Created;
  // Creates an encrypted vault file at `path` (which must not exist): a random data key,
  // wrapped by the passphrase (Argon2id) and by a new recovery key, which is returned once
  // for the person to print or save. The vault is returned unlocked.
  [[nodiscard]] static Result<Created> create(const std::string& path, std::string_view passphrase,
                                              const KdfParams& kdf = {});
  // Unlocks an encrypted vault. WRONG_KEY for a wrong passphrase or another vault's
  // recovery key; VAULT_CORRUPT when the file fails authentication.
  // Each unlock is logged (with `failed_before`, the wrong keys tried since the last one)
  // and a checkpoint signed, in one transaction.
  [[nodiscard]] static Result<Vault> unlock(const std::string& path, std::string_view passphrase,
                                            const std::vector<FailedUnlock>& failed_before = {});
  [[nodiscard]] static Result<Vault> unlock_with_recovery(const std::string& path, std::string_view recovery_key,
                                                          const std::vector<FailedUnlock>& failed_before = {});

  // Rewraps the data key under a new passphrase, in both header slots, so no slot of the
  // file opens with the old one. With RotateDataKey::kYes the data key itself is replaced
  // and every page re-encrypted. INVALID_ARGUMENT for Argon2id costs outside 2..8 passes
  // over 19..256 MiB (create() checks the same).
  [[nodiscard]] Status change_passphrase(std::string_view new_passphrase, const KdfParams& kdf = {},
                                         RotateDataKey rotate = RotateDataKey::kNo);
  // Locking is destruction: the connection closes and every key is wiped.

  bool encrypted() const noexcept;
  // True only after a data-key rotation could not reopen the vault: it is locked, and
  // every other call is a misuse.
  bool closed() const noexcept { return connection_ == nullptr; }
  // The authenticated header generation: it rises with every commit, so an app that
  // remembers the newest it saw can tell when a whole older copy of the file is opened
  // (which nothing inside the file can reveal). 0 for an unencrypted database.
  std::uint64_t generation() const noexcept;
  // The vault's random id (hex), stable across passphrase changes; "" when unencrypted.
  std::string vault_id() const;
  // The connection's page cache (decrypted pages kept in memory). Default: 32 MiB.
  [[nodiscard]] Status set_page_cache_mib(int mib);
  // The age1… recipient whose identity (the recovery key) can unlock this vault; empty
  // for an unencrypted database. Backups "to the recovery key" are encrypted to it.
  std::string recovery_recipient() const;

  Vault(Vault&&) noexcept;
  Vault& operator=(Vault&&) noexcept;
  ~Vault();

  // Stores every usable resource of `bundle` under a new source, in one transaction.
  [[nodiscard]] Result<ImportReport> import_bundle(const SourceInfo& source, const fhir::Bundle& bundle);

  // The same, for resources produced while they are stored (a streaming reader such as
  // fhir::read_fhir): `produce` hands each resource to the sink it is given and returns
  // what it skipped and flagged. One transaction: any error stores nothing.
  using ResourceProducer = std::function<Result<fhir::StreamReport>(const fhir::ResourceSink& store)>;
  [[nodiscard]] Result<ImportReport> import_stream(const SourceInfo& source, const ResourceProducer& produce);

  // An import in progress, for data that arrives in pieces over several calls: one open
  // transaction, resources stored as they come, committed by commit() or rolled back
  // when the Import is destroyed uncommitted (cancel, error). The vault must outlive it,
  // and nothing else may write to the vault meanwhile.
  class Import;
  [[nodiscard]] Result<std::unique_ptr<Import>> begin_import(const SourceInfo& source);

  // Lifelog samples from one file, under a new source, in one transaction. A sample
  // already in the vault (same metric, times, device, value) is not stored twice.
  struct LifelogReport {
    SourceInfo source;
    std::string format;
    std::int64_t imported = 0;
    std::int64_t duplicates = 0;
    std::map<std::string, std::int64_t> by_metric;
    std::vector<Error> skipped;
    std::int64_t days_recomputed = 0;  // merged days this import changed (only those are recomputed)
  };
  [[nodiscard]] Result<LifelogReport> import_lifelog(const SourceInfo& source, const lifelog::ParseReport& parsed);

  // The same, for samples produced while they are stored (a streaming reader: a 2 GB
  // Apple Health export never exists as a list of samples). One open transaction; the
  // touched days are merged at commit; destroyed uncommitted, it rolls back.
  class LifelogImport;
  [[nodiscard]] Result<std::unique_ptr<LifelogImport>> begin_lifelog_import(const SourceInfo& source,
                                                                            const std::string& format);

  // The lifelog is kept per person. Wearable and app imports belong to the account holder;
  // samples from FHIR Observations (vital signs, activity) to the person they are about.
  // `person` below is a profile id (people()); 0, or the account holder's id, is them.
  //
  // The stored samples of `metric` overlapping [from, to) (UTC seconds), oldest first,
  // with the source each came from (a sample is taken to last at most three days).
  struct StoredSample {
    lifelog::Sample sample;
    std::string source;
  };
  [[nodiscard]] Result<std::vector<StoredSample>> lifelog_samples(const std::string& metric, std::int64_t from,
                                                                  std::int64_t to, std::int64_t person = 0);

  // The merged lifelog of one metric per local day, from..to inclusive ("2026-01-01"):
  // cumulative metrics as totals, readings as mean/min/max, sleep per night (by the day it
  // ends); each with the explanation of where it came from.
  struct LifelogDay {
    std::string day;
    double value = 0;
    std::optional<double> min, max;
    std::int64_t readings = 0;
    std::string explanation;
    nlohmann::json sources;  // [{device, kind, value, readings, ranges: [[start, end]...]}]
  };
  [[nodiscard]] Result<std::vector<LifelogDay>> lifelog_days(const std::string& metric, const std::string& from_day,
                                                             const std::string& to_day, std::int64_t person = 0);
  struct LifelogWeek {
    std::string week_start;  // the Monday
    double value = 0;        // cumulative: the week's total; others: the mean of its days
    std::int64_t days = 0;
  };
  [[nodiscard]] Result<std::vector<LifelogWeek>> lifelog_weeks(const std::string& metric, const std::string& from_day,
                                                               const std::string& to_day, std::int64_t person = 0);

  // The person's source priority for a metric (highest first); the default when unset.
  [[nodiscard]] Result<lifelog::Priority> lifelog_priority(const std::string& metric);
  // Sets it and recomputes every stored day of the metric, everyone's. Value: days recomputed.
  [[nodiscard]] Result<std::int64_t> set_lifelog_priority(const std::string& metric, const lifelog::Priority& priority);

  // Issuer keys whose signatures make a source "verified". Trust is read when sources are
  // shown: a source signed (and checked at import) by a key trusted later shows verified,
  // under the name the person gave the key.
  [[nodiscard]] Status add_trusted_issuer(const TrustedIssuer& issuer);
  [[nodiscard]] Result<std::vector<TrustedIssuer>> trusted_issuers();
  // The person's name for a trusted key; nullopt when the key is not trusted.
  [[nodiscard]] Result<std::optional<std::string>> trusted_issuer_name(std::string_view key_id);

  // Parts of a お薬手帳 notebook split over several QR codes (JAHIS record 911), held in the
  // vault until all have arrived (vault_notebook_parts.cpp).
  struct NotebookParts {
    std::string data_id;
    int read = 0;               // distinct parts held (the one just given included)
    int total = 0;
    std::vector<int> missing;   // part numbers not yet read
    bool complete() const { return total > 0 && read == total; }
  };
  // Holds one part (a part read again replaces itself) and says which parts are held. A
  // part whose total disagrees with those already held is an error.
  [[nodiscard]] Result<NotebookParts> hold_notebook_part(const std::string& data_id, int part, int total,
                                                         std::string_view text);
  // The held texts of a notebook, in part order.
  [[nodiscard]] Result<std::vector<std::string>> notebook_part_texts(const std::string& data_id);
  // Every notebook still waiting for parts.
  [[nodiscard]] Result<std::vector<NotebookParts>> pending_notebook_parts();

  // Issuer keys a restored backup listed as trusted. A backup is a file anyone can edit,
  // so they are not trusted until the person confirms each one (key id computed from the
  // key, never taken from the file). Confirming moves it to the trusted list; dismissing
  // forgets it. INVALID_ARGUMENT (path "keyId") when no such key is pending.
  [[nodiscard]] Result<std::vector<TrustedIssuer>> pending_issuers();
  [[nodiscard]] Status confirm_pending_issuer(std::string_view key_id);
  [[nodiscard]] Status dismiss_pending_issuer(std::string_view key_id);

  [[nodiscard]] Result<Summary> summary();

  // Normalized records, newest first, a page at a time: filter by category ("" = all);
  // continue after the last row of a page with its (effective_at, id) as the cursor.
  struct RecordQuery {
    std::string category;
    int limit = 50;
    std::string before_effective_at;
    std::int64_t before_id = 0;  // 0: first page
    std::int64_t person = 0;     // 0: everyone
    std::int64_t source_id = 0;  // 0: every source
  };
  struct RecordRow {
    std::int64_t id;
    records::Record record;
    std::string resource_type;
    std::string source;  // the file it came from
    std::int64_t person = 0;
  };
  [[nodiscard]] Result<std::vector<RecordRow>> records(const RecordQuery& query);

  // The people the records are about, account holder first.
  [[nodiscard]] Result<std::vector<Person>> people();

  // A person's own keys (`person` a profile id from people()), made in one transaction on
  // the first request and the same ever after. Only in an encrypted vault (UNSUPPORTED
  // otherwise: secret keys are never written to a plain file, nor made to vanish with an
  // in-memory one). INVALID_ARGUMENT (path "person") for a profile the vault does not have.
  [[nodiscard]] Result<ProfileKeys> profile_keys(std::int64_t person);

  // Sets the relationship the person chose for a profile: "self", "child", "dependent" or
  // "other". It wins over the guess from birth years and persists. The account holder
  // stays "self" and no one else can be (moving the account holder is not supported yet).
  // INVALID_ARGUMENT with path "person" or "relationship".
  [[nodiscard]] Status set_relationship(std::int64_t person, std::string_view relationship);

  // ---- consent: vault_consent.cpp ------------------------------------------------------
  // Signs and stores a grant of `person`'s record (consent.hpp). Encrypted vaults only.
  // INVALID_ARGUMENT naming the field; OPTED_OUT for research while the person opted out.
  [[nodiscard]] Result<GrantInfo> create_grant(std::int64_t person, const consent::GrantRequest& request, std::int64_t now_unix);
  [[nodiscard]] Result<std::vector<GrantInfo>> grants(std::int64_t person = 0);  // newest first
  [[nodiscard]] Result<GrantInfo> grant(std::string_view grant_id);            // INVALID_ARGUMENT "id" when unknown
  // Signs a revocation. Data already shared cannot be recalled; no package is made again.
  [[nodiscard]] Result<GrantInfo> revoke_grant(std::string_view grant_id, std::int64_t now_unix);
  // The share package of a grant: GRANT_EXPIRED (also a used once grant), GRANT_REVOKED,
  // OPTED_OUT (research). Logged with what it held.
  [[nodiscard]] Result<SharePackage> share_package(std::string_view grant_id, std::int64_t now_unix);
  [[nodiscard]] Result<ConsentSettings> consent_settings();
  [[nodiscard]] Status set_research_opt_out(bool opted_out);
  [[nodiscard]] Status set_hand_over_age(int age);  // 10..20
  // Hands a child's record over to a key the child holds (`recipient`, age1…): the whole
  // record as a package to it, every grant of the record ended, the profile marked
  // handed over (no new grants of it), all in one transaction and logged.
  [[nodiscard]] Result<HandOverReport> hand_over(std::int64_t person, std::string_view recipient, std::int64_t now_unix);

  // The current version of every resource of the given types; with `person` != 0, only
  // those about that person (and those about no known person when the vault knows at
  // most one). Types without a subject (Practitioner, Organization) ignore `person`.
  [[nodiscard]] Result<std::vector<StoredResource>> stored_resources(const std::vector<std::string>& types,
                                                                     std::int64_t person = 0);

  // The newest resources first, a page at a time: `limit` resources stored before
  // `before` (a cursor from the previous page; 0 for the first page).
  struct TimelineEntry {
    std::int64_t cursor;
    std::string resource_type;
    std::string json;
  };
  [[nodiscard]] Result<std::vector<TimelineEntry>> timeline(int limit, std::int64_t before = 0);

  // Backup: a tar archive (the plaintext of an age backup file) holding manifest.json
  // (schema version, counts, SHA-256 of every part), records.fhir.json (a FHIR R4
  // Bundle of every resource), sources.json, trusted-issuers.json and lifelog.ndjson.
  [[nodiscard]] Result<std::string> export_archive();
  struct RestoreReport {
    std::int64_t resources = 0;
    std::int64_t sources = 0;
    std::int64_t lifelog_samples = 0;
    std::string content_sha256;
    std::int64_t pending_issuers = 0;  // issuer keys waiting for the person to confirm them
  };
  // Restores an archive into this vault, which must be empty: all of it, verified against
  // its manifest, in one transaction, or nothing. Every part must be listed in the
  // manifest with its size and SHA-256, and every listed part present, before anything is
  // written (MALFORMED_INPUT naming the part). What the archive cannot prove is not
  // believed: the vault keeps no signed envelopes to check again, so every source comes
  // back "unsigned", and its trusted issuers come back pending (pending_issuers()).
  [[nodiscard]] Result<RestoreReport> restore_archive(std::string_view archive);

  // The disclosure log (core/src/vault_audit_log.hpp): every unlock and failed unlock,
  // import, export, backup, restore, passphrase change, grant, revocation, package and
  // hand-over, append-only and hash-chained, with checkpoints signed by the account
  // holder's key and its head bound into the authenticated header.
  struct AuditEntry {
    std::int64_t seq = 0;  // its place in the log, from 1
    std::string at;        // UTC, "2026-05-01T09:30:00.123Z"
    std::string action;    // "unlock", "unlock_failed", "import", "backup", "grant", ...
    std::int64_t person = 0;    // whose record; 0: the whole vault
    std::int64_t grant_id = 0;  // 0: none
    nlohmann::json detail;      // what a person reads
    std::string hash;           // the entry hash (hex)
  };
  struct AuditPage {
    std::vector<AuditEntry> entries;  // newest first
    std::int64_t next_cursor = 0;     // pass as `cursor` for the next page; 0: no more
  };
  // `limit` (1..1000) entries older than `cursor` (0: from the newest). INVALID_ARGUMENT
  // (path "limit" / "cursor") outside those ranges.
  [[nodiscard]] Result<AuditPage> audit_log(int limit = 50, std::int64_t cursor = 0);
  struct AuditProblem {
    std::int64_t seq = 0;
    // "edited", "deleted", "reordered", "truncated", "unbound" (an entry Techo did not
    // write), "bad_signature", "checkpoint_missing"
    std::string kind;
    std::string message;
  };
  struct AuditVerification {
    bool ok = true;                 // no problem found
    std::int64_t entries = 0;       // rows in the log
    std::int64_t checkpoints = 0;   // signed checkpoints
    bool bound = false;             // its head is held by the authenticated header (encrypted vaults)
    std::int64_t signed_through = 0;  // seq of the newest valid checkpoint; 0: unsigned so far
    std::vector<AuditProblem> problems;
  };
  // Finds any entry edited, deleted, reordered or cut from the end, checkpoints whose
  // signature fails or that went missing. Damage is reported, not returned as an error.
  [[nodiscard]] Result<AuditVerification> verify_audit_log();
  // Appends one event in a transaction of its own, for work that has none (a lifelog
  // export answered from reads). The jobs with a transaction append inside it.
  [[nodiscard]] Status append_audit_event(std::string_view action, std::int64_t person, const nlohmann::json& detail);
  // The header generation the file had when it was unlocked, before the unlock's own log
  // entry was committed: what the app compares with the newest generation it saw.
  std::uint64_t opened_generation() const noexcept { return opened_generation_; }

  // Database pages decrypted since this vault was unlocked (0 when unencrypted): the
  // reading work its encryption did, for diagnostics and benchmarks.
  std::uint64_t pages_decrypted() const noexcept;

  // The schema version this build writes (PRAGMA user_version).
  static int schema_version() noexcept;

 private:
  friend class VaultTesting;  // core/src/vault_testing.hpp: seams for the native tests only
  friend class detail::ViewQueries;  // core/src/vault_view_queries.hpp: what views select by
  explicit Vault(std::unique_ptr<detail::VaultConnection> connection);
  std::unique_ptr<detail::VaultConnection> connection_;
  std::uint64_t opened_generation_ = 0;
};

class Vault::LifelogImport {
 public:
  ~LifelogImport();
  LifelogImport(const LifelogImport&) = delete;
  LifelogImport& operator=(const LifelogImport&) = delete;
  [[nodiscard]] Status store(const lifelog::Sample& sample);
  [[nodiscard]] Result<LifelogReport> commit(std::vector<Error> skipped);

 private:
  friend class Vault;
  struct State;
  explicit LifelogImport(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

class Vault::Import {
 public:
  ~Import();
  Import(const Import&) = delete;
  Import& operator=(const Import&) = delete;
  [[nodiscard]] Status store(const fhir::Resource& resource);
  // Stores a resource only when the vault has none under its identity (counted unchanged
  // otherwise): for what a person wrote down of records the vault may hold better already.
  [[nodiscard]] Status store_unless_known(const fhir::Resource& resource);
  // Commits everything stored. `source` may now say more than at the start (a signature
  // verified at the end of the file).
  [[nodiscard]] Result<ImportReport> commit(const SourceInfo& source, fhir::StreamReport&& read);
  // Forgets the held parts of a split notebook as part of this import: they leave the vault
  // when, and only when, the notebook they make is committed.
  [[nodiscard]] Status forget_notebook_parts(const std::string& data_id);

 private:
  friend class Vault;
  struct State;
  explicit Import(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

struct Vault::Created {
  Vault vault;
  std::string recovery_key;        // AGE-SECRET-KEY-1…: shown once, never stored
  std::string recovery_recipient;  // age1…
};

}  // namespace techo
