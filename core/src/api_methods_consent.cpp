// Consent, as API methods. So far the groundwork: each person's own keys (public parts
// only) and the relationship the person sets. Grants, share packages, revocation and the
// disclosure log come next (issue 14).
#include "api_methods.hpp"
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

}  // namespace

const MethodTable& consent_methods() {
  static const MethodTable table = {
      {"profileKeys", Needs::kOpenVault, profile_keys},
      {"setRelationship", Needs::kOpenVault, set_relationship},
      {"auditLog", Needs::kOpenVault, audit_log},
      {"verifyAuditLog", Needs::kOpenVault, verify_audit_log},
  };
  return table;
}

}  // namespace techo::api::detail
