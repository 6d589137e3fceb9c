// Encryption pipeline: file key → stanzas → header + MAC → payload nonce → sealed chunks
// → (armor encoding, when asked) → sink.
#include <optional>

#include "age_armor.hpp"
#include "age_header.hpp"
#include "age_recipients.hpp"
#include "age_stream.hpp"
#include "techo/age.hpp"
#include "techo/encoding.hpp"

namespace techo::age {

using namespace detail;

struct Encryptor::Impl {
  std::string header;  // written before the first payload bytes
  bool header_written = false;
  std::optional<PayloadEncoder> payload;
  std::optional<ArmorEncoder> armor;

  Status emit(crypto::ByteView bytes, const Sink& out) {
    if (armor) return armor->push(bytes, out);
    return out(bytes);
  }

  Status ensure_header(const Sink& out) {
    if (header_written) return Ok{};
    header_written = true;
    return emit(crypto::as_bytes(header), out);
  }
};

Encryptor::Encryptor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Encryptor::~Encryptor() = default;
Encryptor::Encryptor(Encryptor&&) noexcept = default;
Encryptor& Encryptor::operator=(Encryptor&&) noexcept = default;

Result<Encryptor> Encryptor::create(EncryptOptions options) {
  if (options.passphrase && !options.recipients.empty()) {
    return Error{ErrorCode::kInvalidArgument, "a file is encrypted either to keys or to a passphrase, not both", {}};
  }
  if (!options.passphrase && options.recipients.empty()) {
    return Error{ErrorCode::kInvalidArgument, "encryption needs a recipient key or a passphrase", {}};
  }
  if (options.passphrase && (options.scrypt_log_n == 0 || options.scrypt_log_n > kMaxScryptLogN)) {
    return Error{ErrorCode::kInvalidArgument, "the scrypt work factor must be from 1 to 20", {}};
  }
  FileKey file_key;
  crypto::random_bytes(file_key.span());

  std::vector<Stanza> stanzas;
  if (options.passphrase) {
    stanzas.push_back(wrap_scrypt(options.passphrase->view(), options.scrypt_log_n, file_key));
  }
  for (const auto& recipient : options.recipients) stanzas.push_back(wrap_x25519(recipient, file_key));

  auto impl = std::make_unique<Impl>();
  impl->header = format_header_without_mac(stanzas);
  const auto mac = header_mac(file_key.view(), impl->header);
  impl->header += ' ';
  impl->header += encoding::base64_encode(mac, encoding::Padding::kNone);
  impl->header += '\n';

  std::array<std::uint8_t, kPayloadNonceBytes> nonce;
  crypto::random_bytes(nonce);
  impl->header.append(reinterpret_cast<const char*>(nonce.data()), nonce.size());
  crypto::Secret<32> payload_key;
  derive_payload_key(file_key, nonce, payload_key);
  impl->payload.emplace(payload_key);
  if (options.armor) impl->armor.emplace();
  return Encryptor(std::move(impl));
}

Status Encryptor::push(crypto::ByteView plaintext, const Sink& sink) {
  if (auto s = impl_->ensure_header(sink); !s) return s;
  return impl_->payload->push(plaintext, [&](crypto::ByteView sealed) { return impl_->emit(sealed, sink); });
}

Status Encryptor::finish(const Sink& sink) {
  if (auto s = impl_->ensure_header(sink); !s) return s;
  auto emit = [&](crypto::ByteView sealed) { return impl_->emit(sealed, sink); };
  if (auto s = impl_->payload->finish(emit); !s) return s;
  if (impl_->armor) return impl_->armor->finish(sink);
  return Ok{};
}

Result<crypto::Bytes> encrypt(crypto::ByteView plaintext, EncryptOptions options) {
  auto encryptor = Encryptor::create(std::move(options));
  if (!encryptor) return std::move(encryptor).error();
  crypto::Bytes out;
  auto collect = [&](crypto::ByteView piece) -> Status {
    out.insert(out.end(), piece.begin(), piece.end());
    return Ok{};
  };
  if (auto s = encryptor->push(plaintext, collect); !s) return s.error();
  if (auto s = encryptor->finish(collect); !s) return s.error();
  return out;
}

}  // namespace techo::age
