// The facade the bindings call. Every method takes plain values and returns one JSON text:
//   {"ok": true,  "value": ...}
//   {"ok": false, "error": {"code": "MALFORMED_INPUT", "message": "...", "path": "..."}}
// No exception leaves this class: under Emscripten a thrown C++ exception reaches
// JavaScript as a bare number, so the boundary catches everything and reports INTERNAL.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace techo::api {

class Session {
 public:
  Session();
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Opens the vault at `path` (":memory:" for one that keeps nothing). Value: {"schemaVersion"}.
  std::string open(const std::string& path);

  // Imports a FHIR R4 Bundle. `file_name` names the source in reports and error paths.
  // Value: {"source", "imported": {type: n}, "importedTotal", "skipped": [error...]}.
  std::string import_fhir(std::string_view bytes, const std::string& file_name);

  // Value: {"counts": {type: n}, "total", "patients": [{id, name, namePhonetic, birthDate, gender}]}.
  std::string summary();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace techo::api
