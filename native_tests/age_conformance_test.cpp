// Every CCTV age vector that needs no post-quantum support: the right outcome category,
// and the right plaintext (by SHA-256) both on success and for what a failing file
// released before its failure.
#include <catch2/catch.hpp>

#include <map>

#include "age_vectors.hpp"
#include "hex.hpp"
#include "techo/age.hpp"

using techo::ErrorCode;
namespace age = techo::age;
namespace crypto = techo::crypto;

namespace {

const std::map<std::string, ErrorCode> kCategory = {
    {"header failure", ErrorCode::kAgeHeader}, {"HMAC failure", ErrorCode::kAgeHmac},
    {"payload failure", ErrorCode::kAgePayload}, {"armor failure", ErrorCode::kAgeArmor},
    {"no match", ErrorCode::kAgeNoMatch},
};

struct Outcome {
  techo::Status status = techo::Ok{};
  std::string released_sha256;
};

// Feeds the file in small uneven pieces, so every boundary case of the streaming code is
// crossed somewhere across the suite.
Outcome run(const techo::test::AgeVector& v, std::size_t piece) {
  age::DecryptOptions options;
  for (const auto& text : v.identities) {
    auto identity = age::X25519Identity::parse(text);
    REQUIRE(identity.has_value());
    options.identities.push_back(std::move(identity).value());
  }
  if (!v.passphrases.empty()) options.passphrase = crypto::SecretBytes(crypto::as_bytes(v.passphrases[0]));
  age::Decryptor decryptor(std::move(options));
  crypto::Sha256 hash;
  auto sink = [&](crypto::ByteView plain) -> techo::Status {
    hash.update(plain);
    return techo::Ok{};
  };
  Outcome outcome;
  const auto bytes = crypto::as_bytes(v.file);
  for (std::size_t at = 0; at < bytes.size() && outcome.status.has_value(); at += piece) {
    outcome.status = decryptor.push(bytes.subspan(at, std::min(piece, bytes.size() - at)), sink);
  }
  if (outcome.status.has_value()) outcome.status = decryptor.finish(sink);
  outcome.released_sha256 = techo::test::hex(hash.finish());
  return outcome;
}

}  // namespace

TEST_CASE("age CCTV vectors decrypt or fail by category", "[age][cctv]") {
  const auto name = GENERATE(from_range(techo::test::age_vector_names()));
  const auto v = techo::test::load_age_vector(name);
  if (v.post_quantum || v.unknown_keys) return;  // counted in the next test case
  const std::size_t piece = GENERATE(as<std::size_t>{}, 1 << 20, 4099, 577);
  INFO(name << " (expect " << v.expect << ", pieces of " << piece << " bytes)");

  const Outcome outcome = run(v, piece);
  if (v.expect == "success") {
    REQUIRE(outcome.status.has_value());
    REQUIRE(v.payload_sha256);
    CHECK(outcome.released_sha256 == *v.payload_sha256);
    return;
  }
  REQUIRE_FALSE(outcome.status.has_value());
  INFO("got " << techo::error_code_name(outcome.status.error().code) << ": " << outcome.status.error().message);
  REQUIRE(kCategory.count(v.expect) == 1);
  CHECK(outcome.status.error().code == kCategory.at(v.expect));
  // What a damaged file released before failing is exactly what the vector says: its
  // verified chunks and nothing of the damaged one.
  if (v.payload_sha256) CHECK(outcome.released_sha256 == *v.payload_sha256);
}

TEST_CASE("the conformance run covers every classical vector", "[age][cctv]") {
  int run_count = 0, skipped_pq = 0, skipped_unknown = 0;
  for (const auto& name : techo::test::age_vector_names()) {
    const auto v = techo::test::load_age_vector(name);
    if (v.post_quantum) ++skipped_pq;
    else if (v.unknown_keys) ++skipped_unknown;
    else ++run_count;
  }
  CHECK(run_count + skipped_pq + skipped_unknown == 143);
  CHECK(skipped_unknown == 0);
  CHECK(run_count == 124);
}

TEST_CASE("a file encrypted to a post-quantum key is refused as unsupported", "[age][cctv]") {
  const auto v = techo::test::load_age_vector("hybrid");
  age::DecryptOptions options;
  options.identities.push_back(age::X25519Identity::generate());
  auto result = age::decrypt(crypto::as_bytes(v.file), std::move(options));
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code == ErrorCode::kUnsupported);
  CHECK_THAT(result.error().message, Catch::Contains("unsupported recipient type"));
}
