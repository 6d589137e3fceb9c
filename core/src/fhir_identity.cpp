#include "techo/fhir.hpp"

namespace techo::fhir {

std::string identity_key(const Resource& resource) {
  const std::string& url = resource.full_url;
  if (url.rfind("urn:uuid:", 0) == 0 || url.rfind("urn:oid:", 0) == 0 || url.rfind("http://", 0) == 0 ||
      url.rfind("https://", 0) == 0) {
    return "url:" + url;
  }
  if (!resource.id.empty()) return "id:" + resource.type + "/" + resource.id;
  // Business identifiers last: real data reuses them across distinct resources (the
  // JP-CLINS examples give four lab results one identifier), and merging those would lose data.
  const auto& body = resource.body;
  if (auto ids = body.find("identifier"); ids != body.end() && ids->is_array()) {
    for (const auto& id : *ids) {
      if (!id.is_object()) continue;
      auto system = id.find("system");
      auto value = id.find("value");
      if (system != id.end() && value != id.end() && system->is_string() && value->is_string() &&
          !system->get_ref<const std::string&>().empty() && !value->get_ref<const std::string&>().empty()) {
        return "identifier:" + resource.type + "|" + system->get<std::string>() + "|" + value->get<std::string>();
      }
    }
  }
  return {};
}

std::string last_updated(const nlohmann::json& body) {
  auto meta = body.find("meta");
  if (meta == body.end() || !meta->is_object()) return {};
  auto at = meta->find("lastUpdated");
  return at != meta->end() && at->is_string() ? at->get<std::string>() : std::string();
}

}  // namespace techo::fhir
