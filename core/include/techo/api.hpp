// The facade the bindings call. Every method takes plain values and returns one JSON text:
//   {"ok": true,  "value": ...}
//   {"ok": false, "error": {"code": "MALFORMED_INPUT", "message": "...", "path": "..."}}
// No exception leaves these classes: under Emscripten a thrown C++ exception reaches
// JavaScript as a bare number, so the boundary catches everything and reports INTERNAL.
#pragma once

#include <memory>
#include <string>
#include <string_view>

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

  // Opens the vault at `path` (":memory:" for one that keeps nothing). Value: {"schemaVersion"}.
  std::string open(const std::string& path);

  // Imports a FHIR R4 Bundle, optionally wrapped in a signed envelope. `file_name` names
  // the source in reports and error paths.
  // Value: {"source": {...provenance}, "imported": {type: n}, "importedTotal", "skipped": [error...]}.
  std::string import_fhir(std::string_view bytes, const std::string& file_name);

  // Imports the plaintext of a finished DecryptJob (started with "keep": true), then wipes it.
  std::string import_decrypted(DecryptJob& job, const std::string& file_name);

  // Trusts an issuer's Ed25519 key (base64) under a display name. Value: {"keyId"}.
  std::string add_trusted_issuer(const std::string& public_key_base64, const std::string& name);
  // Value: [{"keyId", "name", "publicKey"}].
  std::string trusted_issuers();

  // Value: {"counts": {type: n}, "total", "patients": [...], "sources": [...]}.
  std::string summary();

 private:
  std::string import_bytes(std::string_view bytes, const std::string& file_name, bool encrypted);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace techo::api
