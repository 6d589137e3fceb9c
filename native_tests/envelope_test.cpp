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
  const auto sealed = envelope::seal(clinic(), crypto::as_bytes(payload), key).value();
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
  const auto sealed = envelope::seal(clinic(), crypto::as_bytes(payload), issuer_key(2)).value();
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
    const std::string forged = text(envelope::seal(clinic(), crypto::as_bytes(payload), issuer_key(3)).value());
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

TEST_CASE("the created time is RFC 3339 and not in the future; the media type one Techo reads", "[envelope]") {
  const std::string payload = R"({"resourceType": "Bundle"})";
  const auto key = issuer_key(4);
  const std::int64_t now = 1796083200;  // 2026-12-01T00:00:00Z
  const auto open_with = [&](auto edit) {
    envelope::Envelope e = clinic();
    edit(e);
    return envelope::open(envelope::seal(e, crypto::as_bytes(payload), key).value(), now);
  };
  CHECK(open_with([](envelope::Envelope& e) { e.created = "2026-11-30T23:59:59.5Z"; }).has_value());
  CHECK(open_with([](envelope::Envelope& e) { e.created = "2026-12-01T09:04:00+09:00"; }).has_value());  // within the skew
  for (const char* bad : {"2026-11-01", "2026-11-01T09:00+09:00", "2026-11-01T09:00:00", "2026-02-29T09:00:00Z",
                          "2026-11-01 09:00:00Z", "2026-11-01T24:00:00Z", "2026-11-01T09:00:00+9:00", "x"}) {
    INFO(bad);
    auto r = open_with([&](envelope::Envelope& e) { e.created = bad; });
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == ErrorCode::kMalformedInput);
    CHECK(r.error().path == "envelope.created");
  }
  CHECK(open_with([](envelope::Envelope& e) { e.created = "2028-02-29T00:00:00Z"; }).error().code == ErrorCode::kInvalidSignature);
  auto future = open_with([](envelope::Envelope& e) { e.created = "2026-12-01T00:10:00Z"; });
  REQUIRE_FALSE(future.has_value());
  CHECK(future.error().code == ErrorCode::kInvalidSignature);
  CHECK(future.error().path == "envelope.created");
  auto html = open_with([](envelope::Envelope& e) { e.media_type = "text/html"; });
  REQUIRE_FALSE(html.has_value());
  CHECK(html.error().code == ErrorCode::kUnsupported);
  CHECK(html.error().path == "envelope.mediaType");
}

TEST_CASE("a name twice in the envelope is refused, whichever copy was signed", "[envelope]") {
  const std::string payload = R"({"resourceType": "Bundle"})";
  std::string sealed = text(envelope::seal(clinic(), crypto::as_bytes(payload), issuer_key(5)).value());
  const auto brace = sealed.find('{');
  sealed.insert(brace + 1, R"("mediaType":"text/html",)");
  auto r = envelope::open(crypto::as_bytes(sealed));
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == ErrorCode::kMalformedInput);
  CHECK(r.error().path == "envelope.mediaType");
}
