// The normalized record model: one row a person reads per clinical resource — what it is
// (category, code, display), its value as written, and when. Raw resources stay stored as
// they came; records are derived from them and rebuilt whenever a resource changes.
#pragma once

#include <optional>
#include <string>

#include "techo/fhir.hpp"

namespace techo::records {

struct Record {
  std::string category;     // medication, lab, vital-sign, observation, condition, allergy,
                            // immunization, procedure, encounter, document, report, care-plan,
                            // device, contact (RelatedPerson), consent
  std::string code_system;  // of the chosen coding, canonical (terminology::canonical_system)
  std::string code;
  std::string display;      // what a person reads: CodeableConcept.text, else a coding's display
  std::optional<double> value_number;
  std::string value_text;   // a value as written: "5.9", "陰性", or a dosage text "1日1回 朝食後"
  std::string unit;
  std::string effective_at; // FHIR date/dateTime as recorded; "" when unknown
  std::string status;
  std::string subject;      // whom it is about: subject/patient reference as written
                            // ("urn:uuid:…", "Patient/1"), or "identifier:<system>|<value>"
};

// nullopt for resources that are not themselves clinical facts (Patient, Organization,
// Practitioner, Bundle parts, unknown types): they stay raw, shown through references.
std::optional<Record> normalize(const fhir::Resource& resource);

// Whom a resource is about: its subject / patient reference as written, else that
// reference's identifier ("identifier:system|value"); "" when it names nobody.
std::string subject_of(const nlohmann::json& body);

}  // namespace techo::records
