// Consent the person holds: a grant says who may see which part of one person's record,
// for what purpose and until when, and is signed by that person's own Ed25519 key (the
// vault's profile keys). A grant is plain JSON signed over its RFC 8785 canonical form, so
// a clinic's or an app's verifier in any language can check it without Techo.
//
//   {"type": "techo-consent-grant/v1", "id": "<32 hex>",
//    "person": {"name": "…", "birthYear": "1985", "keyId": "ed25519:…", "signingKey": "<base64>"},
//    "grantee": {"name": "…", "recipient": "age1…", "signingKey": "<base64>" (optional)},
//    "purpose": "treatment" | "emergency" | "research" | "app" | "hand-over",
//    "scope": {"categories": ["medications", …], "resourceTypes": ["Observation", …]},
//    "dataPeriod": {"start": "2024-01-01", "end": "2026-12-31"}  (either end optional),
//    "issued": "2026-12-01T10:00:00Z", "expires": "2026-12-02T10:00:00Z",
//    "use": "once" | "continuing", "proxy": false,
//    "signature": "<base64 Ed25519 over 'techo-consent-grant/v1 signature\n' + JCS(grant without signature)>"}
//
// A revocation is signed the same way by the same key ("techo-consent-revocation/v1").
// What a grant covers is decided from each resource alone (consent_scope.cpp), so the
// package builder and the receiving verifier cannot disagree about it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "techo/crypto.hpp"
#include "techo/fhir.hpp"
#include "techo/result.hpp"

namespace techo::consent {

inline constexpr std::string_view kGrantType = "techo-consent-grant/v1";
inline constexpr std::string_view kRevocationType = "techo-consent-revocation/v1";

// Why data is shared. Research is secondary use: its packages are pseudonymised, and the
// person's research opt-out blocks every such grant. "hand-over" is the guardian passing
// a child's whole record to the child's own key (Vault::hand_over makes it; no request can).
inline constexpr std::string_view kPurposes[] = {"treatment", "emergency", "research", "app", "hand-over"};

// What a grant can name. The six EHR items (diagnoses, allergies, infections,
// contraindications, lab-results, prescriptions) overlap the broader categories
// (medications, labs) on purpose: each is a thing a person recognises and picks.
// A lifelog metric is "lifelog:<metric>" (lifelog::kMetrics names).
inline constexpr std::string_view kCategories[] = {
    "medications", "checkups", "labs",
    "diagnoses", "allergies", "infections", "contraindications", "lab-results", "prescriptions",
    "documents", "vaccinations", "emergency-summary",
};
inline constexpr std::string_view kLifelogCategoryPrefix = "lifelog:";

bool is_category(std::string_view category);

struct Grantee {
  std::string name;
  std::string recipient;    // age1…: what the package is encrypted to
  std::string signing_key;  // base64 Ed25519, optional: lets the grantee sign receipts later
};

struct PersonRef {
  std::string name;        // as the person reads it
  std::string birth_year;  // "1985" or ""
  std::string key_id;      // envelope::key_id of signing_key
  std::array<std::uint8_t, 32> signing_key{};
};

struct Grant {
  std::string id;  // 32 hex, random
  PersonRef person;
  Grantee grantee;
  std::string purpose;
  std::vector<std::string> categories;      // sorted, unique
  std::vector<std::string> resource_types;  // sorted, unique; may be empty
  std::string data_start, data_end;         // YYYY-MM-DD inclusive, "" = open
  std::string issued, expires;              // RFC 3339 UTC, seconds: "2026-12-01T10:00:00Z"
  bool once = false;                        // "use": "once" (a single package) or "continuing"
  bool proxy = false;                       // a guardian's continuing share of a child's record
};

struct SignedGrant {
  Grant grant;
  std::array<std::uint8_t, 64> signature{};
};

struct Revocation {
  std::string grant_id;
  std::string revoked;  // RFC 3339 UTC
  std::string key_id;
  std::array<std::uint8_t, 32> signing_key{};
  std::array<std::uint8_t, 64> signature{};
};

// What a person fills in; the rest (id, times, keys) is made when it is signed.
struct GrantRequest {
  Grantee grantee;
  std::string purpose;
  std::vector<std::string> categories;
  std::vector<std::string> resource_types;
  std::string data_start, data_end;
  std::string expires;                    // "" = the purpose's default from `now`
  std::optional<bool> once;               // default: once for treatment/emergency, else continuing
  bool proxy = false;
};

// The defaults a person can accept in one tap: treatment at a clinic visit 24 hours,
// emergency 72 hours, an app 90 days, research 365 days; a proxy (a second guardian) 365
// days — proxies expire —, a hand-over ten years.
std::int64_t default_lifetime_seconds(std::string_view purpose);

// Checks a request and fills in what it leaves to the defaults. INVALID_ARGUMENT naming
// the field ("grantee.recipient", "scope.categories[2]", "expires", …).
[[nodiscard]] Result<Grant> make_grant(const GrantRequest& request, const PersonRef& person, std::int64_t now_unix);

// Signs with the person's key (whose public part must be person.signing_key).
[[nodiscard]] Result<SignedGrant> sign(const Grant& grant, const crypto::Ed25519KeyPair& key);
[[nodiscard]] Result<Revocation> revoke(const SignedGrant& grant, const crypto::Ed25519KeyPair& key, std::int64_t now_unix);

// JSON forms. The parse functions never throw and check everything they read (a name
// twice, a wrong type, an unknown purpose or category): MALFORMED_INPUT naming the field,
// INVALID_SIGNATURE when the signature does not verify under person.signingKey.
nlohmann::json to_json(const SignedGrant& grant);
nlohmann::json to_json(const Revocation& revocation);
[[nodiscard]] Result<SignedGrant> parse_signed_grant(std::string_view text, const std::string& where);
[[nodiscard]] Result<SignedGrant> signed_grant_from_json(const nlohmann::json& value, const std::string& where);
[[nodiscard]] Result<Revocation> parse_revocation(std::string_view text, const std::string& where);
[[nodiscard]] Result<Revocation> revocation_from_json(const nlohmann::json& value, const std::string& where);
// A revocation is of `grant` when it names it and is signed by the grant's own signer.
bool revokes(const Revocation& revocation, const SignedGrant& grant);

// Expired when `now_unix` is at or after grant.expires.
bool expired(const Grant& grant, std::int64_t now_unix);

// RFC 3339 UTC "YYYY-MM-DDTHH:MM:SSZ" of unix seconds, and back (nullopt unless it is a
// valid UTC timestamp of that shape, fractional seconds allowed).
std::string utc_timestamp(std::int64_t unix_seconds);
std::optional<std::int64_t> parse_utc_timestamp(std::string_view text);

// The grant as a FHIR R4 Consent in the shape of IHE ITI Privacy Consent on FHIR (PCF):
// status active/inactive, scope patient-privacy, category LOINC 59284-0, patient and
// performer the person, policy, provision.period the grant's validity (issued..expires),
// provision.purpose, provision.actor the grantee (recipient), provision.dataPeriod, and
// provision.class / provision.code for what is shared. `revoked`: status "inactive".
nlohmann::json as_fhir_consent(const SignedGrant& grant, bool revoked);

// ---- scope: what a grant covers, from the resource alone -------------------------------

// The categories a resource belongs to: a drug allergy is "contraindications", not
// "allergies"; an infection test is "infections", not "labs"; a MedicationRequest is both
// "medications" and "prescriptions"; a step-count Observation "lifelog:steps". Empty for
// resources that are not clinical facts (Patient, Practitioner, …: see is_supporting).
// "emergency-summary" is never among them: it covers what the emergency view shows,
// which is chosen from the whole record (emergency_kinds).
std::set<std::string> categories_of(const fhir::Resource& resource);

// Resources that only give context to the facts (who, where, which product): a package
// carries the person's Patient and those referenced by a fact it holds.
bool is_supporting(std::string_view resource_type);

// The day a fact is dated by (YYYY-MM-DD), "" when it has no date.
std::string data_date_of(const fhir::Resource& resource);

// The categories an emergency summary is made of (allergies, contraindications, current
// medications, active conditions, key labs): a resource of an emergency-summary grant's
// package must belong to one of them.
const std::set<std::string>& emergency_kinds();

// The resource types a grant's categories (and named types) can put in a package.
std::vector<std::string> resource_types_for(const Grant& grant);

// Whether a grant covers a fact: one of its categories (or its type) is granted, and its
// date is in the data period (an undated fact is outside any bounded period).
bool covers(const Grant& grant, const fhir::Resource& resource);

}  // namespace techo::consent
