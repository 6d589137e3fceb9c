// A share package as its receiver opens it: the bytes are the archive inside the age file
// (grant.json, manifest.json, records.fhir.json), encrypted here to a fixed identity so
// the fuzzer works on what the verifier reads after decryption. Also each piece alone:
// a signed grant and a revocation, as text.
#include "targets.hpp"
#include "techo/age.hpp"
#include "techo/consent.hpp"
#include "techo/share_package.hpp"

namespace techo::fuzz {

const age::X25519Identity& share_package_identity() {
  static const age::X25519Identity identity = [] {
    std::array<std::uint8_t, 32> secret{};
    secret.fill(14);
    return age::X25519Identity::from_secret(secret);
  }();
  return identity;
}

Status share_package(crypto::ByteView input) {
  (void)consent::parse_signed_grant(as_text(input), "grant.json");
  (void)consent::parse_revocation(as_text(input), "revocation");
  age::EncryptOptions e;
  e.recipients.push_back(share_package_identity().recipient());
  auto file = age::encrypt(input, std::move(e));
  if (!file) return broken("share_package: age refused to encrypt the input");
  consent::VerifyOptions options;
  options.identities.push_back(age::X25519Identity::from_secret(share_package_identity().secret().view()));
  options.now_unix = 1796119200;  // 2026-12-01T10:00:00Z
  const auto report = consent::verify_package(*file, options);
  if (report.ok && !report.problems.empty()) return broken("share_package: ok with problems");
  if (!report.ok && !report.bundle.is_null()) return broken("share_package: records handed out from a package that failed");
  if (!report.ok && report.problems.empty()) return broken("share_package: refused without a problem");
  if (report.ok) return Ok{};
  return report.problems.front();
}

}  // namespace techo::fuzz
