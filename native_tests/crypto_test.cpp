#include <catch2/catch.hpp>

#include "hex.hpp"
#include "techo/crypto.hpp"
#include "techo/encoding.hpp"

namespace crypto = techo::crypto;
namespace encoding = techo::encoding;
using techo::test::hex;

namespace {
crypto::Bytes from_hex(const std::string& text) {
  crypto::Bytes out;
  for (std::size_t i = 0; i + 1 < text.size(); i += 2) out.push_back(static_cast<std::uint8_t>(std::stoi(text.substr(i, 2), nullptr, 16)));
  return out;
}
}  // namespace

TEST_CASE("HKDF-SHA256 matches RFC 5869 test cases 1 and 3", "[crypto]") {
  REQUIRE(crypto::init());
  std::vector<std::uint8_t> okm(42);
  crypto::hkdf_sha256(from_hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), from_hex("000102030405060708090a0b0c"),
                      std::string("\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9", 10), okm);
  CHECK(hex(okm) == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  // Test case 3: empty salt and info.
  crypto::hkdf_sha256(from_hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), {}, "", okm);
  CHECK(hex(okm) == "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
}

TEST_CASE("incremental SHA-256 equals one-shot SHA-256", "[crypto]") {
  const std::string text = "age-encryption.org/v1";
  crypto::Sha256 hash;
  hash.update(crypto::as_bytes(text.substr(0, 5)));
  hash.update(crypto::as_bytes(text.substr(5)));
  CHECK(hex(hash.finish()) == hex(crypto::sha256(crypto::as_bytes(text))));
  CHECK(hex(crypto::sha256({})) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("ChaCha20-Poly1305 opens what it seals and rejects a flipped bit without output", "[crypto]") {
  std::array<std::uint8_t, 32> key{};
  std::array<std::uint8_t, 12> nonce{};
  crypto::random_bytes(key);
  const std::string message = "血圧 128/82 mmHg";
  std::vector<std::uint8_t> sealed(message.size() + 16), opened(message.size());
  crypto::chacha20poly1305_seal(key, nonce, crypto::as_bytes(message), sealed);
  REQUIRE(crypto::chacha20poly1305_open(key, nonce, sealed, opened));
  CHECK(std::string(opened.begin(), opened.end()) == message);
  sealed[3] ^= 1;
  CHECK_FALSE(crypto::chacha20poly1305_open(key, nonce, sealed, opened));
  CHECK(std::all_of(opened.begin(), opened.end(), [](std::uint8_t b) { return b == 0; }));
}

TEST_CASE("X25519 refuses a small-order point", "[crypto]") {
  std::array<std::uint8_t, 32> scalar{}, zero_point{}, out{};
  crypto::random_bytes(scalar);
  CHECK_FALSE(crypto::x25519(scalar, zero_point, out));
}

TEST_CASE("base64 is strict and canonical", "[encoding]") {
  using encoding::Padding;
  const std::vector<std::uint8_t> bytes = {0xde, 0xad, 0xbe, 0xef};
  CHECK(encoding::base64_encode(bytes, Padding::kRequired) == "3q2+7w==");
  CHECK(encoding::base64_encode(bytes, Padding::kNone) == "3q2+7w");
  CHECK(encoding::base64_decode("3q2+7w", Padding::kNone) == bytes);
  CHECK(encoding::base64_decode("3q2+7w==", Padding::kRequired) == bytes);
  CHECK_FALSE(encoding::base64_decode("3q2+7x", Padding::kNone));      // non-zero trailing bits
  CHECK_FALSE(encoding::base64_decode("3q2+7w==", Padding::kNone));    // padding where none is allowed
  CHECK_FALSE(encoding::base64_decode("3q2+7w", Padding::kRequired));  // padding missing
  CHECK_FALSE(encoding::base64_decode("3q2 +7w", Padding::kNone));     // whitespace
  CHECK_FALSE(encoding::base64_decode("3q2+7", Padding::kNone));       // impossible length
}

TEST_CASE("bech32 round-trips and rejects checksum errors and mixed case", "[encoding]") {
  std::vector<std::uint8_t> data(32);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 7);
  const std::string text = encoding::bech32_encode("age", data);
  auto back = encoding::bech32_decode(text);
  REQUIRE(back);
  CHECK(back->hrp == "age");
  CHECK(back->data == data);
  std::string broken = text;
  broken[10] = broken[10] == 'q' ? 'p' : 'q';
  CHECK_FALSE(encoding::bech32_decode(broken));
  std::string mixed = text;
  mixed[0] = 'A';
  CHECK_FALSE(encoding::bech32_decode(mixed));
}
