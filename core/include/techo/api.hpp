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

// Checks a share package as the receiving side (a clinic, an app): no vault, no session.
// options: {"identity": "<identity file text: AGE-SECRET-KEY-1…>", "revocations": [the
// signed revocations the receiver knows of], "now": "2026-12-01T10:00:00Z" (default: this
// device's clock)}. Value: {"ok", "grant", "manifest", "bundle" (only when ok),
// "resources", "problems": [{code, message, path}]}: a bad package is an answer, not an
// error; only unreadable options are.
std::string verify_share_package(std::string_view file, const std::string& options_json);

// One person's session with the core. Every method is called by name through call():
// `args_json` is an object of the method's named arguments, the reply the envelope above,
// with "wrote": true when the call committed a change to the vault (the caller then
// persists the vault file). The methods, by domain (core/src/api_methods_*.cpp):
//   vault:    open {path}, createVault {path, passphrase, options}, unlock {path,
//             passphrase}, unlockWithRecovery {path, recoveryKey}, lock, changePassphrase
//             {passphrase, options}, vaultInfo, addTrustedIssuer {publicKey, name},
//             trustedIssuers, pendingIssuers, confirmIssuer {keyId, name}, dismissIssuer {keyId}
//   import:   importBegin {fileName, key}, importFinish, importAbort (pieces: import_push)
//   records:  summary, records {query}, people, medications, labs, checkups, ehrSummary,
//             immunizations, safety, emergency {query}, document {id}
//   lifelog:  lifelogSamples, lifelogDays, exportLifelog {query}, lifelogPriority {metric},
//             setLifelogPriority {metric, order}
//   vaccinations: forecastVaccinations {request} (no vault), vaccinations {query},
//             recordVaccination {dose}, vaccinationCalendar {query}
//   people:   addPerson {person}
//   consent:  profileKeys {query}, setRelationship {request}, createGrant {request},
//             grants {query}, grantAsFhirConsent {id}, revokeGrant {id}, sharePackage {id}
//             (the file: file_output), consentSettings, setResearchOptOut {optedOut},
//             setHandOverAge {age}, handOver {request} (file_output), auditLog {query},
//             verifyAuditLog
//   core:     errorCodes (every ErrorCode name), generateIdentity, methods (this list)
// The TypeScript types (wasm/types) declare each method's arguments and reply.
class Session {
 public:
  Session();
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  std::string call(const std::string& method, const std::string& args_json);

  // What JSON does not carry — bytes — goes through these, beside the table:
  // one piece of the file of the import begun with importBegin. Value: {"bytesIn", "plaintextBytes"}.
  std::string import_push(std::string_view bytes);
  // Writes the backup archive (see Vault::export_archive) through `job`, which the caller
  // has started with the backup's protection (a passphrase, or the recovery recipient).
  // Value: {"archiveBytes", "resources"}.
  std::string export_backup(EncryptJob& job);
  // Restores the plaintext of a finished DecryptJob into this (empty) vault.
  // Value: {"resources", "sources", "lifelogSamples", "contentSha256", "pendingIssuers"}.
  // Sources come back "unsigned" and issuers pending (see Vault::restore_archive).
  std::string restore_backup(DecryptJob& job);

  // A whole file held in memory, for native callers: importBegin, one import_push,
  // importFinish — the same path, and so the same answer, as a file read in pieces.
  // key_json: {} for a plain file, {"passphrase"} / {"identity"} for an age file.
  std::string import_bytes(std::string_view bytes, const std::string& file_name, const std::string& key_json = "{}");

  // The file the last call produced (sharePackage, handOver: an age file), empty when it
  // made none; valid until the next call. The bindings copy it out, then clear it.
  const std::vector<std::uint8_t>& file_output() const noexcept;
  void clear_file_output() noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace techo::api
