// age's key encodings: "age1..." recipients and "AGE-SECRET-KEY-1..." identities (bech32).
#include <cctype>

#include "techo/age.hpp"
#include "techo/encoding.hpp"

namespace techo::age {
namespace {

constexpr std::string_view kRecipientHrp = "age";
constexpr std::string_view kIdentityHrp = "age-secret-key-";

Error key_error(std::string message) { return Error{ErrorCode::kInvalidArgument, std::move(message), {}}; }

}  // namespace

Result<X25519Recipient> X25519Recipient::parse(std::string_view text) {
  auto decoded = encoding::bech32_decode(text);
  if (!decoded || decoded->hrp != kRecipientHrp || decoded->data.size() != 32 ||
      text.substr(0, 4) != "age1") {
    return key_error("not an age recipient (expected age1… followed by 58 characters)");
  }
  std::array<std::uint8_t, 32> key;
  std::copy(decoded->data.begin(), decoded->data.end(), key.begin());
  return X25519Recipient(key);
}

std::string X25519Recipient::to_string() const { return encoding::bech32_encode(kRecipientHrp, key_); }

X25519Identity X25519Identity::generate() {
  X25519Identity identity;
  crypto::random_bytes(identity.secret_.span());
  return identity;
}

X25519Identity X25519Identity::from_secret(std::span<const std::uint8_t, 32> secret) {
  X25519Identity identity;
  std::copy(secret.begin(), secret.end(), identity.secret_.data());
  return identity;
}

Result<X25519Identity> X25519Identity::parse(std::string_view text) {
  auto decoded = encoding::bech32_decode(text);
  if (!decoded || decoded->hrp != kIdentityHrp || decoded->data.size() != 32) {
    crypto::wipe(decoded ? decoded->data.data() : nullptr, decoded ? decoded->data.size() : 0);
    return key_error("not an age identity (expected AGE-SECRET-KEY-1…)");
  }
  X25519Identity identity;
  std::copy(decoded->data.begin(), decoded->data.end(), identity.secret_.data());
  crypto::wipe(decoded->data.data(), decoded->data.size());
  return identity;
}

std::string X25519Identity::to_string() const {
  std::string text = encoding::bech32_encode(kIdentityHrp, secret_.view());
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

X25519Recipient X25519Identity::recipient() const {
  std::array<std::uint8_t, 32> public_key;
  crypto::x25519_base(secret_.view(), public_key);
  return X25519Recipient(public_key);
}

Result<std::vector<X25519Identity>> parse_identity_file(std::string_view text) {
  std::vector<X25519Identity> identities;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    auto identity = X25519Identity::parse(line);
    if (!identity) {
      Error e = identity.error();
      if (line.starts_with("AGE-SECRET-KEY-PQ-")) {
        e = Error{ErrorCode::kUnsupported, "post-quantum identities (AGE-SECRET-KEY-PQ-…) are not supported", {}};
      }
      e.path = "identity line " + std::to_string(line_number);
      return e;
    }
    identities.push_back(std::move(identity).value());
  }
  if (identities.empty()) return key_error("the identity file holds no key (AGE-SECRET-KEY-1…)");
  return identities;
}

}  // namespace techo::age
