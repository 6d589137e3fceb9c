// age beyond the vectors: keys, round trips at chunk boundaries, armor, options, errors
// a person can act on, and single-byte tampering anywhere.
#include <catch2/catch.hpp>

#include <random>

#include "hex.hpp"
#include "techo/age.hpp"

namespace age = techo::age;
namespace crypto = techo::crypto;
using techo::ErrorCode;

namespace {

crypto::Bytes random_plaintext(std::size_t size, unsigned seed) {
  std::mt19937 rng(seed);
  crypto::Bytes out(size);
  for (auto& b : out) b = static_cast<std::uint8_t>(rng());
  return out;
}

age::DecryptOptions with_identity(const age::X25519Identity& identity) {
  age::DecryptOptions options;
  options.identities.push_back(age::X25519Identity::parse(identity.to_string()).value());
  return options;
}

age::EncryptOptions to_recipient(const age::X25519Identity& identity, bool armor = false) {
  age::EncryptOptions options;
  options.recipients.push_back(identity.recipient());
  options.armor = armor;
  return options;
}

}  // namespace

TEST_CASE("keys print and parse as age writes them", "[age][keys]") {
  // The identity of the CCTV vectors and the recipient age-keygen derives from it.
  auto identity = age::X25519Identity::parse("AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0");
  REQUIRE(identity.has_value());
  CHECK(identity->to_string() == "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0");
  auto recipient = age::X25519Recipient::parse(identity->recipient().to_string());
  REQUIRE(recipient.has_value());
  CHECK(*recipient == identity->recipient());
  CHECK(identity->recipient().to_string().rfind("age1", 0) == 0);
  CHECK(identity->recipient().to_string().size() == 62);

  CHECK_FALSE(age::X25519Recipient::parse("age1notakey").has_value());
  CHECK_FALSE(age::X25519Identity::parse(identity->recipient().to_string()).has_value());
}

TEST_CASE("identity files allow comments and name the bad line", "[age][keys]") {
  const auto key = age::X25519Identity::generate();
  auto parsed = age::parse_identity_file("# created: 2026-11-21\n# public key: " + key.recipient().to_string() +
                                         "\n\n" + key.to_string() + "\n");
  REQUIRE(parsed.has_value());
  REQUIRE(parsed->size() == 1);
  CHECK((*parsed)[0].recipient() == key.recipient());

  auto bad = age::parse_identity_file("# ok\nAGE-SECRET-KEY-1NOTAKEY\n");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().path == "identity line 2");

  auto empty = age::parse_identity_file("# nothing here\n");
  REQUIRE_FALSE(empty.has_value());
}

TEST_CASE("round trip at every chunk boundary, binary and armored", "[age][roundtrip]") {
  const std::size_t size = GENERATE(as<std::size_t>{}, 0, 1, 47, 48, 65535, 65536, 65537, 131072, 200000);
  const bool armor = GENERATE(false, true);
  INFO("size " << size << (armor ? " armored" : " binary"));
  const auto identity = age::X25519Identity::generate();
  const auto plain = random_plaintext(size, static_cast<unsigned>(size));
  auto file = age::encrypt(plain, to_recipient(identity, armor));
  REQUIRE(file.has_value());
  if (armor) CHECK(std::string(file->begin(), file->begin() + 34) == "-----BEGIN AGE ENCRYPTED FILE-----");
  auto back = age::decrypt(*file, with_identity(identity));
  REQUIRE(back.has_value());
  CHECK(std::equal(back->view().begin(), back->view().end(), plain.begin(), plain.end()));
}

TEST_CASE("a passphrase file opens with the passphrase and names a wrong one", "[age][scrypt]") {
  age::EncryptOptions options;
  options.passphrase = crypto::SecretBytes(crypto::as_bytes("correct horse"));
  options.scrypt_log_n = 10;  // fast for a test; the default is age's 18
  auto file = age::encrypt(crypto::as_bytes("健診結果"), std::move(options));
  REQUIRE(file.has_value());

  age::DecryptOptions right;
  right.passphrase = crypto::SecretBytes(crypto::as_bytes("correct horse"));
  auto opened = age::decrypt(*file, std::move(right));
  REQUIRE(opened.has_value());
  CHECK(std::string(opened->view().begin(), opened->view().end()) == "健診結果");

  age::DecryptOptions wrong;
  wrong.passphrase = crypto::SecretBytes(crypto::as_bytes("battery staple"));
  auto refused = age::decrypt(*file, std::move(wrong));
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == ErrorCode::kAgeNoMatch);
  CHECK(refused.error().message == "wrong passphrase");

  auto no_passphrase = age::decrypt(*file, with_identity(age::X25519Identity::generate()));
  REQUIRE_FALSE(no_passphrase.has_value());
  CHECK_THAT(no_passphrase.error().message, Catch::Contains("protected by a passphrase"));
}

TEST_CASE("a file for someone else says so", "[age][errors]") {
  auto file = age::encrypt(crypto::as_bytes("x"), to_recipient(age::X25519Identity::generate()));
  REQUIRE(file.has_value());
  auto result = age::decrypt(*file, with_identity(age::X25519Identity::generate()));
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code == ErrorCode::kAgeNoMatch);
  CHECK(result.error().message == "this file was encrypted for a different key");
}

TEST_CASE("truncation and extension are named", "[age][errors]") {
  const auto identity = age::X25519Identity::generate();
  const auto plain = random_plaintext(3 * 65536 + 100, 7);
  auto file = age::encrypt(plain, to_recipient(identity));
  REQUIRE(file.has_value());

  auto cut = *file;
  cut.resize(cut.size() - (100 + 16));  // drop the whole final chunk
  auto truncated = age::decrypt(cut, with_identity(identity));
  REQUIRE_FALSE(truncated.has_value());
  CHECK(truncated.error().code == ErrorCode::kAgePayload);
  CHECK_THAT(truncated.error().message, Catch::Contains("truncated"));

  auto longer = *file;
  longer.push_back(0);
  auto extended = age::decrypt(longer, with_identity(identity));
  REQUIRE_FALSE(extended.has_value());
  CHECK(extended.error().code == ErrorCode::kAgePayload);

  auto not_age = age::decrypt(crypto::as_bytes("{\"resourceType\": \"Bundle\"}"), with_identity(identity));
  REQUIRE_FALSE(not_age.has_value());
  CHECK(not_age.error().code == ErrorCode::kAgeArmor);
  CHECK_THAT(not_age.error().message, Catch::Contains("not an age-encrypted file"));
}

TEST_CASE("flipping any single byte fails by the right category and releases nothing of the damaged chunk",
          "[age][tamper]") {
  const auto identity = age::X25519Identity::generate();
  const auto plain = random_plaintext(2 * 65536 + 3000, 11);  // three chunks
  auto file = age::encrypt(plain, to_recipient(identity));
  REQUIRE(file.has_value());
  const std::size_t header_size = file->size() - 16 - (plain.size() + 3 * 16);
  const std::size_t payload_start = header_size + 16;

  std::mt19937 rng(2026);
  for (int trial = 0; trial < 300; ++trial) {
    // Half the trials in the header and nonce, where one bit decides everything.
    const std::size_t at = trial % 2 ? rng() % payload_start : rng() % file->size();
    auto damaged = *file;
    damaged[at] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
    INFO("byte " << at << " of " << file->size() << " (header " << header_size << ")");

    age::Decryptor decryptor(with_identity(identity));
    crypto::Bytes released;
    auto sink = [&](crypto::ByteView p) -> techo::Status {
      released.insert(released.end(), p.begin(), p.end());
      return techo::Ok{};
    };
    auto status = decryptor.push(damaged, sink);
    if (status) status = decryptor.finish(sink);
    REQUIRE_FALSE(status.has_value());
    const auto code = status.error().code;
    if (at < payload_start) {
      // (A flip of the very first byte makes it look like no age file at all: armor.)
      CHECK((code == ErrorCode::kAgeHeader || code == ErrorCode::kAgeHmac || code == ErrorCode::kAgeNoMatch ||
             code == ErrorCode::kAgePayload || (at == 0 && code == ErrorCode::kAgeArmor)));
      // A flip in the header or nonce damages every chunk: nothing at all is released.
      CHECK(released.empty());
    } else {
      CHECK(code == ErrorCode::kAgePayload);
      const std::size_t damaged_chunk = (at - payload_start) / (65536 + 16);
      // Exactly the chunks before the damaged one were released, and they are right.
      CHECK(released.size() == damaged_chunk * 65536);
      CHECK(std::equal(released.begin(), released.end(), plain.begin()));
    }
  }
}

TEST_CASE("encryption options are checked", "[age][errors]") {
  age::EncryptOptions none;
  CHECK_FALSE(age::Encryptor::create(std::move(none)).has_value());
  age::EncryptOptions both;
  both.recipients.push_back(age::X25519Identity::generate().recipient());
  both.passphrase = crypto::SecretBytes(crypto::as_bytes("p"));
  auto refused = age::Encryptor::create(std::move(both));
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == ErrorCode::kInvalidArgument);
}
