// The api path a person's encrypted file takes: DecryptJob in pieces, and the import of
// the file with its key, with the issuer's signature deciding "verified" or not.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "test_session.hpp"
#include "techo/age.hpp"
#include "api_reply.hpp"
#include "techo/api.hpp"
#include "techo/encoding.hpp"
#include "techo/envelope.hpp"
#include "test_data.hpp"

namespace age = techo::age;
namespace crypto = techo::crypto;
using nlohmann::json;
using techo::test::error_of;
using techo::test::value_of;
using techo::api::DecryptJob;
using Session = techo::test::TestSession;

namespace {


crypto::Ed25519KeyPair clinic_key() {
  std::array<std::uint8_t, 32> seed;
  seed.fill(42);
  return crypto::ed25519_from_seed(seed);
}

// A JP-CLINS referral, signed by the clinic and encrypted to a passphrase.
crypto::Bytes signed_encrypted_referral(const std::string& passphrase, bool tamper_inside = false) {
  const std::string bundle = techo::test::read_data("jp-clins-examples/Bundle-Bundle-CLINS-Referral-Example-01.json");
  techo::envelope::Envelope fields;
  fields.issuer_name = "てちょう内科クリニック";
  fields.created = "2026-11-01T09:00:00+09:00";
  auto sealed = techo::envelope::seal(fields, crypto::as_bytes(bundle), clinic_key()).value();
  if (tamper_inside) sealed[sealed.size() - 10] ^= 1;
  age::EncryptOptions options;
  options.passphrase = crypto::SecretBytes(crypto::as_bytes(passphrase));
  options.scrypt_log_n = 10;
  return age::encrypt(sealed, std::move(options)).value();
}

json decrypt_in_pieces(DecryptJob& job, const crypto::Bytes& file, const std::string& options) {
  value_of(job.start(options));
  std::uint64_t last_progress = 0;
  for (std::size_t at = 0; at < file.size(); at += 1000) {
    auto progress = value_of(job.push(std::string_view(reinterpret_cast<const char*>(file.data()) + at,
                                                       std::min<std::size_t>(1000, file.size() - at))));
    CHECK(progress.at("bytesIn").get<std::uint64_t>() == std::min<std::size_t>(at + 1000, file.size()));
    CHECK(progress.at("plaintextBytes").get<std::uint64_t>() >= last_progress);
    last_progress = progress.at("plaintextBytes").get<std::uint64_t>();
  }
  return value_of(job.finish());
}

std::string_view text(const crypto::Bytes& file) { return {reinterpret_cast<const char*>(file.data()), file.size()}; }

}  // namespace

TEST_CASE("an encrypted, signed referral imports; trust in the issuer decides 'verified'", "[api][decrypt]") {
  Session session;
  value_of(session.open(":memory:"));
  const auto file = signed_encrypted_referral("tsukuba-2026");

  DecryptJob first;
  auto done = decrypt_in_pieces(first, file, R"({"passphrase": "tsukuba-2026"})");
  CHECK(done.at("armored") == false);
  auto report = value_of(session.import_bytes(text(file), "referral.json.age", R"({"passphrase": "tsukuba-2026"})"));
  CHECK(report.at("importedTotal") == 18);
  CHECK(report.at("source").at("encrypted") == true);
  CHECK(report.at("source").at("verification") == "unknown_issuer");
  // Not trusted: the signer's name is only its claim, never shown as the issuer.
  CHECK(report.at("source").at("issuerName") == "");
  CHECK(report.at("source").at("claimedIssuerName") == "てちょう内科クリニック");
  CHECK(report.at("source").at("signedAt") == "2026-11-01T09:00:00+09:00");

  // Without its passphrase the encrypted file is not read, and says why.
  auto no_key = error_of(session.import_fhir(text(file), "again.json.age"));
  CHECK(no_key.at("code") == "NEEDS_KEY");
  CHECK(no_key.at("path") == "again.json.age");

  const std::string public_key = techo::encoding::base64_encode(clinic_key().public_key, techo::encoding::Padding::kRequired);
  auto trusted = value_of(session.add_trusted_issuer(public_key, "てちょう内科クリニック"));
  CHECK(trusted.at("keyId") == techo::envelope::key_id(clinic_key().public_key));
  CHECK(value_of(session.trusted_issuers()).size() == 1);

  DecryptJob second;
  decrypt_in_pieces(second, file, R"({"passphrase": "tsukuba-2026"})");
  auto verified = value_of(session.import_bytes(text(file), "referral-2.json.age", R"({"passphrase": "tsukuba-2026"})"));
  CHECK(verified.at("source").at("verification") == "verified");
  // The same records again: recognized, not stored twice.
  CHECK(verified.at("importedTotal") == 0);
  CHECK(verified.at("unchanged") == 18);

  auto summary = value_of(session.summary());
  REQUIRE(summary.at("sources").size() == 2);
  // Trust is read when sources are shown: the first import's signature was checked at
  // import, and its key is trusted now.
  CHECK(summary.at("sources")[0].at("verification") == "verified");
  CHECK(summary.at("sources")[0].at("issuerName") == "てちょう内科クリニック");
  CHECK(summary.at("sources")[1].at("verification") == "verified");
  CHECK(summary.at("total") == 18);
  CHECK(summary.at("sources")[0].at("resources") == 18);
}

TEST_CASE("a wrong passphrase is a clear error and stores nothing", "[api][decrypt]") {
  Session session;
  value_of(session.open(":memory:"));
  const auto file = signed_encrypted_referral("right");
  DecryptJob job;
  value_of(job.start(R"({"passphrase": "wrong"})"));
  auto error = error_of(job.push(std::string_view(reinterpret_cast<const char*>(file.data()), file.size())));
  CHECK(error.at("code") == "AGE_NO_MATCH");
  CHECK(error.at("message") == "wrong passphrase");
  CHECK(error_of(job.finish()).at("code") == "INVALID_ARGUMENT");
  CHECK(error_of(session.import_bytes(text(file), "x.age", R"({"passphrase": "wrong"})")).at("code") == "AGE_NO_MATCH");
  CHECK(value_of(session.summary()).at("total") == 0);
}

TEST_CASE("a signed record altered before encryption is refused as an invalid signature", "[api][decrypt]") {
  Session session;
  value_of(session.open(":memory:"));
  const auto file = signed_encrypted_referral("p", /*tamper_inside=*/true);
  DecryptJob job;
  decrypt_in_pieces(job, file, R"({"passphrase": "p"})");
  auto error = error_of(session.import_bytes(text(file), "altered.age", R"({"passphrase": "p"})"));
  CHECK(error.at("code") == "INVALID_SIGNATURE");
  CHECK(error.at("path") == "altered.age: envelope.payload.sha256");
  CHECK(value_of(session.summary()).at("total") == 0);
}

TEST_CASE("decrypt options are checked", "[api][decrypt]") {
  DecryptJob job;
  CHECK(error_of(job.start("{}")).at("code") == "INVALID_ARGUMENT");
  CHECK(error_of(job.start("not json")).at("code") == "INVALID_ARGUMENT");
  auto bad_identity = error_of(job.start(R"({"identity": "AGE-SECRET-KEY-1BAD"})"));
  CHECK(bad_identity.at("path") == "identity line 1");
  DecryptJob unstarted;
  CHECK(error_of(unstarted.push("x")).at("code") == "INVALID_ARGUMENT");
}

TEST_CASE("an identity file opens a file encrypted to its key", "[api][decrypt]") {
  const auto identity = age::X25519Identity::generate();
  age::EncryptOptions options;
  options.recipients.push_back(identity.recipient());
  options.armor = true;
  const std::string bundle = techo::test::read_data("jp-clins-examples/Bundle-Bundle-CLINS-Observations-Example-01.json");
  const auto file = age::encrypt(crypto::as_bytes(bundle), std::move(options)).value();

  Session session;
  value_of(session.open(":memory:"));
  DecryptJob job;
  json opts = {{"identity", "# my key\n" + identity.to_string() + "\n"}};
  auto done = decrypt_in_pieces(job, file, opts.dump());
  CHECK(done.at("armored") == true);
  CHECK(done.at("plaintextBytes") == bundle.size());
  auto report = value_of(session.import_bytes(text(file), "labs.json.age", opts.dump()));
  CHECK(report.at("importedTotal") == 5);
  CHECK(report.at("source").at("verification") == "unsigned");
}
