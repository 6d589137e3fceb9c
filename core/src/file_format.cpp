#include "techo/file_format.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "json_bounded.hpp"
#include "techo/okusuri_techo.hpp"

namespace techo::format {
namespace {

constexpr std::string_view kAgeBinary = "age-encryption.org/v1\n";
constexpr std::string_view kAgeArmored = "-----BEGIN AGE ENCRYPTED FILE-----";
constexpr std::string_view kEnvelope = "techo-envelope/v1\n";
constexpr std::string_view kZipLocalHeader = "PK\x03\x04";
constexpr std::string_view kCsvHeader = "timestamp,metric,value,unit,source";
// A first line longer than this is not NDJSON (it is a minified document).
constexpr std::size_t kFirstLineLimit = 4u << 20;

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }
// While the head is shorter than `prefix`, it may still become it.
bool may_become(std::string_view head, std::string_view prefix) { return prefix.substr(0, head.size()) == head; }

std::size_t skip_space(std::string_view t, std::size_t at) {
  while (at < t.size() && (t[at] == ' ' || t[at] == '\t' || t[at] == '\r' || t[at] == '\n')) ++at;
  return at;
}

// The top-level member names of the JSON object at `at`, read without parsing values
// (nested values are skipped by bracket counting, strings by their quotes), so a long
// document costs one linear pass. `closed`: the object ended within the head.
struct TopLevelKeys {
  std::vector<std::string> keys;
  bool closed = false;
  bool malformed = false;
  bool has(std::string_view key) const { return std::find(keys.begin(), keys.end(), key) != keys.end(); }
  bool has_prefix(std::string_view prefix) const {
    return std::any_of(keys.begin(), keys.end(), [&](const std::string& k) { return starts_with(k, prefix); });
  }
};

// Index just past the string starting at t[at] == '"', or npos when it does not end in t.
std::size_t string_end(std::string_view t, std::size_t at) {
  for (std::size_t i = at + 1; i < t.size(); ++i) {
    if (t[i] == '\\') ++i;
    else if (t[i] == '"') return i + 1;
  }
  return std::string_view::npos;
}

// A member name as written; one with escapes is decoded by the JSON reader.
std::string key_text(std::string_view quoted) {
  if (quoted.find('\\') == std::string_view::npos) return std::string(quoted.substr(1, quoted.size() - 2));
  auto parsed = json_bounded::parse(quoted);
  return parsed && parsed->is_string() ? parsed->get<std::string>() : std::string();
}

// `early`: stop at "resourceType", which decides alone (FHIR whatever else follows), so a
// large Bundle is not walked to its end.
TopLevelKeys top_level_keys(std::string_view t, std::size_t at, bool early = true) {
  TopLevelKeys out;
  std::size_t depth = 0;
  bool expect_key = false;
  for (std::size_t i = at; i < t.size();) {
    const char c = t[i];
    if (c == '"') {
      const std::size_t end = string_end(t, i);
      if (end == std::string_view::npos) return out;  // the head ends inside a string
      if (depth == 1 && expect_key) {
        out.keys.push_back(key_text(t.substr(i, end - i)));
        expect_key = false;
        if (early && out.keys.back() == "resourceType") return out;
      }
      i = end;
      continue;
    }
    if (c == '{' || c == '[') {
      ++depth;
      if (depth == 1) expect_key = (c == '{');
    } else if (c == '}' || c == ']') {
      if (depth == 0) {
        out.malformed = true;
        return out;
      }
      if (--depth == 0) {
        out.closed = true;
        return out;
      }
    } else if (c == ',' && depth == 1) {
      expect_key = true;
    }
    ++i;
  }
  return out;
}

// A JSON object's format by its top-level keys; nullopt while they do not tell yet.
std::optional<FileFormat> by_keys(const TopLevelKeys& k, bool complete) {
  if (k.has("resourceType")) return FileFormat::kFhirJson;  // whatever else it holds
  if (!k.closed && !complete) return std::nullopt;           // "resourceType" may come later
  if (k.has("header") && k.has("body")) return FileFormat::kOpenMHealth;
  if (k.has("effective_time_frame")) return FileFormat::kOpenMHealth;  // a bare Open mHealth body
  if (k.has("status") && k.has("body")) return FileFormat::kWithings;
  if (k.has_prefix("activities-") || k.has("sleep") || k.has("weight")) return FileFormat::kFitbit;
  if (k.has("dataSourceId") && k.has("minStartTimeNs")) return FileFormat::kGoogleFit;  // a dataset, "point" may be absent
  return FileFormat::kNotRead;
}

Detection not_read(std::string seen) { return {FileFormat::kNotRead, std::move(seen)}; }

Detection detect_xml(std::string_view t, std::size_t at, bool complete) {
  // Past the prolog, comments and the doctype to the root element's name.
  for (std::size_t i = at; i < t.size();) {
    i = skip_space(t, i);
    if (i >= t.size()) break;
    if (t[i] != '<') return not_read("an XML file with text before its root element");
    const std::string_view rest = t.substr(i);
    std::string_view close;
    if (starts_with(rest, "<?")) close = "?>";
    else if (starts_with(rest, "<!--")) close = "-->";
    else if (starts_with(rest, "<!")) close = ">";  // <!DOCTYPE ... [ internal subset ]>
    if (!close.empty()) {
      // Apple's DOCTYPE carries an internal subset: its end is "]>".
      if (starts_with(rest, "<!DOCTYPE") && rest.find('[') != std::string_view::npos &&
          rest.find('[') < rest.find('>')) {
        close = "]>";
      }
      const std::size_t end = rest.find(close);
      if (end == std::string_view::npos) break;
      i += end + close.size();
      continue;
    }
    std::size_t name_end = 1;
    while (name_end < rest.size() && rest[name_end] != ' ' && rest[name_end] != '>' && rest[name_end] != '/' &&
           rest[name_end] != '\n' && rest[name_end] != '\r' && rest[name_end] != '\t') {
      ++name_end;
    }
    if (name_end == rest.size() && !complete) break;
    const std::string_view name = rest.substr(1, name_end - 1);
    if (name == "HealthData") return {FileFormat::kAppleHealthXml, {}};
    return not_read("an XML file whose root element is <" + std::string(name) + ">");
  }
  if (complete || t.size() - at > (1u << 20)) return not_read("an XML file without a root element Techo reads");
  return {};
}

// Up to the end of the first line: NDJSON when it is one complete FHIR resource (not a
// Bundle) and more lines follow.
std::optional<bool> first_line_is_ndjson(std::string_view t, std::size_t at, bool complete) {
  const std::size_t end = t.find('\n', at);
  if (end == std::string_view::npos) {
    if (complete || t.size() - at > kFirstLineLimit) return false;
    return std::nullopt;
  }
  if (skip_space(t, end) >= t.size() && !complete) return std::nullopt;  // is anything after it?
  if (skip_space(t, end) >= t.size()) return false;                      // one line: a document
  const auto keys = top_level_keys(t.substr(0, end), at, /*early=*/false);  // must see the line close
  if (!keys.closed || !keys.has("resourceType")) return false;
  auto parsed = json_bounded::parse(t.substr(at, end - at));
  if (!parsed || !parsed->is_object()) return false;
  const auto type = parsed->find("resourceType");
  return type != parsed->end() && type->is_string() && *type != "Bundle";
}

Detection detect_json_object(std::string_view t, std::size_t at, bool complete) {
  const auto ndjson = first_line_is_ndjson(t, at, complete);
  if (!ndjson) return {};
  if (*ndjson) return {FileFormat::kFhirNdjson, {}};
  const auto keys = top_level_keys(t, at);
  if (keys.malformed) return not_read("text that is not valid JSON");
  if (auto format = by_keys(keys, complete)) {
    if (*format != FileFormat::kNotRead) return {*format, {}};
    std::string seen = "a JSON object with the keys ";
    for (std::size_t i = 0; i < keys.keys.size() && i < 6; ++i) seen += (i ? ", \"" : "\"") + keys.keys[i] + "\"";
    if (keys.keys.empty()) seen = "an empty JSON object";
    return not_read(seen);
  }
  return {};
}

// A list: Open mHealth data points (told by the first element's keys).
Detection detect_json_array(std::string_view t, std::size_t at, bool complete) {
  const std::size_t first = skip_space(t, at + 1);
  if (first >= t.size()) return complete ? not_read("text that is not valid JSON") : Detection{};
  if (t[first] == ']') return not_read("an empty JSON list");
  if (t[first] != '{') return not_read("a JSON list of something other than objects");
  const auto keys = top_level_keys(t, first);
  if (!keys.closed && !complete) return {};
  if ((keys.has("header") && keys.has("body")) || keys.has("effective_time_frame")) return {FileFormat::kOpenMHealth, {}};
  return not_read("a JSON list whose items are not Open mHealth data points or bodies");
}

}  // namespace

std::string_view format_name(FileFormat format) noexcept {
  switch (format) {
    case FileFormat::kUndecided: return "undecided";
    case FileFormat::kAgeBinary: return "age";
    case FileFormat::kAgeArmored: return "age-armored";
    case FileFormat::kSignedEnvelope: return "signed-envelope";
    case FileFormat::kZip: return "zip";
    case FileFormat::kAppleHealthXml: return "apple-health";
    case FileFormat::kFhirJson: return "fhir";
    case FileFormat::kFhirNdjson: return "fhir-ndjson";
    case FileFormat::kOpenMHealth: return "openmhealth";
    case FileFormat::kFitbit: return "fitbit";
    case FileFormat::kGoogleFit: return "googlefit";
    case FileFormat::kWithings: return "withings";
    case FileFormat::kLifelogCsv: return "csv";
    case FileFormat::kJahisTc: return "jahis-tc";
    case FileFormat::kNotRead: return "not-read";
  }
  return "not-read";
}

std::string formats_read() {
  return "FHIR R4 JSON (a Bundle or one resource), FHIR NDJSON, Apple Health export.xml or export.zip, Open mHealth JSON, "
         "Fitbit, Google Fit and Withings API exports, Techo's lifelog CSV (" +
         std::string(kCsvHeader) + "), お薬手帳 (JAHIS 電子版お薬手帳: the text of a pharmacy's QR code), any of these signed (techo-envelope/v1) or encrypted with age";
}

bool is_lifelog(FileFormat format) noexcept {
  switch (format) {
    case FileFormat::kOpenMHealth:
    case FileFormat::kFitbit:
    case FileFormat::kGoogleFit:
    case FileFormat::kWithings:
    case FileFormat::kLifelogCsv:
    case FileFormat::kAppleHealthXml:
      return true;
    default:
      return false;
  }
}

Detection detect(std::string_view head, bool complete) {
  // Byte signatures first: they are exact, and an age or zip file is not text.
  for (const auto& [magic, format] : std::array<std::pair<std::string_view, FileFormat>, 3>{
           {{kAgeBinary, FileFormat::kAgeBinary}, {kEnvelope, FileFormat::kSignedEnvelope}, {kZipLocalHeader, FileFormat::kZip}}}) {
    if (starts_with(head, magic)) return {format, {}};
    if (!complete && !head.empty() && may_become(head, magic)) return {};
  }
  std::size_t at = head.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;  // a UTF-8 byte order mark
  at = skip_space(head, at);
  if (at >= head.size()) return complete ? not_read("an empty file") : Detection{};
  const std::string_view rest = head.substr(at);
  if (starts_with(rest, kAgeArmored)) return {FileFormat::kAgeArmored, {}};
  if (!complete && may_become(rest, kAgeArmored)) return {};
  if (starts_with(rest, kCsvHeader)) return {FileFormat::kLifelogCsv, {}};
  if (!complete && may_become(rest, kCsvHeader)) return {};
  if (const auto jahis = okusuri::has_header(rest, complete); !jahis) return {};
  else if (*jahis) return {FileFormat::kJahisTc, {}};
  switch (head[at]) {
    case '<': return detect_xml(head, at, complete);
    case '{': return detect_json_object(head, at, complete);
    case '[': return detect_json_array(head, at, complete);
    default: break;
  }
  if (starts_with(rest, "PK")) return not_read("a zip file Techo cannot read from its start");
  return not_read("a file that is neither JSON, NDJSON, XML, CSV, zip nor age");
}

}  // namespace techo::format
