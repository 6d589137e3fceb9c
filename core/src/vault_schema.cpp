#include "vault_schema.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <string>

#include "techo/crypto.hpp"
#include "techo/encoding.hpp"
#include "techo/fhir.hpp"
#include "vault_people.hpp"
#include "vault_lifelog_days.hpp"
#include "vault_lifelog_observations.hpp"
#include "vault_resource_writer.hpp"
#include "vault_view_index.hpp"

namespace techo::detail {
namespace {

constexpr std::array kMigrations = {
    // 1: sources (one row per import, the provenance of what came with it) and the raw
    // resources exactly as received.
    R"sql(
      CREATE TABLE sources (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL,
        bundle_type TEXT NOT NULL,
        imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE TABLE resources (
        id            INTEGER PRIMARY KEY,
        source_id     INTEGER NOT NULL REFERENCES sources(id),
        resource_type TEXT NOT NULL,
        fhir_id       TEXT NOT NULL,
        full_url      TEXT NOT NULL,
        json          TEXT NOT NULL
      );
      CREATE INDEX resources_by_type ON resources(resource_type);
    )sql",
    // 2: where each import came from, as far as it could be verified, and the issuer keys
    // the person trusts.
    R"sql(
      ALTER TABLE sources ADD COLUMN encrypted INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE sources ADD COLUMN verification TEXT NOT NULL DEFAULT 'unsigned'
        CHECK (verification IN ('verified', 'unknown_issuer', 'unsigned'));
      ALTER TABLE sources ADD COLUMN issuer_name TEXT NOT NULL DEFAULT '';
      ALTER TABLE sources ADD COLUMN issuer_key_id TEXT NOT NULL DEFAULT '';
      ALTER TABLE sources ADD COLUMN signed_at TEXT NOT NULL DEFAULT '';
      CREATE TABLE trusted_issuers (
        key_id     TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        public_key TEXT NOT NULL,
        added_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
    )sql",
    // 3: the rest of the vault's model. People (the account holder and the children they
    // manage), normalized records derived from the raw resources, lifelog samples,
    // consent grants and the audit log of everything shared.
    R"sql(
      CREATE TABLE profiles (
        id           INTEGER PRIMARY KEY,
        display_name TEXT NOT NULL,
        birth_date   TEXT NOT NULL DEFAULT '',
        relationship TEXT NOT NULL DEFAULT 'self' CHECK (relationship IN ('self', 'child', 'dependent')),
        patient_ref  TEXT NOT NULL DEFAULT '',
        created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      ALTER TABLE sources ADD COLUMN profile_id INTEGER REFERENCES profiles(id);
      CREATE TABLE records (
        id           INTEGER PRIMARY KEY,
        resource_id  INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
        profile_id   INTEGER REFERENCES profiles(id),
        category     TEXT NOT NULL,
        code_system  TEXT NOT NULL DEFAULT '',
        code         TEXT NOT NULL DEFAULT '',
        display      TEXT NOT NULL DEFAULT '',
        value_number REAL,
        value_text   TEXT NOT NULL DEFAULT '',
        unit         TEXT NOT NULL DEFAULT '',
        effective_at TEXT NOT NULL DEFAULT '',
        status       TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX records_timeline ON records(profile_id, effective_at DESC);
      CREATE INDEX records_by_code ON records(code_system, code);
      CREATE TABLE lifelog_samples (
        id          INTEGER PRIMARY KEY,
        profile_id  INTEGER REFERENCES profiles(id),
        source_id   INTEGER NOT NULL REFERENCES sources(id),
        metric      TEXT NOT NULL,
        start_at    TEXT NOT NULL,
        end_at      TEXT NOT NULL,
        utc_offset  INTEGER,
        value       REAL NOT NULL,
        unit        TEXT NOT NULL,
        device      TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX lifelog_by_metric_time ON lifelog_samples(metric, start_at);
      CREATE TABLE consent_grants (
        id                INTEGER PRIMARY KEY,
        profile_id        INTEGER REFERENCES profiles(id),
        grantee_name      TEXT NOT NULL,
        grantee_recipient TEXT NOT NULL,
        scope_json        TEXT NOT NULL,
        purpose           TEXT NOT NULL,
        created_at        TEXT NOT NULL,
        expires_at        TEXT NOT NULL,
        revoked_at        TEXT NOT NULL DEFAULT '',
        signature         TEXT NOT NULL DEFAULT ''
      );
      CREATE TABLE audit_log (
        id          INTEGER PRIMARY KEY,
        at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        action      TEXT NOT NULL,
        grant_id    INTEGER REFERENCES consent_grants(id),
        detail_json TEXT NOT NULL DEFAULT '{}'
      );
    )sql",
    // 4: re-importing never duplicates. Each resource has an identity across imports and
    // a content hash; a newer version replaces the current one, which moves to history.
    R"sql(
      ALTER TABLE resources ADD COLUMN identity_key TEXT NOT NULL DEFAULT '';
      ALTER TABLE resources ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';
      ALTER TABLE resources ADD COLUMN last_updated TEXT NOT NULL DEFAULT '';
      CREATE INDEX resources_by_identity ON resources(identity_key);
      CREATE INDEX records_by_time ON records(effective_at DESC, id DESC);
      CREATE INDEX records_by_resource ON records(resource_id);
      CREATE TABLE resource_history (
        id           INTEGER PRIMARY KEY,
        resource_id  INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
        source_id    INTEGER NOT NULL REFERENCES sources(id),
        json         TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        last_updated TEXT NOT NULL,
        recorded_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE INDEX history_by_resource ON resource_history(resource_id);
    )sql",
    // 5: people. Each record names whom it is about (subject_ref); Patients are grouped
    // into people (profiles) by any reference form they share; records link to them.
    R"sql(
      ALTER TABLE records ADD COLUMN subject_ref TEXT NOT NULL DEFAULT '';
      ALTER TABLE profiles ADD COLUMN name_phonetic TEXT NOT NULL DEFAULT '';
      ALTER TABLE profiles ADD COLUMN gender TEXT NOT NULL DEFAULT '';
      CREATE TABLE profile_refs (
        ref        TEXT PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles(id)
      ) WITHOUT ROWID;
      CREATE TABLE profile_patients (
        resource_id INTEGER PRIMARY KEY REFERENCES resources(id) ON DELETE CASCADE,
        profile_id  INTEGER NOT NULL REFERENCES profiles(id)
      );
      CREATE INDEX records_by_profile_time ON records(profile_id, effective_at DESC, id DESC);
      DROP INDEX records_timeline;  -- superseded by records_by_profile_time
      CREATE INDEX records_unlinked ON records(subject_ref) WHERE profile_id IS NULL;
    )sql",
    // 6: lifelog samples say what kind of device recorded them (the merge priority) and
    // any extra meaning; the same sample from the same device is stored once.
    R"sql(
      ALTER TABLE lifelog_samples ADD COLUMN device_kind TEXT NOT NULL DEFAULT 'app';
      ALTER TABLE lifelog_samples ADD COLUMN detail TEXT NOT NULL DEFAULT '';
      CREATE UNIQUE INDEX lifelog_identity ON lifelog_samples(metric, start_at, end_at, device, value, detail);
    )sql",
    // 7: the merged lifelog, stored per day (and week) so a dashboard of years opens at
    // once; recomputed only for the days an import touches. The person's source priority.
    R"sql(
      CREATE INDEX lifelog_by_metric_end ON lifelog_samples(metric, end_at);
      CREATE TABLE lifelog_daily (
        metric      TEXT NOT NULL,
        day         TEXT NOT NULL,
        value       REAL NOT NULL,
        min_value   REAL,
        max_value   REAL,
        readings    INTEGER NOT NULL,
        explanation TEXT NOT NULL,
        sources     TEXT NOT NULL,
        PRIMARY KEY (metric, day)
      ) WITHOUT ROWID;
      CREATE TABLE lifelog_weekly (
        metric     TEXT NOT NULL,
        week_start TEXT NOT NULL,
        value      REAL NOT NULL,
        days       INTEGER NOT NULL,
        PRIMARY KEY (metric, week_start)
      ) WITHOUT ROWID;
      CREATE TABLE lifelog_priority (
        metric TEXT PRIMARY KEY,
        kinds  TEXT NOT NULL
      );
    )sql",
    // 8: the lifelog is kept per person (0: the account holder, else the profile of a
    // family member), and FHIR Observations (vital signs, activity) join it: their samples
    // name the resource they came from and whom it is about.
    R"sql(
      ALTER TABLE lifelog_samples ADD COLUMN person INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE lifelog_samples ADD COLUMN resource_id INTEGER REFERENCES resources(id) ON DELETE CASCADE;
      ALTER TABLE lifelog_samples ADD COLUMN subject_ref TEXT NOT NULL DEFAULT '';
      DROP INDEX lifelog_identity;
      DROP INDEX lifelog_by_metric_time;  -- the identity index starts with (person, metric, start_at)
      DROP INDEX lifelog_by_metric_end;
      CREATE UNIQUE INDEX lifelog_identity ON lifelog_samples(person, metric, start_at, end_at, device, value, detail);
      CREATE INDEX lifelog_by_resource ON lifelog_samples(resource_id) WHERE resource_id IS NOT NULL;
      CREATE INDEX lifelog_by_subject ON lifelog_samples(subject_ref) WHERE subject_ref <> '';
      DROP TABLE lifelog_daily;
      DROP TABLE lifelog_weekly;
      CREATE TABLE lifelog_daily (
        person      INTEGER NOT NULL,
        metric      TEXT NOT NULL,
        day         TEXT NOT NULL,
        value       REAL NOT NULL,
        min_value   REAL,
        max_value   REAL,
        readings    INTEGER NOT NULL,
        explanation TEXT NOT NULL,
        sources     TEXT NOT NULL,
        PRIMARY KEY (person, metric, day)
      ) WITHOUT ROWID;
      CREATE TABLE lifelog_weekly (
        person     INTEGER NOT NULL,
        metric     TEXT NOT NULL,
        week_start TEXT NOT NULL,
        value      REAL NOT NULL,
        days       INTEGER NOT NULL,
        PRIMARY KEY (person, metric, week_start)
      ) WITHOUT ROWID;
    )sql",
    // 9: issuer keys a restored backup listed as trusted wait here until the person
    // confirms them (a backup is a file anyone can edit). sources.issuer_name holds what
    // the signer wrote; the name shown for a verified source is trusted_issuers.name.
    R"sql(
      CREATE TABLE pending_issuers (
        key_id      TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        public_key  TEXT NOT NULL,
        restored_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
    )sql",
    // 10: each person's own keys: an Ed25519 key that signs what they consent to and an
    // age X25519 key others encrypt to them with. Made on first request, never changed
    // (the trigger refuses), secret parts read only inside the core. And the relationship
    // the person chose, which wins over the one guessed from birth years when a profile
    // was made (profiles.relationship, whose CHECK cannot take 'other' without a rebuild).
    R"sql(
      CREATE TABLE profile_keys (
        profile_id     INTEGER PRIMARY KEY REFERENCES profiles(id),
        signing_seed   BLOB NOT NULL CHECK (length(signing_seed) = 32),
        signing_public BLOB NOT NULL CHECK (length(signing_public) = 32),
        age_secret     BLOB NOT NULL CHECK (length(age_secret) = 32),
        age_recipient  TEXT NOT NULL UNIQUE,
        key_id         TEXT NOT NULL UNIQUE,
        created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE TRIGGER profile_keys_never_change BEFORE UPDATE ON profile_keys
      BEGIN
        SELECT RAISE(ABORT, 'a person''s keys never change');
      END;
      CREATE TABLE profile_relationships (
        profile_id   INTEGER PRIMARY KEY REFERENCES profiles(id),
        relationship TEXT NOT NULL CHECK (relationship IN ('self', 'child', 'dependent', 'other')),
        set_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
    )sql",
    // 11: the disclosure log, hash-chained (vault_audit_log.hpp): every entry has its place
    // (seq, from 1), the hash of the entry before it and its own, and names whose record it
    // concerns (person; 0: the whole vault). Signed checkpoints of the log's head. Both are
    // append-only: the triggers refuse UPDATE and DELETE. seq is indexed but not UNIQUE, so
    // rows forged into the table cannot block the next real entry (verify reports them).
    R"sql(
      ALTER TABLE audit_log ADD COLUMN seq INTEGER;
      ALTER TABLE audit_log ADD COLUMN person INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE audit_log ADD COLUMN prev_hash BLOB;
      ALTER TABLE audit_log ADD COLUMN entry_hash BLOB;
      CREATE INDEX audit_log_by_seq ON audit_log(seq);
      CREATE TABLE audit_checkpoints (
        seq       INTEGER PRIMARY KEY,
        head_hash BLOB NOT NULL CHECK (length(head_hash) = 32),
        signed_at TEXT NOT NULL,
        key_id    TEXT NOT NULL,
        signature BLOB NOT NULL CHECK (length(signature) = 64)
      );
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN
        SELECT RAISE(ABORT, 'the disclosure log is append-only');
      END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN
        SELECT RAISE(ABORT, 'the disclosure log is append-only');
      END;
      CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
      BEGIN
        SELECT RAISE(ABORT, 'the disclosure log is append-only');
      END;
      CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
      BEGIN
        SELECT RAISE(ABORT, 'the disclosure log is append-only');
      END;
    )sql",
    // 12: consent grants as the person signed them. consent_grants (from 3) gains the
    // grant's id and its signed text, which a trigger keeps as written; a revocation is
    // stored signed too. Settings: the research opt-out and the hand-over age. A child's
    // profile handed over to the child's own key.
    R"sql(
      ALTER TABLE consent_grants ADD COLUMN grant_uid TEXT NOT NULL DEFAULT '';
      ALTER TABLE consent_grants ADD COLUMN signed_json TEXT NOT NULL DEFAULT '';
      ALTER TABLE consent_grants ADD COLUMN revocation_json TEXT NOT NULL DEFAULT '';
      ALTER TABLE consent_grants ADD COLUMN packages INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE consent_grants ADD COLUMN last_shared_at TEXT NOT NULL DEFAULT '';
      CREATE UNIQUE INDEX consent_grants_by_uid ON consent_grants(grant_uid);
      CREATE TRIGGER consent_grants_stay_signed BEFORE UPDATE OF grant_uid, signed_json, profile_id ON consent_grants
      BEGIN
        SELECT RAISE(ABORT, 'a signed grant never changes');
      END;
      CREATE TABLE consent_settings (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL,
        set_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE TABLE profile_handovers (
        profile_id     INTEGER PRIMARY KEY REFERENCES profiles(id),
        recipient      TEXT NOT NULL,
        package_sha256 TEXT NOT NULL,
        handed_over_at TEXT NOT NULL
      );
    )sql",
    // 13: the profile a Bundle claims (Bundle.meta.profile[0]), kept with its source: the
    // entries of an e-prescription or a checkup report are read as parts of that document.
    R"sql(
      ALTER TABLE sources ADD COLUMN bundle_profile TEXT NOT NULL DEFAULT '';
    )sql",
    // 14: implants and devices, emergency contacts (RelatedPerson) and advance directives
    // (Consent) became records of their person, for the emergency card, and so did goals
    // and insurance cards (Coverage): derived for those already stored (until now they had
    // no record, so every person's views saw them).
    R"sql(
      SELECT 1;
    )sql",
    // 15: what views select by (vault_view_index.hpp), so that a view reads the resources
    // it shows rather than every resource of the record; and the indexes lazy reference
    // resolution looks resources up by. Derived for those already stored.
    R"sql(
      CREATE TABLE view_keys (
        resource_id  INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
        source_id    INTEGER NOT NULL,
        profile_id   INTEGER,                    -- the resource's record's, kept so by triggers
        recorded     INTEGER NOT NULL DEFAULT 0, -- whether the resource has a record at all
        part         INTEGER NOT NULL,
        kind         TEXT NOT NULL,
        group_key    TEXT NOT NULL,
        context_key  INTEGER NOT NULL,
        effective_at TEXT NOT NULL,
        until        TEXT NOT NULL,
        flags        INTEGER NOT NULL,
        PRIMARY KEY (resource_id, part)
      );
      -- Covering what the selections read, so they never visit the table's rows.
      CREATE INDEX view_keys_by_group ON view_keys(kind, profile_id, group_key, effective_at, resource_id, part, flags,
                                                   recorded, context_key, source_id);
      CREATE INDEX view_keys_by_until ON view_keys(kind, until);
      -- Whose a row is follows its record (people are linked after their records are written).
      CREATE TRIGGER view_keys_record_added AFTER INSERT ON records BEGIN
        UPDATE view_keys SET profile_id = NEW.profile_id, recorded = 1 WHERE resource_id = NEW.resource_id;
      END;
      CREATE TRIGGER view_keys_record_linked AFTER UPDATE OF profile_id ON records BEGIN
        UPDATE view_keys SET profile_id = NEW.profile_id WHERE resource_id = NEW.resource_id;
      END;
      CREATE TRIGGER view_keys_record_removed AFTER DELETE ON records BEGIN
        UPDATE view_keys SET profile_id = NULL, recorded = 0 WHERE resource_id = OLD.resource_id;
      END;
      CREATE INDEX resources_by_full_url ON resources(full_url) WHERE full_url <> '';
      CREATE INDEX resources_by_type_id ON resources(resource_type, fhir_id);
    )sql",
    // 16: parts of a お薬手帳 notebook split over several QR codes (record 911), held inside
    // the encrypted vault, like everything in it, until every part has arrived and the
    // whole is imported as one; and the view index derived again (drugs named by text
    // alone now group by their NFKC form).
    R"sql(
      CREATE TABLE IF NOT EXISTS notebook_parts (
        data_id     TEXT NOT NULL,
        part        INTEGER NOT NULL,
        total       INTEGER NOT NULL,
        text        TEXT NOT NULL,
        received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        PRIMARY KEY (data_id, part)
      );
    )sql",
};

// Calls `visit` with every stored resource (matching `where`), parsed, and the canonical
// text imports hash (the parsed form dumped; the text itself when it does not parse).
template <typename Visit>
Status for_each_resource(sqlite::Database& db, const std::string& where, Visit&& visit) {
  auto select = db.prepare("SELECT id, resource_type, fhir_id, full_url, json FROM resources " + where);
  if (!select) return std::move(select).error();
  auto read = select->each([&](const sqlite::Row& row) -> Status {
    fhir::Resource r;
    r.type = row.column_text(1);
    r.id = row.column_text(2);
    r.full_url = row.column_text(3);
    const std::string text = row.column_text(4);
    r.body = nlohmann::json::parse(text, nullptr, false);
    if (auto s = visit(row.column_int(0), r, r.body.is_discarded() ? text : r.body.dump()); !s) return s;
    return Ok{};
  });
  if (!read) return std::move(read).error();
  return Ok{};
}

// Work a migration needs beyond SQL, run in the same transaction right after it.
// Records are derived data: rebuild every one (canonical code systems, subjects), then
// find the people.
Status rebuild_records(sqlite::Database& db) {
  // Version 4 hashed resources with SHA-256; from 5 they carry BLAKE2b digests.
  auto digests = db.prepare("SELECT id, json FROM resource_history");
  auto set_history = db.prepare("UPDATE resource_history SET content_hash = ? WHERE id = ?");
  auto set_digest = db.prepare("UPDATE resources SET content_hash = ? WHERE id = ?");
  if (!digests) return std::move(digests).error();
  if (!set_history) return std::move(set_history).error();
  if (!set_digest) return std::move(set_digest).error();
  auto read = digests->each([&](const sqlite::Row& row) -> Status {
    if (auto s = set_history->bind(1, resource_digest(row.column_text(1))).bind(2, row.column_int(0)).run(); !s) return s;
    return Ok{};
  });
  if (!read) return std::move(read).error();
  digests->reset();
  ResourceWriter records(db, 0);
  auto s = for_each_resource(db, "", [&](std::int64_t id, const fhir::Resource& r, const std::string& canonical) -> Status {
    if (auto d = set_digest->bind(1, resource_digest(canonical)).bind(2, id).run(); !d) return d;
    if (r.body.is_discarded()) return Ok{};
    return records.write_record(id, r);
  });
  if (!s) return s;
  return link_people(db);
}

// Records for the stored resources of types that had none, then their people.
Status derive_records_of(sqlite::Database& db, std::initializer_list<const char*> types) {
  std::string where = "WHERE resource_type IN (";
  for (const char* t : types) where += std::string(where.back() == '(' ? "" : ", ") + "'" + t + "'";
  ResourceWriter records(db, 0);
  auto s = for_each_resource(db, where + ")", [&](std::int64_t id, const fhir::Resource& r, const std::string&) -> Status {
    if (r.body.is_discarded()) return Ok{};
    return records.write_record(id, r);
  });
  if (!s) return s;
  return link_people(db);
}

Status derive_view_keys(sqlite::Database& db) {
  ViewIndex index(db);
  auto s = for_each_resource(db, "WHERE resource_type IN ('MedicationRequest', 'MedicationDispense', 'MedicationStatement', "
                               "'Observation', 'Encounter')",
                           [&](std::int64_t id, const fhir::Resource& r, const std::string&) -> Status {
                             if (r.body.is_discarded()) return Ok{};
                             return index.write(id, 0, r);
                           });
  if (!s) return s;
  return db.exec("UPDATE view_keys SET source_id = (SELECT source_id FROM resources WHERE id = view_keys.resource_id)");
}

Status backfill_identity(sqlite::Database& db) {
  auto update = db.prepare("UPDATE resources SET identity_key = ?, content_hash = ?, last_updated = ? WHERE id = ?");
  if (!update) return std::move(update).error();
  auto s = for_each_resource(db, "WHERE identity_key = ''", [&](std::int64_t id, const fhir::Resource& r, const std::string& canonical) {
    return update->bind(1, fhir::identity_key(r)).bind(2, resource_digest(canonical)).bind(3, fhir::last_updated(r.body))
        .bind(4, id).run();
  });
  if (!s) return s;
  return Ok{};  // records are derived again by migration 5
}

}  // namespace

std::string content_hash(std::string_view canonical_json) {
  return encoding::hex_encode(crypto::sha256(crypto::as_bytes(canonical_json)));
}

std::string resource_digest(std::string_view canonical_json) {
  return encoding::hex_encode(crypto::blake2b256(crypto::as_bytes(canonical_json)));
}

int latest_schema_version() noexcept { return static_cast<int>(kMigrations.size()); }

Status migrate(sqlite::Database& db) {
  auto version_stmt = db.prepare("PRAGMA user_version");
  if (!version_stmt) return std::move(version_stmt).error();
  auto row = version_stmt->step();
  if (!row) return std::move(row).error();
  const int current = static_cast<int>(version_stmt->column_int(0));
  version_stmt->reset();  // an active statement would lock the schema against DROP INDEX
  if (current > latest_schema_version()) {
    return Error{ErrorCode::kUnsupported,
                 "this vault was written by a newer Techo (schema " + std::to_string(current) +
                     "); update the app to open it",
                 "PRAGMA user_version"};
  }
  for (int next = current + 1; next <= latest_schema_version(); ++next) {
    auto step = sqlite::in_transaction(db, [&]() -> Status {
      if (auto s = db.exec(kMigrations[next - 1]); !s) return s;
      if (next == 4) {
        if (auto s = backfill_identity(db); !s) return s;
      }
      if (next == 5) {
        if (auto s = rebuild_records(db); !s) return s;
      }
      if (next == 8) {
        if (auto s = derive_lifelog_from_observations(db); !s) return s;
      }
      if (next == 14) {
        if (auto s = derive_records_of(db, {"Device", "DeviceUseStatement", "RelatedPerson", "Consent", "Goal", "Coverage"}); !s) return s;
      }
      if (next == 15 || next == 16) {  // 16: drugs known by text only are grouped by their NFKC form
        if (auto s = derive_view_keys(db); !s) return s;
      }
      return db.exec(("PRAGMA user_version = " + std::to_string(next)).c_str());
    });
    if (!step) return step.error().within("schema migration " + std::to_string(next));
  }
  return Ok{};
}

}  // namespace techo::detail
