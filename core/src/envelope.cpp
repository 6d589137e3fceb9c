#include "techo/envelope.hpp"

#include <chrono>
#include <nlohmann/json.hpp>

#include "techo/encoding.hpp"
#include "techo/jcs.hpp"
#include "techo/lifelog.hpp"

namespace techo::envelope {
namespace {

using nlohmann::json;
constexpr std::string_view kMagic = "techo-envelope/v1\n";
constexpr std::string_view kSignatureContext = "techo-envelope/v1 signature\n";
constexpr std::size_t kMaxEnvelopeLine = 16 * 1024;

json unsigned_json(const Envelope& e) {
  return json{{"created", e.created},
              {"issuer",
               {{"key", encoding::base64_encode(e.issuer_key, encoding::Padding::kRequired)},
                {"keyId", key_id(e.issuer_key)},
                {"name", e.issuer_name}}},
              {"mediaType", e.media_type},
              {"payload", {{"length", e.payload_length}, {"sha256", encoding::hex_encode(e.payload_sha256)}}},
              {"recipient", e.recipient}};
}

Error envelope_error(ErrorCode code, std::string message, std::string field) {
  return Error{code, std::move(message), "envelope" + (field.empty() ? std::string() : "." + field)};
}

Result<crypto::Bytes> signed_message(const json& unsigned_envelope) {
  auto canonical = jcs::canonicalize(unsigned_envelope);
  if (!canonical) return envelope_error(ErrorCode::kMalformedInput, canonical.error().message, "");
  crypto::Bytes message(kSignatureContext.size() + canonical->size());
  std::copy(kSignatureContext.begin(), kSignatureContext.end(), message.begin());
  std::copy(canonical->begin(), canonical->end(), message.begin() + static_cast<std::ptrdiff_t>(kSignatureContext.size()));
  return message;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// RFC 3339 §5.6 date-time, strictly: "2026-11-01T09:00:00+09:00", seconds required, a
// fraction allowed, "Z" or an offset required (a signed time without a zone names no
// instant). Value: UTC seconds.
std::optional<std::int64_t> rfc3339_utc(std::string_view s) {
  const auto digit = [&](std::size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; };
  const auto number = [&](std::size_t i, std::size_t n) {
    int v = 0;
    for (std::size_t k = 0; k < n; ++k) v = v * 10 + (s[i + k] - '0');
    return v;
  };
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u, 11u, 12u, 14u, 15u, 17u, 18u}) {
    if (!digit(i)) return std::nullopt;
  }
  if (s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':') return std::nullopt;
  std::size_t at = 19;
  if (at < s.size() && s[at] == '.') {
    if (!digit(++at)) return std::nullopt;
    while (digit(at)) ++at;
  }
  if (at < s.size() && (s[at] == 'Z' || s[at] == 'z')) {
    if (at + 1 != s.size()) return std::nullopt;
  } else if (at + 6 != s.size() || (s[at] != '+' && s[at] != '-') || !digit(at + 1) || !digit(at + 2) ||
             s[at + 3] != ':' || !digit(at + 4) || !digit(at + 5) || number(at + 1, 2) > 23 || number(at + 4, 2) > 59) {
    return std::nullopt;
  }
  const int year = number(0, 4), month = number(5, 2), day = number(8, 2);
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] + (month == 2 && is_leap(year) ? 1 : 0) ||
      number(11, 2) > 23 || number(14, 2) > 59 || number(17, 2) > 60) {
    return std::nullopt;
  }
  const auto instant = lifelog::parse_date_time(s);
  if (!instant) return std::nullopt;
  return instant->utc;
}

const std::string* string_at(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

}  // namespace

std::string key_id(std::span<const std::uint8_t, 32> public_key) {
  const auto digest = crypto::sha256(public_key);
  return "ed25519:" + encoding::hex_encode(std::span(digest).first(16));
}

bool is_known_media_type(std::string_view media_type) noexcept {
  static constexpr std::string_view kKnown[] = {
      "application/fhir+json", "application/fhir+ndjson", "application/json", "application/x-ndjson",
      "text/csv", "application/xml", "text/xml",
  };
  return std::find(std::begin(kKnown), std::end(kKnown), media_type) != std::end(kKnown);
}

bool has_envelope(crypto::ByteView bytes) noexcept {
  return bytes.size() >= kMagic.size() && std::equal(kMagic.begin(), kMagic.end(), bytes.begin());
}

Result<crypto::Bytes> seal(Envelope fields, crypto::ByteView payload, const crypto::Ed25519KeyPair& key) {
  fields.issuer_key = key.public_key;
  fields.payload_sha256 = crypto::sha256(payload);
  fields.payload_length = payload.size();
  json envelope = unsigned_json(fields);
  auto message = signed_message(envelope);
  if (!message) return std::move(message).error();
  const auto signature = crypto::ed25519_sign(key, *message);
  envelope["signature"] = encoding::base64_encode(signature, encoding::Padding::kRequired);

  std::string head(kMagic);
  head += jcs::canonicalize(envelope).value();  // canonical already without the signature
  head += '\n';
  crypto::Bytes out(head.size() + payload.size());
  std::copy(head.begin(), head.end(), out.begin());
  std::copy(payload.begin(), payload.end(), out.begin() + static_cast<std::ptrdiff_t>(head.size()));
  return out;
}

Result<Opened> open(crypto::ByteView bytes) {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  return open(bytes, now.count());
}

Result<Opened> open(crypto::ByteView bytes, std::int64_t now_utc) {
  if (!has_envelope(bytes)) {
    return envelope_error(ErrorCode::kMalformedInput, "not a signed envelope", "");
  }
  const auto rest = bytes.subspan(kMagic.size());
  const auto newline = std::find(rest.begin(), rest.begin() + std::min(rest.size(), kMaxEnvelopeLine), '\n');
  if (newline == rest.begin() + std::min(rest.size(), kMaxEnvelopeLine)) {
    return envelope_error(ErrorCode::kMalformedInput, "the envelope line is missing or too long", "");
  }
  const std::string_view line(reinterpret_cast<const char*>(rest.data()), static_cast<std::size_t>(newline - rest.begin()));
  // Read exactly one way: a name given twice would let the signed value and the shown
  // value differ between readers.
  auto read = jcs::parse_unique(line, "envelope");
  if (!read) return std::move(read).error();
  json parsed = std::move(read).value();
  if (!parsed.is_object()) return envelope_error(ErrorCode::kMalformedInput, "the envelope is not a JSON object", "");

  Opened out;
  Envelope& e = out.envelope;
  const auto issuer = parsed.find("issuer");
  if (issuer == parsed.end() || !issuer->is_object()) {
    return envelope_error(ErrorCode::kMalformedInput, "expected an issuer object", "issuer");
  }
  const std::string* name = string_at(*issuer, "name");
  const std::string* key = string_at(*issuer, "key");
  const std::string* kid = string_at(*issuer, "keyId");
  if (!name || !key || !kid) {
    return envelope_error(ErrorCode::kMalformedInput, "expected issuer name, key and keyId strings", "issuer");
  }
  auto key_bytes = encoding::base64_decode(*key, encoding::Padding::kRequired);
  if (!key_bytes || key_bytes->size() != 32) {
    return envelope_error(ErrorCode::kMalformedInput, "expected a 32-byte Ed25519 key in base64", "issuer.key");
  }
  std::copy(key_bytes->begin(), key_bytes->end(), e.issuer_key.begin());
  if (*kid != key_id(e.issuer_key)) {
    return envelope_error(ErrorCode::kInvalidSignature, "the key id does not belong to the key", "issuer.keyId");
  }
  e.issuer_name = *name;

  const std::string* created = string_at(parsed, "created");
  const std::string* recipient = string_at(parsed, "recipient");
  const std::string* media_type = string_at(parsed, "mediaType");
  const std::string* signature = string_at(parsed, "signature");
  if (!created || !recipient || !media_type || !signature) {
    return envelope_error(ErrorCode::kMalformedInput, "expected created, recipient, mediaType and signature strings", "");
  }
  e.created = *created;
  e.recipient = *recipient;
  e.media_type = *media_type;
  const auto created_utc = rfc3339_utc(e.created);
  if (!created_utc) {
    return envelope_error(ErrorCode::kMalformedInput, "expected an RFC 3339 date-time with seconds and a time zone", "created");
  }
  if (!is_known_media_type(e.media_type)) {
    return envelope_error(ErrorCode::kUnsupported, "a signed record of a kind Techo does not read: " + e.media_type,
                          "mediaType");
  }

  const auto payload_info = parsed.find("payload");
  if (payload_info == parsed.end() || !payload_info->is_object() || !payload_info->contains("length") ||
      !(*payload_info)["length"].is_number_unsigned() || !string_at(*payload_info, "sha256")) {
    return envelope_error(ErrorCode::kMalformedInput, "expected payload length and sha256", "payload");
  }
  e.payload_length = (*payload_info)["length"].get<std::uint64_t>();
  const std::string digest_hex = *string_at(*payload_info, "sha256");

  auto signature_bytes = encoding::base64_decode(*signature, encoding::Padding::kRequired);
  if (!signature_bytes || signature_bytes->size() != crypto::kEd25519SignatureBytes) {
    return envelope_error(ErrorCode::kMalformedInput, "expected a 64-byte signature in base64", "signature");
  }
  json unsigned_envelope = parsed;
  unsigned_envelope.erase("signature");
  // Verify exactly what the issuer signed: the envelope as received, re-serialized
  // canonically. Unknown extra fields are covered by the signature too.
  auto message = signed_message(unsigned_envelope);
  if (!message) return std::move(message).error();
  if (!crypto::ed25519_verify(e.issuer_key, *signature_bytes, *message)) {
    return envelope_error(ErrorCode::kInvalidSignature,
                          "the issuer's signature does not match: the record was altered or not signed by its key",
                          "signature");
  }
  // After the signature: a signer's clock, not a forger's, put the record in the future.
  if (*created_utc > now_utc + kMaxClockSkewSeconds) {
    return envelope_error(ErrorCode::kInvalidSignature,
                          "the record says it was signed in the future (" + e.created + "); check this device's clock",
                          "created");
  }

  out.payload = rest.subspan(static_cast<std::size_t>(newline - rest.begin()) + 1);
  const auto actual = crypto::sha256(out.payload);
  if (out.payload.size() != e.payload_length || encoding::hex_encode(actual) != digest_hex) {
    return envelope_error(ErrorCode::kInvalidSignature, "the signed record's content does not match its signature",
                          "payload.sha256");
  }
  e.payload_sha256 = actual;
  return out;
}

}  // namespace techo::envelope
