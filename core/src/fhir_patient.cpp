#include <string>

#include "techo/fhir.hpp"
#include "json_read.hpp"

namespace techo::fhir {
namespace {

using nlohmann::json;

constexpr std::string_view kRepresentationUrl =
    "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation";

// JP Core marks the kanji name IDE and the kana name SYL; other data has neither.
std::string representation_of(const json& name) {
  auto ext = name.find("extension");
  if (ext == name.end() || !ext->is_array()) return {};
  for (const auto& e : *ext) {
    if (e.is_object() && json_read::value_or(e, "url", "") == kRepresentationUrl) return json_read::value_or(e, "valueCode", "");
  }
  return {};
}

std::string text_of(const json& name) {
  if (auto text = name.find("text"); text != name.end() && text->is_string() && !text->empty()) {
    return text->get<std::string>();
  }
  // Western order (given family) for names without a text: that is how Synthea data reads.
  std::string out;
  if (auto given = name.find("given"); given != name.end() && given->is_array()) {
    for (const auto& g : *given) {
      if (!g.is_string()) continue;
      if (!out.empty()) out += ' ';
      out += g.get<std::string>();
    }
  }
  if (auto family = name.find("family"); family != name.end() && family->is_string()) {
    if (!out.empty()) out += ' ';
    out += family->get<std::string>();
  }
  return out;
}

}  // namespace

PersonName patient_name(const json& patient) {
  PersonName out;
  auto names = patient.find("name");
  if (names == patient.end() || !names->is_array()) return out;
  std::string first_usable;
  for (const auto& name : *names) {
    if (!name.is_object()) continue;
    std::string text = text_of(name);
    if (text.empty()) continue;
    std::string rep = representation_of(name);
    if (rep == "IDE" && out.display.empty()) out.display = text;
    if (rep == "SYL" && out.phonetic.empty()) out.phonetic = text;
    if (first_usable.empty() && rep != "SYL") first_usable = text;
  }
  if (out.display.empty()) out.display = !first_usable.empty() ? first_usable : out.phonetic;
  return out;
}

}  // namespace techo::fhir
