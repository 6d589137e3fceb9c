#include "views_authorship.hpp"

namespace techo::views::detail {
namespace {

bool section_lists(const json& sections, const StoredResource& entry, int depth) {
  if (!sections.is_array() || depth > 8) return false;
  for (const auto& s : sections) {
    if (const json* entries = find(s, "entry"); entries && entries->is_array()) {
      for (const auto& e : *entries) {
        if (points_to(e, entry)) return true;
      }
    }
    if (const json* sub = find(s, "section"); sub && section_lists(*sub, entry, depth + 1)) return true;
  }
  return false;
}

}  // namespace

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
  for (const auto& r : context.resources()) {
    if (r.resource.type != "Composition" || r.source != entry.source || &r == &entry) continue;
    const json& body = r.resource.body;
    const json* sections = find(body, "section");
    const json* encounter = find(body, "encounter");
    if (!(sections && section_lists(*sections, entry, 0)) && !(encounter && points_to(*encounter, entry))) continue;
    out.composition = &r;
    out.title = text(body, "title");
    out.date = text(body, "date");
    if (const json* authors = find(body, "author"); authors && authors->is_array()) {
      for (const auto& a : *authors) {
        const json* target = context.resolve(&a, r);
        const std::string type = target ? text(*target, "resourceType") : text(a, "type");
        if (type == "Organization") {
          if (out.institution.empty()) out.institution = context.organization_of(&a, r);
          if (out.department.empty() && target) out.department = department_of(*target);
        } else if (std::string name = context.name_of(&a, r); !name.empty()) {
          out.authors.push_back(name);
          if (out.institution.empty()) out.institution = context.organization_of(&a, r);
        }
      }
    }
    if (out.institution.empty()) out.institution = context.organization_of(find(body, "custodian"), r);
    return out;
  }
  return out;
}

}  // namespace techo::views::detail
