// The facade the bindings call. Every method takes plain values and returns one JSON text:
//   {"ok": true,  "value": ...}
//   {"ok": false, "error": {"code": "MALFORMED_INPUT", "message": "...", "path": "..."}}
// No exception leaves these classes: under Emscripten a thrown C++ exception reaches
// JavaScript as a bare number, so the boundary catches everything and reports INTERNAL.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace techo::api {

// Decrypts one age file, fed in pieces, keeping the plaintext inside the core (for a
// following Session::import_decrypted) or only its hash ("keep": false).
class DecryptJob {
 public:
  DecryptJob();
  ~DecryptJob();
  DecryptJob(const DecryptJob&) = delete;
  DecryptJob& operator=(const DecryptJob&) = delete;

  // options: {"passphrase": "...", "identity": "<identity file text>", "keep": true,
  // "digest": !keep} (a passphrase, or an identity, or both). Value: {}.
  std::string start(const std::string& options_json);
  // Value: {"bytesIn", "plaintextBytes"}: progress, for the caller to report.
  std::string push(std::string_view bytes);
  // Value: {"plaintextBytes", "sha256" (empty unless "digest"), "armored"}.
  std::string finish();

 private:
  friend class Session;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Encrypts a byte stream to age. Ciphertext accumulates in an output buffer that the
// caller drains with take_output() after each push/finish (the bindings copy it out).
class EncryptJob {
 public:
  EncryptJob();
  ~EncryptJob();
  EncryptJob(const EncryptJob&) = delete;
  EncryptJob& operator=(const EncryptJob&) = delete;

  // options: {"recipients": ["age1…"], "passphrase": "...", "armor": false, "scryptLogN": 18}
  std::string start(const std::string& options_json);
  std::string push(std::string_view plaintext);  // Value: {"outputBytes"}
  std::string finish();                          // Value: {"outputBytes"}
  // The ciphertext produced since the last call; valid until the next call on this job.
  const std::string& output() const noexcept;
  void clear_output() noexcept;

 private:
  friend class Session;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Key generation, for a person creating a recipient key (e.g. the vault's recovery key).
// Value: {"identity": "AGE-SECRET-KEY-1…", "recipient": "age1…"}.
std::string generate_identity();

class Session {
 public:
  Session();
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Opens an unencrypted database at `path` (":memory:" keeps nothing). Value: {"schemaVersion"}.
  std::string open(const std::string& path);

  // The encrypted vault. create: a new vault file (the path must not exist), unlocked;
  // value {"recoveryKey", "recoveryRecipient", "schemaVersion"}; the recovery key is shown
  // once and never stored. options: {"kdfOps": 3, "kdfMemBytes": 67108864}.
  std::string create_vault(const std::string& path, const std::string& passphrase, const std::string& options_json);
  std::string unlock(const std::string& path, const std::string& passphrase);
  std::string unlock_with_recovery(const std::string& path, const std::string& recovery_key);
  // Closes the vault and wipes its keys. Value: {}.
  std::string lock();
  std::string change_passphrase(const std::string& new_passphrase, const std::string& options_json);
  // Value: {"open", "encrypted", "recoveryRecipient", "path"}.
  std::string vault_info();

  // Writes the backup archive (see Vault::export_archive) through `job`, which the caller
  // has started with the backup's protection (a passphrase, or the recovery recipient).
  // Value: {"archiveBytes", "resources"}.
  std::string export_backup(EncryptJob& job);
  // Restores the plaintext of a finished DecryptJob into this (empty) vault.
  // Value: {"resources", "sources", "lifelogSamples", "contentSha256", "pendingIssuers"}.
  // Sources come back "unsigned" and issuers pending (see Vault::restore_archive).
  std::string restore_backup(DecryptJob& job);

  // Imports a FHIR R4 Bundle, optionally wrapped in a signed envelope. `file_name` names
  // the source in reports and error paths.
  // Value: {"source": {...provenance}, "imported": {type: n}, "importedTotal", "skipped": [error...]}.
  std::string import_fhir(std::string_view bytes, const std::string& file_name);

  // Imports the plaintext of a finished DecryptJob (started with "keep": true), then wipes it.
  std::string import_decrypted(DecryptJob& job, const std::string& file_name);

  // A file imported as it is read, piece by piece (one import at a time per session):
  // begin (options {"passphrase"} / {"identity"} when it is an age file, {} when not),
  // push each piece (value {"bytesIn", "plaintextBytes"}), finish (value: the import
  // report). NDJSON is stored line by line as it arrives, so its size does not bound
  // memory; other FHIR input is read at finish. abort() — or an error — stores nothing.
  std::string import_begin(const std::string& file_name, const std::string& options_json);
  std::string import_push(std::string_view bytes);
  std::string import_finish();
  std::string import_abort();

  // Trusts an issuer's Ed25519 key (base64) under a display name. Value: {"keyId"}.
  std::string add_trusted_issuer(const std::string& public_key_base64, const std::string& name);
  // Value: [{"keyId", "name", "publicKey"}].
  std::string trusted_issuers();
  // Issuer keys a restored backup listed as trusted, waiting for the person: not trusted
  // until confirmed. Value: [{"keyId", "name", "publicKey"}] (key ids computed from the keys).
  std::string pending_issuers();
  // Trusts a pending issuer under its listed name, or `name` when not empty. Value: {"keyId"}.
  std::string confirm_issuer(const std::string& key_id, const std::string& name);
  // Forgets a pending issuer without trusting it. Value: {}.
  std::string dismiss_issuer(const std::string& key_id);

  // Value: {"counts": {type: n}, "total", "patients": [...], "sources": [...]}.
  std::string summary();

  // The records timeline, newest first. query: {"category": "", "person": 0, "source": 0,
  // "limit": 50, "cursor": null | {"effectiveAt", "id"}}. Value: {"records": [...], "next": cursor|null}.
  std::string records(const std::string& query_json);

  // Lifelog data from a wearable or app export read whole: Open mHealth JSON (a data point,
  // a body, or a list), a Fitbit / Google Fit / Withings export, or the generic CSV. Value: {"source", "format", "imported", "duplicates",
  // "byMetric": {metric: n}, "skipped": [error...]}; one transaction.
  std::string import_lifelog(std::string_view bytes, const std::string& file_name);
  // The lifelog is per person: wearable imports are the account holder's, FHIR vital
  // signs and activity Observations the person they are about. Each query below takes
  // "person": a profile id from people() (absent or 0: the account holder).
  // Stored samples of one metric overlapping a time range. query: {"metric": "steps",
  // "from": "2026-01-01T00:00:00+09:00", "to": "...", "person": 0}. Value: {"samples": [...]}.
  std::string lifelog_samples(const std::string& query_json);
  // The merged lifelog per day and week. query: {"metric": "steps", "from": "2026-01-01",
  // "to": "2026-12-31"}. Value: {"days": [{day, value, min, max, readings, explanation,
  // sources}], "weeks": [{weekStart, value, days}]}.
  std::string lifelog_days(const std::string& query_json);
  // The merged lifelog exported. query: {"metrics": ["steps", ...], "from", "to",
  // "format": "fhir" | "openmhealth"}. Value: a FHIR collection Bundle of daily
  // Observations, or a list of Open mHealth data points.
  std::string export_lifelog(const std::string& query_json);
  // The source priority of a metric. Value: {"metric", "order": ["manual", ...]}.
  std::string lifelog_priority(const std::string& metric);
  // Sets it (order: ["watch", "phone", ...]) and re-merges the metric. Value: {"daysRecomputed"}.
  std::string set_lifelog_priority(const std::string& metric, const std::string& order_json);

  // A view of the record (techo/views.hpp): "people", "medications", "labs", "checkups",
  // "ehr-summary", "document" ({"id"}), "immunizations", "safety", "emergency".
  // query: {"person": 0, "today": "YYYY-MM-DD" (optional)}. Value: the view's JSON.
  std::string view(const std::string& name, const std::string& query_json);

 private:
  // opened_with: the age1… recipients of the keys that decrypted `bytes` (a signed
  // envelope's recipient must be one of them or the vault's recovery recipient).
  std::string import_bytes(std::string_view bytes, const std::string& file_name, bool encrypted,
                           const std::vector<std::string>& opened_with = {});
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace techo::api
