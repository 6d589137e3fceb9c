// Embind bindings: thin and raw. Every method returns the api facade's JSON envelope as a
// string; the TypeScript wrapper (wasm/src) parses it and turns errors into TechoError.
// Byte arguments arrive as a Uint8Array and are copied into a std::string allocated here
// (copy_bytes), not by Embind's own std::string conversion: that one writes into a malloc
// result it never checks, and in wasm address 0 is writable memory. Binary results
// (ciphertext) leave as a Uint8Array view of wasm memory, which the caller copies at once.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <new>
#include <optional>
#include <string>

#include "techo/api.hpp"

namespace {

using emscripten::val;
using techo::api::DecryptJob;
using techo::api::EncryptJob;
using techo::api::Session;

// The bytes of a Uint8Array, in memory allocated (and checked) on this side; nullopt when
// there is not enough memory for them. The error is a value: nothing was written yet.
std::optional<std::string> copy_bytes(const val& array) {
  const double length = array["length"].as<double>();
  std::string out;
  if (!(length >= 0) || length >= static_cast<double>(out.max_size())) return std::nullopt;
  try {
    out.resize(static_cast<std::size_t>(length));
  } catch (const std::exception&) {  // bad_alloc, length_error
    return std::nullopt;
  }
  val(emscripten::typed_memory_view(out.size(), reinterpret_cast<unsigned char*>(out.data()))).call<void>("set", array);
  return out;
}

std::string too_large(const val& array) {
  return R"({"ok":false,"error":{"code":"INVALID_ARGUMENT","message":"not enough memory to take )" +
         std::to_string(static_cast<unsigned long long>(array["length"].as<double>())) +
         R"( bytes at once; import the file with importFile, which reads it piece by piece","path":"bytes"}})";
}

template <typename Call>
std::string with_bytes(const val& array, Call&& call) {
  auto bytes = copy_bytes(array);
  if (!bytes) return too_large(array);
  return call(*bytes);
}

std::string import_push(Session& session, const val& bytes) {
  return with_bytes(bytes, [&](const std::string& b) { return session.import_push(b); });
}
std::string decrypt_push(DecryptJob& job, const val& bytes) {
  return with_bytes(bytes, [&](const std::string& b) { return job.push(b); });
}
std::string encrypt_push(EncryptJob& job, const val& bytes) {
  return with_bytes(bytes, [&](const std::string& b) { return job.push(b); });
}

// The file the session's last call made (a share package, a hand-over): a view, copied
// by the TS layer, then cleared.
val session_file_output(Session& session) {
  const auto& out = session.file_output();
  return val(emscripten::typed_memory_view(out.size(), out.data()));
}
void session_clear_file_output(Session& session) { session.clear_file_output(); }

// A share package checked as its receiver: no session.
std::string verify_share_package(const val& bytes, const std::string& options_json) {
  return with_bytes(bytes, [&](const std::string& file) { return techo::api::verify_share_package(file, options_json); });
}

// A view, not a copy: valid until the job is next called. The TS layer copies it.
val encrypt_output(EncryptJob& job) {
  const std::string& out = job.output();
  return val(emscripten::typed_memory_view(out.size(), reinterpret_cast<const unsigned char*>(out.data())));
}

// Embind cannot bind noexcept member functions in 3.1.6.
void encrypt_clear_output(EncryptJob& job) { job.clear_output(); }


}  // namespace

EMSCRIPTEN_BINDINGS(techo) {
  // Every method of the core's table goes through call (core/src/api_methods_*.cpp);
  // only what carries bytes or a job has a binding of its own.
  emscripten::class_<Session>("Session")
      .constructor<>()
      .function("call", &Session::call)
      .function("importPush", &import_push)
      .function("exportBackup", &Session::export_backup)
      .function("restoreBackup", &Session::restore_backup)
      .function("fileOutput", &session_file_output)
      .function("clearFileOutput", &session_clear_file_output);
  emscripten::function("verifySharePackage", &verify_share_package);

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

}
