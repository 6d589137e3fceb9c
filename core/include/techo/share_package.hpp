// Share packages: what a grant lets leave the vault, as one age file to the grantee.
// Inside, a tar archive of exactly three files:
//   grant.json        the grant as the person signed it (consent.hpp)
//   records.fhir.json a FHIR R4 collection Bundle: the in-scope facts of that one person,
//                     their Patient resources and what the facts reference (who, where,
//                     which product); pseudonymised for a research grant (research.hpp)
//   manifest.json     {"type": "techo-share-package/v1", "grant", "grantSha256", "created",
//                      "pseudonymised", "resources": [{"fullUrl", "resourceType", "sha256"}],
//                      "signature"}: one SHA-256 per resource over its RFC 8785 form, signed
//                     by the person's key, so a package cannot be assembled around a copy
//                     of a genuine grant.
// The verifier is for the receiving side (a clinic, an app) and needs no vault: it opens
// the file with the grantee's identity and checks everything before it hands out any
// record. What it cannot authenticate, or what lies outside the grant, is a problem
// listed with its place, and then no record is handed out at all.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "techo/age.hpp"
#include "techo/consent.hpp"
#include "techo/crypto.hpp"
#include "techo/fhir.hpp"
#include "techo/result.hpp"

namespace techo::consent {

inline constexpr std::string_view kPackageType = "techo-share-package/v1";

// Every way a fact may name a Patient (`full_url`, Patient/id, also as the tail of an
// absolute URL, and identifier:system|value as records::subject_of writes it), added to
// `names`; and whether a subject names one of them. The builder and the verifier decide
// "about this person" with these two.
void add_patient_names(const nlohmann::json& patient, const std::string& full_url, std::set<std::string>& names);
bool names_patient(const std::string& subject, const std::set<std::string>& names);
// Every reference string anywhere in a resource.
void collect_references(const nlohmann::json& value, std::set<std::string>& out);

// The SHA-256 (hex) of a resource's RFC 8785 form: what the manifest lists per resource.
[[nodiscard]] Result<std::string> resource_sha256(const nlohmann::json& resource);

// The plaintext archive of a package (the age file's content), its manifest signed with
// `key` (the grant's signer). `resources` in Bundle order; each with its fullUrl.
[[nodiscard]] Result<std::string> package_archive(const SignedGrant& grant, const std::vector<fhir::Resource>& resources,
                                                  bool pseudonymised, const crypto::Ed25519KeyPair& key, std::int64_t now_unix);

struct VerifyOptions {
  std::vector<age::X25519Identity> identities;  // the grantee's
  std::vector<Revocation> revocations;          // those the receiver knows of
  std::int64_t now_unix = 0;
};

struct PackageReport {
  bool ok = false;
  std::optional<SignedGrant> grant;  // when the grant itself verified
  nlohmann::json manifest;           // as read (null when unreadable)
  nlohmann::json bundle;             // the records: only when ok
  std::string bundle_text;           // the same Bundle as the package holds it (RFC 8785 text): only when ok
  std::int64_t resources = 0;        // entries checked
  std::vector<Error> problems;       // GRANT_EXPIRED, GRANT_REVOKED, OUT_OF_SCOPE, INVALID_SIGNATURE, AGE_*, MALFORMED_INPUT
};

// Never fails: every problem is in the report.
PackageReport verify_package(crypto::ByteView file, const VerifyOptions& options);

}  // namespace techo::consent
