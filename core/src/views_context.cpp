#include "views_context.hpp"

#include <algorithm>
#include <ctime>

#include "techo/fhir.hpp"
#include "techo/terminology.hpp"

namespace techo::views::detail {

namespace {

std::string system_date() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace

// Resources many entries refer to and few records hold many of, read once for the view.
// Encounters (one per visit) and anything else are read when a reference names them.
const std::vector<std::string> kSupportTypes = {"Practitioner", "PractitionerRole", "Organization", "Location",
                                                "Medication", "Patient", "Specimen", "Device"};

Result<Context> Context::load_context(Vault& vault, const Query& query, bool compositions) {
  Context c;
  c.query_ = query;
  c.today_ = query.today.empty() ? system_date() : query.today;
  c.queries_ = std::make_unique<techo::detail::ViewQueries>(vault);
  auto people = vault.people();
  if (!people) return std::move(people).error();
  c.asked_ = query.person;
  for (auto& p : *people) {
    if (query.person == 0 || p.id == query.person) c.people_.push_back(std::move(p));
  }
  auto support = vault.stored_resources(kSupportTypes);
  if (!support) return std::move(support).error();
  c.support_ = std::move(support).value();
  if (compositions) {
    auto rows = vault.stored_resources({"Composition"}, query.person);
    if (!rows) return std::move(rows).error();
    c.compositions_ = std::move(rows).value();
  }
  for (const auto& r : c.support_) c.index(r);
  for (const auto& r : c.compositions_) c.index(r);
  return c;
}

Status Context::add_resources(std::vector<StoredResource> rows) {
  resources_ = std::move(rows);
  for (const auto& r : resources_) index(r);
  read_documents();
  return Ok{};
}

Result<Context> Context::load(Vault& vault, const Query& query, const std::vector<std::string>& types) {
  const bool lists_compositions = std::find(types.begin(), types.end(), "Composition") != types.end();
  auto c = load_context(vault, query, !lists_compositions);
  if (!c) return std::move(c).error();
  auto main = vault.stored_resources(types, query.person);
  if (!main) return std::move(main).error();
  if (auto s = c->add_resources(std::move(main).value()); !s) return s.error();
  return c;
}

Result<Context> Context::load(Vault& vault, const Query& query, const std::vector<std::string>& types, const Selector& select) {
  auto c = load_context(vault, query, true);
  if (!c) return std::move(c).error();
  // The documents first (with nothing else loaded yet): which entries their sections list.
  c->read_documents();
  auto chosen = select(*c, *c->queries_);
  if (!chosen) return std::move(chosen).error();
  std::vector<std::int64_t> ids = std::move(chosen).value();
  for (auto id : c->section_entries()) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  auto all = vault.stored_resources(types, query.person);
  if (!all) return std::move(all).error();
  // Each resource once: a section entry may be of a type read whole.
  std::unordered_set<std::int64_t> read_whole;
  for (const auto& r : *all) read_whole.insert(r.id);
  std::erase_if(ids, [&](std::int64_t id) { return read_whole.contains(id); });
  auto picked = c->queries_->resources(ids);
  if (!picked) return std::move(picked).error();
  std::vector<StoredResource> rows = std::move(all).value();
  for (auto& r : *picked) rows.push_back(std::move(r));
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  c->documents_.clear();
  c->entry_documents_.clear();
  c->source_documents_.clear();
  if (auto s = c->add_resources(std::move(rows)); !s) return s.error();
  return c;
}

Result<std::vector<std::int64_t>> all_selected(std::initializer_list<Result<std::vector<std::int64_t>>> parts) {
  std::vector<std::int64_t> out;
  for (const auto& part : parts) {
    if (!part) return part.error();
    out.insert(out.end(), part->begin(), part->end());
  }
  return out;
}

std::vector<std::int64_t> Context::section_entries() const {
  std::vector<std::int64_t> out;
  for (const auto& [id, document] : entry_documents_) out.push_back(id);
  return out;
}

namespace {

// What kind of JP document a Composition is: by the profile the file or the Composition
// claims (JP_Bundle_ePrescriptionData, JP_Composition_eReferral, ...), else by its type
// (the JP doc-typecodes are LOINC codes).
std::string document_kind(const json& composition, const std::string& file_profile) {
  std::string profiles = file_profile;
  if (const json* meta = find(composition, "meta")) {
    if (const json* list = find(*meta, "profile"); list && list->is_array()) {
      for (const auto& p : *list) profiles += " " + (p.is_string() ? p.get<std::string>() : std::string());
    }
  }
  const auto claims = [&](const char* name) { return profiles.find(name) != std::string::npos; };
  if (claims("ePrescription")) return "e-prescription";
  if (claims("eReferral")) return "referral";
  if (claims("eDischargeSummary")) return "discharge-summary";
  if (claims("eCheckup") || claims("CheckupReport")) return "checkup-report";  // JP_Bundle_eCheckupGeneral, ...
  if (claims("ePCS")) return "patient-summary";
  for (const auto& [system, code] : codings_of(find(composition, "type"))) {
    if (code == "57833-6") return "e-prescription";
    if (code == "57133-1") return "referral";
    if (code == "18842-5") return "discharge-summary";
    if (code == "53576-5") return "checkup-report";
    if (code == "56447-6" || code == "60591-5") return "patient-summary";
  }
  return "document";
}

}  // namespace

void Context::read_documents() {
  for (const auto* rows : {&resources_, &compositions_}) {
    for (const auto& r : *rows) {
      if (r.resource.type != "Composition") continue;
      const json& body = r.resource.body;
      DocumentContext d;
      d.composition = &r;
      d.kind = document_kind(body, r.source_profile);
      d.title = text(body, "title");
      d.type = concept_of(find(body, "type")).text;
      d.date = text(body, "date");
      d.institution = organization_of(find(body, "custodian"), r);
      if (const json* authors = find(body, "author"); authors && authors->is_array()) {
        for (const auto& a : *authors) {
          const json* target = resolve(&a, r);
          const std::string type = target ? text(*target, "resourceType") : text(a, "type");
          if (d.author.empty() && (type == "Practitioner" || type == "PractitionerRole")) d.author = name_of(&a, r);
          if (d.institution.empty()) d.institution = organization_of(&a, r);
        }
      }
      documents_.push_back(std::move(d));
    }
  }
  for (std::size_t i = 0; i < documents_.size(); ++i) {
    const DocumentContext& d = documents_[i];
    if (d.composition->source_kind == "document") source_documents_.try_emplace(d.composition->source_id, i);
    if (const json* sections = find(d.composition->resource.body, "section")) tie_section_entries(*sections, d);
  }
}

void Context::tie_section_entries(const json& sections, const DocumentContext& document) {
  if (!sections.is_array()) return;
  for (const auto& section : sections) {
    if (const json* entries = find(section, "entry"); entries && entries->is_array()) {
      DocumentContext in_section = document;
      in_section.section = text(section, "title");
      for (const auto& ref : *entries) {
        const json* target = resolve(&ref, *document.composition);
        auto row = target ? stored_of_.find(target) : stored_of_.end();
        if (row != stored_of_.end()) entry_documents_.try_emplace(row->second->id, in_section);
      }
    }
    if (const json* nested = find(section, "section")) tie_section_entries(*nested, document);
  }
}

const DocumentContext* Context::document_of(const StoredResource& r) const {
  if (auto it = entry_documents_.find(r.id); it != entry_documents_.end()) return &it->second;
  if (r.source_kind != "document") return nullptr;
  if (auto it = source_documents_.find(r.source_id); it != source_documents_.end()) return &documents_[it->second];
  return nullptr;
}

json to_json(const DocumentContext* d) {
  if (!d) return nullptr;
  return json{{"id", d->composition->id}, {"kind", d->kind},   {"title", d->title},
              {"type", d->type},          {"date", d->date},   {"author", d->author},
              {"institution", d->institution}, {"section", d->section}};
}

std::int64_t Context::owner(const StoredResource& r) const { return owner_of(r.person); }

std::int64_t Context::owner_of(std::int64_t person) const {
  if (asked_ != 0) return asked_;
  if (person == 0 && people_.size() == 1) return people_.front().id;
  return person;
}

std::vector<std::int64_t> Context::owners() const {
  std::vector<std::int64_t> out;
  for (const auto& p : people_) out.push_back(p.id);
  for (const auto& r : resources_) {
    if (owner(r) == 0) {
      out.push_back(0);
      break;
    }
  }
  return out;
}

json Context::person(std::int64_t owner) const {
  for (const auto& p : people_) {
    if (p.id == owner) return person_json(p);
  }
  return nullptr;
}

json Context::whose() const {
  json people = json::array();
  for (const auto& p : people_) people.push_back(person_json(p));
  return json{{"person", people_.size() == 1 ? person_json(people_.front()) : json(nullptr)}, {"people", std::move(people)}};
}

void Context::index(const StoredResource& r) const {
  stored_of_.emplace(&r.resource.body, &r);
  if (!r.resource.full_url.empty()) by_ref_.emplace(r.resource.full_url, &r);
  if (!r.resource.id.empty()) by_ref_.emplace(r.resource.type + "/" + r.resource.id, &r);
  if (auto ids = find(r.resource.body, "identifier"); ids && ids->is_array()) {
    for (const auto& id : *ids) {
      const std::string value = text(id, "value");
      if (!value.empty()) by_ref_.emplace(r.resource.type + "?identifier=" + value, &r);
    }
  }
}

const json* Context::resolve(const json* reference, const StoredResource& from) const {
  if (!reference || !reference->is_object()) return nullptr;
  const std::string ref = text(*reference, "reference");
  if (!ref.empty() && ref[0] == '#') {
    if (const json* contained = find(from.resource.body, "contained"); contained && contained->is_array()) {
      for (const auto& c : *contained) {
        if (text(c, "id") == ref.substr(1)) return &c;
      }
    }
    return nullptr;
  }
  if (!ref.empty()) {
    if (auto it = by_ref_.find(ref); it != by_ref_.end()) return &it->second->resource.body;
    // An absolute URL whose tail is Type/id.
    if (auto slash = ref.rfind('/'); slash != std::string::npos && slash > 0) {
      if (auto type_at = ref.rfind('/', slash - 1); type_at != std::string::npos) {
        if (auto it = by_ref_.find(ref.substr(type_at + 1)); it != by_ref_.end()) return &it->second->resource.body;
      }
    }
    if (const StoredResource* named = read_named(ref)) return &named->resource.body;
  }
  if (const json* id = find(*reference, "identifier")) {
    const std::string type = text(*reference, "type");
    const std::string value = text(*id, "value");
    for (const char* t : {"Organization", "Practitioner", "Patient"}) {
      if (!type.empty() && type != t) continue;
      if (auto it = by_ref_.find(std::string(t) + "?identifier=" + value); it != by_ref_.end()) {
        return &it->second->resource.body;
      }
    }
  }
  return nullptr;
}

const StoredResource* Context::read_named(const std::string& reference) const {
  if (!queries_ || unnamed_.contains(reference)) return nullptr;
  auto row = queries_->resource_named(reference);
  // A vault that cannot answer leaves the reference unresolved: the entry shows the
  // reference's own display, as for a resource that was never imported.
  if (!row || !*row) {
    unnamed_.insert(reference);
    return nullptr;
  }
  named_.push_back(std::move(**row));
  const StoredResource& r = named_.back();
  index(r);
  by_ref_.emplace(reference, &r);
  return &r;
}

std::string Context::name_of(const json* reference, const StoredResource& from) const {
  if (const json* target = resolve(reference, from)) {
    if (text(*target, "resourceType") == "PractitionerRole") return name_of(find(*target, "practitioner"), from);
    if (std::string name = resource_name(*target); !name.empty()) return name;
  }
  return reference && reference->is_object() ? text(*reference, "display") : std::string();
}

std::string Context::organization_of(const json* reference, const StoredResource& from) const {
  const json* target = resolve(reference, from);
  if (!target) {
    if (reference && reference->is_object() && text(*reference, "type") == "Organization") return text(*reference, "display");
    return {};
  }
  const std::string type = text(*target, "resourceType");
  if (type == "Organization") return resource_name(*target);
  if (type == "PractitionerRole") return organization_of(find(*target, "organization"), from);
  if (type == "Encounter") return organization_of(find(*target, "serviceProvider"), from);
  return {};
}

std::string Context::organization_by_number(const std::string& number) const {
  if (auto it = by_ref_.find("Organization?identifier=" + number); it != by_ref_.end()) {
    return resource_name(it->second->resource.body);
  }
  return {};
}

Concept concept_of(const json* codeable) {
  Concept c;
  if (!codeable || !codeable->is_object()) return c;
  const json* chosen = nullptr;
  if (const json* codings = find(*codeable, "coding"); codings && codings->is_array()) {
    for (const auto& coding : *codings) {
      if (text(coding, "code").empty()) continue;
      if (!chosen) chosen = &coding;
      if (terminology::lookup(text(coding, "system")).standard) {
        chosen = &coding;
        break;
      }
    }
  }
  if (chosen) {
    // lookup() answers an unknown system as a view of its argument: keep the text alive.
    const std::string system_uri = text(*chosen, "system");
    const auto system = terminology::lookup(system_uri);
    c.system = std::string(system.canonical);
    c.system_name = std::string(system.name);
    c.code = text(*chosen, "code");
    c.text = text(*chosen, "display");
  }
  if (std::string t = text(*codeable, "text"); !t.empty()) c.text = t;
  if (c.text.empty()) c.text = c.code;
  return c;
}

std::vector<std::pair<std::string, std::string>> codings_of(const json* codeable) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!codeable) return out;
  if (const json* codings = find(*codeable, "coding"); codings && codings->is_array()) {
    for (const auto& coding : *codings) out.emplace_back(text(coding, "system"), text(coding, "code"));
  }
  return out;
}

std::string resource_name(const json& resource) {
  const std::string type = text(resource, "resourceType");
  if (type == "Patient" || type == "Practitioner") return fhir::patient_name(resource).display;
  if (type == "Organization" || type == "Location") return text(resource, "name");
  return {};
}

std::string narrative_text(const std::string& xhtml) {
  std::string out;
  for (std::size_t i = 0; i < xhtml.size();) {
    if (xhtml[i] == '<') {
      const std::size_t end = xhtml.find('>', i);
      if (end == std::string::npos) break;
      std::string tag = xhtml.substr(i + 1, end - i - 1);
      for (auto& ch : tag) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      const bool block_end = tag.rfind("br", 0) == 0 || tag == "/p" || tag == "/div" || tag == "/li" || tag == "/tr" ||
                             tag.rfind("/h", 0) == 0;
      if (block_end && !out.empty() && out.back() != '\n') out += '\n';
      if (tag == "/td" || tag == "/th") out += ' ';
      i = end + 1;
    } else if (xhtml[i] == '&') {
      const std::size_t end = xhtml.find(';', i);
      const std::string entity = end == std::string::npos ? std::string() : xhtml.substr(i + 1, end - i - 1);
      static const std::pair<const char*, const char*> kEntities[] = {
          {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}};
      bool known = false;
      for (const auto& [name, value] : kEntities) {
        if (entity == name) { out += value; known = true; }
      }
      if (!known && !entity.empty() && entity[0] == '#') {
        const unsigned long cp = entity.size() > 1 && (entity[1] == 'x' || entity[1] == 'X')
                                     ? std::strtoul(entity.c_str() + 2, nullptr, 16)
                                     : std::strtoul(entity.c_str() + 1, nullptr, 10);
        // UTF-8 encode the code point.
        if (cp < 0x80) out += static_cast<char>(cp);
        else if (cp < 0x800) { out += static_cast<char>(0xC0 | (cp >> 6)); out += static_cast<char>(0x80 | (cp & 0x3F)); }
        else if (cp < 0x10000) {
          out += static_cast<char>(0xE0 | (cp >> 12)); out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x110000) {
          out += static_cast<char>(0xF0 | (cp >> 18)); out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
          out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)); out += static_cast<char>(0x80 | (cp & 0x3F));
        }
        known = true;
      }
      if (!known) out += '&';
      i = known ? end + 1 : i + 1;
    } else {
      // Collapse source whitespace (indentation of the XHTML) to single spaces.
      const char ch = xhtml[i];
      if (ch == '\n' || ch == '\r' || ch == '\t' || ch == ' ') {
        if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
      } else {
        out += ch;
      }
      ++i;
    }
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  std::size_t start = out.find_first_not_of(" \n");
  return start == std::string::npos ? std::string() : out.substr(start);
}

json person_json(const Person& p) {
  return json{{"id", p.id}, {"name", p.name}, {"namePhonetic", p.name_phonetic}, {"birthDate", p.birth_date},
              {"gender", p.gender}, {"relationship", p.relationship}, {"records", p.records},
              {"handedOverAt", p.handed_over_at}};
}

}  // namespace techo::views::detail
