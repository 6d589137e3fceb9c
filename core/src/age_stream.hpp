// The age payload: a 16-byte nonce, then ChaCha20-Poly1305 chunks of 64 KiB of
// plaintext, each sealed under nonce = 11-byte big-endian counter || last-chunk flag.
// Both directions hold back one chunk, because only the end of input tells which chunk
// is the last. Private to core.
#pragma once

#include "age_recipients.hpp"

namespace techo::age::detail {

constexpr std::size_t kPayloadNonceBytes = 16;
constexpr std::size_t kSealedChunkSize = kChunkSize + crypto::kAeadTagBytes;

void derive_payload_key(const FileKey& file_key, std::span<const std::uint8_t, kPayloadNonceBytes> nonce,
                        crypto::Secret<32>& payload_key);

class PayloadDecoder {
 public:
  explicit PayloadDecoder(const crypto::Secret<32>& key) : key_(key), plain_(kChunkSize) {
    carry_.reserve(kSealedChunkSize);
  }
  [[nodiscard]] Status push(crypto::ByteView input, const Sink& out);
  [[nodiscard]] Status finish(const Sink& out);
  std::uint64_t plaintext_bytes() const noexcept { return plaintext_bytes_; }

 private:
  Status open_chunk(crypto::ByteView sealed, bool last, const Sink& out);
  bool open(crypto::ByteView sealed, bool last);  // into plain_; zeroed on failure
  Status release(const Sink& out);                // hands the opened chunk to the sink

  crypto::Secret<32> key_;
  std::uint64_t counter_ = 0;
  std::uint64_t plaintext_bytes_ = 0;
  std::size_t opened_size_ = 0;
  bool opened_last_ = false;
  crypto::Bytes carry_;          // at most one sealed chunk, not yet known to be last or not
  crypto::SecretBytes plain_;    // reused output buffer, wiped when done
};

class PayloadEncoder {
 public:
  explicit PayloadEncoder(const crypto::Secret<32>& key)
      : key_(key), carry_(kChunkSize), sealed_(kSealedChunkSize) {}
  [[nodiscard]] Status push(crypto::ByteView plaintext, const Sink& out);
  [[nodiscard]] Status finish(const Sink& out);

 private:
  Status seal_chunk(crypto::ByteView plain, bool last, const Sink& out);

  crypto::Secret<32> key_;
  std::uint64_t counter_ = 0;
  crypto::SecretBytes carry_;  // room for one chunk of plaintext, the first carry_size_ used
  std::size_t carry_size_ = 0;
  crypto::Bytes sealed_;
};

}  // namespace techo::age::detail
