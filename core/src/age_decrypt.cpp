// Decryption pipeline: bytes → (armor decoding, when the file is armored) → header →
// file key → payload nonce → verified chunks → sink.
#include <optional>

#include "age_armor.hpp"
#include "age_header.hpp"
#include "age_recipients.hpp"
#include "age_stream.hpp"
#include "techo/age.hpp"

namespace techo::age {

using namespace detail;

struct Decryptor::Impl {
  enum class Framing { kUnknown, kBinary, kArmored };
  enum class Stage { kHeader, kNonce, kPayload };

  DecryptOptions options;
  Framing framing = Framing::kUnknown;
  std::string leading_space;  // whitespace seen before the framing is known
  ArmorDecoder armor;
  Stage stage = Stage::kHeader;
  std::string header_text;
  HeaderScanner header_scanner;
  std::array<std::uint8_t, kPayloadNonceBytes> nonce{};
  std::size_t nonce_size = 0;
  FileKey file_key;
  std::optional<PayloadDecoder> payload;
  std::optional<Error> failure;

  // The de-armored byte stream.
  Status binary(crypto::ByteView bytes, const Sink& out) {
    while (!bytes.empty()) {
      switch (stage) {
        case Stage::kHeader: {
          // Copy no more than a header can be long: the rest of a large piece is payload.
          const std::size_t before = header_text.size();
          const std::size_t take = std::min(bytes.size(), kMaxHeaderBytes + 1 - std::min(before, kMaxHeaderBytes));
          header_text.append(reinterpret_cast<const char*>(bytes.data()), take);
          auto end = header_scanner.scan(header_text);
          if (!end) return std::move(end).error();
          if (end.value() == 0) return Ok{};
          if (auto s = open_header(end.value()); !s) return s;
          bytes = bytes.subspan(end.value() - before);
          header_text.resize(end.value());
          stage = Stage::kNonce;
          break;
        }
        case Stage::kNonce: {
          const std::size_t take = std::min(kPayloadNonceBytes - nonce_size, bytes.size());
          std::copy(bytes.begin(), bytes.begin() + take, nonce.begin() + nonce_size);
          nonce_size += take;
          bytes = bytes.subspan(take);
          if (nonce_size == kPayloadNonceBytes) {
            crypto::Secret<32> payload_key;
            derive_payload_key(file_key, nonce, payload_key);
            file_key.wipe();
            payload.emplace(payload_key);
            stage = Stage::kPayload;
          }
          break;
        }
        case Stage::kPayload:
          return payload->push(bytes, out);
      }
    }
    return Ok{};
  }

  Status open_header(std::size_t size) {
    auto header = parse_header(std::string_view(header_text).substr(0, size));
    if (!header) return std::move(header).error();
    auto key = unwrap_file_key(header.value(), options);
    if (!key) return std::move(key).error();
    file_key = std::move(key).value();
    const auto mac = header_mac(file_key.view(), std::string_view(header_text).substr(0, header->mac_input_size));
    if (!crypto::constant_time_equal(mac, header->mac)) {
      file_key.wipe();
      return Error{ErrorCode::kAgeHmac, "the file's header has been altered (its MAC does not match)", "header"};
    }
    return Ok{};
  }

  Status binary_finish(const Sink& out) {
    switch (stage) {
      case Stage::kHeader:
        return Error{ErrorCode::kAgeHeader,
                     header_text.empty() ? "the file is empty" : "the file ends inside its header (it is truncated)",
                     "header"};
      case Stage::kNonce:
        return Error{ErrorCode::kAgeHeader, "the file ends before its payload nonce (it is truncated)", "payload nonce"};
      case Stage::kPayload:
        return payload->finish(out);
    }
    return Ok{};
  }

  Status push(crypto::ByteView input, const Sink& out) {
    if (framing == Framing::kUnknown) {
      // A binary file starts with "age-encryption.org"; anything else is read as armor,
      // which may be preceded by whitespace (the armor decoder names what is wrong).
      std::size_t i = 0;
      while (i < input.size() && (input[i] == ' ' || input[i] == '\t' || input[i] == '\r' || input[i] == '\n')) ++i;
      leading_space.append(reinterpret_cast<const char*>(input.data()), i);
      if (i == input.size()) return Ok{};
      framing = input[i] == 'a' ? Framing::kBinary : Framing::kArmored;
      if (!leading_space.empty()) {
        if (auto s = route(crypto::as_bytes(leading_space), out); !s) return s;
      }
      input = input.subspan(i);
    }
    return route(input, out);
  }

  Status route(crypto::ByteView input, const Sink& out) {
    if (framing == Framing::kArmored) {
      return armor.push(input, [&](crypto::ByteView decoded) { return binary(decoded, out); });
    }
    return binary(input, out);
  }

  Status finish(const Sink& out) {
    if (framing == Framing::kUnknown) {
      framing = Framing::kBinary;
      if (auto s = binary(crypto::as_bytes(leading_space), out); !s) return s;
    }
    if (framing == Framing::kArmored) {
      if (auto s = armor.finish([&](crypto::ByteView decoded) { return binary(decoded, out); }); !s) return s;
    }
    return binary_finish(out);
  }
};

Decryptor::Decryptor(DecryptOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
}
Decryptor::~Decryptor() = default;
Decryptor::Decryptor(Decryptor&&) noexcept = default;
Decryptor& Decryptor::operator=(Decryptor&&) noexcept = default;

Status Decryptor::push(crypto::ByteView input, const Sink& sink) {
  if (impl_->failure) return *impl_->failure;
  auto s = impl_->push(input, sink);
  if (!s) impl_->failure = s.error();
  return s;
}

Status Decryptor::finish(const Sink& sink) {
  if (impl_->failure) return *impl_->failure;
  auto s = impl_->finish(sink);
  if (!s) impl_->failure = s.error();
  impl_->file_key.wipe();
  impl_->options.passphrase.reset();
  impl_->options.identities.clear();
  return s;
}

bool Decryptor::armored() const noexcept { return impl_->framing == Impl::Framing::kArmored; }

std::uint64_t Decryptor::plaintext_bytes() const noexcept {
  return impl_->payload ? impl_->payload->plaintext_bytes() : 0;
}

Result<crypto::SecretBytes> decrypt(crypto::ByteView file, DecryptOptions options) {
  Decryptor decryptor(std::move(options));
  crypto::Bytes plain;
  plain.reserve(file.size());  // never reallocates, so no unwiped copy of plaintext is left behind
  auto collect = [&](crypto::ByteView chunk) -> Status {
    plain.insert(plain.end(), chunk.begin(), chunk.end());
    return Ok{};
  };
  auto s = decryptor.push(file, collect);
  if (s) s = decryptor.finish(collect);
  crypto::SecretBytes out(plain);
  crypto::wipe(plain.data(), plain.size());
  if (!s) return s.error();
  return out;
}

}  // namespace techo::age
