// A grant as a FHIR R4 Consent, in the shape of IHE ITI Privacy Consent on FHIR (PCF):
// what a consent registry or an EHR can read. The signed grant itself travels inside it
// (sourceAttachment, application/json), so the Consent can be checked against the person's
// signature and is not a second, unsigned statement of the same decision.
#include "techo/consent.hpp"
#include "techo/encoding.hpp"
#include "techo/jcs.hpp"

namespace techo::consent {
namespace {

using nlohmann::json;

constexpr const char* kActReason = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

// v3 ActReason for each purpose: treatment TREAT, emergency ETREAT, research HRESCH, and
// an app the person chose PATRQT (patient requested).
json purpose_coding(const std::string& purpose) {
  const char* code = purpose == "treatment" ? "TREAT" : purpose == "emergency" ? "ETREAT" : purpose == "research" ? "HRESCH" : "PATRQT";
  const char* display = purpose == "treatment" ? "treatment" : purpose == "emergency" ? "emergency treatment"
                        : purpose == "research" ? "healthcare research" : "patient requested";
  return json{{"system", kActReason}, {"code", code}, {"display", display}};
}

}  // namespace

json as_fhir_consent(const SignedGrant& signed_grant, bool revoked) {
  const Grant& g = signed_grant.grant;
  json patient{{"display", g.person.name}, {"identifier", {{"system", "urn:techo:person-key"}, {"value", g.person.key_id}}}};
  json actor = json::array({json{
      {"role", {{"coding", json::array({{{"system", "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"},
                                         {"code", "IRCP"},
                                         {"display", "information recipient"}}})}}},
      {"reference", {{"display", g.grantee.name}, {"identifier", {{"system", "urn:techo:age-recipient"}, {"value", g.grantee.recipient}}}}}}});
  json classes = json::array();
  for (const auto& t : resource_types_for(g)) classes.push_back({{"system", "http://hl7.org/fhir/resource-types"}, {"code", t}});
  json codes = json::array();
  for (const auto& c : g.categories) {
    codes.push_back({{"coding", json::array({{{"system", "urn:techo:consent-category"}, {"code", c}}})}, {"text", c}});
  }
  json provision{{"type", "permit"},
                 {"period", {{"start", g.issued}, {"end", g.expires}}},
                 {"actor", std::move(actor)},
                 {"action", json::array({{{"coding", json::array({{{"system", "http://terminology.hl7.org/CodeSystem/consentaction"}, {"code", "access"}}})}}})},
                 {"purpose", json::array({purpose_coding(g.purpose)})},
                 {"class", std::move(classes)},
                 {"code", std::move(codes)},
                 // All of this person's data the scope names ("related"): the package lists each resource.
                 {"data", json::array({{{"meaning", "related"}, {"reference", {{"identifier", patient["identifier"]}, {"display", g.person.name}}}}})}};
  if (!g.data_start.empty() || !g.data_end.empty()) {
    json period = json::object();
    if (!g.data_start.empty()) period["start"] = g.data_start;
    if (!g.data_end.empty()) period["end"] = g.data_end;
    provision["dataPeriod"] = std::move(period);
  }
  const std::string signed_text = jcs::canonicalize(to_json(signed_grant)).value();  // ASCII names, strings: always canonical
  return json{
      {"resourceType", "Consent"},
      {"id", g.id},
      {"meta", {{"profile", json::array({"https://profiles.ihe.net/ITI/PCF/StructureDefinition/IHE.PCF.consent"})}}},
      {"status", revoked ? "inactive" : "active"},
      {"scope", {{"coding", json::array({{{"system", "http://terminology.hl7.org/CodeSystem/consentscope"}, {"code", "patient-privacy"}}})}}},
      {"category", json::array({{{"coding", json::array({{{"system", "http://loinc.org"}, {"code", "59284-0"}, {"display", "Patient Consent"}}})}}})},
      {"patient", patient},
      {"dateTime", g.issued},
      {"performer", json::array({patient})},
      {"policy", json::array({{{"uri", "urn:techo:consent-grant:v1"}}})},
      {"sourceAttachment",
       {{"contentType", "application/json"},
        {"data", encoding::base64_encode(crypto::as_bytes(signed_text), encoding::Padding::kRequired)},
        {"title", "the grant as the person signed it (" + std::string(kGrantType) + ")"}}},
      {"provision", std::move(provision)}};
}

}  // namespace techo::consent
