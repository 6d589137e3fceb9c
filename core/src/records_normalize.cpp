#include "techo/records.hpp"

#include <map>

#include "json_read.hpp"
#include "techo/terminology.hpp"

namespace techo::records {
namespace {

using nlohmann::json;

using json_read::find;
using json_read::first_date;
std::string string_at(const json& object, const char* key) { return json_read::text(object, key); }

// Standard terminologies are preferred over an institution's local codes when a concept
// carries both (JP-CLINS lab results list the local code first, then JLAC10).
bool is_standard_system(const std::string& system) { return terminology::lookup(system).standard; }

// code / display of a CodeableConcept: a standard coding if there is one, else the first
// coding with a code; the concept's text wins for display (it is what the source showed).
void read_concept(const json* codeable, Record& r) {
  if (!codeable || !codeable->is_object()) return;
  if (const json* codings = find(*codeable, "coding"); codings && codings->is_array()) {
    const json* chosen = nullptr;
    for (const auto& c : *codings) {
      if (string_at(c, "code").empty()) continue;
      if (!chosen) chosen = &c;
      if (is_standard_system(string_at(c, "system"))) {
        chosen = &c;
        break;
      }
    }
    if (chosen) {
      r.code_system = std::string(terminology::canonical_system(string_at(*chosen, "system")));
      r.code = string_at(*chosen, "code");
      if (r.display.empty()) r.display = string_at(*chosen, "display");
    }
  }
  if (std::string text = string_at(*codeable, "text"); !text.empty()) r.display = text;
}

std::string first_coding_code(const json* codeable) {
  Record r;
  read_concept(codeable, r);
  return r.code;
}

void read_value(const json& body, Record& r) {
  if (const json* q = find(body, "valueQuantity")) {
    if (const json* v = find(*q, "value"); v && v->is_number()) {
      r.value_number = v->get<double>();
      r.value_text = v->dump();
    }
    r.unit = string_at(*q, "unit");
    if (r.unit.empty()) r.unit = string_at(*q, "code");
    return;
  }
  if (std::string s = string_at(body, "valueString"); !s.empty()) {
    r.value_text = s;
    return;
  }
  if (const json* c = find(body, "valueCodeableConcept")) {
    Record value;
    read_concept(c, value);
    r.value_text = value.display.empty() ? value.code : value.display;
  }
}

std::string observation_category(const json& body) {
  if (const json* cats = find(body, "category"); cats && cats->is_array()) {
    for (const auto& cat : *cats) {
      const std::string code = first_coding_code(&cat);
      if (code == "laboratory") return "lab";
      if (code == "vital-signs") return "vital-sign";
    }
  }
  return "observation";
}

// Dosage as written: the instruction text, else the timing (JAMI 用法) text.
std::string dosage_text(const json& body) {
  const json* dosages = find(body, "dosageInstruction");
  if (!dosages) dosages = find(body, "dosage");
  if (!dosages || !dosages->is_array() || dosages->empty()) return {};
  const json& d = (*dosages)[0];
  if (std::string text = string_at(d, "text"); !text.empty()) return text;
  if (const json* timing = find(d, "timing")) {
    Record t;
    read_concept(find(*timing, "code"), t);
    return t.display;
  }
  return {};
}

void read_medication(const fhir::Resource& resource, Record& r) {
  const json& body = resource.body;
  read_concept(find(body, "medicationCodeableConcept"), r);
  // A contained Medication (#ref), as JP-CLINS prescriptions often carry it.
  if (r.code.empty() && r.display.empty()) {
    if (const json* ref = find(body, "medicationReference"); ref) {
      const std::string target = string_at(*ref, "reference");
      if (const json* contained = find(body, "contained"); contained && contained->is_array() && target.rfind('#', 0) == 0) {
        for (const auto& c : *contained) {
          if (string_at(c, "id") == target.substr(1)) read_concept(find(c, "code"), r);
        }
      }
      if (r.display.empty()) r.display = string_at(*ref, "display");
    }
  }
  r.value_text = dosage_text(body);
}

}  // namespace

std::string subject_of(const json& body) {
  // Coverage names the person covered as its beneficiary.
  for (const char* key : {"subject", "patient", "beneficiary"}) {
    const json* ref = find(body, key);
    if (!ref) continue;
    if (std::string r = string_at(*ref, "reference"); !r.empty()) return r;
    if (const json* id = find(*ref, "identifier")) {
      const std::string value = string_at(*id, "value");
      if (!value.empty()) return "identifier:" + string_at(*id, "system") + "|" + value;
    }
  }
  return {};
}

std::optional<Record> normalize(const fhir::Resource& resource) {
  static const std::map<std::string, std::string> kCategory = {
      {"MedicationRequest", "medication"}, {"MedicationDispense", "medication"},
      {"MedicationStatement", "medication"}, {"Observation", "observation"},
      {"Condition", "condition"}, {"AllergyIntolerance", "allergy"},
      {"Immunization", "immunization"}, {"Procedure", "procedure"},
      {"Encounter", "encounter"}, {"DiagnosticReport", "report"},
      {"Composition", "document"}, {"DocumentReference", "document"},
      {"CarePlan", "care-plan"}, {"Goal", "goal"}, {"Coverage", "coverage"},
      // What the emergency card reads besides: implants and devices, whom to call, and
      // advance directives. As records they belong to their person (never to everyone).
      {"Device", "device"}, {"DeviceUseStatement", "device"},
      {"RelatedPerson", "contact"}, {"Consent", "consent"},
  };
  auto category = kCategory.find(resource.type);
  if (category == kCategory.end()) return std::nullopt;
  const json& body = resource.body;
  Record r;
  r.category = category->second;
  r.subject = subject_of(body);
  if (const json* status = find(body, "status"); status && status->is_string()) r.status = status->get<std::string>();

  const std::string& type = resource.type;
  if (type.rfind("Medication", 0) == 0) {
    read_medication(resource, r);
    r.effective_at = first_date(body, {"authoredOn", "whenHandedOver", "whenPrepared", "effectiveDateTime",
                                       "effectivePeriod", "dateAsserted"});
  } else if (type == "Observation") {
    r.category = observation_category(body);
    read_concept(find(body, "code"), r);
    read_value(body, r);
    r.effective_at = first_date(body, {"effectiveDateTime", "effectivePeriod", "effectiveInstant", "issued"});
  } else if (type == "Condition" || type == "AllergyIntolerance") {
    read_concept(find(body, "code"), r);
    if (const json* clinical = find(body, "clinicalStatus")) r.status = first_coding_code(clinical);
    r.effective_at = first_date(body, {"onsetDateTime", "onsetPeriod", "recordedDate"});
  } else if (type == "Immunization") {
    read_concept(find(body, "vaccineCode"), r);
    r.effective_at = first_date(body, {"occurrenceDateTime", "recorded"});
  } else if (type == "Encounter") {
    if (const json* types = find(body, "type"); types && types->is_array() && !types->empty()) read_concept(&(*types)[0], r);
    if (r.display.empty()) {
      if (const json* cls = find(body, "class")) r.display = string_at(*cls, "display");
    }
    r.effective_at = first_date(body, {"period"});
  } else if (type == "Goal") {
    read_concept(find(body, "description"), r);
    if (const json* lifecycle = find(body, "lifecycleStatus"); lifecycle && lifecycle->is_string()) r.status = lifecycle->get<std::string>();
    r.effective_at = first_date(body, {"startDate", "statusDate"});
  } else if (type == "Coverage") {
    read_concept(find(body, "type"), r);
    r.effective_at = first_date(body, {"period"});
  } else if (type == "Composition" || type == "DocumentReference") {
    read_concept(find(body, "type"), r);
    if (std::string title = string_at(body, "title"); !title.empty()) r.display = title;
    r.effective_at = first_date(body, {"date"});
  } else if (type == "Device") {
    read_concept(find(body, "type"), r);
    if (const json* names = find(body, "deviceName"); names && names->is_array() && !names->empty()) {
      if (std::string name = string_at((*names)[0], "name"); !name.empty()) r.display = name;
    }
  } else if (type == "DeviceUseStatement") {
    if (const json* device = find(body, "device")) r.display = string_at(*device, "display");
    r.effective_at = first_date(body, {"timingDateTime", "timingPeriod", "recordedOn"});
  } else if (type == "RelatedPerson") {
    r.display = fhir::patient_name(body).display;
  } else if (type == "Consent") {
    if (const json* categories = find(body, "category"); categories && categories->is_array() && !categories->empty()) {
      read_concept(&(*categories)[0], r);
    }
    r.effective_at = first_date(body, {"dateTime"});
  } else {
    read_concept(find(body, "code"), r);
    r.effective_at = first_date(body, {"effectiveDateTime", "effectivePeriod", "performedDateTime", "performedPeriod",
                                       "issued", "period", "created"});
  }
  return r;
}

}  // namespace techo::records
