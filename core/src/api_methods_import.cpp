// The import path as API methods: begin (with the file's key when it is encrypted),
// pieces pushed as bytes (Session::import_push, outside the table: JSON does not carry
// bytes), finish or abort. Every entry point — importFile, importFhir, importLifelog,
// importEncrypted — is this one path; what the file is, format::detect tells.
#include "api_decrypt_key.hpp"
#include "api_methods.hpp"

namespace techo::api::detail {
namespace {

using techo::detail::Args;
using nlohmann::json;

Result<json> import_begin(SessionState& state, Args& a) {
  const std::string file_name = a.text("fileName");
  json key = a.object_value("key");
  if (a.error()) return *a.error();
  if (state.import) return Error{ErrorCode::kInvalidArgument, "another import is in progress", {}};
  auto decrypt = techo::detail::decrypt_options_from_key(key);
  if (!decrypt) return std::move(decrypt).error();
  auto job = techo::detail::StreamingImport::begin(*state.vault, file_name, std::move(decrypt).value());
  if (!job) return std::move(job).error();
  state.import = std::move(job).value();
  return json::object();
}

Result<json> import_finish(SessionState& state, Args&) {
  if (!state.import) return Error{ErrorCode::kInvalidArgument, "no import is in progress", {}};
  auto job = std::move(state.import);  // finished or failed, the import ends here
  auto report = job->finish();
  if (!report) return import_failed(state, *job, report.error());
  return std::move(report).value();
}

Result<json> import_abort(SessionState& state, Args&) {
  state.import.reset();  // rolls back whatever was stored
  return json::object();
}

// What an app needs to offer the import: the formats, the file name endings a picker
// should accept, and the sentence that says it to a person.
Result<json> readable_formats(SessionState&, Args&) {
  json formats = json::array();
  for (auto f : {format::FileFormat::kFhirJson, format::FileFormat::kFhirNdjson, format::FileFormat::kAppleHealthXml,
                 format::FileFormat::kOpenMHealth, format::FileFormat::kFitbit, format::FileFormat::kGoogleFit,
                 format::FileFormat::kWithings, format::FileFormat::kLifelogCsv, format::FileFormat::kJahisTc}) {
    formats.push_back(format::format_name(f));
  }
  return json{{"formats", std::move(formats)},
              {"extensions", {".json", ".ndjson", ".xml", ".zip", ".csv", ".txt", ".age"}},
              {"description", format::formats_read()}};
}

}  // namespace

Error import_failed(SessionState& state, const techo::detail::StreamingImport& job, const Error& error) {
  if (job.format() != format::FileFormat::kUndecided) state.failed_format = std::string(format::format_name(job.format()));
  return error.path.rfind(job.file_name(), 0) == 0 ? error : error.within(job.file_name());
}

const MethodTable& import_methods() {
  static const MethodTable table = {
      {"importBegin", Needs::kOpenVault, import_begin},
      {"importFinish", Needs::kOpenVault, import_finish},
      {"importAbort", Needs::kNothing, import_abort},
      {"readableFormats", Needs::kNothing, readable_formats},
  };
  return table;
}

}  // namespace techo::api::detail
