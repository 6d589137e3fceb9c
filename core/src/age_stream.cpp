#include "age_stream.hpp"

namespace techo::age::detail {
namespace {

std::array<std::uint8_t, 12> chunk_nonce(std::uint64_t counter, bool last) {
  std::array<std::uint8_t, 12> nonce{};
  for (int i = 0; i < 8; ++i) nonce[10 - i] = static_cast<std::uint8_t>(counter >> (8 * i));
  nonce[11] = last ? 1 : 0;
  return nonce;
}

Error payload_error(std::string message, std::uint64_t chunk) {
  return Error{ErrorCode::kAgePayload, std::move(message), "payload chunk " + std::to_string(chunk)};
}

}  // namespace

void derive_payload_key(const FileKey& file_key, std::span<const std::uint8_t, kPayloadNonceBytes> nonce,
                        crypto::Secret<32>& payload_key) {
  crypto::hkdf_sha256(file_key.view(), nonce, "payload", payload_key.span());
}

// ---- decoding --------------------------------------------------------------------------

Status PayloadDecoder::open_chunk(crypto::ByteView sealed, bool last, const Sink& out) {
  if (open(sealed, last)) return release(out);
  // Tell the person what kind of damage this is. A chunk that authenticates under the
  // other flag is genuine plaintext, so it is released, as the reference implementation
  // does, and the error names what is wrong with the file around it.
  if (open(sealed, !last)) {
    // Only a full chunk can be either; a short one can only be the last, so it is not
    // released, just named.
    const bool full = sealed.size() == kSealedChunkSize;
    if (full) {
      if (auto s = release(out); !s) return s;
    } else {
      crypto::wipe(plain_.data(), opened_size_);
    }
    return last ? payload_error("the file is truncated: it ends before its final chunk", counter_)
                : payload_error("the file has extra data after its end", counter_);
  }
  return payload_error("the file is damaged: a chunk failed authentication", counter_);
}

bool PayloadDecoder::open(crypto::ByteView sealed, bool last) {
  opened_size_ = sealed.size() - crypto::kAeadTagBytes;
  opened_last_ = last;
  return crypto::chacha20poly1305_open(key_.view(), chunk_nonce(counter_, last), sealed,
                                       std::span<std::uint8_t>(plain_.data(), opened_size_));
}

Status PayloadDecoder::release(const Sink& out) {
  if (opened_last_ && opened_size_ == 0 && counter_ > 0) {
    return payload_error("the final chunk is empty, which only an empty file may have", counter_);
  }
  ++counter_;
  plaintext_bytes_ += opened_size_;
  return out(crypto::ByteView(plain_.data(), opened_size_));
}

Status PayloadDecoder::push(crypto::ByteView input, const Sink& out) {
  std::size_t at = 0;
  // Complete a held-back chunk first; it is not the last when more input follows it.
  if (!carry_.empty() || input.size() <= kSealedChunkSize) {
    const std::size_t take = std::min(kSealedChunkSize - carry_.size(), input.size());
    carry_.insert(carry_.end(), input.begin(), input.begin() + take);
    at = take;
    if (carry_.size() < kSealedChunkSize || at == input.size()) return Ok{};
    if (auto s = open_chunk(carry_, false, out); !s) return s;
    carry_.clear();
  }
  // Whole chunks straight from the input, without copying, while more input follows them.
  while (input.size() - at > kSealedChunkSize) {
    if (auto s = open_chunk(input.subspan(at, kSealedChunkSize), false, out); !s) return s;
    at += kSealedChunkSize;
  }
  carry_.assign(input.begin() + at, input.end());
  return Ok{};
}

Status PayloadDecoder::finish(const Sink& out) {
  if (carry_.empty()) {
    return payload_error(counter_ == 0 ? "the file has no encrypted data (it is truncated)"
                                       : "the file is truncated: it ends before its final chunk",
                         counter_);
  }
  if (carry_.size() < crypto::kAeadTagBytes) return payload_error("the file is truncated: its last chunk is cut short", counter_);
  auto s = open_chunk(carry_, true, out);
  carry_.clear();
  plain_.clear();
  return s;
}

// ---- encoding --------------------------------------------------------------------------

Status PayloadEncoder::seal_chunk(crypto::ByteView plain, bool last, const Sink& out) {
  std::span<std::uint8_t> sealed(sealed_.data(), plain.size() + crypto::kAeadTagBytes);
  crypto::chacha20poly1305_seal(key_.view(), chunk_nonce(counter_, last), plain, sealed);
  ++counter_;
  return out(sealed);
}

Status PayloadEncoder::push(crypto::ByteView plaintext, const Sink& out) {
  std::size_t at = 0;
  if (carry_size_ > 0 || plaintext.size() <= kChunkSize) {
    const std::size_t take = std::min(kChunkSize - carry_size_, plaintext.size());
    std::copy(plaintext.begin(), plaintext.begin() + take, carry_.data() + carry_size_);
    carry_size_ += take;
    at = take;
    if (carry_size_ < kChunkSize || at == plaintext.size()) return Ok{};
    if (auto s = seal_chunk(crypto::ByteView(carry_.data(), carry_size_), false, out); !s) return s;
    carry_size_ = 0;
  }
  while (plaintext.size() - at > kChunkSize) {
    if (auto s = seal_chunk(plaintext.subspan(at, kChunkSize), false, out); !s) return s;
    at += kChunkSize;
  }
  std::copy(plaintext.begin() + at, plaintext.end(), carry_.data());
  carry_size_ = plaintext.size() - at;
  return Ok{};
}

Status PayloadEncoder::finish(const Sink& out) {
  auto s = seal_chunk(crypto::ByteView(carry_.data(), carry_size_), true, out);
  carry_.clear();
  carry_size_ = 0;
  return s;
}

}  // namespace techo::age::detail
