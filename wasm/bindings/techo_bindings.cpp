// Embind bindings: thin and raw. Every method returns the api facade's JSON envelope as a
// string; the TypeScript wrapper (wasm/src) parses it and turns errors into TechoError.
// Byte arguments arrive as std::string: Embind copies a Uint8Array into it.
#include <emscripten/bind.h>

#include "techo/api.hpp"

namespace {

std::string import_fhir(techo::api::Session& session, const std::string& bytes, const std::string& file_name) {
  return session.import_fhir(bytes, file_name);
}

}  // namespace

EMSCRIPTEN_BINDINGS(techo) {
  emscripten::class_<techo::api::Session>("Session")
      .constructor<>()
      .function("open", &techo::api::Session::open)
      .function("importFhir", &import_fhir)
      .function("summary", &techo::api::Session::summary);
}
