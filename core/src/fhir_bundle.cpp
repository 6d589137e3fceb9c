#include <string>

#include "techo/fhir.hpp"
#include "techo/fhir_validate.hpp"

namespace techo::fhir {
namespace {

using nlohmann::json;

// nlohmann reports a byte offset; a person looks for line and column.
std::string line_and_column(std::string_view text, std::size_t byte_offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < byte_offset && i < text.size(); ++i) {
    if (text[i] == '\n') { ++line; column = 1; } else { ++column; }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

Result<json> parse_json(std::string_view bytes) {
  try {
    return json::parse(bytes.begin(), bytes.end());
  } catch (const json::parse_error& e) {
    // e.what() reads "[json.exception.parse_error.101] parse error at line 1, column 18:
    // syntax error ..."; the location goes into the path, so keep only the explanation.
    std::string detail = e.what();
    if (auto at = detail.find(": "); at != std::string::npos) detail = detail.substr(at + 2);
    return Error{ErrorCode::kMalformedInput, "not valid JSON: " + detail,
                 line_and_column(bytes, e.byte == 0 ? 0 : e.byte - 1)};
  }
}

std::string entry_path(std::size_t index) {
  return "Bundle.entry[" + std::to_string(index) + "]";
}

Result<Resource> read_entry(json& entry, std::size_t index) {
  const std::string at = entry_path(index);
  if (!entry.is_object()) {
    return Error{ErrorCode::kInvalidResource, "a Bundle entry must be a JSON object", at};
  }
  auto resource = entry.find("resource");
  if (resource == entry.end() || !resource->is_object()) {
    return Error{ErrorCode::kInvalidResource, "the entry has no resource object", at + ".resource"};
  }
  auto type = resource->find("resourceType");
  if (type == resource->end() || !type->is_string() || type->get_ref<const std::string&>().empty()) {
    return Error{ErrorCode::kInvalidResource, "expected a resourceType string",
                 at + ".resource.resourceType"};
  }
  Resource out;
  out.type = type->get<std::string>();
  if (auto id = resource->find("id"); id != resource->end()) {
    if (!id->is_string()) {
      return Error{ErrorCode::kInvalidResource, "expected id to be a string", at + ".resource.id"};
    }
    out.id = id->get<std::string>();
  }
  if (auto url = entry.find("fullUrl"); url != entry.end()) {
    if (!url->is_string()) {
      return Error{ErrorCode::kInvalidResource, "expected fullUrl to be a string", at + ".fullUrl"};
    }
    out.full_url = url->get<std::string>();
  }
  out.body = std::move(*resource);  // the Bundle is consumed: move, do not hold two copies
  if (auto s = check_structure(out, at + ".resource"); !s) return std::move(s).error();
  return out;
}

Result<Resource> read_resource(json&& body, const std::string& at) {
  if (!body.is_object()) return Error{ErrorCode::kInvalidResource, "expected a FHIR resource (a JSON object)", at};
  auto type = body.find("resourceType");
  if (type == body.end() || !type->is_string() || type->get_ref<const std::string&>().empty()) {
    return Error{ErrorCode::kInvalidResource, "expected a resourceType string", at.empty() ? "resourceType" : at + ".resourceType"};
  }
  Resource out;
  out.type = type->get<std::string>();
  if (auto id = body.find("id"); id != body.end()) {
    if (!id->is_string()) return Error{ErrorCode::kInvalidResource, "expected id to be a string", at.empty() ? "id" : at + ".id"};
    out.id = id->get<std::string>();
  }
  out.body = std::move(body);
  if (auto s = check_structure(out, at); !s) return std::move(s).error();
  return out;
}

// NDJSON: the first line alone is a complete JSON object and more follows it.
bool looks_like_ndjson(std::string_view bytes) {
  const std::size_t start = bytes.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || bytes[start] != '{') return false;
  const std::size_t end = bytes.find('\n', start);
  if (end == std::string_view::npos || bytes.find_first_not_of(" \t\r\n", end) == std::string_view::npos) return false;
  return json::accept(bytes.substr(start, end - start));
}

Result<Parsed> parse_ndjson(std::string_view bytes) {
  Parsed out;
  out.kind = InputKind::kNdjson;
  out.bundle_type = "ndjson";
  std::size_t line_number = 0;
  for (std::size_t at = 0; at < bytes.size();) {
    std::size_t end = bytes.find('\n', at);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = bytes.substr(at, end - at);
    at = end + 1;
    ++line_number;
    const std::string where = "line " + std::to_string(line_number);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    json body = json::parse(line, nullptr, false);
    if (body.is_discarded()) {
      out.skipped.push_back({ErrorCode::kMalformedInput, "not valid JSON", where});
      continue;
    }
    auto resource = read_resource(std::move(body), "");
    if (!resource) {
      Error e = resource.error();
      e.path = where + ": " + e.path;
      out.skipped.push_back(std::move(e));
      continue;
    }
    for (auto& finding : check_profiles(*resource, "")) out.flagged.push_back(finding.within(where));
    out.resources.push_back(std::move(resource).value());
  }
  return out;
}

}  // namespace

Result<Parsed> parse_fhir(std::string_view bytes) {
  if (looks_like_ndjson(bytes)) return parse_ndjson(bytes);
  auto parsed = parse_json(bytes);
  if (!parsed) return std::move(parsed).error();
  json& root = parsed.value();
  if (root.is_object() && root.value("resourceType", "") == "Bundle") {
    auto bundle = parse_bundle_json(std::move(root));
    if (!bundle) return std::move(bundle).error();
    return Parsed{InputKind::kBundle, std::move(bundle->type), std::move(bundle->resources), std::move(bundle->skipped),
                  std::move(bundle->flagged)};
  }
  auto resource = read_resource(std::move(root), "");
  if (!resource) return std::move(resource).error();
  Parsed out;
  out.kind = InputKind::kResource;
  out.bundle_type = "resource";
  out.flagged = check_profiles(*resource, "");
  out.resources.push_back(std::move(resource).value());
  return out;
}

Result<Bundle> parse_bundle(std::string_view bytes) {
  auto parsed = parse_json(bytes);
  if (!parsed) return std::move(parsed).error();
  return parse_bundle_json(std::move(parsed).value());
}

Result<Bundle> parse_bundle_json(nlohmann::json&& root) {
  if (!root.is_object()) {
    return Error{ErrorCode::kInvalidResource, "expected a FHIR resource (a JSON object)", "$"};
  }
  auto type = root.find("resourceType");
  if (type == root.end() || !type->is_string()) {
    return Error{ErrorCode::kInvalidResource, "expected a resourceType string", "resourceType"};
  }
  if (*type != "Bundle") {
    return Error{ErrorCode::kUnsupported,
                 "expected a FHIR Bundle, found a " + type->get<std::string>() + " resource",
                 "resourceType"};
  }

  Bundle bundle;
  if (auto t = root.find("type"); t != root.end() && t->is_string()) bundle.type = t->get<std::string>();
  auto entries = root.find("entry");
  if (entries == root.end()) return bundle;  // an empty Bundle is valid FHIR
  if (!entries->is_array()) {
    return Error{ErrorCode::kInvalidResource, "expected entry to be a list", "Bundle.entry"};
  }
  for (std::size_t i = 0; i < entries->size(); ++i) {
    auto resource = read_entry((*entries)[i], i);
    if (resource) {
      for (auto& finding : check_profiles(*resource, entry_path(i) + ".resource")) bundle.flagged.push_back(std::move(finding));
      bundle.resources.push_back(std::move(resource).value());
    } else {
      bundle.skipped.push_back(std::move(resource).error());
    }
  }
  return bundle;
}

}  // namespace techo::fhir
