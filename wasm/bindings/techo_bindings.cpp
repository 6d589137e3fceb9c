// Embind bindings: thin and raw. Every method returns the api facade's JSON envelope as a
// string; the TypeScript wrapper (wasm/src) parses it and turns errors into TechoError.
// Byte arguments arrive as std::string: Embind copies a Uint8Array into it. Binary
// results (ciphertext) leave as a Uint8Array view of wasm memory, which the caller copies
// at once.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include "techo/api.hpp"

namespace {

using emscripten::val;
using techo::api::DecryptJob;
using techo::api::EncryptJob;
using techo::api::Session;

std::string import_fhir(Session& session, const std::string& bytes, const std::string& file_name) {
  return session.import_fhir(bytes, file_name);
}

std::string import_push(Session& session, const std::string& bytes) { return session.import_push(bytes); }
std::string import_lifelog(Session& session, const std::string& bytes, const std::string& file_name) {
  return session.import_lifelog(bytes, file_name);
}
std::string decrypt_push(DecryptJob& job, const std::string& bytes) { return job.push(bytes); }
std::string encrypt_push(EncryptJob& job, const std::string& bytes) { return job.push(bytes); }

// A view, not a copy: valid until the job is next called. The TS layer copies it.
val encrypt_output(EncryptJob& job) {
  const std::string& out = job.output();
  return val(emscripten::typed_memory_view(out.size(), reinterpret_cast<const unsigned char*>(out.data())));
}

// Embind cannot bind noexcept member functions in 3.1.6.
void encrypt_clear_output(EncryptJob& job) { job.clear_output(); }

}  // namespace

EMSCRIPTEN_BINDINGS(techo) {
  emscripten::class_<Session>("Session")
      .constructor<>()
      .function("open", &Session::open)
      .function("importFhir", &import_fhir)
      .function("importBegin", &Session::import_begin)
      .function("importPush", &import_push)
      .function("importFinish", &Session::import_finish)
      .function("importAbort", &Session::import_abort)
      .function("addTrustedIssuer", &Session::add_trusted_issuer)
      .function("trustedIssuers", &Session::trusted_issuers)
      .function("pendingIssuers", &Session::pending_issuers)
      .function("confirmIssuer", &Session::confirm_issuer)
      .function("dismissIssuer", &Session::dismiss_issuer)
      .function("summary", &Session::summary)
      .function("records", &Session::records)
      .function("view", &Session::view)
      .function("importLifelog", &import_lifelog)
      .function("lifelogSamples", &Session::lifelog_samples)
      .function("lifelogDays", &Session::lifelog_days)
      .function("exportLifelog", &Session::export_lifelog)
      .function("lifelogPriority", &Session::lifelog_priority)
      .function("setLifelogPriority", &Session::set_lifelog_priority)
      .function("createVault", &Session::create_vault)
      .function("unlock", &Session::unlock)
      .function("unlockWithRecovery", &Session::unlock_with_recovery)
      .function("lock", &Session::lock)
      .function("changePassphrase", &Session::change_passphrase)
      .function("vaultInfo", &Session::vault_info)
      .function("exportBackup", &Session::export_backup)
      .function("restoreBackup", &Session::restore_backup);

  emscripten::class_<DecryptJob>("DecryptJob")
      .constructor<>()
      .function("start", &DecryptJob::start)
      .function("push", &decrypt_push)
      .function("finish", &DecryptJob::finish);

  emscripten::class_<EncryptJob>("EncryptJob")
      .constructor<>()
      .function("start", &EncryptJob::start)
      .function("push", &encrypt_push)
      .function("finish", &EncryptJob::finish)
      .function("output", &encrypt_output)
      .function("clearOutput", &encrypt_clear_output);

  emscripten::function("generateIdentity", &techo::api::generate_identity);
}
