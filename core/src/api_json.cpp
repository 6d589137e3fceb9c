#include "api_json.hpp"

namespace techo::detail {

using nlohmann::json;

json to_json(const Error& error) {
  return json{{"code", error_code_name(error.code)}, {"message", error.message}, {"path", error.path}};
}

json to_json(const ImportReport& report) {
  json skipped = json::array();
  for (const auto& e : report.skipped) skipped.push_back(to_json(e));
  return json{{"source", report.source},
              {"imported", report.imported},
              {"importedTotal", report.imported_total},
              {"skipped", std::move(skipped)}};
}

json to_json(const Summary& summary) {
  json patients = json::array();
  for (const auto& p : summary.patients) {
    patients.push_back(json{{"id", p.id},
                            {"name", p.name},
                            {"namePhonetic", p.name_phonetic},
                            {"birthDate", p.birth_date},
                            {"gender", p.gender}});
  }
  return json{{"counts", summary.counts}, {"total", summary.total}, {"patients", std::move(patients)}};
}

// Invalid UTF-8 in a resource must not make the reply unreadable: replace, never throw.
std::string ok_envelope(const json& value) {
  return json{{"ok", true}, {"value", value}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string error_envelope(const Error& error) {
  return json{{"ok", false}, {"error", to_json(error)}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace techo::detail
