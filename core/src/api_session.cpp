// Session::call: finds the method in the domains' tables (api_methods_*.cpp), reads its
// arguments, runs it behind the exception barrier, and answers the JSON envelope. The
// byte-carrying calls (import pieces, backups) sit beside the table.
#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "api_guard.hpp"
#include "api_job.hpp"
#include "api_json.hpp"
#include "api_methods.hpp"
#include "techo/age.hpp"
#include "techo/api.hpp"

namespace techo::api {
namespace {

using detail::Method;
using detail::MethodTable;
using detail::Needs;
using detail::SessionState;
using techo::detail::Args;
using techo::detail::error_envelope;
using techo::detail::guarded;
using techo::detail::ok_envelope;
using nlohmann::json;

Error not_open() {
  return {ErrorCode::kInvalidArgument, "no vault is open: unlock your vault (or call open() first)", {}};
}

// The core's own methods: what the bindings' users ask of the module itself.
Result<json> error_codes(SessionState&, Args&) {
  json out = json::array();
  for (auto name : error_code_names()) out.push_back(name);
  return out;
}

Result<json> generate_identity(SessionState&, Args&) {
  if (!crypto::init()) return Error{ErrorCode::kInternal, "no secure random source is available", {}};
  const auto identity = age::X25519Identity::generate();
  return json{{"identity", identity.to_string()}, {"recipient", identity.recipient().to_string()}};
}

Result<json> method_names(SessionState&, Args&);

const MethodTable& core_methods() {
  static const MethodTable table = {
      {"errorCodes", Needs::kNothing, error_codes},
      {"generateIdentity", Needs::kNothing, generate_identity},
      {"methods", Needs::kNothing, method_names},
  };
  return table;
}

// Every domain's methods by name; a name given twice is a bug caught by the native tests.
const std::unordered_map<std::string_view, const Method*>& methods() {
  static const auto by_name = [] {
    std::unordered_map<std::string_view, const Method*> out;
    for (const MethodTable* table : {&core_methods(), &detail::vault_methods(), &detail::import_methods(),
                                     &detail::record_methods(), &detail::lifelog_methods(),
                                     &detail::vaccination_methods(), &detail::people_methods(),
                                     &detail::consent_methods(), &detail::okusuri_methods()}) {
      for (const Method& m : *table) out.emplace(m.name, &m);
    }
    return out;
  }();
  return by_name;
}

Result<json> method_names(SessionState&, Args&) {
  json out = json::array();
  for (const auto& [name, method] : methods()) out.push_back(name);
  std::sort(out.begin(), out.end());
  return out;
}

std::string reply(Result<json> result, bool wrote, const std::optional<std::string>& format) {
  json envelope;
  if (!result) {
    envelope = {{"ok", false}, {"error", techo::detail::to_json(result.error())}};
    if (format) envelope["error"]["format"] = *format;
  } else {
    envelope = {{"ok", true}, {"value", std::move(result).value()}};
    if (wrote) envelope["wrote"] = true;
  }
  return envelope.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Which vault is open, at which generation: a call wrote when this changed.
std::optional<std::pair<std::string, std::uint64_t>> vault_state(const SessionState& state) {
  if (!state.vault) return std::nullopt;
  return std::make_pair(state.vault->vault_id(), state.vault->generation());
}

}  // namespace

struct Session::Impl {
  SessionState state;
};

Session::Session() : impl_(std::make_unique<Impl>()) {}
Session::~Session() = default;

std::string Session::call(const std::string& method, const std::string& args_json) {
  return guarded([&] {
    SessionState& state = impl_->state;
    state.failed_format.reset();
    state.file_output.clear();  // a file is the answer of the call that made it only
    const auto found = methods().find(method);
    if (found == methods().end()) {
      return error_envelope({ErrorCode::kInvalidArgument, "no method named \"" + method + "\"", "method"});
    }
    const Method& m = *found->second;
    if (m.needs == Needs::kOpenVault && !state.vault) return error_envelope(not_open());
    auto parsed = techo::detail::object_argument(args_json, "arguments");
    if (!parsed) return error_envelope(parsed.error());
    Args args(*parsed, "");
    // A commit raises the vault's generation: the caller persists the file then.
    const auto before = vault_state(state);
    Result<json> result = m.handler(state, args);
    const auto after = vault_state(state);
    return reply(std::move(result), after && after != before, state.failed_format);
  });
}

const std::vector<std::uint8_t>& Session::file_output() const noexcept { return impl_->state.file_output; }
void Session::clear_file_output() noexcept { impl_->state.file_output.clear(); }

std::string verify_share_package(std::string_view file, const std::string& options_json) {
  return guarded([&] {
    auto options = techo::detail::object_argument(options_json, "options");
    if (!options) return error_envelope(options.error());
    std::string bundle;
    json reply = detail::verify_package_reply(file, *options, bundle);
    if (bundle.empty()) return ok_envelope(reply);
    // The verified Bundle goes in as the text it was verified from (valid JSON: it parsed),
    // not copied into the reply and serialised again.
    reply.erase("bundle");
    std::string value = reply.dump(-1, ' ', false, json::error_handler_t::replace);
    value.pop_back();  // the closing brace of the reply object
    return "{\"ok\":true,\"value\":" + value + ",\"bundle\":" + bundle + "}}";
  });
}

std::string Session::import_push(std::string_view bytes) {
  return guarded([&] {
    SessionState& state = impl_->state;
    if (!state.import) return error_envelope({ErrorCode::kInvalidArgument, "no import is in progress", {}});
    auto& job = *state.import;
    if (auto s = job.push(crypto::as_bytes(bytes)); !s) {
      state.failed_format.reset();
      const Error e = detail::import_failed(state, job, s.error());
      auto format = state.failed_format;
      state.import.reset();  // rolls back
      return reply(e, false, format);
    }
    return ok_envelope({{"bytesIn", job.bytes_in()}, {"plaintextBytes", job.plaintext_bytes()}});
  });
}

std::string Session::import_bytes(std::string_view bytes, const std::string& file_name, const std::string& key_json) {
  return guarded([&] {
    auto key = techo::detail::object_argument(key_json, "key");
    if (!key) return error_envelope(key.error());
    const std::string begun = call("importBegin", json{{"fileName", file_name}, {"key", *key}}.dump());
    if (!impl_->state.import) return begun;  // refused: no import began
    const std::string pushed = import_push(bytes);
    if (!impl_->state.import) return pushed;  // a failed piece ends the import
    return call("importFinish", "{}");
  });
}

std::string Session::export_backup(EncryptJob& job) {
  return guarded([&] {
    SessionState& state = impl_->state;
    if (!state.vault) return error_envelope(not_open());
    auto archive = state.vault->export_archive();
    if (!archive) return error_envelope(archive.error());
    if (auto s = job.impl_->push(crypto::as_bytes(*archive)); !s) return error_envelope(s.error());
    if (auto s = job.impl_->finish(); !s) return error_envelope(s.error());
    auto summary = state.vault->summary();
    return ok_envelope({{"archiveBytes", archive->size()}, {"resources", summary ? summary->total : 0}});
  });
}

std::string Session::restore_backup(DecryptJob& job) {
  return guarded([&] {
    SessionState& state = impl_->state;
    if (!state.vault) return error_envelope(not_open());
    auto& j = *job.impl_;
    if (j.state != DecryptJob::Impl::State::kDone || !j.keep) {
      return error_envelope({ErrorCode::kInvalidArgument, "the decrypt job has not finished with its plaintext kept", {}});
    }
    const auto view = j.plaintext.view();
    auto report = state.vault->restore_archive(std::string_view(reinterpret_cast<const char*>(view.data()), view.size()));
    j.plaintext.clear();
    j.state = DecryptJob::Impl::State::kConsumed;
    if (!report) return error_envelope(report.error());
    return ok_envelope({{"resources", report->resources},
                        {"sources", report->sources},
                        {"lifelogSamples", report->lifelog_samples},
                        {"contentSha256", report->content_sha256},
                        {"pendingIssuers", report->pending_issuers}});
  });
}

}  // namespace techo::api
