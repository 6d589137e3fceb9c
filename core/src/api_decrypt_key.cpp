#include "api_decrypt_key.hpp"

namespace techo::detail {
namespace {

void wipe_string(nlohmann::json& value) {
  auto& text = value.get_ref<std::string&>();
  crypto::wipe(text.data(), text.size());
}

}  // namespace

Result<std::optional<age::DecryptOptions>> decrypt_options_from_key(nlohmann::json& key) {
  age::DecryptOptions options;
  bool any = false;
  if (auto p = key.find("passphrase"); p != key.end() && p->is_string() && !p->empty()) {
    options.passphrase = crypto::SecretBytes(crypto::as_bytes(p->get_ref<const std::string&>()));
    wipe_string(*p);
    any = true;
  }
  if (auto id = key.find("identity"); id != key.end() && id->is_string() && !id->empty()) {
    auto identities = age::parse_identity_file(id->get_ref<const std::string&>());
    wipe_string(*id);
    if (!identities) return identities.error();
    options.identities = std::move(identities).value();
    any = true;
  }
  // An explicit opt-in, never a default a file can influence: the work runs before the
  // file's MAC can be checked.
  if (auto max = key.find("maxScryptLogN"); max != key.end() && !max->is_null()) {
    if (!max->is_number_unsigned() || max->get<std::uint64_t>() < 1 || max->get<std::uint64_t>() > age::kMaxScryptLogN) {
      return Error{ErrorCode::kInvalidArgument,
                   "maxScryptLogN must be a whole number from 1 to " + std::to_string(age::kMaxScryptLogN) +
                       " (the default is " + std::to_string(age::kDefaultMaxScryptLogN) + ")",
                   "maxScryptLogN"};
    }
    options.max_scrypt_log_n = static_cast<unsigned>(max->get<std::uint64_t>());
  }
  if (!any) return std::optional<age::DecryptOptions>{};
  return std::optional<age::DecryptOptions>{std::move(options)};
}

}  // namespace techo::detail
