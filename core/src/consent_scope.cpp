// What a grant covers, decided from each resource alone: the share-package builder picks
// resources with covers(), and the receiving verifier checks every resource it is handed
// with the same function, so the two cannot disagree about what "labs" means. The
// categories follow the views (a drug allergy is a contraindication because the EHR
// summary lists it as one; an infection test is an infection, not a lab).
#include <algorithm>

#include "emergency_info.hpp"
#include "json_read.hpp"
#include "techo/consent.hpp"
#include "techo/lifelog_fhir.hpp"
#include "techo/records.hpp"
#include "techo/terminology.hpp"
#include "views_clinical.hpp"
#include "views_results.hpp"

namespace techo::consent {
namespace {

using nlohmann::json;

// The Observation category codes (observation-category), as written.
std::set<std::string> observation_categories(const json& body) {
  std::set<std::string> out;
  for (const auto& cat : json_read::list(body, "category")) {
    for (const auto& coding : json_read::list(cat, "coding")) {
      if (const std::string code = json_read::text(coding, "code"); !code.empty()) out.insert(code);
    }
  }
  return out;
}

// A 特定健診 item (the MHLW checkup item code table), in any coding of the code.
bool is_checkup_item(const json& body) {
  const json* code = json_read::find(body, "code");
  if (!code) return false;
  for (const auto& coding : json_read::list(*code, "coding")) {
    if (terminology::lookup(json_read::text(coding, "system")).name == "特定健診項目") return true;
  }
  return false;
}

void observation_kinds(const json& body, std::set<std::string>& out, bool lifelog) {
  const auto categories = observation_categories(body);
  if (categories.count("laboratory")) {
    if (views::detail::is_infection_test(body)) {
      out.insert("infections");
    } else {
      out.insert("labs");
      out.insert("lab-results");
    }
  } else if (views::detail::is_infection_test(body)) {
    out.insert("infections");
  }
  if (is_checkup_item(body)) out.insert("checkups");
  if (!lifelog) return;
  // Techo's own export of merged lifelog days is tagged so that importing it back adds no
  // samples; for the scope it is a measurement of its metric like any other.
  const json* meta = json_read::find(body, "meta");
  const json* tags = meta ? json_read::find(*meta, "tag") : nullptr;
  if (tags && tags->is_array() && !tags->empty()) {
    json untagged = body;
    untagged["meta"].erase("tag");
    for (const auto& sample : lifelog::samples_from_observation(untagged).samples) {
      out.insert(std::string(kLifelogCategoryPrefix) + sample.metric);
    }
    return;
  }
  for (const auto& sample : lifelog::samples_from_observation(body).samples) {
    out.insert(std::string(kLifelogCategoryPrefix) + sample.metric);
  }
}

}  // namespace

std::set<std::string> categories_of(const fhir::Resource& resource) { return categories_of(resource, true); }

std::set<std::string> categories_of(const fhir::Resource& resource, bool lifelog) {
  std::set<std::string> out;
  const std::string& t = resource.type;
  const json& body = resource.body;
  if (t == "MedicationRequest") {
    out = {"medications", "prescriptions"};
  } else if (t == "MedicationDispense" || t == "MedicationStatement" || t == "MedicationAdministration") {
    out = {"medications"};
  } else if (t == "Condition") {
    out = {"diagnoses"};
  } else if (t == "AllergyIntolerance") {
    out = {views::detail::is_drug_allergy(body) ? "contraindications" : "allergies"};
  } else if (t == "Observation") {
    observation_kinds(body, out, lifelog);
  } else if (t == "DiagnosticReport") {
    out = {"labs", "lab-results"};
  } else if (t == "Immunization" || t == "ImmunizationRecommendation") {
    out = {"vaccinations"};
  } else if (t == "Composition" || t == "DocumentReference") {
    out = {"documents"};
  } else if (t == "Device" || t == "DeviceUseStatement") {
    out = {"devices"};
  } else if (t == "RelatedPerson") {
    out = {"emergency-contacts"};
  } else if (t == "Consent" && emergency_info::is_advance_directive(body)) {
    out = {"care-wishes"};
  } else if (t == "Procedure" || (t == "Encounter" && views::detail::is_admission(body))) {
    out = {"admissions-and-operations"};
  }
  return out;
}

bool is_supporting(std::string_view t) {
  return t == "Patient" || t == "Practitioner" || t == "PractitionerRole" || t == "Organization" ||
         t == "Medication" || t == "Location" || t == "Substance";
}

// Beyond the named categories, the emergency card shows infections and what no grant can
// name on its own (these kinds are not in kCategories, so they are shared only as part of
// it): implants and devices, admissions and operations, and the person's own emergency
// contacts and care wishes.
const std::set<std::string>& emergency_kinds() {
  static const std::set<std::string> kinds = {"allergies", "contraindications", "medications", "prescriptions",
                                              "diagnoses", "labs", "lab-results", "infections", "devices",
                                              "admissions-and-operations", "emergency-contacts", "care-wishes"};
  return kinds;
}

std::string data_date_of(const fhir::Resource& resource) {
  const auto record = records::normalize(resource);
  if (!record || record->effective_at.size() < 4) return {};
  std::string day = record->effective_at.substr(0, 10);
  // A partial date (2024, 2024-05) is dated by its first day: inside a period that
  // starts in that month or year only if the period says so.
  if (day.size() == 4) day += "-01-01";
  if (day.size() == 7) day += "-01";
  return day.size() == 10 ? day : std::string();
}

std::vector<std::string> resource_types_for(const Grant& g) {
  std::set<std::string> out(g.resource_types.begin(), g.resource_types.end());
  for (const auto& c : g.categories) {
    if (c == "medications") out.insert({"MedicationRequest", "MedicationDispense", "MedicationStatement", "MedicationAdministration"});
    if (c == "prescriptions") out.insert("MedicationRequest");
    if (c == "diagnoses") out.insert("Condition");
    if (c == "allergies" || c == "contraindications") out.insert("AllergyIntolerance");
    if (c == "labs" || c == "lab-results") out.insert({"Observation", "DiagnosticReport"});
    if (c == "checkups" || c == "infections" || c.rfind(kLifelogCategoryPrefix, 0) == 0) out.insert("Observation");
    if (c == "vaccinations") out.insert({"Immunization", "ImmunizationRecommendation"});
    if (c == "documents") out.insert({"Composition", "DocumentReference"});
    if (c == "emergency-summary") {
      out.insert({"AllergyIntolerance", "Condition", "MedicationRequest", "MedicationDispense", "MedicationStatement",
                  "Observation", "Device", "DeviceUseStatement", "Encounter", "Procedure", "RelatedPerson", "Consent"});
    }
  }
  return {out.begin(), out.end()};
}


bool covers(const Grant& grant, const fhir::Resource& resource) {
  // Reading a measurement as lifelog samples is the costly part: only when one is granted.
  const bool lifelog = std::any_of(grant.categories.begin(), grant.categories.end(),
                                   [](const std::string& c) { return c.rfind(kLifelogCategoryPrefix, 0) == 0; });
  const auto kinds = categories_of(resource, lifelog);
  bool named = std::binary_search(grant.resource_types.begin(), grant.resource_types.end(), resource.type);
  for (const auto& category : grant.categories) {
    if (named) break;
    if (category == "emergency-summary") {
      named = std::any_of(kinds.begin(), kinds.end(), [](const std::string& k) { return emergency_kinds().count(k) > 0; });
    } else {
      named = kinds.count(category) > 0;
    }
  }
  if (!named) return false;
  if (grant.data_start.empty() && grant.data_end.empty()) return true;
  const std::string day = data_date_of(resource);
  if (day.empty()) return false;
  return (grant.data_start.empty() || day >= grant.data_start) && (grant.data_end.empty() || day <= grant.data_end);
}

}  // namespace techo::consent
