// What a person enters about themselves or a family member by hand. Adding a person (a
// parent adds a newborn before any clinic record arrives): a FHIR Patient stored under its
// own source, linked like any imported Patient (a name and birth date are one person), so
// later records about the child join the same person. Emergency contacts and care wishes:
// FHIR resources (emergency_info.hpp) stored the same way, one transaction per save.
#include <chrono>

#include "api_methods.hpp"
#include "emergency_info.hpp"
#include "techo/consent.hpp"
#include "techo/crypto.hpp"
#include "techo/encoding.hpp"
#include "techo/fhir.hpp"
#include "techo/immunization_dates.hpp"
#include "techo/views.hpp"

namespace techo::api::detail {
namespace {

using techo::detail::Args;
using nlohmann::json;

// A FHIR id from the name and birth date (the first 16 bytes of their SHA-256, hex): twins
// get two ids, the same person added twice one (an import treats an id it has seen as the
// same resource).
std::string patient_id(const std::string& name, const std::string& birth) {
  const auto digest = crypto::sha256(crypto::as_bytes(name + "|" + birth));
  return "techo-added-" + encoding::hex_encode(std::span(digest).first(16));
}

Error bad(const std::string& path, const std::string& message) { return Error{ErrorCode::kInvalidArgument, message, path}; }

// {"person": {"name", "birthDate", "sex"?}}: the person as people() lists them.
Result<json> add_person(SessionState& state, Args& a) {
  Args p = a.object("person");
  std::string name = p.text("name");
  const std::string birth = p.text("birthDate"), sex = p.text("sex");
  if (a.error()) return *a.error();
  while (!name.empty() && (name.front() == ' ' || name.back() == ' ')) name.erase(name.front() == ' ' ? 0 : name.size() - 1, 1);
  if (name.empty() || name.size() > 200) return bad("person.name", "a name of 1 to 200 characters");
  const auto date = immunization::Date::parse(birth);
  if (!date || birth.size() != 10) return bad("person.birthDate", "expected a date YYYY-MM-DD");
  if (!sex.empty() && sex != "female" && sex != "male") return bad("person.sex", "expected \"female\", \"male\" or nothing");
  json patient = {{"resourceType", "Patient"},
                  {"id", patient_id(name, birth)},
                  {"name", json::array({{{"text", name}}})},
                  {"birthDate", birth}};
  if (!sex.empty()) patient["gender"] = sex;
  json bundle = {{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", json::array({{{"resource", patient}}})}};
  auto parsed = fhir::parse_bundle_json(std::move(bundle));
  if (!parsed) return std::move(parsed).error();
  SourceInfo source;
  source.name = "家族の追加（手入力）" + name;
  auto report = state.vault->import_bundle(source, *parsed);
  if (!report) return std::move(report).error();
  auto people = views::people(*state.vault);
  if (!people) return std::move(people).error();
  for (const auto& person : (*people)["people"]) {
    if (person.value("name", "") == name && person.value("birthDate", "") == birth) return person;
  }
  return Error{ErrorCode::kInternal, "the person added is not among the vault's people", "person"};
}

// The Reference entries name their person by: the reference the person's records use.
json patient_reference(const std::string& ref) {
  if (ref.rfind("identifier:", 0) == 0) {
    const std::string id = ref.substr(11);
    const auto bar = id.rfind('|');
    return {{"type", "Patient"}, {"identifier", {{"system", id.substr(0, bar)}, {"value", id.substr(bar + 1)}}}};
  }
  if (ref.empty() || ref.rfind("person:", 0) == 0) return json::object();  // named by no reference
  return {{"reference", ref}};
}

std::string utc_now() {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  return consent::utc_timestamp(now);
}

// {"person": id, "info": {"contacts": [...], "wishes": {...} | null}}: replaces the
// person's emergency contacts and care wishes, in one transaction (an error stores
// nothing); the earlier versions stay in the vault's history. The reply is the person's
// emergency card as it now reads.
Result<json> save_emergency_info(SessionState& state, Args& a) {
  const std::int64_t person_id = a.integer("person");
  const json raw = a.object_value("info");
  if (a.error()) return *a.error();
  auto info = emergency_info::parse(raw, "info");
  if (!info) return std::move(info).error();
  // An import holds the vault's one write transaction until it finishes.
  if (state.import) return Error{ErrorCode::kInvalidArgument, "an import is in progress: save when it has finished", {}};
  auto people = state.vault->people();
  if (!people) return std::move(people).error();
  const Person* person = nullptr;
  for (const auto& p : *people) {
    if (p.id == person_id) person = &p;
  }
  if (!person) return bad("person", "no such person in this vault");
  auto stored = state.vault->stored_resources({"RelatedPerson", "Consent"}, person->id);
  if (!stored) return std::move(stored).error();
  std::vector<fhir::Resource> previous;
  for (auto& r : *stored) {
    if (r.person == person->id) previous.push_back(std::move(r.resource));
  }
  auto resources = emergency_info::build(*info, patient_reference(person->patient_ref), utc_now(), previous);
  if (!resources) return std::move(resources).error();
  fhir::Bundle bundle;
  bundle.type = "collection";
  bundle.resources = std::move(resources).value();
  SourceInfo source;
  source.name = "救急情報（本人の入力）" + person->name;
  auto report = state.vault->import_bundle(source, bundle);
  if (!report) return std::move(report).error();
  auto card = views::emergency(*state.vault, views::Query{person->id, ""});
  if (!card) return std::move(card).error();
  return (*card)["byPerson"].empty() ? json(nullptr) : (*card)["byPerson"][0];
}

}  // namespace

const MethodTable& people_methods() {
  static const MethodTable table = {
      {"addPerson", Needs::kOpenVault, add_person},
      {"saveEmergencyInfo", Needs::kOpenVault, save_emergency_info},
  };
  return table;
}

}  // namespace techo::api::detail
