// The jobs' state, private to core: Session reads the plaintext of a finished DecryptJob
// and writes a backup straight through an EncryptJob.
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
  std::vector<std::string> recipients;  // of the identities given: whose keys opened the file
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

struct EncryptJob::Impl {
  enum class State { kNew, kRunning, kDone, kFailed };
  State state = State::kNew;
  std::optional<age::Encryptor> encryptor;
  std::string output;
  std::uint64_t output_total = 0;

  age::Sink sink() {
    return [this](crypto::ByteView piece) -> Status {
      output.append(reinterpret_cast<const char*>(piece.data()), piece.size());
      output_total += piece.size();
      return Ok{};
    };
  }

  Status push(crypto::ByteView plaintext) {
    if (state != State::kRunning) return Error{ErrorCode::kInvalidArgument, "this encrypt job is not running", {}};
    auto s = encryptor->push(plaintext, sink());
    if (!s) state = State::kFailed;
    return s;
  }

  Status finish() {
    if (state != State::kRunning) return Error{ErrorCode::kInvalidArgument, "this encrypt job is not running", {}};
    auto s = encryptor->finish(sink());
    state = s ? State::kDone : State::kFailed;
    encryptor.reset();
    return s;
  }
};

}  // namespace techo::api
