// Share packages: the archive a grant produces, and the receiving side's verifier
// (share_package.hpp has the format). The verifier re-derives every decision from what it
// was handed: the grant's signature, the manifest's, each resource's digest and scope.
#include "techo/share_package.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "json_read.hpp"
#include "tar.hpp"
#include "techo/encoding.hpp"
#include "techo/envelope.hpp"
#include "techo/jcs.hpp"
#include "techo/records.hpp"

namespace techo::consent {
namespace {

using nlohmann::json;

constexpr std::string_view kManifestSignatureContext = "techo-share-package/v1 signature\n";
constexpr const char* kGrantFile = "grant.json";
constexpr const char* kManifestFile = "manifest.json";
constexpr const char* kBundleFile = "records.fhir.json";

std::string sha256_hex(std::string_view text) { return encoding::hex_encode(crypto::sha256(crypto::as_bytes(text))); }

// How a resource is named inside the package's Bundle.
std::string full_url_of(const fhir::Resource& r) {
  if (!r.full_url.empty()) return r.full_url;
  return r.type + "/" + r.id;
}

Error problem(ErrorCode code, std::string message, std::string path) { return Error{code, std::move(message), std::move(path)}; }

}  // namespace

void add_patient_names(const json& patient, const std::string& full_url, std::set<std::string>& names) {
  names.insert(full_url);
  if (const std::string id = json_read::text(patient, "id"); !id.empty()) names.insert("Patient/" + id);
  for (const auto& identifier : json_read::list(patient, "identifier")) {
    names.insert("identifier:" + json_read::text(identifier, "system") + "|" + json_read::text(identifier, "value"));
  }
}

bool names_patient(const std::string& subject, const std::set<std::string>& names) {
  if (subject.empty()) return false;
  if (names.count(subject)) return true;
  // An absolute reference ("https://host/fhir/Patient/1") ends with Type/id.
  const auto at = subject.rfind("Patient/");
  return at != std::string::npos && at > 0 && subject[at - 1] == '/' && names.count(subject.substr(at));
}

void collect_references(const json& value, std::set<std::string>& out) {
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (it.key() == "reference" && it.value().is_string()) out.insert(it.value().get<std::string>());
      else collect_references(it.value(), out);
    }
  } else if (value.is_array()) {
    for (const auto& v : value) collect_references(v, out);
  }
}

Result<std::string> resource_sha256(const json& resource) {
  auto canonical = jcs::canonicalize(resource);
  if (!canonical) return std::move(canonical).error();
  return sha256_hex(*canonical);
}

Result<std::string> package_archive(const SignedGrant& grant, const std::vector<fhir::Resource>& resources, bool pseudonymised,
                                    const crypto::Ed25519KeyPair& key, std::int64_t now_unix) {
  // The Bundle is written as text from each resource's canonical form, which the manifest's
  // digest is computed over anyway: one serialisation per resource, no copy of the record
  // as a JSON tree. The Bundle text is RFC 8785 itself (members in order, no whitespace).
  json listed = json::array();
  std::string entries;
  for (const auto& r : resources) {
    auto canonical = jcs::canonicalize(r.body);
    if (!canonical) return std::move(canonical).error().within(full_url_of(r));
    const std::string url = full_url_of(r);
    listed.push_back({{"fullUrl", url}, {"resourceType", r.type}, {"sha256", sha256_hex(*canonical)}});
    entries += entries.empty() ? "" : ",";
    entries += "{\"fullUrl\":";
    entries += jcs::canonicalize(json(url)).value();  // a string: always canonical
    entries += ",\"resource\":";
    entries += *canonical;
    entries += "}";
  }
  const std::string timestamp = utc_timestamp(now_unix);
  const std::string bundle = "{\"entry\":[" + entries + "],\"resourceType\":\"Bundle\",\"timestamp\":\"" + timestamp +
                             "\",\"type\":\"collection\"}";
  auto grant_text = jcs::canonicalize(to_json(grant));
  if (!grant_text) return std::move(grant_text).error();
  json manifest{{"type", kPackageType},
                {"grant", grant.grant.id},
                {"grantSha256", sha256_hex(*grant_text)},
                {"created", timestamp},
                {"pseudonymised", pseudonymised},
                {"resources", std::move(listed)}};
  auto manifest_text = jcs::canonicalize(manifest);
  if (!manifest_text) return std::move(manifest_text).error();
  const auto signature = crypto::ed25519_sign(key, crypto::as_bytes(std::string(kManifestSignatureContext) + *manifest_text));
  manifest["signature"] = encoding::base64_encode(signature, encoding::Padding::kRequired);
  detail::TarWriter tar;
  tar.add(kGrantFile, *grant_text, now_unix);
  tar.add(kManifestFile, manifest.dump(), now_unix);
  tar.add(kBundleFile, bundle, now_unix);
  return tar.finish();
}

PackageReport verify_package(crypto::ByteView file, const VerifyOptions& options) {
  PackageReport report;
  auto fail = [&](Error e) -> PackageReport& {
    report.problems.push_back(std::move(e));
    report.ok = false;
    report.bundle = nullptr;
    report.bundle_text.clear();
    return report;
  };
  age::DecryptOptions decrypt;
  for (const auto& identity : options.identities) decrypt.identities.push_back(identity);
  if (decrypt.identities.empty()) {
    return fail(problem(ErrorCode::kInvalidArgument, "give the grantee's identity (AGE-SECRET-KEY-1…) to open the package", "identity"));
  }
  auto plaintext = age::decrypt(file, std::move(decrypt));
  if (!plaintext) return fail(std::move(plaintext).error());
  const std::string_view archive(reinterpret_cast<const char*>(plaintext->data()), plaintext->size());
  auto files = detail::read_tar(archive);
  if (!files) return fail(std::move(files).error());
  for (const auto& [name, data] : *files) {
    if (name != kGrantFile && name != kManifestFile && name != kBundleFile) {
      fail(problem(ErrorCode::kMalformedInput, "a share package holds grant.json, manifest.json and records.fhir.json only", name));
    }
  }
  for (const char* name : {kGrantFile, kManifestFile, kBundleFile}) {
    if (!files->count(name)) fail(problem(ErrorCode::kMalformedInput, "the package has no " + std::string(name), name));
  }
  if (!report.problems.empty()) return report;

  // The grant, signed by the person.
  const std::string& grant_text = files->at(kGrantFile);
  auto grant = parse_signed_grant(grant_text, kGrantFile);
  if (!grant) return fail(std::move(grant).error());
  report.grant = *grant;
  const Grant& g = grant->grant;

  // The manifest, signed by the same key, naming this grant by its digest.
  auto manifest = jcs::parse_unique(files->at(kManifestFile), kManifestFile);
  if (!manifest) return fail(std::move(manifest).error());
  report.manifest = *manifest;
  const json& m = *manifest;
  const std::string signature_b64 = json_read::text(m, "signature");
  auto signature = encoding::base64_decode(signature_b64, encoding::Padding::kRequired);
  json unsigned_manifest = m;
  if (unsigned_manifest.is_object()) unsigned_manifest.erase("signature");
  auto manifest_canonical = jcs::canonicalize(unsigned_manifest);
  if (!signature || signature->size() != 64 || !manifest_canonical ||
      !crypto::ed25519_verify(g.person.signing_key, *signature,
                              crypto::as_bytes(std::string(kManifestSignatureContext) + *manifest_canonical))) {
    return fail(problem(ErrorCode::kInvalidSignature,
                        "the manifest is not signed by the person who signed the grant: the package was altered or assembled by someone else",
                        std::string(kManifestFile) + ".signature"));
  }
  if (json_read::text(m, "type") != kPackageType || json_read::text(m, "grant") != g.id ||
      json_read::text(m, "grantSha256") != sha256_hex(grant_text)) {
    return fail(problem(ErrorCode::kMalformedInput, "the manifest does not name this package's grant", kManifestFile));
  }
  const auto created = parse_utc_timestamp(json_read::text(m, "created"));
  const auto issued = parse_utc_timestamp(g.issued);
  const auto expires = parse_utc_timestamp(g.expires);
  if (!created || !issued || !expires || *created < *issued || *created >= *expires) {
    return fail(problem(ErrorCode::kGrantExpired, "the package was made outside the grant's time", std::string(kManifestFile) + ".created"));
  }
  if (expired(g, options.now_unix)) {
    fail(problem(ErrorCode::kGrantExpired, "the grant expired at " + g.expires + ": its records may no longer be opened", "grant.expires"));
  }
  for (const auto& revocation : options.revocations) {
    if (revokes(revocation, *grant)) {
      fail(problem(ErrorCode::kGrantRevoked, "the person revoked this grant at " + revocation.revoked, "grant"));
    }
  }
  const bool pseudonymised = json_read::value_or(m, "pseudonymised", false);
  if (g.purpose == "research" && !pseudonymised) {
    fail(problem(ErrorCode::kOutOfScope, "a research grant's package must be pseudonymised", std::string(kManifestFile) + ".pseudonymised"));
  }

  // The records: each listed with its digest, each within the grant.
  // One plain parse: the Bundle needs no duplicate-name check, because each resource is
  // judged by the digest of its parsed form, which the person signed; a name written twice
  // can only make a resource fail its digest, never slip in content.
  json parsed_bundle = json::parse(files->at(kBundleFile), nullptr, false);
  if (parsed_bundle.is_discarded()) return fail(problem(ErrorCode::kMalformedInput, "the Bundle is not valid JSON", kBundleFile));
  auto bundle = std::optional<json>(std::move(parsed_bundle));
  if (!json_read::find(*bundle, "entry") || !(*bundle)["entry"].is_array()) (*bundle)["entry"] = json::array();
  json& entries = (*bundle)["entry"];
  const json& listed = json_read::list(m, "resources");
  if (json_read::text(*bundle, "resourceType") != "Bundle" || entries.size() != listed.size()) {
    return fail(problem(ErrorCode::kMalformedInput, "the Bundle does not hold exactly the resources the manifest lists", kBundleFile));
  }
  std::vector<const json*> patients;
  std::vector<std::string> patient_urls;
  std::set<std::string> urls;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string at = std::string(kBundleFile) + ": Bundle.entry[" + std::to_string(i) + "]";
    const json* resource = json_read::find(entries[i], "resource");
    const std::string url = json_read::text(entries[i], "fullUrl");
    auto digest = resource ? resource_sha256(*resource) : Result<std::string>(Error{ErrorCode::kMalformedInput, "no resource", ""});
    if (!resource || !digest || url != json_read::text(listed[i], "fullUrl") || *digest != json_read::text(listed[i], "sha256")) {
      fail(problem(ErrorCode::kInvalidSignature, "this resource is not the one the signed manifest lists", at));
      continue;
    }
    if (!urls.insert(url).second) fail(problem(ErrorCode::kMalformedInput, "two resources with one fullUrl", at + ".fullUrl"));
    if (json_read::text(*resource, "resourceType") == "Patient") {
      patients.push_back(resource);
      patient_urls.push_back(url);
    }
  }
  if (!report.problems.empty()) return report;
  if (patients.empty()) return fail(problem(ErrorCode::kMalformedInput, "the package names no Patient: whose records these are is unknown", kBundleFile));
  std::set<std::string> names;
  for (std::size_t i = 0; i < patients.size(); ++i) add_patient_names(*patients[i], patient_urls[i], names);
  // Supporting resources must be referenced by a fact in the package.
  std::set<std::string> referenced;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    // Judged in place: the resource is moved out for the check and back after it.
    fhir::Resource r;
    r.body = std::move(entries[i]["resource"]);
    struct PutBack {
      json& slot;
      fhir::Resource& r;
      ~PutBack() { slot = std::move(r.body); }
    } put_back{entries[i]["resource"], r};
    r.type = json_read::text(r.body, "resourceType");
    r.id = json_read::text(r.body, "id");
    r.full_url = json_read::text(entries[i], "fullUrl");
    const std::string at = std::string(kBundleFile) + ": Bundle.entry[" + std::to_string(i) + "]";
    if (is_supporting(r.type)) continue;
    // A research copy's dates are shifted (research.hpp): its data period was checked
    // before the shift, by the builder, and cannot be checked here.
    consent::Grant judged = g;
    if (pseudonymised) judged.data_start.clear(), judged.data_end.clear();
    if (!covers(judged, r)) {
      fail(problem(ErrorCode::kOutOfScope, "a " + r.type + " outside the grant's categories or data period", at));
      continue;
    }
    if (!names_patient(records::subject_of(r.body), names)) {
      fail(problem(ErrorCode::kOutOfScope, "a " + r.type + " that is not about the person the grant is for", at));
      continue;
    }
    collect_references(r.body, referenced);
  }
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const json& body = entries[i]["resource"];
    const std::string type = json_read::text(body, "resourceType");
    if (!is_supporting(type) || type == "Patient") continue;
    const std::string url = json_read::text(entries[i], "fullUrl");
    const std::string local = type + "/" + json_read::text(body, "id");
    if (!referenced.count(url) && !referenced.count(local)) {
      fail(problem(ErrorCode::kOutOfScope, "a " + type + " no shared record refers to",
                   std::string(kBundleFile) + ": Bundle.entry[" + std::to_string(i) + "]"));
    }
  }
  report.resources = static_cast<std::int64_t>(entries.size());
  if (!report.problems.empty()) return report;
  report.ok = true;
  report.bundle = std::move(*bundle);
  report.bundle_text = std::move(files->at(kBundleFile));
  return report;
}

}  // namespace techo::consent
