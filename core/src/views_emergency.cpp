// The emergency (救急時) card, always one person's: with everyone asked for, one card per
// person, each holding only what that person's own records say — allergies and
// contraindications, current medicines, active conditions, infections, blood type,
// implants and devices, the admissions and operations of the year before today, key labs,
// and the contacts and care wishes the person entered (emergency_info.hpp).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "civil_days.hpp"
#include "emergency_info.hpp"
#include "techo/encoding.hpp"
#include "techo/fhir.hpp"
#include "views_clinical.hpp"
#include "views_medications.hpp"
#include "views_results.hpp"

namespace techo::views {

using namespace detail;

namespace {

// Read whole; medications, results and admissions are selected (emergency()).
const std::vector<std::string> kCardTypes = {"Condition", "AllergyIntolerance", "Device", "DeviceUseStatement",
                                             "Procedure", "RelatedPerson", "Consent"};

// Key results a doctor in an emergency asks for first, by analyte key prefix.
constexpr std::string_view kKeyAnalytes[] = {
    "jlac:3D046", "http://loinc.org|4548-4",                           // HbA1c
    "jlac:3D010", "http://loinc.org|2339-0", "http://loinc.org|1558-6", // glucose
    "jlac:3C015", "http://loinc.org|2160-0",                           // creatinine
    "jlac:8A065", "http://loinc.org|33914-3",                          // eGFR
    "jlac:3H015", "http://loinc.org|6298-4", "http://loinc.org|2823-3", // potassium
    "jlac:2A030", "http://loinc.org|718-7",                            // hemoglobin
    "jlac:9A751", "jlac:9A755", "http://loinc.org|8480-6",             // systolic
    "jlac:9A761", "jlac:9A765", "http://loinc.org|8462-4",             // diastolic
};

// Blood type, ABO before Rh as a blood type is said: JLAC10 5H010 (ABO) and 5H020 (Rh),
// LOINC 882-1 (ABO and Rh group), 883-9 (ABO group), 34474-7 (ABO and Rh, in a panel),
// 10331-7 (Rh type).
constexpr std::string_view kBloodTypeAnalytes[] = {
    "jlac:5H010", "http://loinc.org|882-1", "http://loinc.org|883-9", "http://loinc.org|34474-7",
    "jlac:5H020", "http://loinc.org|10331-7",
};

// The place of the first key `analyte` starts with, N when none.
template <std::size_t N>
std::size_t key_index(const std::string& analyte, const std::string_view (&keys)[N]) {
  return static_cast<std::size_t>(std::find_if(std::begin(keys), std::end(keys),
                                               [&](std::string_view key) { return analyte.rfind(key, 0) == 0; }) -
                                  std::begin(keys));
}

template <std::size_t N>
bool starts_with_any(const std::string& analyte, const std::string_view (&keys)[N]) {
  return key_index(analyte, keys) < N;
}

// The day `days` before `today` (YYYY-MM-DD), "" when today is not such a day (the
// query's today is the caller's text: never parsed with a function that throws).
std::string days_before(const std::string& today, int days) {
  if (today.size() < 10 || today[4] != '-' || today[7] != '-') return {};
  int parts[3] = {0, 0, 0};
  const std::pair<std::size_t, std::size_t> fields[3] = {{0, 4}, {5, 2}, {8, 2}};
  for (int i = 0; i < 3; ++i) {
    for (std::size_t k = fields[i].first; k < fields[i].first + fields[i].second; ++k) {
      if (today[k] < '0' || today[k] > '9') return {};
      parts[i] = parts[i] * 10 + (today[k] - '0');
    }
  }
  const auto d = techo::detail::civil_from_days(techo::detail::days_from_civil(parts[0], parts[1], parts[2]) - days);
  char out[16];
  std::snprintf(out, sizeof out, "%04lld-%02d-%02d", static_cast<long long>(d.year), d.month, d.day);
  return out;
}

bool within(const std::string& date, const std::string& from, const std::string& today) {
  const std::string day = date.substr(0, 10);
  return !day.empty() && day >= from && day <= today;
}


json entry(const StoredResource& r, json fields) {
  fields["id"] = r.id;
  fields["source"] = r.source;
  fields["person"] = r.person;
  return fields;
}

std::string device_name(const json& device) {
  for (const auto& n : json_read::list(device, "deviceName")) {
    if (std::string name = text(n, "name"); !name.empty()) return name;
  }
  return concept_of(find(device, "type")).text;
}

bool withdrawn_status(const std::string& status) {
  return status == "entered-in-error" || status == "inactive" || status == "not-done" || status == "stopped";
}

// Implants and devices: each DeviceUseStatement of the person, and each Device naming the
// person that no statement already shows. A Device naming nobody is shown only through a
// statement: whose it is is known only from that.
json devices(const Context& c, std::int64_t owner) {
  json out = json::array();
  std::vector<const json*> shown;
  for (const auto& r : c.resources()) {
    if (r.resource.type != "DeviceUseStatement" || c.owner(r) != owner) continue;
    const json& body = r.resource.body;
    if (withdrawn_status(text(body, "status"))) continue;
    const json* device = c.resolve(find(body, "device"), r);
    if (device) shown.push_back(device);
    std::string name = device ? device_name(*device) : std::string();
    if (name.empty()) name = text(find(body, "device") ? *find(body, "device") : json::object(), "display");
    out.push_back(entry(r, {{"name", name},
                            {"since", first_date(body, {"timingDateTime", "timingPeriod", "recordedOn"})},
                            {"bodySite", concept_of(find(body, "bodySite")).text}}));
  }
  for (const auto& r : c.resources()) {
    if (r.resource.type != "Device" || c.owner(r) != owner || !find(r.resource.body, "patient")) continue;
    // The same Device may be indexed from another copy (the supporting resources): by content.
    if (std::any_of(shown.begin(), shown.end(), [&](const json* d) { return *d == r.resource.body; })) continue;
    if (withdrawn_status(text(r.resource.body, "status"))) continue;
    out.push_back(entry(r, {{"name", device_name(r.resource.body)},
                            {"since", first_date(r.resource.body, {"manufactureDate"})},
                            {"bodySite", ""}}));
  }
  return out;
}

// Admissions (Encounter class inpatient) that started or ended in the year before today.
json admissions(const Context& c, std::int64_t owner, const std::string& from) {
  json out = json::array();
  for (const auto& r : c.resources()) {
    if (r.resource.type != "Encounter" || c.owner(r) != owner || !is_admission(r.resource.body)) continue;
    const json& body = r.resource.body;
    if (text(body, "status") == "entered-in-error" || text(body, "status") == "cancelled") continue;
    const json* period = find(body, "period");
    const std::string start = period ? text(*period, "start") : std::string();
    const std::string end = period ? text(*period, "end") : std::string();
    if (!within(start, from, c.today()) && !within(end, from, c.today())) continue;
    std::string reason;
    for (const auto& code : json_read::list(body, "reasonCode")) {
      if (reason.empty()) reason = concept_of(&code).text;
    }
    out.push_back(entry(r, {{"start", start.substr(0, 10)},
                            {"end", end.substr(0, 10)},
                            {"reason", reason},
                            {"institution", c.organization_of(find(body, "serviceProvider"), r)}}));
  }
  std::stable_sort(out.begin(), out.end(), [](const json& a, const json& b) { return a["start"] > b["start"]; });
  return out;
}

// Operations and other procedures performed in the year before today.
json procedures(const Context& c, std::int64_t owner, const std::string& from) {
  json out = json::array();
  for (const auto& r : c.resources()) {
    if (r.resource.type != "Procedure" || c.owner(r) != owner) continue;
    const json& body = r.resource.body;
    if (withdrawn_status(text(body, "status"))) continue;
    const std::string date = first_date(body, {"performedDateTime", "performedPeriod"});
    if (!within(date, from, c.today())) continue;
    std::string institution;
    for (const auto& p : json_read::list(body, "performer")) {
      if (institution.empty()) institution = c.organization_of(find(p, "onBehalfOf"), r);
      if (institution.empty()) institution = c.organization_of(find(p, "actor"), r);
    }
    if (institution.empty()) institution = c.organization_of(find(body, "encounter"), r);
    out.push_back(entry(r, {{"name", concept_of(find(body, "code")).text}, {"date", date.substr(0, 10)},
                            {"institution", institution}}));
  }
  std::stable_sort(out.begin(), out.end(), [](const json& a, const json& b) { return a["date"] > b["date"]; });
  return out;
}

// Whom to call: the person's RelatedPersons in use, those they entered first, in their order.
json contacts(const Context& c, std::int64_t owner) {
  std::vector<const StoredResource*> list;
  for (const auto& r : c.resources()) {
    if (r.resource.type != "RelatedPerson" || c.owner(r) != owner) continue;
    if (!json_read::value_or(r.resource.body, "active", true)) continue;
    list.push_back(&r);
  }
  // The person's own entries first, in the order they gave (their ids end in the place).
  auto place = [](const StoredResource* r) -> long {
    if (!emergency_info::entered_by_person(r->resource)) return 1L << 30;
    return std::strtol(r->resource.id.substr(r->resource.id.rfind('-') + 1).c_str(), nullptr, 10);
  };
  std::stable_sort(list.begin(), list.end(), [&](const auto* a, const auto* b) { return place(a) < place(b); });
  json out = json::array();
  for (const auto* r : list) {
    const json& body = r->resource.body;
    std::string relationship;
    for (const auto& rel : json_read::list(body, "relationship")) {
      // The emergency-contact role says why they are listed, not who they are.
      bool role_only = false;
      for (const auto& coding : json_read::list(rel, "coding")) {
        if (text(coding, "code") == "C" && text(rel, "text").empty()) role_only = true;
      }
      if (!role_only && relationship.empty()) relationship = concept_of(&rel).text;
    }
    std::string phone;
    for (const auto& t : json_read::list(body, "telecom")) {
      if (phone.empty() && (text(t, "system") == "phone" || text(t, "system").empty())) phone = text(t, "value");
    }
    out.push_back(entry(*r, {{"name", fhir::patient_name(body).display},
                             {"relationship", relationship},
                             {"phone", phone},
                             {"enteredByPerson", emergency_info::entered_by_person(r->resource)}}));
  }
  return out;
}

std::string decoded_text(const json& attachment) {
  const auto bytes = encoding::base64_decode(text(attachment, "data"), encoding::Padding::kRequired);
  return bytes ? std::string(bytes->begin(), bytes->end()) : std::string();
}

// The person's care wishes: their latest active advance directive. "cpr" is what its
// cardiopulmonary-resuscitation provision says: "wanted", "refused", "undecided" (the
// provision without a rule), or "" when it says nothing about CPR.
json care_wishes(const Context& c, std::int64_t owner) {
  const StoredResource* latest = nullptr;
  for (const auto& r : c.resources()) {
    if (r.resource.type != "Consent" || c.owner(r) != owner || text(r.resource.body, "status") != "active") continue;
    if (!emergency_info::is_advance_directive(r.resource.body)) continue;
    if (!latest || text(r.resource.body, "dateTime") >= text(latest->resource.body, "dateTime")) latest = &r;
  }
  if (!latest) return nullptr;
  const json& body = latest->resource.body;
  std::string cpr;
  std::vector<const json*> provisions;
  if (const json* p = find(body, "provision")) provisions.push_back(p);
  for (std::size_t i = 0; i < provisions.size() && i < 64; ++i) {
    for (const auto& code : json_read::list(*provisions[i], "code")) {
      for (const auto& [system, value] : codings_of(&code)) {
        if (value != emergency_info::kCprCode) continue;
        const std::string type = text(*provisions[i], "type");
        cpr = type == "permit" ? "wanted" : type == "deny" ? "refused" : "undecided";
      }
    }
    for (const auto& nested : json_read::list(*provisions[i], "provision")) provisions.push_back(&nested);
  }
  const json* attachment = find(body, "sourceAttachment");
  return entry(*latest, {{"cpr", cpr},
                         {"note", attachment ? decoded_text(*attachment) : std::string()},
                         {"discussedOn", attachment ? text(*attachment, "creation") : std::string()},
                         {"recorded", text(body, "dateTime")},
                         {"enteredByPerson", emergency_info::entered_by_person(latest->resource)}});
}

struct Lists {
  std::vector<AllergyEntry> allergies;
  std::vector<ConditionEntry> conditions;
  std::vector<MedicationEntry> medications;
  std::vector<ResultPoint> points;
};

json emergency_card(const Context& context, std::int64_t owner, const Lists& lists) {
  json allergies = json::array(), contraindications = json::array(), conditions = json::array();
  json labs = json::array(), infections = json::array(), blood = json::array();
  for (const auto* a : owned_by(context, lists.allergies, owner)) {
    if (a->active) (a->drug ? contraindications : allergies).push_back(to_json(*a));
  }
  for (const auto* c : owned_by(context, lists.conditions, owner)) {
    if (c->active) conditions.push_back(to_json(*c));
  }
  std::vector<ResultPoint> own;
  for (const auto* p : owned_by(context, lists.points, owner)) own.push_back(*p);
  std::vector<const ResultPoint*> latest = latest_per_analyte(context, own);
  for (const auto* p : latest) {
    if (p->infection) infections.push_back(to_json(*p));
    else if (starts_with_any(p->analyte, kBloodTypeAnalytes)) blood.push_back(to_json(*p));
    else if (starts_with_any(p->analyte, kKeyAnalytes)) labs.push_back(to_json(*p));
  }
  std::stable_sort(blood.begin(), blood.end(), [](const json& a, const json& b) {
    return key_index(a["analyte"].get<std::string>(), kBloodTypeAnalytes) < key_index(b["analyte"].get<std::string>(), kBloodTypeAnalytes);
  });
  const std::string from = days_before(context.today(), 365);
  return json{{"person", context.person(owner)},
              {"allergies", std::move(allergies)},
              {"contraindications", std::move(contraindications)},
              {"medications", current_medications(owned_by(context, lists.medications, owner))},
              {"conditions", std::move(conditions)},
              {"infections", std::move(infections)},
              {"bloodType", std::move(blood)},
              {"devices", devices(context, owner)},
              {"admissions", admissions(context, owner, from)},
              {"procedures", procedures(context, owner, from)},
              {"keyLabs", std::move(labs)},
              {"contacts", contacts(context, owner)},
              {"careWishes", care_wishes(context, owner)}};
}

bool empty_card(const json& card) {
  for (const auto& [key, value] : card.items()) {
    if (key != "person" && !value.is_null() && !value.empty()) return false;
  }
  return true;
}

}  // namespace

Result<json> emergency(Vault& vault, const Query& query) {
  // The card shows what is current and the latest of each result: the view index names
  // those, and the admissions of the year, so the record's history is never read.
  auto context = Context::load(vault, query, kCardTypes, [](Context& c, techo::detail::ViewQueries& q) {
    return all_selected({q.maybe_current_medications(c.query().person, c.today()), q.latest_results(c.query().person),
                         q.admissions(c.query().person, days_before(c.today(), 365))});
  });
  if (!context) return std::move(context).error();
  Lists lists{allergy_entries(*context), condition_entries(*context), medication_entries(*context), result_points(*context)};
  json cards = json::array();
  for (const auto owner : context->owners()) {
    json card = emergency_card(*context, owner, lists);
    // Records about nobody the vault knows get a card of their own, but a Device naming no
    // patient (known only through a statement of someone's) is not such a record.
    if (owner == 0 && empty_card(card)) continue;
    cards.push_back(std::move(card));
  }
  json out = context->whose();
  out["today"] = context->today();
  out["byPerson"] = std::move(cards);
  return out;
}

}  // namespace techo::views
