#include <exception>
#include <optional>

#include "api_json.hpp"
#include "techo/api.hpp"
#include "techo/fhir.hpp"
#include "techo/vault.hpp"

namespace techo::api {
namespace {

using detail::error_envelope;
using detail::ok_envelope;

// The one place exceptions stop: anything thrown below becomes an INTERNAL error value.
template <typename Body>
std::string guarded(Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return error_envelope({ErrorCode::kInternal, "out of memory", {}});
  } catch (const std::exception& e) {
    return error_envelope({ErrorCode::kInternal, std::string("internal error: ") + e.what(), {}});
  } catch (...) {
    return error_envelope({ErrorCode::kInternal, "internal error", {}});
  }
}

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
    auto vault = Vault::open(path);
    if (!vault) return error_envelope(vault.error());
    impl_->vault.emplace(std::move(vault).value());
    return ok_envelope({{"schemaVersion", Vault::schema_version()}});
  });
}

std::string Session::import_fhir(std::string_view bytes, const std::string& file_name) {
  return guarded([&] {
    if (!impl_->vault) return error_envelope(not_open());
    auto bundle = fhir::parse_bundle(bytes);
    if (!bundle) return error_envelope(bundle.error().within(file_name));
    for (auto& skipped : bundle->skipped) skipped = skipped.within(file_name);
    auto report = impl_->vault->import_bundle(file_name, bundle.value());
    if (!report) return error_envelope(report.error());
    return ok_envelope(detail::to_json(report.value()));
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
