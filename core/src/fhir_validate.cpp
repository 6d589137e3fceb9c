#include "techo/fhir_validate.hpp"

#include <cctype>
#include <map>

#include "techo/terminology.hpp"

namespace techo::fhir {
namespace {

using nlohmann::json;

// The FHIR datatypes we check, each with the JSON shape it must have.
enum class T { kString, kNumber, kBoolean, kDate, kDateTime, kCodeableConcept, kCoding, kQuantity, kReference,
               kPeriod, kObject };

struct Element {
  const char* name;
  T type;
  bool list = false;  // 0..* elements are JSON arrays
};

// The elements the record model and the views read, per resource type. Elements not
// listed are kept as received and not checked (FHIR has thousands; we check what we use).
const std::map<std::string, std::vector<Element>>& rules() {
  static const std::map<std::string, std::vector<Element>> kRules = {
      {"*", {{"status", T::kString}, {"meta", T::kObject}, {"subject", T::kReference}, {"patient", T::kReference},
             {"contained", T::kObject, true}, {"extension", T::kObject, true}}},
      // identifier is a list everywhere except where R4 makes it 0..1.
      {"Composition", {{"identifier", T::kObject}, {"type", T::kCodeableConcept}, {"title", T::kString},
                       {"date", T::kDateTime}, {"author", T::kReference, true}, {"section", T::kObject, true}}},
      {"Observation", {{"code", T::kCodeableConcept}, {"category", T::kCodeableConcept, true},
                       {"valueQuantity", T::kQuantity}, {"valueString", T::kString},
                       {"valueCodeableConcept", T::kCodeableConcept}, {"valueBoolean", T::kBoolean},
                       {"effectiveDateTime", T::kDateTime}, {"effectivePeriod", T::kPeriod},
                       {"issued", T::kDateTime}, {"interpretation", T::kCodeableConcept, true},
                       {"performer", T::kReference, true}, {"component", T::kObject, true},
                       {"referenceRange", T::kObject, true}}},
      {"MedicationRequest", {{"medicationCodeableConcept", T::kCodeableConcept}, {"medicationReference", T::kReference},
                             {"authoredOn", T::kDateTime}, {"requester", T::kReference},
                             {"dosageInstruction", T::kObject, true}, {"dispenseRequest", T::kObject},
                             {"category", T::kCodeableConcept, true}}},
      {"MedicationDispense", {{"medicationCodeableConcept", T::kCodeableConcept}, {"medicationReference", T::kReference},
                              {"whenHandedOver", T::kDateTime}, {"whenPrepared", T::kDateTime},
                              {"dosageInstruction", T::kObject, true}, {"quantity", T::kQuantity},
                              {"authorizingPrescription", T::kReference, true}}},
      {"MedicationStatement", {{"medicationCodeableConcept", T::kCodeableConcept}, {"medicationReference", T::kReference},
                               {"effectiveDateTime", T::kDateTime}, {"effectivePeriod", T::kPeriod},
                               {"dateAsserted", T::kDateTime}, {"dosage", T::kObject, true}}},
      {"Condition", {{"code", T::kCodeableConcept}, {"clinicalStatus", T::kCodeableConcept},
                     {"category", T::kCodeableConcept, true}, {"onsetDateTime", T::kDateTime},
                     {"recordedDate", T::kDateTime}}},
      {"AllergyIntolerance", {{"code", T::kCodeableConcept}, {"clinicalStatus", T::kCodeableConcept},
                              {"category", T::kString, true}, {"type", T::kString}, {"criticality", T::kString},
                              {"onsetDateTime", T::kDateTime}, {"recordedDate", T::kDateTime},
                              {"reaction", T::kObject, true}}},
      {"Immunization", {{"vaccineCode", T::kCodeableConcept}, {"occurrenceDateTime", T::kDateTime},
                        {"recorded", T::kDateTime}, {"lotNumber", T::kString}, {"performer", T::kObject, true},
                        {"protocolApplied", T::kObject, true}}},
      {"Patient", {{"name", T::kObject, true}, {"birthDate", T::kDate}, {"gender", T::kString}}},
      {"DiagnosticReport", {{"code", T::kCodeableConcept}, {"effectiveDateTime", T::kDateTime},
                            {"issued", T::kDateTime}, {"result", T::kReference, true}}},
      {"Encounter", {{"period", T::kPeriod}, {"serviceProvider", T::kReference}}},
  };
  return kRules;
}

bool digits(std::string_view s, std::size_t at, std::size_t n) {
  if (at + n > s.size()) return false;
  for (std::size_t i = at; i < at + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// FHIR date: YYYY, YYYY-MM or YYYY-MM-DD.
bool is_date(std::string_view s) {
  if (!digits(s, 0, 4)) return false;
  if (s.size() == 4) return true;
  if (s.size() < 7 || s[4] != '-' || !digits(s, 5, 2)) return false;
  if (s.size() == 7) return true;
  return s.size() == 10 && s[7] == '-' && digits(s, 8, 2);
}

// FHIR dateTime: a date, or a full date with a time and a zone ("2021-07-05T11:19:41+09:00").
bool is_date_time(std::string_view s) {
  if (s.size() <= 10) return is_date(s);
  if (!is_date(s.substr(0, 10)) || s[10] != 'T') return false;
  if (!digits(s, 11, 2) || s.size() < 16 || s[13] != ':' || !digits(s, 14, 2)) return false;
  std::size_t at = 16;
  if (at < s.size() && s[at] == ':') {
    if (!digits(s, at + 1, 2)) return false;
    at += 3;
    if (at < s.size() && s[at] == '.') {
      ++at;
      while (at < s.size() && std::isdigit(static_cast<unsigned char>(s[at]))) ++at;
    }
  }
  if (at == s.size()) return true;  // R4 requires a zone, but local times occur; accepted
  if (s[at] == 'Z') return at + 1 == s.size();
  return (s[at] == '+' || s[at] == '-') && s.size() == at + 6 && digits(s, at + 1, 2) && s[at + 3] == ':' &&
         digits(s, at + 4, 2);
}

// Where a check is, as a chain on the stack: the text of the path is only built for an
// error (imports check every element of every resource; building strings on the way
// cost more than the checks themselves).
struct Path {
  std::string_view root;
  const Path* parent = nullptr;
  const char* field = nullptr;             // ".field"
  std::size_t index = std::string::npos;   // "[index]"
  std::string str() const {
    std::string out = parent ? parent->str() : std::string(root);
    if (field) {
      out += '.';
      out += field;
    }
    if (index != std::string::npos) out += "[" + std::to_string(index) + "]";
    return out;
  }
};

Status fail(const Path& path, const std::string& what) {
  return Error{ErrorCode::kInvalidResource, "expected " + what, path.str()};
}

Status check_value(const json& v, T type, const Path& path);
Status check_fields(const json& v, std::initializer_list<Element> fields, const Path& path);

// Checks the listed elements of object `v` that are present.
template <typename Elements>
Status check_fields(const json& v, const Elements& fields, const Path& path) {
  for (const auto& f : fields) {
    auto it = v.find(std::string_view(f.name));  // no strlen at every comparison
    if (it == v.end()) continue;
    const Path at{{}, &path, f.name};
    if (f.list) {
      if (!it->is_array()) return fail(at, "a list");
      for (std::size_t i = 0; i < it->size(); ++i) {
        if (auto s = check_value((*it)[i], f.type, Path{{}, &at, nullptr, i}); !s) return s;
      }
    } else if (auto s = check_value(*it, f.type, at); !s) {
      return s;
    }
  }
  return Ok{};
}

Status check_fields(const json& v, std::initializer_list<Element> fields, const Path& path) {
  return check_fields<std::initializer_list<Element>>(v, fields, path);
}

Status check_value(const json& v, T type, const Path& path) {
  switch (type) {
    case T::kString: return v.is_string() ? Status(Ok{}) : fail(path, "a string");
    case T::kNumber: return v.is_number() ? Status(Ok{}) : fail(path, "a number");
    case T::kBoolean: return v.is_boolean() ? Status(Ok{}) : fail(path, "true or false");
    case T::kDate:
      return v.is_string() && is_date(v.get_ref<const std::string&>()) ? Status(Ok{})
                                                                        : fail(path, "a date (YYYY-MM-DD)");
    case T::kDateTime:
      return v.is_string() && is_date_time(v.get_ref<const std::string&>())
                 ? Status(Ok{})
                 : fail(path, "a date or date-time (YYYY-MM-DDThh:mm:ss+zz:zz)");
    case T::kObject: return v.is_object() ? Status(Ok{}) : fail(path, "an object");
    case T::kCoding:
      if (!v.is_object()) return fail(path, "a Coding object");
      return check_fields(v, {{"system", T::kString}, {"code", T::kString}, {"display", T::kString}}, path);
    case T::kCodeableConcept:
      if (!v.is_object()) return fail(path, "a CodeableConcept object");
      return check_fields(v, {{"coding", T::kCoding, true}, {"text", T::kString}}, path);
    case T::kQuantity:
      if (!v.is_object()) return fail(path, "a Quantity object");
      return check_fields(v, {{"value", T::kNumber}, {"unit", T::kString}, {"system", T::kString}, {"code", T::kString}},
                          path);
    case T::kReference:
      if (!v.is_object()) return fail(path, "a Reference object");
      return check_fields(v, {{"reference", T::kString}, {"display", T::kString}}, path);
    case T::kPeriod:
      if (!v.is_object()) return fail(path, "a Period object");
      return check_fields(v, {{"start", T::kDateTime}, {"end", T::kDateTime}}, path);
  }
  return Ok{};
}

bool claims_profile(const json& body, std::string_view profile) {
  auto meta = body.find("meta");
  if (meta == body.end() || !meta->is_object()) return false;
  auto profiles = meta->find("profile");
  if (profiles == meta->end() || !profiles->is_array()) return false;
  for (const auto& p : *profiles) {
    if (!p.is_string()) continue;
    std::string_view url = p.get_ref<const std::string&>();
    url = url.substr(0, url.find('|'));
    if (url.size() >= profile.size() && url.substr(url.size() - profile.size()) == profile) return true;
  }
  return false;
}

std::vector<std::string> coding_systems(const json& body, const char* element) {
  std::vector<std::string> out;
  auto c = body.find(std::string_view(element));
  if (c == body.end() || !c->is_object()) return out;
  auto codings = c->find("coding");
  if (codings == c->end() || !codings->is_array()) return out;
  for (const auto& coding : *codings) {
    if (auto s = coding.find("system"); s != coding.end() && s->is_string()) out.push_back(s->get<std::string>());
  }
  return out;
}

std::string resource_path(const Resource& r, const std::string& at) { return at.empty() ? r.type : at; }

}  // namespace

Status check_structure(const Resource& resource, const std::string& at) {
  const Path path{at.empty() ? std::string_view(resource.type) : std::string_view(at)};
  const auto& table = rules();
  if (auto s = check_fields(resource.body, table.at("*"), path); !s) return s;
  if (resource.type != "Composition" && resource.type != "Bundle") {
    if (auto s = check_fields(resource.body, std::initializer_list<Element>{{"identifier", T::kObject, true}}, path); !s) return s;
  }
  if (auto it = table.find(resource.type); it != table.end()) {
    if (auto s = check_fields(resource.body, it->second, path); !s) return s;
  }
  if (resource.type == "Observation") {
    if (auto comps = resource.body.find("component"); comps != resource.body.end()) {
      for (std::size_t i = 0; i < comps->size(); ++i) {
        const Path components{{}, &path, "component"};
        const Path cp{{}, &components, nullptr, i};
        auto s = check_fields((*comps)[i], {{"code", T::kCodeableConcept}, {"valueQuantity", T::kQuantity},
                                            {"valueString", T::kString}}, cp);
        if (!s) return s;
      }
    }
  }
  return Ok{};
}

std::vector<Error> check_profiles(const Resource& resource, const std::string& at) {
  std::vector<Error> out;
  const std::string path = resource_path(resource, at);
  const json& body = resource.body;
  auto flag = [&](const std::string& where, const std::string& message) {
    out.push_back({ErrorCode::kInvalidResource, message, path + where});
  };
  if (resource.type == "MedicationRequest" && claims_profile(body, "JP_MedicationRequest_eCS")) {
    // 電子カルテ情報共有サービス: a drug is coded in YJ or 一般名処方, or marked NOCODED.
    bool coded = false;
    for (const auto& s : coding_systems(body, "medicationCodeableConcept")) {
      const auto name = terminology::lookup(s).name;
      if (name == "YJ" || name == "一般名処方" || s.find("MedicationCodeNocoded") != std::string::npos) coded = true;
    }
    if (!coded) {
      flag(".medicationCodeableConcept.coding",
           "JP_MedicationRequest_eCS: the drug has neither a YJ code nor a 一般名処方 code (nor NOCODED)");
    }
  }
  if (resource.type == "Observation" && claims_profile(body, "JP_Observation_LabResult_eCS")) {
    // A lab result carries the institution's own code and the JLAC code it maps to.
    bool local = false, jlac = false;
    for (const auto& s : coding_systems(body, "code")) {
      if (s.find("ObsLabResult_LocalCode") != std::string::npos) local = true;
      const auto name = terminology::lookup(s).name;
      if (name == "JLAC10" || name == "JLAC11") jlac = true;
    }
    if (!local) flag(".code.coding", "JP_Observation_LabResult_eCS: the result has no local (institution) code");
    if (!jlac) flag(".code.coding", "JP_Observation_LabResult_eCS: the result has no JLAC10/JLAC11 code");
  }
  return out;
}

}  // namespace techo::fhir
