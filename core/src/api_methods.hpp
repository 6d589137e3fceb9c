// The method table behind Session::call, private to core. Each domain (vault, import,
// records and views, lifelog, vaccinations, people, consent) declares its methods in its
// own file, each as a name, what it needs, and a handler; Session::call finds the method,
// reads its arguments with one non-throwing reader (detail::Args: a wrong-typed field is
// INVALID_ARGUMENT naming it) and turns the handler's Result into the JSON envelope.
// Adding a method: its handler and table row in its domain's file; nothing here.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "api_args.hpp"
#include "api_import_stream.hpp"
#include "techo/result.hpp"
#include "techo/vault.hpp"

namespace techo::api::detail {

// What a session holds between calls.
struct SessionState {
  std::optional<Vault> vault;
  std::unique_ptr<techo::detail::StreamingImport> import;  // declared after: destroyed before the vault it writes to
  // Set by a failed import once it knew what the file was: its error names the format.
  std::optional<std::string> failed_format;
  // Wrong keys tried on each vault (by path) since its last unlock in this session: a
  // locked vault cannot be written, so the next successful unlock logs them. Failures in
  // a session that never unlocks that vault are not logged anywhere. Kept across close().
  std::map<std::string, std::vector<FailedUnlock>> failed_unlocks;

  // A file the last call produced (a share package, a hand-over), until the caller takes
  // it (Session::take_file_output): bytes do not travel in the JSON reply.
  crypto::Bytes file_output;

  // Ends any import (rolling it back) and closes the vault, wiping its keys.
  void close() {
    file_output.clear();
    import.reset();
    vault.reset();
  }
};

enum class Needs { kNothing, kOpenVault };

// A handler reads every argument first and returns args.error() before acting on any.
using Handler = Result<nlohmann::json> (*)(SessionState& state, techo::detail::Args& args);

struct Method {
  const char* name;
  Needs needs;
  Handler handler;
};

using MethodTable = std::vector<Method>;

// A failed import's error, its path within the file, the format noted (api_methods_import.cpp).
Error import_failed(SessionState& state, const techo::detail::StreamingImport& job, const Error& error);

// The receiving side's check of a share package, as verify_share_package answers it
// (api_methods_consent.cpp): never an error, every problem in the reply.
// The Bundle is left out of the JSON (its "bundle" is null) and handed back as the text
// the package holds, which the caller splices in: a large package is not copied and
// serialised again.
nlohmann::json verify_package_reply(std::string_view file, const nlohmann::json& options, std::string& bundle_text);

const MethodTable& vault_methods();    // api_methods_vault.cpp
const MethodTable& import_methods();   // api_methods_import.cpp
const MethodTable& record_methods();   // api_methods_records.cpp
const MethodTable& lifelog_methods();  // api_methods_lifelog.cpp
const MethodTable& vaccination_methods();  // api_methods_vaccinations.cpp
const MethodTable& people_methods();       // api_methods_people.cpp
const MethodTable& consent_methods();      // api_methods_consent.cpp
const MethodTable& okusuri_methods();      // api_methods_okusuri.cpp

}  // namespace techo::api::detail
