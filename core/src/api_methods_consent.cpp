// Consent, as API methods: each person's own keys (public parts only), the relationship
// the person sets, grants and their revocation, share packages, the research opt-out, a
// child's hand-over, and the disclosure log. Times are this device's clock.
#include <chrono>

#include "api_methods.hpp"
#include "techo/jcs.hpp"
#include "techo/share_package.hpp"
#include "techo/encoding.hpp"
#include "techo/views.hpp"

namespace techo::api::detail {
namespace {

using techo::detail::Args;
using nlohmann::json;

// The vault names the field ("person", "relationship"); the caller passed it inside `where`.
Error named_within(Error e, const std::string& where) {
  if (!e.path.empty() && e.path.find(':') == std::string::npos) e.path = where + "." + e.path;
  return e;
}

// A person's id as a method's argument object carries it: a profile id from people().
Result<std::int64_t> person_of(Args& object, const std::string& where) {
  const std::int64_t person = object.integer("person");
  if (object.error()) return *object.error();
  if (person <= 0) {
    return Error{ErrorCode::kInvalidArgument, "expected person to be a person's id from people()", where + ".person"};
  }
  return person;
}

// {"query": {"person"}} → {person, signingPublicKey (base64), keyId, ageRecipient, createdAt}.
Result<json> profile_keys(SessionState& state, Args& a) {
  Args q = a.object("query");
  auto person = person_of(q, "query");
  if (!person) return std::move(person).error();
  auto keys = state.vault->profile_keys(*person);
  if (!keys) return named_within(std::move(keys).error(), "query");
  return json{{"person", keys->person},
              {"signingPublicKey", encoding::base64_encode(keys->signing_public_key, encoding::Padding::kRequired)},
              {"keyId", keys->key_id},
              {"ageRecipient", keys->age_recipient},
              {"createdAt", keys->created_at}};
}

// {"request": {"person", "relationship"}} → the person as people() lists them now.
Result<json> set_relationship(SessionState& state, Args& a) {
  Args r = a.object("request");
  const std::string relationship = r.text("relationship");
  auto person = person_of(r, "request");
  if (!person) return std::move(person).error();
  if (auto s = state.vault->set_relationship(*person, relationship); !s) return named_within(std::move(s).error(), "request");
  auto people = views::people(*state.vault);
  if (!people) return std::move(people).error();
  for (const auto& p : (*people)["people"]) {
    if (p.value("id", std::int64_t{0}) == *person) return p;
  }
  return Error{ErrorCode::kInternal, "the person whose relationship was set is not among the vault's people", "request.person"};
}

// ---- the disclosure log (vault_audit_log.hpp) -------------------------------------------

json audit_entry_json(const Vault::AuditEntry& e) {
  return json{{"seq", e.seq},       {"at", e.at},       {"action", e.action}, {"person", e.person},
              {"grantId", e.grant_id}, {"detail", e.detail}, {"hash", e.hash}};
}

// {"query": {"limit", "cursor"}} → {entries (newest first), nextCursor (null: no more)}.
Result<json> audit_log(SessionState& state, Args& a) {
  Args q = a.object("query");
  const std::int64_t limit = q.integer("limit", 50), cursor = q.integer("cursor", 0);
  if (a.error()) return *a.error();
  if (limit < 1 || limit > 1000) {
    return Error{ErrorCode::kInvalidArgument, "expected limit to be 1 to 1000", "query.limit"};
  }
  auto page = state.vault->audit_log(static_cast<int>(limit), cursor);
  if (!page) return named_within(std::move(page).error(), "query");
  json entries = json::array();
  for (const auto& e : page->entries) entries.push_back(audit_entry_json(e));
  return json{{"entries", std::move(entries)},
              {"nextCursor", page->next_cursor ? json(page->next_cursor) : json(nullptr)}};
}

// {} → {ok, entries, checkpoints, bound, signedThrough, problems: [{seq, kind, message}]}.
Result<json> verify_audit_log(SessionState& state, Args&) {
  auto report = state.vault->verify_audit_log();
  if (!report) return std::move(report).error();
  json problems = json::array();
  for (const auto& p : report->problems) problems.push_back({{"seq", p.seq}, {"kind", p.kind}, {"message", p.message}});
  return json{{"ok", report->ok},
              {"entries", report->entries},
              {"checkpoints", report->checkpoints},
              {"bound", report->bound},
              {"signedThrough", report->signed_through},
              {"problems", std::move(problems)}};
}

std::int64_t now_unix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// A grant as the page and a developer read it, with the signed form it came from.
json grant_json(const GrantInfo& info) {
  const consent::Grant& g = info.grant.grant;
  json signed_form = consent::to_json(info.grant);
  json out{{"id", g.id},
           {"person", info.person},
           {"personName", g.person.name},
           {"purpose", g.purpose},
           {"grantee", signed_form["grantee"]},
           {"categories", g.categories},
           {"resourceTypes", g.resource_types},
           {"dataPeriod", signed_form["dataPeriod"]},
           {"issued", g.issued},
           {"expires", g.expires},
           {"use", g.once ? "once" : "continuing"},
           {"proxy", g.proxy},
           {"status", info.status(now_unix())},
           {"packages", info.packages},
           {"lastSharedAt", info.last_shared_at},
           {"signed", std::move(signed_form)}};
  if (info.revocation) {
    out["revokedAt"] = info.revocation->revoked;
    out["revocation"] = consent::to_json(*info.revocation);
  }
  return out;
}

// {"request": {person, grantee: {name, recipient, signingKey}, purpose, categories,
// resourceTypes, dataPeriod: {start, end}, expires, use: "once" | "continuing", proxy}}.
Result<json> create_grant(SessionState& state, Args& a) {
  Args r = a.object("request");
  auto person = person_of(r, "request");
  consent::GrantRequest request;
  Args grantee = r.object("grantee");
  request.grantee.name = grantee.text("name");
  request.grantee.recipient = grantee.text("recipient");
  request.grantee.signing_key = grantee.text("signingKey");
  request.purpose = r.text("purpose");
  request.categories = r.texts("categories", {});
  request.resource_types = r.texts("resourceTypes", {});
  Args period = r.object("dataPeriod");
  request.data_start = period.text("start");
  request.data_end = period.text("end");
  request.expires = r.text("expires");
  const std::string use = r.text("use");
  request.proxy = r.boolean("proxy", false);
  if (a.error()) return *a.error();
  if (!person) return std::move(person).error();
  if (!use.empty() && use != "once" && use != "continuing") {
    return Error{ErrorCode::kInvalidArgument, "expected use to be \"once\" or \"continuing\"", "request.use"};
  }
  if (!use.empty()) request.once = use == "once";
  auto info = state.vault->create_grant(*person, request, now_unix());
  if (!info) return named_within(std::move(info).error(), "request");
  return grant_json(*info);
}

// {"query": {"person"}} → {"grants": [...]}, newest first.
Result<json> grants(SessionState& state, Args& a) {
  Args q = a.object("query");
  const std::int64_t person = q.integer("person");
  if (a.error()) return *a.error();
  auto list = state.vault->grants(person);
  if (!list) return std::move(list).error();
  json out = json::array();
  for (const auto& g : *list) out.push_back(grant_json(g));
  return json{{"grants", std::move(out)}};
}

// {"id"} → the grant as a FHIR R4 Consent (IHE PCF).
Result<json> grant_as_fhir_consent(SessionState& state, Args& a) {
  const std::string id = a.text("id");
  if (a.error()) return *a.error();
  auto info = state.vault->grant(id);
  if (!info) return std::move(info).error();
  return consent::as_fhir_consent(info->grant, info->revocation.has_value() || info->status(now_unix()) != "active");
}

// {"id"} → the grant, revoked (a signed revocation). Revoking twice changes nothing.
Result<json> revoke_grant(SessionState& state, Args& a) {
  const std::string id = a.text("id");
  if (a.error()) return *a.error();
  auto info = state.vault->revoke_grant(id, now_unix());
  if (!info) return std::move(info).error();
  return grant_json(*info);
}

// {"id"} → {resources, fileBytes, sha256, pseudonymised}; the file in state.file_output.
Result<json> share_package(SessionState& state, Args& a) {
  const std::string id = a.text("id");
  if (a.error()) return *a.error();
  auto package = state.vault->share_package(id, now_unix());
  if (!package) return std::move(package).error();
  json out{{"resources", package->resources}, {"fileBytes", package->file.size()}, {"sha256", package->sha256},
           {"pseudonymised", package->pseudonymised}};
  state.file_output = std::move(package->file);
  return out;
}

json settings_json(const ConsentSettings& s) {
  return json{{"researchOptOut", s.research_opt_out},
              {"researchOptOutChangedAt", s.research_opt_out_changed_at},
              {"handOverAge", s.hand_over_age}};
}

Result<json> consent_settings(SessionState& state, Args& a) {
  if (a.error()) return *a.error();
  auto s = state.vault->consent_settings();
  if (!s) return std::move(s).error();
  return settings_json(*s);
}

// {"optedOut": bool} → the settings.
Result<json> set_research_opt_out(SessionState& state, Args& a) {
  const bool opted_out = a.boolean("optedOut", false);
  if (opted_out != a.boolean("optedOut", true)) {  // absent: each fallback came back
    return Error{ErrorCode::kInvalidArgument, "expected optedOut: true or false", "optedOut"};
  }
  if (a.error()) return *a.error();
  if (auto s = state.vault->set_research_opt_out(opted_out); !s) return std::move(s).error();
  return consent_settings(state, a);
}

// {"age"} → the settings.
Result<json> set_hand_over_age(SessionState& state, Args& a) {
  const std::int64_t age = a.integer("age", -1);
  if (a.error()) return *a.error();
  if (age < 10 || age > 20) return Error{ErrorCode::kInvalidArgument, "expected a hand-over age from 10 to 20", "age"};
  if (auto s = state.vault->set_hand_over_age(static_cast<int>(age)); !s) return std::move(s).error();
  return consent_settings(state, a);
}

// {"request": {person, recipient}} → {resources, grantsEnded, handedOverAt, fileBytes};
// the file in state.file_output.
Result<json> hand_over(SessionState& state, Args& a) {
  Args r = a.object("request");
  auto person = person_of(r, "request");
  const std::string recipient = r.text("recipient");
  if (a.error()) return *a.error();
  if (!person) return std::move(person).error();
  auto report = state.vault->hand_over(*person, recipient, now_unix());
  if (!report) return named_within(std::move(report).error(), "request");
  json out{{"resources", report->resources}, {"grantsEnded", report->grants_ended}, {"handedOverAt", report->handed_over_at},
           {"fileBytes", report->file.size()}};
  state.file_output = std::move(report->file);
  return out;
}

}  // namespace

json verify_package_reply(std::string_view file, const json& options) {
  consent::VerifyOptions verify;
  json problems = json::array();
  auto problem = [&](const Error& e) {
    problems.push_back({{"code", error_code_name(e.code)}, {"message", e.message}, {"path", e.path}});
  };
  const json* identity = options.is_object() && options.contains("identity") ? &options["identity"] : nullptr;
  if (identity && identity->is_string()) {
    auto identities = age::parse_identity_file(identity->get<std::string>());
    if (identities) verify.identities = std::move(*identities);
    else problem(identities.error().within("identity"));
  } else {
    problem(Error{ErrorCode::kInvalidArgument, "expected identity: the grantee's identity file text (AGE-SECRET-KEY-1…)", "identity"});
  }
  if (options.is_object() && options.contains("revocations")) {
    const json& list = options["revocations"];
    if (!list.is_array()) problem(Error{ErrorCode::kInvalidArgument, "expected revocations to be a list", "revocations"});
    for (std::size_t i = 0; list.is_array() && i < list.size(); ++i) {
      const std::string where = "revocations[" + std::to_string(i) + "]";
      auto r = list[i].is_string() ? consent::parse_revocation(list[i].get<std::string>(), where)
                                   : consent::revocation_from_json(list[i], where);
      if (r) verify.revocations.push_back(std::move(*r));
      else problem(r.error());
    }
  }
  verify.now_unix = now_unix();
  if (options.is_object() && options.contains("now")) {
    const json& now = options["now"];
    const auto at = now.is_string() ? consent::parse_utc_timestamp(now.get<std::string>()) : std::nullopt;
    if (at) verify.now_unix = *at;
    else problem(Error{ErrorCode::kInvalidArgument, "expected now as a UTC time such as 2026-12-01T10:00:00Z", "now"});
  }
  if (!problems.empty()) {
    return json{{"ok", false}, {"grant", nullptr}, {"manifest", nullptr}, {"bundle", nullptr}, {"resources", 0}, {"problems", problems}};
  }
  const auto report = consent::verify_package(crypto::as_bytes(file), verify);
  for (const auto& e : report.problems) problem(e);
  json grant = nullptr;
  if (report.grant) {
    grant = consent::to_json(*report.grant);
  }
  return json{{"ok", report.ok},
              {"grant", std::move(grant)},
              {"manifest", report.manifest},
              {"bundle", report.bundle},
              {"resources", report.resources},
              {"problems", std::move(problems)}};
}

const MethodTable& consent_methods() {
  static const MethodTable table = {
      {"profileKeys", Needs::kOpenVault, profile_keys},
      {"setRelationship", Needs::kOpenVault, set_relationship},
      {"auditLog", Needs::kOpenVault, audit_log},
      {"verifyAuditLog", Needs::kOpenVault, verify_audit_log},
      {"createGrant", Needs::kOpenVault, create_grant},
      {"grants", Needs::kOpenVault, grants},
      {"grantAsFhirConsent", Needs::kOpenVault, grant_as_fhir_consent},
      {"revokeGrant", Needs::kOpenVault, revoke_grant},
      {"sharePackage", Needs::kOpenVault, share_package},
      {"consentSettings", Needs::kOpenVault, consent_settings},
      {"setResearchOptOut", Needs::kOpenVault, set_research_opt_out},
      {"setHandOverAge", Needs::kOpenVault, set_hand_over_age},
      {"handOver", Needs::kOpenVault, hand_over},
  };
  return table;
}

}  // namespace techo::api::detail
