#include <optional>

#include "api_guard.hpp"
#include "api_job.hpp"
#include "techo/api.hpp"
#include "techo/encoding.hpp"
#include "techo/envelope.hpp"
#include "techo/fhir.hpp"
#include "techo/vault.hpp"

namespace techo::api {
namespace {

using detail::error_envelope;
using detail::guarded;
using detail::ok_envelope;
using nlohmann::json;

Error not_open() {
  return {ErrorCode::kInvalidArgument, "the session has no open vault; call open() first", {}};
}

}  // namespace

struct Session::Impl {
  std::optional<Vault> vault;
};

Session::Session() : impl_(std::make_unique<Impl>()) {}
Session::~Session() = default;

std::string Session::open(const std::string& path) {
  return guarded([&] {
    if (!crypto::init()) return error_envelope({ErrorCode::kInternal, "no secure random source is available", {}});
    auto vault = Vault::open(path);
    if (!vault) return error_envelope(vault.error());
    impl_->vault.emplace(std::move(vault).value());
    return ok_envelope({{"schemaVersion", Vault::schema_version()}});
  });
}

// bytes → (signed envelope: verify, decide trust) → FHIR Bundle → vault, in one transaction.
std::string Session::import_bytes(std::string_view bytes, const std::string& file_name, bool encrypted) {
  if (!impl_->vault) return error_envelope(not_open());
  SourceInfo source{file_name, encrypted};
  std::string_view payload = bytes;
  if (envelope::has_envelope(crypto::as_bytes(bytes))) {
    auto opened = envelope::open(crypto::as_bytes(bytes));
    if (!opened) return error_envelope(opened.error().within(file_name));
    const auto& e = opened->envelope;
    source.issuer_name = e.issuer_name;
    source.issuer_key_id = envelope::key_id(e.issuer_key);
    source.signed_at = e.created;
    auto trusted = impl_->vault->is_trusted_issuer(source.issuer_key_id);
    if (!trusted) return error_envelope(trusted.error());
    source.verification = trusted.value() ? Verification::kVerified : Verification::kUnknownIssuer;
    payload = std::string_view(reinterpret_cast<const char*>(opened->payload.data()), opened->payload.size());
  }
  auto bundle = fhir::parse_bundle(payload);
  if (!bundle) return error_envelope(bundle.error().within(file_name));
  for (auto& skipped : bundle->skipped) skipped = skipped.within(file_name);
  auto report = impl_->vault->import_bundle(source, bundle.value());
  if (!report) return error_envelope(report.error());
  return ok_envelope(detail::to_json(report.value()));
}

std::string Session::import_fhir(std::string_view bytes, const std::string& file_name) {
  return guarded([&] { return import_bytes(bytes, file_name, false); });
}

std::string Session::import_decrypted(DecryptJob& job, const std::string& file_name) {
  return guarded([&] {
    auto& j = *job.impl_;
    if (j.state != DecryptJob::Impl::State::kDone || !j.keep) {
      return error_envelope({ErrorCode::kInvalidArgument, "the decrypt job has not finished with its plaintext kept", {}});
    }
    const auto view = j.plaintext.view();
    std::string reply =
        import_bytes(std::string_view(reinterpret_cast<const char*>(view.data()), view.size()), file_name, true);
    j.plaintext.clear();
    j.state = DecryptJob::Impl::State::kConsumed;
    return reply;
  });
}

std::string Session::add_trusted_issuer(const std::string& public_key_base64, const std::string& name) {
  return guarded([&] {
    if (!impl_->vault) return error_envelope(not_open());
    auto key = encoding::base64_decode(public_key_base64, encoding::Padding::kRequired);
    if (!key || key->size() != 32) {
      return error_envelope({ErrorCode::kInvalidArgument, "an issuer key is 32 bytes of base64 (Ed25519)", "publicKey"});
    }
    if (name.empty()) return error_envelope({ErrorCode::kInvalidArgument, "an issuer needs a name", "name"});
    std::array<std::uint8_t, 32> public_key;
    std::copy(key->begin(), key->end(), public_key.begin());
    const std::string key_id = envelope::key_id(public_key);
    if (auto s = impl_->vault->add_trusted_issuer({key_id, name, public_key_base64}); !s) return error_envelope(s.error());
    return ok_envelope({{"keyId", key_id}});
  });
}

std::string Session::trusted_issuers() {
  return guarded([&] {
    if (!impl_->vault) return error_envelope(not_open());
    auto issuers = impl_->vault->trusted_issuers();
    if (!issuers) return error_envelope(issuers.error());
    json out = json::array();
    for (const auto& i : *issuers) out.push_back({{"keyId", i.key_id}, {"name", i.name}, {"publicKey", i.public_key}});
    return ok_envelope(out);
  });
}

std::string Session::summary() {
  return guarded([&] {
    if (!impl_->vault) return error_envelope(not_open());
    auto summary = impl_->vault->summary();
    if (!summary) return error_envelope(summary.error());
    return ok_envelope(detail::to_json(summary.value()));
  });
}

}  // namespace techo::api
