#include <catch2/catch.hpp>

#include "techo/envelope.hpp"

namespace crypto = techo::crypto;
namespace envelope = techo::envelope;
using techo::ErrorCode;

namespace {

crypto::Ed25519KeyPair issuer_key(std::uint8_t seed_byte) {
  std::array<std::uint8_t, 32> seed;
  seed.fill(seed_byte);
  return crypto::ed25519_from_seed(seed);
}

envelope::Envelope clinic() {
  envelope::Envelope e;
  e.issuer_name = "てちょう内科クリニック";
  e.created = "2026-11-01T09:00:00+09:00";
  e.recipient = "age1example";
  return e;
}

std::string text(crypto::ByteView bytes) { return std::string(bytes.begin(), bytes.end()); }

}  // namespace

TEST_CASE("a sealed envelope opens with its issuer, time and exact payload", "[envelope]") {
  REQUIRE(crypto::init());
  const std::string payload = R"({"resourceType": "Bundle"})";
  const auto key = issuer_key(1);
  const auto sealed = envelope::seal(clinic(), crypto::as_bytes(payload), key);
  REQUIRE(envelope::has_envelope(sealed));
  auto opened = envelope::open(sealed);
  REQUIRE(opened.has_value());
  CHECK(text(opened->payload) == payload);
  CHECK(opened->envelope.issuer_name == "てちょう内科クリニック");
  CHECK(opened->envelope.created == "2026-11-01T09:00:00+09:00");
  CHECK(opened->envelope.issuer_key == key.public_key);
  CHECK(envelope::key_id(key.public_key).rfind("ed25519:", 0) == 0);
  CHECK(envelope::key_id(key.public_key).size() == 8 + 32);
}

TEST_CASE("any change to a signed envelope or its payload is refused", "[envelope][tamper]") {
  const std::string payload = R"({"resourceType": "Bundle", "entry": []})";
  const auto sealed = envelope::seal(clinic(), crypto::as_bytes(payload), issuer_key(2));
  const std::string original = text(sealed);

  SECTION("payload byte changed") {
    std::string damaged = original;
    damaged[damaged.size() - 3] ^= 1;
    auto r = envelope::open(crypto::as_bytes(damaged));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == ErrorCode::kInvalidSignature);
    CHECK(r.error().path == "envelope.payload.sha256");
  }
  SECTION("issuer name changed") {
    std::string damaged = original;
    const auto at = damaged.find("てちょう");
    damaged.replace(at, std::string("てちょう").size(), "にせもの");
    auto r = envelope::open(crypto::as_bytes(damaged));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == ErrorCode::kInvalidSignature);
    CHECK(r.error().path == "envelope.signature");
  }
  SECTION("signed by another key that claims the same name") {
    const std::string forged = text(envelope::seal(clinic(), crypto::as_bytes(payload), issuer_key(3)));
    auto r = envelope::open(crypto::as_bytes(forged));
    REQUIRE(r.has_value());  // valid, but by a different key: trust decides, see the api tests
    CHECK(envelope::key_id(r->envelope.issuer_key) != envelope::key_id(issuer_key(2).public_key));
  }
  SECTION("truncated") {
    auto r = envelope::open(crypto::as_bytes(original.substr(0, original.size() - 1)));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == ErrorCode::kInvalidSignature);
  }
  SECTION("envelope line not JSON") {
    auto r = envelope::open(crypto::as_bytes(std::string("techo-envelope/v1\n{oops\n") + payload));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == ErrorCode::kMalformedInput);
  }
}
