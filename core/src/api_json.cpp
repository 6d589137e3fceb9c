#include "api_json.hpp"

namespace techo::detail {

using nlohmann::json;

json to_json(const Error& error) {
  return json{{"code", error_code_name(error.code)}, {"message", error.message}, {"path", error.path}};
}

json to_json(const SourceInfo& source) {
  return json{{"name", source.name},
              {"encrypted", source.encrypted},
              {"verification", verification_name(source.verification)},
              {"issuerName", source.issuer_name},
              {"issuerKeyId", source.issuer_key_id},
              {"signedAt", source.signed_at},
              {"claimedIssuerName", source.claimed_issuer_name},
              {"issuerNameMismatch", source.issuer_name_mismatch()}};
}

json to_json(const ImportReport& report) {
  json skipped = json::array();
  for (const auto& e : report.skipped) skipped.push_back(to_json(e));
  json flagged = json::array();
  for (const auto& e : report.flagged) flagged.push_back(to_json(e));
  return json{{"kind", "fhir"},
              {"source", to_json(report.source)},
              {"imported", report.imported},
              {"importedTotal", report.imported_total},
              {"updated", report.updated},
              {"unchanged", report.unchanged},
              {"historical", report.historical},
              {"skipped", std::move(skipped)},
              {"flagged", std::move(flagged)}};
}

json to_json(const Vault::LifelogReport& report) {
  json skipped = json::array();
  for (const auto& e : report.skipped) skipped.push_back(to_json(e));
  return json{{"kind", "lifelog"},
              {"source", to_json(report.source)},
              {"format", report.format},
              {"imported", report.imported},
              {"duplicates", report.duplicates},
              {"byMetric", report.by_metric},
              {"daysRecomputed", report.days_recomputed},
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
  json sources = json::array();
  for (const auto& s : summary.sources) {
    json source = to_json(s.info);
    source["importedAt"] = s.imported_at;
    source["resources"] = s.resources;
    source["id"] = s.id;
    sources.push_back(std::move(source));
  }
  return json{{"counts", summary.counts},
              {"total", summary.total},
              {"patients", std::move(patients)},
              {"sources", std::move(sources)}};
}

// Invalid UTF-8 in a resource must not make the reply unreadable: replace, never throw.
std::string ok_envelope(const json& value) {
  return json{{"ok", true}, {"value", value}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string error_envelope(const Error& error) {
  return json{{"ok", false}, {"error", to_json(error)}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace techo::detail
