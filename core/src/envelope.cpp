#include "techo/envelope.hpp"

#include <nlohmann/json.hpp>

#include "techo/encoding.hpp"
#include "json_bounded.hpp"

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

crypto::Bytes signed_message(const json& unsigned_envelope) {
  // nlohmann/json keeps object keys sorted, so dump() is the canonical form.
  const std::string canonical = unsigned_envelope.dump();
  crypto::Bytes message(kSignatureContext.size() + canonical.size());
  std::copy(kSignatureContext.begin(), kSignatureContext.end(), message.begin());
  std::copy(canonical.begin(), canonical.end(), message.begin() + static_cast<std::ptrdiff_t>(kSignatureContext.size()));
  return message;
}

Error envelope_error(ErrorCode code, std::string message, std::string field) {
  return Error{code, std::move(message), "envelope" + (field.empty() ? std::string() : "." + field)};
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

bool has_envelope(crypto::ByteView bytes) noexcept {
  return bytes.size() >= kMagic.size() && std::equal(kMagic.begin(), kMagic.end(), bytes.begin());
}

crypto::Bytes seal(Envelope fields, crypto::ByteView payload, const crypto::Ed25519KeyPair& key) {
  fields.issuer_key = key.public_key;
  fields.payload_sha256 = crypto::sha256(payload);
  fields.payload_length = payload.size();
  json envelope = unsigned_json(fields);
  const auto signature = crypto::ed25519_sign(key, signed_message(envelope));
  envelope["signature"] = encoding::base64_encode(signature, encoding::Padding::kRequired);

  std::string head(kMagic);
  head += envelope.dump();
  head += '\n';
  crypto::Bytes out(head.size() + payload.size());
  std::copy(head.begin(), head.end(), out.begin());
  std::copy(payload.begin(), payload.end(), out.begin() + static_cast<std::ptrdiff_t>(head.size()));
  return out;
}

Result<Opened> open(crypto::ByteView bytes) {
  if (!has_envelope(bytes)) {
    return envelope_error(ErrorCode::kMalformedInput, "not a signed envelope", "");
  }
  const auto rest = bytes.subspan(kMagic.size());
  const auto newline = std::find(rest.begin(), rest.begin() + std::min(rest.size(), kMaxEnvelopeLine), '\n');
  if (newline == rest.begin() + std::min(rest.size(), kMaxEnvelopeLine)) {
    return envelope_error(ErrorCode::kMalformedInput, "the envelope line is missing or too long", "");
  }
  const std::string_view line(reinterpret_cast<const char*>(rest.data()), static_cast<std::size_t>(newline - rest.begin()));
  auto read = json_bounded::parse(line);
  if (!read) return envelope_error(ErrorCode::kMalformedInput, read.error().message, "");
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
  if (!crypto::ed25519_verify(e.issuer_key, *signature_bytes, signed_message(unsigned_envelope))) {
    return envelope_error(ErrorCode::kInvalidSignature,
                          "the issuer's signature does not match: the record was altered or not signed by " + e.issuer_name,
                          "signature");
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
