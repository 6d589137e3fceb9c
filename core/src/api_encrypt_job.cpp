#include <optional>

#include "api_guard.hpp"
#include "api_job.hpp"
#include "techo/age.hpp"
#include "techo/api.hpp"
#include "api_args.hpp"

namespace techo::api {

using detail::error_envelope;
using detail::guarded;
using detail::ok_envelope;
using nlohmann::json;

EncryptJob::EncryptJob() : impl_(std::make_unique<Impl>()) {}
EncryptJob::~EncryptJob() = default;

std::string EncryptJob::start(const std::string& options_json) {
  return guarded([&] {
    if (impl_->state != Impl::State::kNew) {
      return error_envelope({ErrorCode::kInvalidArgument, "this encrypt job was already started", {}});
    }
    if (!crypto::init()) return error_envelope({ErrorCode::kInternal, "no secure random source is available", {}});
    auto parsed = detail::object_argument(options_json.empty() ? "null" : options_json, "options");
    if (!parsed) return error_envelope(parsed.error());
    json& options = *parsed;
    age::EncryptOptions encrypt;
    if (auto r = options.find("recipients"); r != options.end()) {
      if (!r->is_array()) return error_envelope({ErrorCode::kInvalidArgument, "recipients must be a list", "recipients"});
      for (std::size_t i = 0; i < r->size(); ++i) {
        const auto& text = (*r)[i];
        auto recipient = text.is_string() ? age::X25519Recipient::parse(text.get<std::string>())
                                          : Result<age::X25519Recipient>(Error{ErrorCode::kInvalidArgument, "expected a string", {}});
        if (!recipient) {
          Error e = recipient.error();
          e.path = "recipients[" + std::to_string(i) + "]";
          return error_envelope(e);
        }
        encrypt.recipients.push_back(*recipient);
      }
    }
    if (auto p = options.find("passphrase"); p != options.end() && p->is_string() && !p->empty()) {
      encrypt.passphrase = crypto::SecretBytes(crypto::as_bytes(p->get_ref<const std::string&>()));
      crypto::wipe(p->get_ref<std::string&>().data(), p->get_ref<std::string&>().size());
    }
    detail::Args args(options, "options");
    encrypt.armor = args.boolean("armor", false);
    const std::int64_t log_n = args.integer("scryptLogN", age::kDefaultScryptLogN);
    if (args.error()) return error_envelope(*args.error());
    if (log_n < 1 || log_n > 63) return error_envelope({ErrorCode::kInvalidArgument, "scryptLogN must be 1 to 63", "options.scryptLogN"});
    encrypt.scrypt_log_n = static_cast<decltype(encrypt.scrypt_log_n)>(log_n);
    auto encryptor = age::Encryptor::create(std::move(encrypt));
    if (!encryptor) return error_envelope(encryptor.error());
    impl_->encryptor.emplace(std::move(encryptor).value());
    impl_->state = Impl::State::kRunning;
    return ok_envelope(json::object());
  });
}

std::string EncryptJob::push(std::string_view plaintext) {
  return guarded([&] {
    if (auto s = impl_->push(crypto::as_bytes(plaintext)); !s) return error_envelope(s.error());
    return ok_envelope({{"outputBytes", impl_->output_total}});
  });
}

std::string EncryptJob::finish() {
  return guarded([&] {
    if (auto s = impl_->finish(); !s) return error_envelope(s.error());
    return ok_envelope({{"outputBytes", impl_->output_total}});
  });
}

const std::string& EncryptJob::output() const noexcept { return impl_->output; }
void EncryptJob::clear_output() noexcept { impl_->output.clear(); }

std::string generate_identity() {
  return guarded([&] {
    if (!crypto::init()) return error_envelope({ErrorCode::kInternal, "no secure random source is available", {}});
    const auto identity = age::X25519Identity::generate();
    return ok_envelope({{"identity", identity.to_string()}, {"recipient", identity.recipient().to_string()}});
  });
}

}  // namespace techo::api
