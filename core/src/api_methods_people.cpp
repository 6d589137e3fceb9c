// Adding a person by hand (a parent adds a newborn before any clinic record arrives): a
// FHIR Patient stored under its own source, linked like any imported Patient (a name and
// birth date are one person), so later records about the child join the same person.
#include "api_methods.hpp"
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

}  // namespace

const MethodTable& people_methods() {
  static const MethodTable table = {
      {"addPerson", Needs::kOpenVault, add_person},
  };
  return table;
}

}  // namespace techo::api::detail
