// JSON shapes of the API's values and errors, private to core. Field names are camelCase
// because JavaScript is the reader.
#pragma once

#include <nlohmann/json.hpp>

#include "techo/result.hpp"
#include "techo/vault.hpp"

namespace techo::detail {

nlohmann::json to_json(const Error& error);
nlohmann::json to_json(const SourceInfo& source);
nlohmann::json to_json(const ImportReport& report);          // "kind": "fhir"
nlohmann::json to_json(const Vault::LifelogReport& report);  // "kind": "lifelog"
nlohmann::json to_json(const Summary& summary);

std::string ok_envelope(const nlohmann::json& value);
std::string error_envelope(const Error& error);

}  // namespace techo::detail
