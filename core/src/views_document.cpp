// A clinical document (Composition: 診療情報提供書, 退院時サマリー, 健康診断結果報告書,
// 患者サマリー) as a person reads it: header, then each section with its narrative and
// the entries it points to, resolved into one line each.
#include <algorithm>

#include "views_context.hpp"
#include "views_dosage.hpp"
#include "views_medications.hpp"
#include "views_results.hpp"

namespace techo::views {

using namespace detail;

namespace {

// One line for an entry a section points to.
json entry_line(const Context& c, const json& target, const StoredResource& from) {
  const std::string type = text(target, "resourceType");
  json line{{"type", type}};
  std::string label, detail;
  if (type == "Condition" || type == "AllergyIntolerance" || type == "Procedure" || type == "DiagnosticReport") {
    label = concept_of(find(target, "code")).text;
    detail = first_date(target, {"onsetDateTime", "recordedDate", "performedDateTime", "effectiveDateTime"});
  } else if (type == "Observation") {
    label = concept_of(find(target, "code")).text;
    if (const json* q = find(target, "valueQuantity")) {
      detail = (find(*q, "value") ? find(*q, "value")->dump() : std::string()) + " " + text(*q, "unit");
    } else if (std::string s = text(target, "valueString"); !s.empty()) {
      detail = s;
    } else if (const json* v = find(target, "valueCodeableConcept")) {
      detail = concept_of(v).text;
    }
  } else if (type.rfind("Medication", 0) == 0) {
    label = concept_of(find(target, "medicationCodeableConcept")).text;
    if (label.empty()) {
      if (const json* med = c.resolve(find(target, "medicationReference"), from)) label = concept_of(find(*med, "code")).text;
    }
    // Every dosage instruction, in order: the second of two (the left eye's drops) matters as
    // much as the first.
    json dosages = json::array();
    for (const auto& d : dosage_lines(target)) {
      if (!d.text.empty()) {
        if (!detail.empty()) detail += " / ";
        detail += d.text;
      }
      dosages.push_back(to_json(d));
    }
    line["dosages"] = std::move(dosages);
  } else if (type == "Encounter") {
    if (const json* cls = find(target, "class")) label = text(*cls, "display");
    if (const json* period = find(target, "period")) detail = text(*period, "start") + " – " + text(*period, "end");
  } else if (type == "Immunization") {
    label = concept_of(find(target, "vaccineCode")).text;
    detail = text(target, "occurrenceDateTime");
  } else if (type == "Communication") {
    // An e-prescription's 備考 / 調剤者への指示, one line per comment.
    for (const auto& t : communication_texts(target)) label += (label.empty() ? "" : "\n") + t;
    if (const json* categories = find(target, "category"); categories && categories->is_array() && !categories->empty()) {
      detail = concept_of(&(*categories)[0]).text;
    }
  } else if (type == "CarePlan") {
    // The plan as the doctor wrote it (療養計画: 「内服を継続してください」).
    label = text(target, "title");
    detail = text(target, "description");
    if (label.empty()) label = concept_of(find(target, "category")).text;
  } else if (type == "DocumentReference") {
    label = text(target, "description");
    if (label.empty()) label = concept_of(find(target, "type")).text;
  } else {
    label = resource_name(target);
  }
  line["text"] = label;
  line["detail"] = detail;
  return line;
}

json section_json(const Context& c, const json& section, const StoredResource& from) {
  json out{{"title", text(section, "title")}, {"code", concept_of(find(section, "code")).text}};
  std::string narrative;
  if (const json* t = find(section, "text")) narrative = narrative_text(text(*t, "div"));
  out["text"] = narrative;
  json entries = json::array();
  if (const json* list = find(section, "entry"); list && list->is_array()) {
    for (const auto& ref : *list) {
      if (const json* target = c.resolve(&ref, from)) {
        entries.push_back(entry_line(c, *target, from));
      } else {
        entries.push_back(json{{"type", ""}, {"text", text(ref, "display")}, {"detail", ""},
                               {"unresolved", text(ref, "reference")}});
      }
    }
  }
  out["entries"] = std::move(entries);
  json subsections = json::array();
  if (const json* list = find(section, "section"); list && list->is_array()) {
    for (const auto& s : *list) subsections.push_back(section_json(c, s, from));
  }
  out["sections"] = std::move(subsections);
  return out;
}

}  // namespace

Result<json> document(Vault& vault, std::int64_t resource_id) {
  auto context = Context::load(vault, {}, {"Composition", "Condition", "Observation", "AllergyIntolerance",
                                           "MedicationRequest", "MedicationDispense", "MedicationStatement",
                                           "Immunization", "Procedure", "DiagnosticReport", "DocumentReference",
                                           "CarePlan", "Communication"});
  if (!context) return std::move(context).error();
  for (const auto& r : context->resources()) {
    if (r.id != resource_id || r.resource.type != "Composition") continue;
    const json& body = r.resource.body;
    json authors = json::array();
    if (const json* list = find(body, "author"); list && list->is_array()) {
      for (const auto& a : *list) {
        std::string name = context->name_of(&a, r);
        if (std::string org = context->organization_of(&a, r); !org.empty() && org != name) name += " (" + org + ")";
        authors.push_back(name);
      }
    }
    json sections = json::array();
    if (const json* list = find(body, "section"); list && list->is_array()) {
      for (const auto& s : *list) sections.push_back(section_json(*context, s, r));
    }
    const auto& documents = context->documents();
    const auto self = std::find_if(documents.begin(), documents.end(), [&](const auto& d) { return d.composition == &r; });
    json out{{"id", r.id},
             {"kind", self != documents.end() ? self->kind : std::string("document")},
             {"title", text(body, "title")},
             {"type", concept_of(find(body, "type")).text},
             {"date", text(body, "date")},
             {"status", text(body, "status")},
             {"subject", context->name_of(find(body, "subject"), r)},
             {"authors", std::move(authors)},
             {"custodian", context->organization_of(find(body, "custodian"), r)},
             {"author", self != documents.end() ? self->author : std::string()},
             {"institution", self != documents.end() ? self->institution : std::string()},
             {"sections", std::move(sections)},
             {"source", r.source}};
    // A document is one person's, whoever else was asked for.
    out["person"] = context->person(context->owner(r));
    out["people"] = out["person"].is_null() ? json::array() : json::array({out["person"]});
    return out;
  }
  return Error{ErrorCode::kInvalidArgument, "no document with this id in the vault", "document " + std::to_string(resource_id)};
}

}  // namespace techo::views
