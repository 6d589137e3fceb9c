#include <optional>

#include "api_decrypt_key.hpp"
#include "api_guard.hpp"
#include "api_import_stream.hpp"
#include "api_job.hpp"
#include "techo/api.hpp"
#include "techo/encoding.hpp"
#include "api_args.hpp"

namespace techo::api {

using detail::error_envelope;
using detail::guarded;
using detail::ok_envelope;
using nlohmann::json;

DecryptJob::DecryptJob() : impl_(std::make_unique<Impl>()) {}
DecryptJob::~DecryptJob() = default;

std::string DecryptJob::start(const std::string& options_json) {
  return guarded([&] {
    if (impl_->state != Impl::State::kNew) {
      return error_envelope({ErrorCode::kInvalidArgument, "this decrypt job was already started", {}});
    }
    if (!crypto::init()) return error_envelope({ErrorCode::kInternal, "no secure random source is available", {}});
    auto parsed = detail::object_argument(options_json.empty() ? "null" : options_json, "options");
    if (!parsed) return error_envelope(parsed.error());
    json& options = *parsed;
    auto decrypt = detail::decrypt_options_from_key(options);
    if (!decrypt) return error_envelope(decrypt.error());
    if (!decrypt.value()) {
      return error_envelope({ErrorCode::kInvalidArgument, "enter the passphrase or choose your identity file", {}});
    }
    detail::Args args(options, "options");
    impl_->keep = args.boolean("keep", true);
    impl_->digest = args.boolean("digest", !impl_->keep);
    if (args.error()) return error_envelope(*args.error());
    impl_->recipients = detail::recipients_of(*decrypt.value());
    impl_->decryptor.emplace(std::move(*decrypt.value()));
    impl_->state = Impl::State::kRunning;
    return ok_envelope(json::object());
  });
}

std::string DecryptJob::push(std::string_view bytes) {
  return guarded([&] {
    if (impl_->state != Impl::State::kRunning) {
      return error_envelope({ErrorCode::kInvalidArgument, "this decrypt job is not running", {}});
    }
    impl_->bytes_in += bytes.size();
    auto s = impl_->decryptor->push(crypto::as_bytes(bytes), impl_->sink());
    if (!s) {
      impl_->fail();
      return error_envelope(s.error());
    }
    return ok_envelope({{"bytesIn", impl_->bytes_in}, {"plaintextBytes", impl_->decryptor->plaintext_bytes()}});
  });
}

std::string DecryptJob::finish() {
  return guarded([&] {
    if (impl_->state != Impl::State::kRunning) {
      return error_envelope({ErrorCode::kInvalidArgument, "this decrypt job is not running", {}});
    }
    auto s = impl_->decryptor->finish(impl_->sink());
    if (!s) {
      impl_->fail();
      return error_envelope(s.error());
    }
    impl_->state = Impl::State::kDone;
    const std::string hex = encoding::hex_encode(impl_->hash.finish());
    return ok_envelope({{"plaintextBytes", impl_->decryptor->plaintext_bytes()},
                        {"sha256", impl_->digest ? hex : std::string()},
                        {"armored", impl_->decryptor->armored()}});
  });
}

}  // namespace techo::api
