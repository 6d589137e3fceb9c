#include <algorithm>
#include <optional>

#include "api_args.hpp"
#include "api_decrypt_key.hpp"
#include "api_guard.hpp"
#include "api_import_stream.hpp"
#include "json_bounded.hpp"
#include "api_job.hpp"
#include "techo/api.hpp"
#include "techo/encoding.hpp"
#include "techo/envelope.hpp"
#include "techo/fhir.hpp"
#include "techo/lifelog.hpp"
#include "techo/lifelog_export.hpp"
#include "techo/vault.hpp"
#include "techo/views.hpp"

namespace techo::api {
namespace {

using detail::error_envelope;
using detail::guarded;
using detail::ok_envelope;
using nlohmann::json;

Error not_open() {
  return {ErrorCode::kInvalidArgument, "no vault is open: unlock your vault (or call open() first)", {}};
}

// {"kdfOps", "kdfMemBytes", "rotateDataKey"}: absent fields keep their defaults; a field of
// the wrong type is the caller's mistake, named.
struct VaultOptions {
  KdfParams kdf;
  RotateDataKey rotate = RotateDataKey::kNo;
};
Result<VaultOptions> vault_options_from(const std::string& options_json) {
  VaultOptions out;
  auto parsed = detail::object_argument(options_json, "options");
  if (!parsed) return std::move(parsed).error();
  const json& options = *parsed;
  if (auto it = options.find("kdfOps"); it != options.end()) {
    if (!it->is_number_unsigned()) return Error{ErrorCode::kInvalidArgument, "must be a whole number", "options.kdfOps"};
    out.kdf.ops = it->get<unsigned long long>();
  }
  if (auto it = options.find("kdfMemBytes"); it != options.end()) {
    if (!it->is_number_unsigned() || it->get<std::uint64_t>() > SIZE_MAX) {
      return Error{ErrorCode::kInvalidArgument, "must be a whole number of bytes", "options.kdfMemBytes"};
    }
    out.kdf.mem_bytes = static_cast<std::size_t>(it->get<std::uint64_t>());
  }
  if (auto it = options.find("rotateDataKey"); it != options.end()) {
    if (!it->is_boolean()) return Error{ErrorCode::kInvalidArgument, "must be true or false", "options.rotateDataKey"};
    out.rotate = it->get<bool>() ? RotateDataKey::kYes : RotateDataKey::kNo;
  }
  return out;
}

// What every reply that opens a vault says about it: the app remembers the newest
// generation it saw of each vault, to warn when a whole older copy is opened.
json opened_json(const Vault& vault) {
  return {{"schemaVersion", Vault::schema_version()}, {"vaultId", vault.vault_id()}, {"generation", vault.generation()}};
}

}  // namespace

struct Session::Impl {
  std::optional<Vault> vault;
  std::unique_ptr<detail::StreamingImport> import;  // destroyed before the vault it writes to
};

Session::Session() : impl_(std::make_unique<Impl>()) {}
Session::~Session() = default;

std::string Session::open(const std::string& path) {
  return guarded([&] {
    if (!crypto::init()) return error_envelope({ErrorCode::kInternal, "no secure random source is available", {}});
    auto vault = Vault::open(path);
    if (!vault) return error_envelope(vault.error());
    impl_->import.reset();
    impl_->vault.emplace(std::move(vault).value());
    return ok_envelope({{"schemaVersion", Vault::schema_version()}});
  });
}

// bytes → (signed envelope: verify, decide trust) → FHIR Bundle → vault, in one transaction.
std::string Session::import_bytes(std::string_view bytes, const std::string& file_name, bool encrypted,
                                  const std::vector<std::string>& opened_with) {
  if (!impl_->vault) return error_envelope(not_open());
  SourceInfo source{file_name, encrypted};
  auto payload = detail::open_envelope(*impl_->vault, bytes, source, opened_with);
  if (!payload) return error_envelope(payload.error());
  // Parse while storing: a Bundle's entries go into the vault one by one.
  auto report = impl_->vault->import_stream(source, [&](const fhir::ResourceSink& store) {
    return fhir::read_fhir(*payload, store);
  });
  if (!report) return error_envelope(report.error());
  for (auto& skipped : report->skipped) skipped = skipped.within(file_name);
  for (auto& flagged : report->flagged) flagged = flagged.within(file_name);
  return ok_envelope(detail::to_json(report.value()));
}

std::string Session::import_begin(const std::string& file_name, const std::string& options_json) {
  return guarded([&] {
    if (!impl_->vault) return error_envelope(not_open());
    if (impl_->import) return error_envelope({ErrorCode::kInvalidArgument, "another import is in progress", {}});
    auto parsed = detail::object_argument(options_json, "options");
    if (!parsed) return error_envelope(parsed.error());
    json& options = *parsed;
    auto decrypt = detail::decrypt_options_from_key(options);
    if (!decrypt) return error_envelope(decrypt.error());
    auto job = detail::StreamingImport::begin(*impl_->vault, file_name, std::move(decrypt).value());
    if (!job) return error_envelope(job.error());
    impl_->import = std::move(job).value();
    return ok_envelope(json::object());
  });
}

std::string Session::import_push(std::string_view bytes) {
  return guarded([&] {
    if (!impl_->import) return error_envelope({ErrorCode::kInvalidArgument, "no import is in progress", {}});
    auto& job = *impl_->import;
    if (auto s = job.push(crypto::as_bytes(bytes)); !s) {
      Error e = s.error().path.rfind(job.file_name(), 0) == 0 ? s.error() : s.error().within(job.file_name());
      impl_->import.reset();  // rolls back
      return error_envelope(e);
    }
    return ok_envelope({{"bytesIn", job.bytes_in()}, {"plaintextBytes", job.plaintext_bytes()}});
  });
}

std::string Session::import_finish() {
  return guarded([&] {
    if (!impl_->import) return error_envelope({ErrorCode::kInvalidArgument, "no import is in progress", {}});
    auto job = std::move(impl_->import);
    auto report = job->finish();
    if (!report) {
      const Error& e = report.error();
      return error_envelope(e.path.rfind(job->file_name(), 0) == 0 ? e : e.within(job->file_name()));
    }
    return ok_envelope(report.value());
  });
}

std::string Session::import_abort() {
  return guarded([&] {
    impl_->import.reset();  // rolls back whatever was stored
    return ok_envelope(json::object());
  });
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
        import_bytes(std::string_view(reinterpret_cast<const char*>(view.data()), view.size()), file_name, true,
                     j.recipients);
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

std::string Session::pending_issuers() {
  return guarded([&] {
    if (!impl_->vault) return error_envelope(not_open());
    auto issuers = impl_->vault->pending_issuers();
    if (!issuers) return error_envelope(issuers.error());
    json out = json::array();
    for (const auto& i : *issuers) out.push_back({{"keyId", i.key_id}, {"name", i.name}, {"publicKey", i.public_key}});
    return ok_envelope(out);
  });
}

std::string Session::confirm_issuer(const std::string& key_id, const std::string& name) {
  return guarded([&] {
    if (!impl_->vault) return error_envelope(not_open());
    if (auto s = impl_->vault->confirm_pending_issuer(key_id); !s) return error_envelope(s.error());
    if (!name.empty()) {
      auto issuers = impl_->vault->trusted_issuers();
      if (!issuers) return error_envelope(issuers.error());
      for (auto& i : *issuers) {
        if (i.key_id != key_id) continue;
        i.name = name;
        if (auto s = impl_->vault->add_trusted_issuer(i); !s) return error_envelope(s.error());
      }
    }
    return ok_envelope({{"keyId", key_id}});
  });
}

std::string Session::dismiss_issuer(const std::string& key_id) {
  return guarded([&] {
    if (!impl_->vault) return error_envelope(not_open());
    if (auto s = impl_->vault->dismiss_pending_issuer(key_id); !s) return error_envelope(s.error());
    return ok_envelope(json::object());
  });
}

std::string Session::create_vault(const std::string& path, const std::string& passphrase, const std::string& options_json) {
  return guarded([&] {
    auto options = vault_options_from(options_json);
    if (!options) return error_envelope(options.error());
    auto created = Vault::create(path, passphrase, options->kdf);
    if (!created) return error_envelope(created.error());
    impl_->import.reset();
    impl_->vault.emplace(std::move(created->vault));
    json reply = opened_json(*impl_->vault);
    reply["recoveryKey"] = created->recovery_key;
    reply["recoveryRecipient"] = created->recovery_recipient;
    return ok_envelope(reply);
  });
}

std::string Session::unlock(const std::string& path, const std::string& passphrase) {
  return guarded([&] {
    impl_->import.reset();  // an unfinished import rolls back before its vault closes
    impl_->vault.reset();
    auto vault = Vault::unlock(path, passphrase);
    if (!vault) return error_envelope(vault.error());
    impl_->import.reset();
    impl_->vault.emplace(std::move(vault).value());
    return ok_envelope(opened_json(*impl_->vault));
  });
}

std::string Session::unlock_with_recovery(const std::string& path, const std::string& recovery_key) {
  return guarded([&] {
    impl_->import.reset();  // an unfinished import rolls back before its vault closes
    impl_->vault.reset();
    auto vault = Vault::unlock_with_recovery(path, recovery_key);
    if (!vault) return error_envelope(vault.error());
    impl_->import.reset();
    impl_->vault.emplace(std::move(vault).value());
    return ok_envelope(opened_json(*impl_->vault));
  });
}

std::string Session::lock() {
  return guarded([&] {
    impl_->import.reset();  // an unfinished import rolls back before its vault closes
    impl_->vault.reset();  // closes the connection, unregisters the VFS, wipes every key
    return ok_envelope(json::object());
  });
}

std::string Session::change_passphrase(const std::string& new_passphrase, const std::string& options_json) {
  return guarded([&] {
    if (!impl_->vault) return error_envelope(not_open());
    auto options = vault_options_from(options_json);
    if (!options) return error_envelope(options.error());
    if (auto s = impl_->vault->change_passphrase(new_passphrase, options->kdf, options->rotate); !s) {
      if (impl_->vault->closed()) impl_->vault.reset();  // a failed rotation leaves it locked
      return error_envelope(s.error());
    }
    return ok_envelope(opened_json(*impl_->vault));
  });
}

std::string Session::vault_info() {
  return guarded([&] {
    if (!impl_->vault) return ok_envelope({{"open", false}, {"encrypted", false}, {"recoveryRecipient", ""}});
    json info = opened_json(*impl_->vault);
    info["open"] = true;
    info["encrypted"] = impl_->vault->encrypted();
    info["recoveryRecipient"] = impl_->vault->recovery_recipient();
    return ok_envelope(info);
  });
}

std::string Session::export_backup(EncryptJob& job) {
  return guarded([&] {
    if (!impl_->vault) return error_envelope(not_open());
    auto archive = impl_->vault->export_archive();
    if (!archive) return error_envelope(archive.error());
    if (auto s = job.impl_->push(crypto::as_bytes(*archive)); !s) return error_envelope(s.error());
    if (auto s = job.impl_->finish(); !s) return error_envelope(s.error());
    auto summary = impl_->vault->summary();
    return ok_envelope({{"archiveBytes", archive->size()}, {"resources", summary ? summary->total : 0}});
  });
}

std::string Session::restore_backup(DecryptJob& job) {
  return guarded([&] {
    if (!impl_->vault) return error_envelope(not_open());
    auto& j = *job.impl_;
    if (j.state != DecryptJob::Impl::State::kDone || !j.keep) {
      return error_envelope({ErrorCode::kInvalidArgument, "the decrypt job has not finished with its plaintext kept", {}});
    }
    const auto view = j.plaintext.view();
    auto report = impl_->vault->restore_archive(std::string_view(reinterpret_cast<const char*>(view.data()), view.size()));
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

std::string Session::records(const std::string& query_json) {
  return guarded([&] {
    if (!impl_->vault) return error_envelope(not_open());
    auto parsed = detail::object_argument(query_json, "query");
    if (!parsed) return error_envelope(parsed.error());
    detail::Args q(*parsed, "query");
    Vault::RecordQuery query;
    query.category = q.text("category");
    query.person = q.integer("person");
    query.source_id = q.integer("source");
    query.limit = static_cast<int>(std::clamp<std::int64_t>(q.integer("limit", 50), 1, 1000));
    auto cursor = q.object("cursor");
    query.before_effective_at = cursor.text("effectiveAt");
    query.before_id = cursor.integer("id");
    if (q.error()) return error_envelope(*q.error());
    auto rows = impl_->vault->records(query);
    if (!rows) return error_envelope(rows.error());
    json out = json::array();
    for (const auto& row : *rows) {
      const auto& r = row.record;
      out.push_back({{"id", row.id},
                     {"category", r.category},
                     {"codeSystem", r.code_system},
                     {"code", r.code},
                     {"display", r.display},
                     {"valueNumber", r.value_number ? json(*r.value_number) : json(nullptr)},
                     {"valueText", r.value_text},
                     {"unit", r.unit},
                     {"effectiveAt", r.effective_at},
                     {"status", r.status},
                     {"resourceType", row.resource_type},
                     {"source", row.source},
                     {"person", row.person}});
    }
    json next = nullptr;
    if (static_cast<int>(rows->size()) == query.limit) {
      next = {{"effectiveAt", rows->back().record.effective_at}, {"id", rows->back().id}};
    }
    return ok_envelope({{"records", std::move(out)}, {"next", std::move(next)}});
  });
}

std::string Session::import_lifelog(std::string_view bytes, const std::string& file_name) {
  return guarded([&] {
    if (!impl_->vault) return error_envelope(not_open());
    auto parsed = lifelog::parse_lifelog(bytes);
    if (!parsed) return error_envelope(parsed.error().within(file_name));
    for (auto& e : parsed->skipped) e = e.within(file_name);
    auto report = impl_->vault->import_lifelog({file_name}, *parsed);
    if (!report) return error_envelope(report.error());
    return ok_envelope(detail::to_json(report.value()));
  });
}

std::string Session::lifelog_samples(const std::string& query_json) {
  return guarded([&] {
    if (!impl_->vault) return error_envelope(not_open());
    auto parsed = detail::object_argument(query_json, "query");
    if (!parsed) return error_envelope(parsed.error());
    detail::Args q(*parsed, "query");
    const std::string from_text = q.text("from"), to_text = q.text("to"), metric = q.text("metric");
    const std::int64_t person = q.integer("person");
    if (q.error()) return error_envelope(*q.error());
    const auto from = lifelog::parse_date_time(from_text);
    const auto to = lifelog::parse_date_time(to_text);
    if (!from || !to) {
      return error_envelope({ErrorCode::kInvalidArgument, "from and to must be RFC 3339 date-times", "query"});
    }
    auto rows = impl_->vault->lifelog_samples(metric, from->utc, to->utc, person);
    if (!rows) return error_envelope(rows.error());
    json out = json::array();
    for (const auto& r : *rows) {
      const auto& s = r.sample;
      out.push_back({{"metric", s.metric},
                     {"start", lifelog::format_utc(s.start)},
                     {"end", lifelog::format_utc(s.end)},
                     {"utcOffset", s.utc_offset_minutes ? json(*s.utc_offset_minutes) : json(nullptr)},
                     {"value", s.value},
                     {"unit", s.unit},
                     {"device", s.device},
                     {"deviceKind", lifelog::device_kind_name(s.kind)},
                     {"detail", s.detail},
                     {"source", r.source}});
    }
    return ok_envelope({{"samples", std::move(out)}});
  });
}

std::string Session::lifelog_days(const std::string& query_json) {
  return guarded([&] {
    if (!impl_->vault) return error_envelope(not_open());
    auto parsed = detail::object_argument(query_json, "query");
    if (!parsed) return error_envelope(parsed.error());
    detail::Args q(*parsed, "query");
    const std::string metric = q.text("metric"), from = q.text("from", "0000-01-01"), to = q.text("to", "9999-12-31");
    const std::int64_t person = q.integer("person");
    if (q.error()) return error_envelope(*q.error());
    auto days = impl_->vault->lifelog_days(metric, from, to, person);
    if (!days) return error_envelope(days.error());
    auto weeks = impl_->vault->lifelog_weeks(metric, from, to, person);
    if (!weeks) return error_envelope(weeks.error());
    json d = json::array(), w = json::array();
    for (const auto& day : *days) {
      d.push_back({{"day", day.day},
                   {"value", day.value},
                   {"min", day.min ? json(*day.min) : json(nullptr)},
                   {"max", day.max ? json(*day.max) : json(nullptr)},
                   {"readings", day.readings},
                   {"explanation", day.explanation},
                   {"sources", day.sources}});
    }
    for (const auto& week : *weeks) w.push_back({{"weekStart", week.week_start}, {"value", week.value}, {"days", week.days}});
    return ok_envelope({{"metric", metric}, {"days", std::move(d)}, {"weeks", std::move(w)}});
  });
}

std::string Session::export_lifelog(const std::string& query_json) {
  return guarded([&] {
    if (!impl_->vault) return error_envelope(not_open());
    auto parsed = detail::object_argument(query_json, "query");
    if (!parsed) return error_envelope(parsed.error());
    detail::Args q(*parsed, "query");
    const std::vector<std::string> metrics = q.texts("metrics", {"steps", "heart-rate", "sleep", "body-weight",
                                                                 "blood-pressure-systolic", "blood-pressure-diastolic"});
    const std::string from = q.text("from", "0000-01-01"), to = q.text("to", "9999-12-31"), format = q.text("format", "fhir");
    const std::int64_t person = q.integer("person");
    if (q.error()) return error_envelope(*q.error());
    std::vector<lifelog::ExportDay> days;
    for (const auto& metric : metrics) {
      auto rows = impl_->vault->lifelog_days(metric, from, to, person);
      if (!rows) return error_envelope(rows.error());
      for (const auto& d : *rows) days.push_back({metric, d.day, 540, d.value, d.explanation});
    }
    if (format == "fhir") return ok_envelope(lifelog::to_fhir(days));
    if (format == "openmhealth") return ok_envelope(lifelog::to_open_mhealth(days));
    return error_envelope({ErrorCode::kInvalidArgument, "format must be \"fhir\" or \"openmhealth\"", "format"});
  });
}

std::string Session::lifelog_priority(const std::string& metric) {
  return guarded([&] {
    if (!impl_->vault) return error_envelope(not_open());
    auto priority = impl_->vault->lifelog_priority(metric);
    if (!priority) return error_envelope(priority.error());
    json order = json::array();
    for (auto k : priority->order) order.push_back(lifelog::device_kind_name(k));
    return ok_envelope({{"metric", metric}, {"order", std::move(order)}});
  });
}

std::string Session::set_lifelog_priority(const std::string& metric, const std::string& order_json) {
  return guarded([&] {
    if (!impl_->vault) return error_envelope(not_open());
    auto parsed = json_bounded::parse(order_json);
    const json order = parsed ? std::move(parsed).value() : json();
    if (!order.is_array()) return error_envelope({ErrorCode::kInvalidArgument, "the order must be a list of device kinds", "order"});
    lifelog::Priority priority;
    priority.order.clear();
    for (std::size_t i = 0; i < order.size(); ++i) {
      auto kind = lifelog::device_kind_from(order[i].is_string() ? order[i].get<std::string>() : "");
      if (!kind) {
        return error_envelope({ErrorCode::kInvalidArgument, "not a device kind (manual, medical-device, watch, phone, app)",
                               "order[" + std::to_string(i) + "]"});
      }
      priority.order.push_back(*kind);
    }
    auto n = impl_->vault->set_lifelog_priority(metric, priority);
    if (!n) return error_envelope(n.error());
    return ok_envelope({{"daysRecomputed", *n}});
  });
}

std::string Session::view(const std::string& name, const std::string& query_json) {
  return guarded([&] {
    if (!impl_->vault) return error_envelope(not_open());
    auto parsed = detail::object_argument(query_json, "query");
    if (!parsed) return error_envelope(parsed.error());
    detail::Args q(*parsed, "query");
    views::Query query;
    query.person = q.integer("person");
    query.today = q.text("today");
    const std::int64_t id = q.integer("id");
    if (q.error()) return error_envelope(*q.error());
    Vault& vault = *impl_->vault;
    Result<json> out = Error{ErrorCode::kInvalidArgument, "no view named \"" + name + "\"", "view"};
    if (name == "people") out = views::people(vault);
    else if (name == "medications") out = views::medications(vault, query);
    else if (name == "labs") out = views::labs(vault, query);
    else if (name == "checkups") out = views::checkups(vault, query);
    else if (name == "ehr-summary") out = views::ehr_summary(vault, query);
    else if (name == "document") out = views::document(vault, id);
    else if (name == "immunizations") out = views::immunizations(vault, query);
    else if (name == "safety") out = views::safety(vault, query);
    else if (name == "emergency") out = views::emergency(vault, query);
    if (!out) return error_envelope(out.error());
    return ok_envelope(std::move(out).value());
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
