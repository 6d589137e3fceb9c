// Issuer-signed record envelopes. A PHR service or clinic that hands a person their
// records can sign them, so the person's app can tell "this came from that clinic,
// unaltered" from "source not verified". The envelope travels inside the age file:
//
//   techo-envelope/v1\n
//   {"created":"…","issuer":{"key":"<base64 Ed25519 public key>","keyId":"…","name":"…"},
//    "mediaType":"application/fhir+json","payload":{"length":N,"sha256":"<hex>"},
//    "recipient":"…","signature":"<base64>"}\n
//   <payload bytes>
//
// The signature is Ed25519 over "techo-envelope/v1 signature\n" followed by the RFC 8785
// (JCS, techo/jcs.hpp) canonical JSON of the envelope without "signature": a signer in any
// language that implements JCS produces the same bytes. A name twice in one object is
// refused, never resolved. For the fields Techo writes (ASCII names, strings, integers)
// JCS is byte for byte what earlier builds signed, so their files still verify.
//
// Whether the issuer is *trusted*, and under which name, is the vault's decision (the
// person's list of issuer keys), not the envelope's: "issuer.name" is only what the
// signer calls itself. Whether the record is addressed to this person ("recipient") is
// decided where the keys are known (detail::open_envelope).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "techo/crypto.hpp"
#include "techo/result.hpp"

namespace techo::envelope {

struct Envelope {
  std::string issuer_name;
  std::array<std::uint8_t, 32> issuer_key{};  // Ed25519 public key
  std::string created;                        // RFC 3339, as the issuer wrote it
  std::string recipient;                      // intended recipient (e.g. an age1… key); may be empty
  std::string media_type = "application/fhir+json";
  std::array<std::uint8_t, 32> payload_sha256{};
  std::uint64_t payload_length = 0;
};

// "ed25519:" + the first 16 bytes of SHA-256(public key), hex: short, stable, unambiguous.
std::string key_id(std::span<const std::uint8_t, 32> public_key);

// True when the bytes start like an envelope (then open() decides whether it is a good one).
bool has_envelope(crypto::ByteView bytes) noexcept;

// The payload kinds Techo reads, which an envelope may declare: FHIR JSON and NDJSON,
// lifelog JSON (Open mHealth, vendor exports), CSV, and the Apple Health export (XML).
bool is_known_media_type(std::string_view media_type) noexcept;

// How far ahead of this device's clock a "created" time may be (clocks differ a little).
inline constexpr std::int64_t kMaxClockSkewSeconds = 5 * 60;

// Wraps `payload` in an envelope signed with `key`. The issuer fields come from
// `fields`; the key, hash and length are filled in here. MALFORMED_INPUT when a field is
// not UTF-8 (it could not be canonical JSON).
[[nodiscard]] Result<crypto::Bytes> seal(Envelope fields, crypto::ByteView payload, const crypto::Ed25519KeyPair& key);

struct Opened {
  Envelope envelope;
  crypto::ByteView payload;  // points into the bytes given to open()
};

// Parses and verifies: the signature under the embedded issuer key, and the payload's
// length and SHA-256. Any mismatch is an error (code INVALID_SIGNATURE): signed data
// that does not verify is never imported as if it were unsigned. Also checked: "created"
// is an RFC 3339 date-time with seconds and a zone (MALFORMED_INPUT) no later than
// `now_utc` (UNIX seconds) plus kMaxClockSkewSeconds (INVALID_SIGNATURE), and
// "mediaType" is one Techo reads (UNSUPPORTED).
[[nodiscard]] Result<Opened> open(crypto::ByteView bytes, std::int64_t now_utc);
[[nodiscard]] Result<Opened> open(crypto::ByteView bytes);  // now: this device's clock

}  // namespace techo::envelope
