#include "views_authorship.hpp"

namespace techo::views::detail {

bool points_to(const json& reference, const StoredResource& entry) {
  const std::string ref = text(reference, "reference");
  if (ref.empty()) return false;
  if (!entry.resource.full_url.empty() && ref == entry.resource.full_url) return true;
  if (entry.resource.id.empty()) return false;
  const std::string local = entry.resource.type + "/" + entry.resource.id;
  return ref == local || (ref.size() > local.size() && ref.compare(ref.size() - local.size() - 1, std::string::npos, "/" + local) == 0);
}

std::string department_of(const json& resource) {
  if (const json* exts = find(resource, "extension"); exts && exts->is_array()) {
    for (const auto& e : *exts) {
      if (text(e, "url").find("Department") == std::string::npos) continue;
      if (std::string d = concept_of(find(e, "valueCodeableConcept")).text; !d.empty()) return d;
      if (std::string d = text(e, "valueString"); !d.empty()) return d;
    }
  }
  return {};
}

Authorship authorship_of(const Context& context, const StoredResource& entry) {
  Authorship out;
  const DocumentContext* document = context.document_of(entry);
  if (!document || document->composition->id == entry.id) return out;
  const StoredResource& composition = *document->composition;
  out.composition = &composition;
  out.kind = document->kind;
  out.title = document->title;
  out.date = document->date;
  out.institution = document->institution;
  if (!document->author.empty()) out.authors.push_back(document->author);
  // The department is the author institution's (JP_eCS_Department on the Organization).
  if (const json* authors = find(composition.resource.body, "author"); authors && authors->is_array()) {
    for (const auto& a : *authors) {
      const json* target = context.resolve(&a, composition);
      if (target && text(*target, "resourceType") == "Organization") {
        if (out.department = department_of(*target); !out.department.empty()) break;
      }
    }
  }
  return out;
}

}  // namespace techo::views::detail
