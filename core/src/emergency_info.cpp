#include "emergency_info.hpp"

#include <algorithm>

#include "json_read.hpp"
#include "techo/crypto.hpp"
#include "techo/encoding.hpp"

namespace techo::emergency_info {
namespace {

using nlohmann::json;

constexpr const char* kConsentScope = "http://terminology.hl7.org/CodeSystem/consentscope";
constexpr const char* kLoinc = "http://loinc.org";
constexpr const char* kSnomed = "http://snomed.info/sct";
constexpr const char* kContactRole = "http://terminology.hl7.org/CodeSystem/v2-0131";
constexpr const char* kContactPrefix = "techo-contact-";
constexpr const char* kWishesPrefix = "techo-care-wishes-";

Error bad(const std::string& path, const std::string& message) { return Error{ErrorCode::kInvalidArgument, message, path}; }

std::string trimmed(std::string s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

// A string member (absent: ""), trimmed; an error for any other type or one too long.
Result<std::string> text_at(const json& object, const char* key, const std::string& at, std::size_t max_bytes) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::string();
  if (!it->is_string()) return bad(at + "." + key, "expected a string");
  std::string value = trimmed(it->get<std::string>());
  if (value.size() > max_bytes) return bad(at + "." + key, "at most " + std::to_string(max_bytes) + " bytes");
  return value;
}

bool is_day(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// Ids are the person's (a digest of the Patient reference, so two people never share one)
// and the entry's place: saving again writes new versions of the same resources.
std::string person_key(const json& patient) {
  const auto digest = crypto::sha256(crypto::as_bytes(patient.dump()));
  return encoding::hex_encode(std::span(digest).first(8));
}

std::string base64(const std::string& text) {
  return encoding::base64_encode(crypto::as_bytes(text), encoding::Padding::kRequired);
}

json cpr_provision(const std::string& cpr) {
  json provision{{"code", json::array({{{"coding", json::array({{{"system", kSnomed}, {"code", kCprCode},
                                                                 {"display", "Cardiopulmonary resuscitation"}}})},
                                        {"text", "心肺蘇生"}}})}};
  // Undecided is a statement of its own (決めていない): the CPR provision without a rule.
  if (cpr == "wanted") provision["type"] = "permit";
  if (cpr == "refused") provision["type"] = "deny";
  return provision;
}

json wishes_consent(const std::string& id, const Wishes& w, const json& patient, const std::string& now) {
  json consent{{"resourceType", "Consent"},
               {"id", id},
               {"meta", {{"lastUpdated", now}}},
               {"status", "active"},
               {"scope", {{"coding", json::array({{{"system", kConsentScope}, {"code", "adr"}, {"display", "Advanced Care Directive"}}})}}},
               {"category", json::array({{{"coding", json::array({{{"system", kLoinc}, {"code", "75320-2"}, {"display", "Advance directive"}}})}}})},
               {"patient", patient},
               {"dateTime", now},
               {"performer", json::array({patient})},
               // R4 asks for a policy or a rule (ppc-1): this one is the person's own declaration.
               {"policyRule", {{"text", "本人による意思表示 (the person's own declaration)"}}},
               {"provision", cpr_provision(w.cpr)}};
  if (!w.note.empty() || !w.discussed_on.empty()) {
    json attachment{{"contentType", "text/plain; charset=utf-8"}, {"language", "ja"}, {"title", "人生会議（ACP）の記録"}};
    if (!w.note.empty()) attachment["data"] = base64(w.note);
    if (!w.discussed_on.empty()) attachment["creation"] = w.discussed_on;
    consent["sourceAttachment"] = std::move(attachment);
  }
  return consent;
}

json contact_person(const std::string& id, const Contact& c, const json& patient, const std::string& now) {
  json relationship = json::array({{{"coding", json::array({{{"system", kContactRole}, {"code", "C"}, {"display", "Emergency Contact"}}})}}});
  if (!c.relationship.empty()) relationship.push_back({{"text", c.relationship}});
  json person{{"resourceType", "RelatedPerson"}, {"id", id},          {"meta", {{"lastUpdated", now}}},
              {"active", true},                  {"patient", patient}, {"relationship", std::move(relationship)},
              {"name", json::array({{{"text", c.name}}})}};
  if (!c.phone.empty()) person["telecom"] = json::array({{{"system", "phone"}, {"value", c.phone}}});
  return person;
}

fhir::Resource resource_of(json body) {
  fhir::Resource r;
  r.type = body.at("resourceType").get<std::string>();
  r.id = body.at("id").get<std::string>();
  r.body = std::move(body);
  return r;
}

}  // namespace

Result<Info> parse(const json& info, const std::string& at) {
  if (!info.is_object()) return bad(at, "expected an object with contacts and wishes");
  Info out;
  if (auto contacts = info.find("contacts"); contacts != info.end() && !contacts->is_null()) {
    if (!contacts->is_array()) return bad(at + ".contacts", "expected a list of contacts");
    if (contacts->size() > kMaxContacts) return bad(at + ".contacts", "at most " + std::to_string(kMaxContacts) + " contacts");
    for (std::size_t i = 0; i < contacts->size(); ++i) {
      const std::string where = at + ".contacts[" + std::to_string(i) + "]";
      const json& c = (*contacts)[i];
      if (!c.is_object()) return bad(where, "expected a contact {name, relationship, phone}");
      auto name = text_at(c, "name", where, 200);
      if (!name) return std::move(name).error();
      if (name->empty()) return bad(where + ".name", "a contact needs a name");
      auto relationship = text_at(c, "relationship", where, 100);
      if (!relationship) return std::move(relationship).error();
      auto phone = text_at(c, "phone", where, 40);
      if (!phone) return std::move(phone).error();
      if (!std::all_of(phone->begin(), phone->end(), [](char ch) {
            return (ch >= '0' && ch <= '9') || ch == '-' || ch == '+' || ch == ' ' || ch == '(' || ch == ')';
          })) {
        return bad(where + ".phone", "a phone number of digits, spaces, +, - and parentheses");
      }
      out.contacts.push_back({*name, *relationship, *phone});
    }
  }
  if (auto wishes = info.find("wishes"); wishes != info.end() && !wishes->is_null()) {
    const std::string where = at + ".wishes";
    if (!wishes->is_object()) return bad(where, "expected {cpr, note, discussedOn} or null");
    auto cpr = text_at(*wishes, "cpr", where, 20);
    if (!cpr) return std::move(cpr).error();
    if (*cpr != "wanted" && *cpr != "refused" && *cpr != "undecided") {
      return bad(where + ".cpr", "expected \"wanted\", \"refused\" or \"undecided\"");
    }
    auto note = text_at(*wishes, "note", where, 4000);
    if (!note) return std::move(note).error();
    auto on = text_at(*wishes, "discussedOn", where, 10);
    if (!on) return std::move(on).error();
    if (!on->empty() && !is_day(*on)) return bad(where + ".discussedOn", "expected a date YYYY-MM-DD");
    out.wishes = Wishes{*cpr, *note, *on};
  }
  return out;
}

Result<std::vector<fhir::Resource>> build(const Info& info, const json& patient, const std::string& now,
                                          const std::vector<fhir::Resource>& previous) {
  if (!patient.is_object() || patient.empty()) return bad("person", "the person has no Patient record to attach entries to");
  const std::string key = person_key(patient);
  // A clock set back must not make a save older than the one it replaces (the vault keeps
  // the newest lastUpdated as current).
  std::string at = now;
  for (const auto& r : previous) {
    if (const json* meta = json_read::find(r.body, "meta")) at = std::max(at, json_read::text(*meta, "lastUpdated"));
  }

  std::vector<fhir::Resource> out;
  std::vector<std::string> current;
  for (std::size_t i = 0; i < info.contacts.size(); ++i) {
    const std::string id = kContactPrefix + key + "-" + std::to_string(i + 1);
    out.push_back(resource_of(contact_person(id, info.contacts[i], patient, at)));
    current.push_back(id);
  }
  const std::string wishes_id = kWishesPrefix + key;
  if (info.wishes) {
    out.push_back(resource_of(wishes_consent(wishes_id, *info.wishes, patient, at)));
    current.push_back(wishes_id);
  }
  // Earlier entries no longer listed: withdrawn, as a new version (the old one stays in history).
  for (const auto& r : previous) {
    const bool ours = r.id.rfind(kContactPrefix + key + "-", 0) == 0 || r.id == wishes_id;
    if (!ours || std::find(current.begin(), current.end(), r.id) != current.end()) continue;
    json withdrawn = r.body;
    withdrawn["meta"]["lastUpdated"] = at;
    if (r.type == "RelatedPerson") {
      if (!json_read::value_or(r.body, "active", true)) continue;
      withdrawn["active"] = false;
    } else {
      if (json_read::text(r.body, "status") == "inactive") continue;
      withdrawn["status"] = "inactive";
    }
    out.push_back(resource_of(std::move(withdrawn)));
  }
  return out;
}

bool entered_by_person(const fhir::Resource& resource) {
  return resource.id.rfind(kContactPrefix, 0) == 0 || resource.id.rfind(kWishesPrefix, 0) == 0;
}

bool is_advance_directive(const json& consent) {
  if (const json* scope = json_read::find(consent, "scope")) {
    for (const auto& coding : json_read::list(*scope, "coding")) {
      if (json_read::text(coding, "system") == kConsentScope && json_read::text(coding, "code") == "adr") return true;
    }
  }
  for (const auto& category : json_read::list(consent, "category")) {
    for (const auto& coding : json_read::list(category, "coding")) {
      if (json_read::text(coding, "system") == kLoinc && json_read::text(coding, "code") == "75320-2") return true;
    }
  }
  return false;
}

}  // namespace techo::emergency_info
