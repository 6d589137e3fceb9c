// Session::call under the names the native tests have always used, so that each test reads
// as a use of one API method. Arguments that are JSON texts are put in place unparsed: a
// malformed one makes the whole argument object malformed, as a caller would see it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "techo/api.hpp"

namespace techo::test {

class TestSession : public api::Session {
 public:
  using Session::call;
  std::string call(const std::string& method) { return call(method, "{}"); }
  std::string call(const std::string& method, const nlohmann::json& args) { return call(method, args.dump()); }
  std::string call(const std::string& method, const char* args) { return call(method, std::string(args)); }

  std::string open(const std::string& path) { return call("open", nlohmann::json{{"path", path}}); }
  std::string create_vault(const std::string& path, const std::string& passphrase, const std::string& options) {
    return call("createVault", with("options", options, {{"path", path}, {"passphrase", passphrase}}));
  }
  std::string unlock(const std::string& path, const std::string& passphrase) {
    return call("unlock", nlohmann::json{{"path", path}, {"passphrase", passphrase}});
  }
  std::string unlock_with_recovery(const std::string& path, const std::string& key) {
    return call("unlockWithRecovery", nlohmann::json{{"path", path}, {"recoveryKey", key}});
  }
  std::string lock() { return call("lock"); }
  std::string change_passphrase(const std::string& passphrase, const std::string& options) {
    return call("changePassphrase", with("options", options, {{"passphrase", passphrase}}));
  }
  std::string vault_info() { return call("vaultInfo"); }

  std::string import_fhir(std::string_view bytes, const std::string& file_name) { return import_bytes(bytes, file_name); }
  std::string import_lifelog(std::string_view bytes, const std::string& file_name) { return import_bytes(bytes, file_name); }
  std::string import_begin(const std::string& file_name, const std::string& key) {
    return call("importBegin", with("key", key, {{"fileName", file_name}}));
  }
  std::string import_finish() { return call("importFinish"); }
  std::string import_abort() { return call("importAbort"); }

  std::string add_trusted_issuer(const std::string& public_key, const std::string& name) {
    return call("addTrustedIssuer", nlohmann::json{{"publicKey", public_key}, {"name", name}});
  }
  std::string trusted_issuers() { return call("trustedIssuers"); }
  std::string pending_issuers() { return call("pendingIssuers"); }
  std::string confirm_issuer(const std::string& key_id, const std::string& name) {
    return call("confirmIssuer", nlohmann::json{{"keyId", key_id}, {"name", name}});
  }
  std::string dismiss_issuer(const std::string& key_id) { return call("dismissIssuer", nlohmann::json{{"keyId", key_id}}); }

  std::string summary() { return call("summary"); }
  std::string records(const std::string& query) { return call("records", with("query", query)); }
  // The views by the names they had as one "view" method ("ehr-summary", "document" with {"id"}).
  std::string view(const std::string& name, const std::string& query) {
    if (name == "document") return call("document", query.empty() ? std::string("{}") : query);
    return call(name == "ehr-summary" ? "ehrSummary" : name, with("query", query));
  }

  std::string lifelog_samples(const std::string& query) { return call("lifelogSamples", with("query", query)); }
  std::string lifelog_days(const std::string& query) { return call("lifelogDays", with("query", query)); }
  std::string export_lifelog(const std::string& query) { return call("exportLifelog", with("query", query)); }
  std::string lifelog_priority(const std::string& metric) { return call("lifelogPriority", nlohmann::json{{"metric", metric}}); }
  std::string set_lifelog_priority(const std::string& metric, const std::string& order) {
    return call("setLifelogPriority", with("order", order, {{"metric", metric}}));
  }

 private:
  // `fields` as a JSON object text with `key` set to the JSON text `value` as written.
  static std::string with(const std::string& key, const std::string& value, nlohmann::json fields = nlohmann::json::object()) {
    std::string text = fields.dump();
    text.pop_back();
    if (text.size() > 1) text += ",";
    return text + "\"" + key + "\":" + (value.empty() ? std::string("{}") : value) + "}";
  }
};

}  // namespace techo::test
