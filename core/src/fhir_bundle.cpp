#include <array>
#include <cstring>
#include <optional>
#include <string>

#include "techo/fhir.hpp"
#include "techo/file_format.hpp"
#include "techo/fhir_validate.hpp"
#include "json_bounded.hpp"
#include "json_read.hpp"

namespace techo::fhir {
namespace {

using nlohmann::json;

// The first profile a resource claims (meta.profile[0]), "" when none: a Bundle's profile
// says which document it is (an e-prescription, a checkup report, ...).
std::string first_profile(const json& root) {
  auto meta = root.find("meta");
  if (meta == root.end() || !meta->is_object()) return {};
  auto profiles = meta->find("profile");
  if (profiles == meta->end() || !profiles->is_array() || profiles->empty() || !(*profiles)[0].is_string()) return {};
  return (*profiles)[0].get<std::string>();
}

// Every JSON text here comes from outside: read by the bounded parser only.
Result<json> parse_json(std::string_view bytes) { return json_bounded::parse(bytes); }

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

}  // namespace

Status read_ndjson_line(std::string_view line, std::size_t line_number, StreamReport& report, const ResourceSink& sink) {
  const std::string where = "line " + std::to_string(line_number);
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) return Ok{};
  auto body = json_bounded::parse(line);
  if (!body) {
    // The line is the place a person looks for; the column within it helps little.
    report.skipped.push_back({ErrorCode::kMalformedInput, body.error().message, where});
    return Ok{};
  }
  auto resource = read_resource(std::move(body).value(), "");
  if (!resource) {
    Error e = resource.error();
    e.path = where + ": " + e.path;
    report.skipped.push_back(std::move(e));
    return Ok{};
  }
  for (auto& finding : check_profiles(*resource, "")) report.flagged.push_back(finding.within(where));
  return sink(std::move(resource).value());
}

namespace {

// NDJSON: one resource per line, each handed to the sink as it is read.
Result<StreamReport> read_ndjson(std::string_view bytes, const ResourceSink& sink) {
  StreamReport out;
  out.kind = InputKind::kNdjson;
  out.bundle_type = "ndjson";
  std::size_t line_number = 0;
  for (std::size_t at = 0; at < bytes.size();) {
    std::size_t end = bytes.find('\n', at);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = bytes.substr(at, end - at);
    at = end + 1;
    ++line_number;
    if (auto s = read_ndjson_line(line, line_number, out, sink); !s) return std::move(s).error();
  }
  return out;
}


// Where a Bundle's entries are in the text, found without building any JSON tree: a
// scanner that follows strings (with escapes) and nesting finds the root's "entry" list
// and each element's byte range. Each entry is then parsed alone and discarded after
// storing, so a large Bundle never exists as one tree (the peak is the input text and
// one entry), at the speed of a plain parse. Anything the scanner does not recognise as
// a Bundle is left to the ordinary parser, which also reports malformed JSON.
struct EntryLayout {
  std::size_t list_begin = 0;  // offset of the '[' of the root's "entry"
  std::size_t list_end = 0;    // offset just past its ']'
  std::vector<std::pair<std::size_t, std::size_t>> entries;  // [begin, end) of each element
};

// The bytes skip_value() stops at outside strings; pretty-printed Bundles (Synthea's) are
// largely indentation, passed over by one table lookup a byte.
constexpr std::array<bool, 256> kStructural = [] {
  std::array<bool, 256> t{};
  for (unsigned char c : {'"', '{', '[', '}', ']', ','}) t[c] = true;
  return t;
}();

class Scanner {
 public:
  explicit Scanner(std::string_view text) : t_(text) {}

  // The layout of the root object's "entry" list; nullopt when there is none or the text
  // is not shaped as expected (the caller then parses the whole text).
  std::optional<EntryLayout> find_entries() {
    skip_ws();
    if (!take('{')) return std::nullopt;
    for (;;) {
      skip_ws();
      if (peek() == '}') return std::nullopt;
      std::string key;
      if (!read_string(&key)) return std::nullopt;
      skip_ws();
      if (!take(':')) return std::nullopt;
      skip_ws();
      if (key == "entry" && peek() == '[') return read_list();
      if (!skip_value()) return std::nullopt;
      skip_ws();
      if (take(',')) continue;
      return std::nullopt;  // '}' (no entry list) or malformed
    }
  }

 private:
  char peek() const { return at_ < t_.size() ? t_[at_] : '\0'; }
  bool take(char c) {
    if (peek() != c) return false;
    ++at_;
    return true;
  }
  void skip_ws() {
    while (at_ < t_.size() && (t_[at_] == ' ' || t_[at_] == '\n' || t_[at_] == '\r' || t_[at_] == '\t')) ++at_;
  }
  bool read_string(std::string* out) {
    if (!take('"')) return false;
    const std::size_t begin = at_;
    while (at_ < t_.size() && t_[at_] != '"') at_ += t_[at_] == '\\' ? 2 : 1;
    if (at_ >= t_.size()) return false;
    if (out) out->assign(t_.substr(begin, at_ - begin));
    ++at_;
    return true;
  }
  // Any value: strings followed exactly, nesting counted; content checked by the parser.
  // Stops, true, at the first ',', '}' or ']' outside strings and at the value's own level;
  // false at the end of the text. The scanner passes over every byte of a Bundle, most of
  // them inside strings, which are crossed a quote at a time (memchr), not byte by byte.
  bool skip_value() {
    const char* const begin = t_.data();
    const char* const end = begin + t_.size();
    const char* p = begin + at_;
    std::size_t depth = 0;
    while (p < end) {
      while (p < end && !kStructural[static_cast<unsigned char>(*p)]) ++p;  // whitespace, numbers, literals
      if (p == end) break;
      const char c = *p;
      if (c == '"') {
        p = past_string(p + 1, end);
        if (!p) return false;
        continue;
      }
      if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (depth == 0) break;  // the end of the enclosing container
        --depth;
      } else if (c == ',' && depth == 0) {
        break;
      }
      ++p;
    }
    at_ = static_cast<std::size_t>(p - begin);
    return p < end;
  }
  // Just past the closing quote of a string whose first byte is `p`; nullptr if it has none.
  // A quote closes the string unless an odd number of backslashes precede it.
  static const char* past_string(const char* p, const char* end) {
    const char* const first = p;
    for (;;) {
      const auto* quote = static_cast<const char*>(std::memchr(p, '"', static_cast<std::size_t>(end - p)));
      if (!quote) return nullptr;
      std::size_t backslashes = 0;
      for (const char* b = quote; b > first && b[-1] == '\\'; --b) ++backslashes;
      if (backslashes % 2 == 0) return quote + 1;
      p = quote + 1;
    }
  }
  std::optional<EntryLayout> read_list() {
    EntryLayout layout;
    layout.list_begin = at_;
    take('[');
    skip_ws();
    if (take(']')) {
      layout.list_end = at_;
      return layout;
    }
    for (;;) {
      skip_ws();
      const std::size_t begin = at_;
      if (!skip_value()) return std::nullopt;
      std::size_t end = at_;
      while (end > begin && (t_[end - 1] == ' ' || t_[end - 1] == '\n' || t_[end - 1] == '\r' || t_[end - 1] == '\t')) --end;
      layout.entries.emplace_back(begin, end);
      skip_ws();
      if (take(',')) continue;
      if (!take(']')) return std::nullopt;
      layout.list_end = at_;
      return layout;
    }
  }

  std::string_view t_;
  std::size_t at_ = 0;
};

}  // namespace

Result<StreamReport> read_fhir(std::string_view bytes, const ResourceSink& sink) {
  if (format::detect(bytes, true).format == format::FileFormat::kFhirNdjson) return read_ndjson(bytes, sink);
  StreamReport report;
  auto layout = Scanner(bytes).find_entries();
  json root;
  if (layout) {
    // The root without its entries: small, and parsing it checks everything around them.
    std::string outside(bytes.substr(0, layout->list_begin));
    outside += "[]";
    outside += bytes.substr(layout->list_end);
    auto parsed = json_bounded::parse(outside);
    if (!parsed) {
      // Re-read the whole text for the place: the error is after the entries or before them.
      auto whole = json_bounded::parse(bytes);
      return whole ? std::move(parsed).error() : std::move(whole).error();
    }
    root = std::move(parsed).value();
  } else {
    auto parsed = json_bounded::parse(bytes);
    if (!parsed) return std::move(parsed).error();
    root = std::move(parsed).value();
  }
  if (json_read::text(root, "resourceType") != "Bundle") {
    if (layout) {  // a resource with an "entry" (List): the whole of it
      auto whole = json_bounded::parse(bytes);
      if (!whole) return std::move(whole).error();
      root = std::move(whole).value();
    }
    auto resource = read_resource(std::move(root), "");
    if (!resource) return std::move(resource).error();
    report.kind = InputKind::kResource;
    report.bundle_type = "resource";
    report.flagged = check_profiles(*resource, "");
    if (auto s = sink(std::move(resource).value()); !s) return std::move(s).error();
    return report;
  }
  report.kind = InputKind::kBundle;
  if (auto t = root.find("type"); t != root.end() && t->is_string()) report.bundle_type = t->get<std::string>();
  report.bundle_profile = first_profile(root);
  if (!layout) {
    // No entry list found by the scanner (an empty Bundle, or an unusual layout): the tree.
    auto bundle = parse_bundle_json(std::move(root));
    if (!bundle) return std::move(bundle).error();
    report.skipped = std::move(bundle->skipped);
    report.flagged = std::move(bundle->flagged);
    for (auto& r : bundle->resources) {
      if (auto s = sink(std::move(r)); !s) return std::move(s).error();
    }
    return report;
  }
  for (std::size_t i = 0; i < layout->entries.size(); ++i) {
    const auto [begin, end] = layout->entries[i];
    auto parsed = json_bounded::parse_part(bytes, begin, end);
    if (!parsed) return std::move(parsed).error();
    json entry = std::move(parsed).value();
    auto resource = read_entry(entry, i);
    if (!resource) {
      report.skipped.push_back(std::move(resource).error());
      continue;
    }
    for (auto& finding : check_profiles(*resource, entry_path(i) + ".resource")) report.flagged.push_back(std::move(finding));
    if (auto s = sink(std::move(resource).value()); !s) return std::move(s).error();
  }
  return report;
}

Result<Parsed> parse_fhir(std::string_view bytes) {
  Parsed out;
  auto report = read_fhir(bytes, [&](Resource&& r) -> Status {
    out.resources.push_back(std::move(r));
    return Ok{};
  });
  if (!report) return std::move(report).error();
  out.kind = report->kind;
  out.bundle_type = std::move(report->bundle_type);
  out.skipped = std::move(report->skipped);
  out.flagged = std::move(report->flagged);
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
  bundle.profile = first_profile(root);
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
