// What a person enters for their emergency card themselves: whom to call (緊急連絡先) and
// their care wishes (心肺蘇生を望むか, the notes of their 人生会議 / ACP). They are kept as
// FHIR in the vault, not in a table of their own, so they travel in backups and share
// packages like every record: a RelatedPerson per contact (relationship v2-0131 "C",
// emergency contact) and one Consent of scope "adr" (advance directive, LOINC 75320-2)
// whose provision permits or denies cardiopulmonary resuscitation (SNOMED CT 89666000).
// Private to core; the api method saveEmergencyInfo stores what build() returns.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "techo/fhir.hpp"
#include "techo/result.hpp"

namespace techo::emergency_info {

inline constexpr std::size_t kMaxContacts = 5;
inline constexpr const char* kCprCode = "89666000";  // SNOMED CT: cardiopulmonary resuscitation

struct Contact {
  std::string name, relationship, phone;
};

struct Wishes {
  std::string cpr;           // "wanted", "refused" or "undecided" (決めていない)
  std::string note;          // the person's own words: the ACP, with whom and when
  std::string discussed_on;  // YYYY-MM-DD of the last 人生会議, or ""
};

struct Info {
  std::vector<Contact> contacts;  // at most kMaxContacts, in the person's order
  std::optional<Wishes> wishes;   // nullopt: no wishes recorded (an earlier record is withdrawn)
};

// {"contacts": [{"name", "relationship", "phone"}], "wishes": {"cpr", "note", "discussedOn"} | null}.
// INVALID_ARGUMENT naming the field under `at` ("info.contacts[0].name").
[[nodiscard]] Result<Info> parse(const nlohmann::json& info, const std::string& at = "info");

// The resources that make `info` the person's current entries: contacts and the Consent as
// new versions (ids fixed per person and position, so storing them replaces what an earlier
// save stored, which moves to history), and an inactive version of every earlier entry
// that is no longer listed. `patient` is the Reference to the person's Patient, `now` an
// RFC 3339 time (meta.lastUpdated), `previous` the person's stored RelatedPersons and Consents.
[[nodiscard]] Result<std::vector<fhir::Resource>> build(const Info& info, const nlohmann::json& patient,
                                                        const std::string& now,
                                                        const std::vector<fhir::Resource>& previous);

// Whether a resource is one that build() makes (entered by the person in Techo).
bool entered_by_person(const fhir::Resource& resource);

// An advance directive: a Consent of scope "adr" or category LOINC 75320-2 / 59284-0 with that scope.
bool is_advance_directive(const nlohmann::json& consent);

}  // namespace techo::emergency_info
