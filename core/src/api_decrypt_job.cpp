#include <optional>

#include "api_guard.hpp"
#include "api_import_stream.hpp"
#include "api_job.hpp"
#include "techo/api.hpp"
#include "techo/encoding.hpp"

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
    json options = json::parse(options_json, nullptr, false);
    if (options.is_discarded() || !options.is_object()) {
      return error_envelope({ErrorCode::kInvalidArgument, "decrypt options must be a JSON object", {}});
    }
    age::DecryptOptions decrypt;
    if (auto p = options.find("passphrase"); p != options.end() && p->is_string() && !p->empty()) {
      decrypt.passphrase = crypto::SecretBytes(crypto::as_bytes(p->get_ref<const std::string&>()));
      crypto::wipe(p->get_ref<std::string&>().data(), p->get_ref<std::string&>().size());
    }
    if (auto id = options.find("identity"); id != options.end() && id->is_string() && !id->empty()) {
      auto identities = age::parse_identity_file(id->get_ref<const std::string&>());
      crypto::wipe(id->get_ref<std::string&>().data(), id->get_ref<std::string&>().size());
      if (!identities) return error_envelope(identities.error());
      decrypt.identities = std::move(identities).value();
    }
    if (!decrypt.passphrase && decrypt.identities.empty()) {
      return error_envelope({ErrorCode::kInvalidArgument, "enter the passphrase or choose your identity file", {}});
    }
    impl_->keep = options.value("keep", true);
    impl_->digest = options.value("digest", !impl_->keep);
    impl_->recipients = detail::recipients_of(decrypt);
    impl_->decryptor.emplace(std::move(decrypt));
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
