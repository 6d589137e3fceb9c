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
// The signature is Ed25519 over "techo-envelope/v1 signature\n" followed by the canonical
// JSON of the envelope without "signature" (keys sorted, no whitespace, UTF-8 as is).
// Whether the issuer is *trusted* is the vault's decision (its list of issuer keys), not
// the envelope's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

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

// Wraps `payload` in an envelope signed with `key`. The issuer fields come from
// `fields`; the key, hash and length are filled in here.
crypto::Bytes seal(Envelope fields, crypto::ByteView payload, const crypto::Ed25519KeyPair& key);

struct Opened {
  Envelope envelope;
  crypto::ByteView payload;  // points into the bytes given to open()
};

// Parses and verifies: the signature under the embedded issuer key, and the payload's
// length and SHA-256. Any mismatch is an error (code INVALID_SIGNATURE): signed data
// that does not verify is never imported as if it were unsigned.
[[nodiscard]] Result<Opened> open(crypto::ByteView bytes);

}  // namespace techo::envelope
