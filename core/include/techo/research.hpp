// Secondary use (research) copies of a record: what leaves the vault for a research grant
// is pseudonymised, so the researcher learns the facts and not the person.
//
// Applied to a package's resources (all of one person) with a key made for that grant
// alone: two grants' copies cannot be linked by their pseudonyms or their date offsets,
// and one grant's copies stay consistent with each other.
//   - direct identifiers removed: names, addresses, telecom, photos, contacts, every
//     `identifier` (patient, insurance, 公費 numbers and all others), and the resources
//     that are themselves about identifiable people or places (Practitioner,
//     PractitionerRole, Organization, RelatedPerson, Location, …) or identifying records
//     in themselves (Coverage, Device, Binary, Provenance, …), with references to them;
//     the Patient keeps only gender, birth year and death;
//   - ids, fullUrls and references replaced with keyed per-grant pseudonyms (a reference
//     still resolves inside the copy);
//   - every date, dateTime and instant shifted by one keyed per-grant whole-day offset
//     (order and intervals kept); the birth date reduced to its year;
//   - free text dropped unless kept on purpose: narratives (`text`), notes and comments,
//     attachments, and string values written by a person; codes and their displays stay;
//   - a last guard: no kept string or key contains a direct identifier of a Patient of
//     the input (direct_identifiers), whatever field it sits in.
// Every resource of the copy carries the HL7 security label PSEUDED in meta.security and
// has a fullUrl (urn:uuid:…). Dates are shifted: a receiver cannot check a research copy
// against the grant's data period (check it before pseudonymising).
// The exact field rules are in research.cpp, each with its reason.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "techo/crypto.hpp"
#include "techo/fhir.hpp"
#include "techo/result.hpp"

namespace techo::research {

using PseudonymKey = crypto::Secret<32>;

// The per-grant key: keyed BLAKE2b of the grant id under a secret only the person's vault
// holds (their signing seed), so the same grant always gives the same pseudonyms.
PseudonymKey key_for_grant(const crypto::Secret<32>& person_secret, std::string_view grant_id);

// The whole-day offset of a grant's dates: within ±(30..365) days, never 0.
int date_shift_days(const PseudonymKey& key);

struct Options {
  // Keeps narratives, notes, comments, descriptions, titles and string values (the guard
  // still drops any that name the person). Attachments' content never leaves.
  bool keep_free_text = false;
};

// The pseudonymised copy of `resources` (one person's). Resources that are identifying
// in themselves are left out; the rest keep their order. Never throws on odd input:
// what has an unexpected type or shape is left out.
std::vector<fhir::Resource> pseudonymise(const std::vector<fhir::Resource>& resources, const PseudonymKey& key,
                                         const Options& options = {});

// Every string that identifies the person a Patient resource describes: each name (whole
// and its parts, kanji and kana), identifier value, telecom value, address (whole text
// and each line, city, district, postal code; not the prefecture), the same of its
// contacts and of its identifying extensions, and the full birth date (not a year
// alone). Strings shorter than two bytes identify no one and are left out. What a
// research copy must not contain anywhere; the tests search for each of them.
std::vector<std::string> direct_identifiers(const fhir::Resource& patient);

}  // namespace techo::research
