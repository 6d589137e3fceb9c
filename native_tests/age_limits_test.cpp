// What a hostile age header may cost before its MAC can be checked: the header is read in
// one pass however it arrives, the stanzas are capped, and scrypt computes no more than
// the caller allows. Work is counted (bytes looked at), never timed.
#include <catch2/catch.hpp>

#include "age_armor.hpp"
#include "age_header.hpp"
#include "age_recipients.hpp"
#include "age_stream.hpp"
#include "api_reply.hpp"
#include "techo/age.hpp"
#include "techo/api.hpp"
#include "techo/encoding.hpp"

namespace age = techo::age;
namespace crypto = techo::crypto;
namespace detail = techo::age::detail;
using techo::ErrorCode;

namespace {

// A stanza of a type nobody knows (age skips those), with a body of `body_bytes`.
detail::Stanza grease(std::size_t body_bytes) {
  detail::Stanza stanza;
  stanza.args = {"grease"};
  stanza.body.assign(body_bytes, 0x5a);
  return stanza;
}

// A complete, correctly MAC'd age file for the given stanzas and file key.
crypto::Bytes file_with(const std::vector<detail::Stanza>& stanzas, const detail::FileKey& file_key,
                        std::string_view plaintext) {
  std::string header = detail::format_header_without_mac(stanzas);
  const auto mac = detail::header_mac(file_key.view(), header);
  header += ' ' + techo::encoding::base64_encode(mac, techo::encoding::Padding::kNone) + '\n';
  crypto::Bytes file(header.begin(), header.end());
  std::array<std::uint8_t, detail::kPayloadNonceBytes> nonce{};
  crypto::random_bytes(nonce);
  file.insert(file.end(), nonce.begin(), nonce.end());
  crypto::Secret<32> payload_key;
  detail::derive_payload_key(file_key, nonce, payload_key);
  detail::PayloadEncoder payload(payload_key);
  auto collect = [&](crypto::ByteView bytes) -> techo::Status {
    file.insert(file.end(), bytes.begin(), bytes.end());
    return techo::Ok{};
  };
  REQUIRE(payload.push(crypto::as_bytes(plaintext), collect).has_value());
  REQUIRE(payload.finish(collect).has_value());
  return file;
}

crypto::Bytes armored(const crypto::Bytes& binary) {
  crypto::Bytes out;
  auto collect = [&](crypto::ByteView bytes) -> techo::Status {
    out.insert(out.end(), bytes.begin(), bytes.end());
    return techo::Ok{};
  };
  detail::ArmorEncoder encoder;
  REQUIRE(encoder.push(binary, collect).has_value());
  REQUIRE(encoder.finish(collect).has_value());
  return out;
}

detail::FileKey random_file_key() {
  detail::FileKey key;
  crypto::random_bytes(key.span());
  return key;
}

struct Pushed {
  techo::Status status = techo::Ok{};
  std::size_t bytes_pushed = 0;  // how much of the file the decryptor took before it answered
  std::string plaintext;
};

Pushed push_in_pieces(const crypto::Bytes& file, age::DecryptOptions options, std::size_t piece) {
  age::Decryptor decryptor(std::move(options));
  Pushed out;
  auto sink = [&](crypto::ByteView plain) -> techo::Status {
    out.plaintext.append(plain.begin(), plain.end());
    return techo::Ok{};
  };
  for (std::size_t at = 0; at < file.size() && out.status.has_value(); at += piece) {
    const std::size_t n = std::min(piece, file.size() - at);
    out.status = decryptor.push(crypto::ByteView(file).subspan(at, n), sink);
    out.bytes_pushed = at + n;
  }
  if (out.status.has_value()) out.status = decryptor.finish(sink);
  return out;
}

age::DecryptOptions with_identity(const age::X25519Identity& identity) {
  age::DecryptOptions options;
  options.identities.push_back(age::X25519Identity::parse(identity.to_string()).value());
  return options;
}

// A scrypt stanza asking for 2^log_n whose body opens with no passphrase: refusing it
// must not need the work.
crypto::Bytes scrypt_file(unsigned log_n) {
  detail::Stanza stanza;
  stanza.args = {"scrypt", "rF0/NwblUHHTpgQgRpe5CQ", std::to_string(log_n)};
  stanza.body.assign(32, 0x11);
  return file_with({stanza}, random_file_key(), "x");
}

age::DecryptOptions with_passphrase(std::string_view passphrase, unsigned max_log_n = age::kDefaultMaxScryptLogN) {
  age::DecryptOptions options;
  options.passphrase = crypto::SecretBytes(crypto::as_bytes(passphrase));
  options.max_scrypt_log_n = max_log_n;
  return options;
}

}  // namespace

TEST_CASE("the header scanner looks at each byte once, however small the pieces", "[age][limits]") {
  // Nearly 1 MiB of header in armor-sized pieces: 250 stanzas of 60 full body lines each.
  std::vector<detail::Stanza> stanzas;
  for (int i = 0; i < 250; ++i) stanzas.push_back(grease(60 * 48));
  const std::string header = detail::format_header_without_mac(stanzas) + " " + std::string(43, 'A') + "\n";
  REQUIRE(header.size() > 900 * 1024);
  REQUIRE(header.size() < detail::kMaxHeaderBytes);

  detail::HeaderScanner scanner;
  std::string received;
  std::size_t end = 0, calls = 0;
  for (std::size_t at = 0; at < header.size() && end == 0; at += 48, ++calls) {
    received.append(header, at, 48);
    auto found = scanner.scan(received);
    REQUIRE(found.has_value());
    end = found.value();
  }
  CHECK(end == header.size());
  CHECK(calls > 20000);
  // Rescanning from the start would look at ~calls × size / 2 bytes (≈ 10 GB here).
  CHECK(scanner.bytes_examined() == header.size());
  CHECK(detail::find_header_end(header).value() == header.size());  // the same, in one call
}

TEST_CASE("an armored header of many short stanza lines is refused at the first stanza too many",
          "[age][limits]") {
  // 512 KiB of "-> a" stanzas with empty bodies, then a MAC line: ~87,000 stanzas.
  std::vector<detail::Stanza> stanzas;
  while (stanzas.size() * 6 < 512 * 1024) stanzas.push_back({{"a"}, {}});
  const auto file = armored(file_with(stanzas, random_file_key(), "never seen"));
  REQUIRE(file.size() > 512 * 1024);

  const auto outcome = push_in_pieces(file, with_identity(age::X25519Identity::generate()), 4096);
  REQUIRE_FALSE(outcome.status.has_value());
  CHECK(outcome.status.error().code == ErrorCode::kAgeHeader);
  CHECK_THAT(outcome.status.error().message, Catch::Contains("more than 256 recipient stanzas"));
  // Stanza 257 ends within the first 2 KiB of armor: nothing after it is read.
  CHECK(outcome.bytes_pushed == 4096);
  CHECK(outcome.plaintext.empty());
}

TEST_CASE("the stanza cap: 256 open, 257 are a header failure, binary or armored", "[age][limits]") {
  const auto identity = age::X25519Identity::generate();
  const auto file_key = random_file_key();
  const bool armor = GENERATE(false, true);
  const std::size_t count = GENERATE(as<std::size_t>{}, 256, 257);
  INFO(count << " stanzas" << (armor ? ", armored" : ""));
  std::vector<detail::Stanza> stanzas;
  for (std::size_t i = 0; i + 1 < count; ++i) stanzas.push_back(grease(i % 80));
  stanzas.push_back(detail::wrap_x25519(identity.recipient(), file_key));  // the last one matches
  auto file = file_with(stanzas, file_key, "血圧 128/82");
  if (armor) file = armored(file);

  const auto outcome = push_in_pieces(file, with_identity(identity), 577);
  if (count <= age::kMaxStanzas) {
    REQUIRE(outcome.status.has_value());
    CHECK(outcome.plaintext == "血圧 128/82");
  } else {
    REQUIRE_FALSE(outcome.status.has_value());
    CHECK(outcome.status.error().code == ErrorCode::kAgeHeader);
    CHECK(outcome.plaintext.empty());
  }
  // parse_header keeps the same cap for callers that hand it a whole header.
  std::string header = detail::format_header_without_mac(stanzas) + " " + std::string(43, 'A') + "\n";
  CHECK(detail::parse_header(header).has_value() == (count <= age::kMaxStanzas));
}

TEST_CASE("scrypt work factors above 2^18 are refused before any work unless the caller opts in",
          "[age][limits][scrypt]") {
  const unsigned log_n = GENERATE(19u, 20u);
  INFO("2^" << log_n);
  auto refused = age::decrypt(scrypt_file(log_n), with_passphrase("password"));
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == ErrorCode::kAgeHeader);
  CHECK_THAT(refused.error().message, Catch::Contains("work factor 2^" + std::to_string(log_n)));
  CHECK_THAT(refused.error().message, Catch::Contains("maxScryptLogN"));
  CHECK(age::DecryptOptions{}.max_scrypt_log_n == 18);
}

TEST_CASE("a caller's scrypt limit is kept both ways, and nothing past 2^20 is ever computed",
          "[age][limits][scrypt]") {
  age::EncryptOptions encrypt;
  encrypt.passphrase = crypto::SecretBytes(crypto::as_bytes("correct horse"));
  encrypt.scrypt_log_n = 10;
  const auto file = age::encrypt(crypto::as_bytes("予防接種"), std::move(encrypt)).value();

  auto lower = age::decrypt(file, with_passphrase("correct horse", 9));
  REQUIRE_FALSE(lower.has_value());
  CHECK(lower.error().code == ErrorCode::kAgeHeader);
  auto enough = age::decrypt(file, with_passphrase("correct horse", 10));
  REQUIRE(enough.has_value());

  // No caller can ask for more than a tab has: 2^21 is refused even when "allowed".
  auto beyond = age::decrypt(scrypt_file(21), with_passphrase("password", 40));
  REQUIRE_FALSE(beyond.has_value());
  CHECK(beyond.error().code == ErrorCode::kAgeHeader);
  CHECK_THAT(beyond.error().message, Catch::Contains("more than Techo can compute"));
}

TEST_CASE("the api reads maxScryptLogN from the key, and refuses one outside 1-20", "[age][limits][api]") {
  age::EncryptOptions encrypt;
  encrypt.passphrase = crypto::SecretBytes(crypto::as_bytes("pw"));
  encrypt.scrypt_log_n = 10;
  const auto file = age::encrypt(crypto::as_bytes("x"), std::move(encrypt)).value();
  const std::string_view bytes(reinterpret_cast<const char*>(file.data()), file.size());

  for (const char* bad : {R"({"passphrase":"pw","maxScryptLogN":21})", R"({"passphrase":"pw","maxScryptLogN":0})",
                          R"({"passphrase":"pw","maxScryptLogN":"18"})", R"({"passphrase":"pw","maxScryptLogN":10.5})"}) {
    techo::api::DecryptJob job;
    INFO(bad);
    CHECK(techo::test::error_of(job.start(bad)).at("code") == "INVALID_ARGUMENT");
  }
  techo::api::DecryptJob lower;
  techo::test::value_of(lower.start(R"({"passphrase":"pw","maxScryptLogN":9})"));
  CHECK(techo::test::error_of(lower.push(bytes)).at("code") == "AGE_HEADER");
  techo::api::DecryptJob enough;
  techo::test::value_of(enough.start(R"({"passphrase":"pw","maxScryptLogN":10})"));
  techo::test::value_of(enough.push(bytes));
  CHECK(techo::test::value_of(enough.finish()).at("plaintextBytes") == 1);
}
