// DecryptJob's state, private to core; Session reads the plaintext of a finished job.
#pragma once

#include <optional>

#include "techo/age.hpp"
#include "techo/api.hpp"
#include "techo/crypto.hpp"

namespace techo::api {

struct DecryptJob::Impl {
  enum class State { kNew, kRunning, kDone, kFailed, kConsumed };
  State state = State::kNew;
  bool keep = true;
  bool digest = false;  // hash the plaintext (SHA-256 in wasm costs more than decrypting)
  std::uint64_t bytes_in = 0;
  std::optional<age::Decryptor> decryptor;
  crypto::Sha256 hash;
  crypto::SecretBytes plaintext;  // only when keep; wiped once imported or on failure

  age::Sink sink() {
    return [this](crypto::ByteView chunk) -> Status {
      if (digest) hash.update(chunk);
      if (keep) plaintext.append(chunk);
      return Ok{};
    };
  }

  void fail() {
    state = State::kFailed;
    plaintext.clear();
    decryptor.reset();
  }
};

}  // namespace techo::api
