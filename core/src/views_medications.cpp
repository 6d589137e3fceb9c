#include "views_medications.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "techo/terminology.hpp"
#include "text_cp932.hpp"

namespace techo::views::detail {
namespace {

// YYYY-MM-DD plus whole days (civil calendar, no time zone: a date, not an instant).
std::string add_days(const std::string& date, double days) {
  if (date.size() < 10 || days <= 0) return {};
  std::tm tm{};
  tm.tm_year = std::stoi(date.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(date.substr(5, 2)) - 1;
  tm.tm_mday = std::stoi(date.substr(8, 2)) + static_cast<int>(days) - 1;  // the first day counts
  tm.tm_hour = 12;
  timegm(&tm);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return buf;
}

// The medication coded: inline, or a Medication resource (contained or stored).
Concept drug_of(const Context& c, const StoredResource& r, std::vector<std::string>& ingredients) {
  const json& body = r.resource.body;
  const json* coded = find(body, "medicationCodeableConcept");
  Concept drug;
  if (!coded) {
    if (const json* med = c.resolve(find(body, "medicationReference"), r)) coded = find(*med, "code");
  }
  drug = concept_of(coded);
  if (drug.text.empty()) {
    if (const json* ref = find(body, "medicationReference")) drug.text = text(*ref, "display");
  }
  for (const auto& [system, code] : codings_of(coded)) {
    std::string ingredient = terminology::drug_ingredient(system, code);
    if (!ingredient.empty() && std::find(ingredients.begin(), ingredients.end(), ingredient) == ingredients.end()) {
      ingredients.push_back(std::move(ingredient));
    }
  }
  return drug;
}

void read_dosage(const json& body, MedicationEntry& m) {
  m.dosages = dosage_lines(body);
  if (m.dosages.empty()) return;
  m.dosage = m.dosages.front().text;
  m.dose = m.dosages.front().dose;
}

// Where the entry came from: what the data says of itself (meta.tag / meta.source), else
// what the resource is.
std::string origin_of(const json& body, const std::string& kind) {
  if (const json* meta = find(body, "meta")) {
    if (const json* tags = find(*meta, "tag"); tags && tags->is_array()) {
      for (const auto& tag : *tags) {
        const std::string code = text(tag, "code");
        if (code == "e-prescription" || code == "claims" || code == "okusuri-techo") return code;
      }
    }
    const std::string source = text(*meta, "source");
    if (source.find("claims") != std::string::npos || source.find("receipt") != std::string::npos) return "claims";
    if (source.find("eprescription") != std::string::npos || source.find("e-prescription") != std::string::npos) {
      return "e-prescription";
    }
  }
  if (kind == "dispense") return "dispensing";
  if (kind == "statement") return "statement";
  return "prescription";
}

std::string institution_number(const json& body) {
  if (const json* exts = find(body, "extension"); exts && exts->is_array()) {
    for (const auto& e : *exts) {
      if (text(e, "url").find("InstitutionNumber") == std::string::npos) continue;
      if (const json* id = find(e, "valueIdentifier")) return text(*id, "value");
    }
  }
  return {};
}

std::string kind_of(const std::string& type) {
  if (type == "MedicationRequest") return "request";
  if (type == "MedicationDispense") return "dispense";
  if (type == "MedicationStatement") return "statement";
  return {};
}

// The entry's own date: when prescribed, handed over, or taken.
std::string own_date(const json& body, const std::string& kind) {
  if (kind == "request") return first_date(body, {"authoredOn"});
  if (kind == "dispense") return first_date(body, {"whenHandedOver", "whenPrepared"});
  return first_date(body, {"effectiveDateTime", "effectivePeriod", "dateAsserted"});
}

// Days of supply: the dosage's (JP Core: timing.repeat.boundsDuration), else what the
// prescription or the dispensing states.
double supply_days(const json& body, const std::string& kind, const std::vector<DosageLine>& dosages) {
  double days = dosages.empty() ? 0 : dosages.front().days;
  const json* d = nullptr;
  if (kind == "request") {
    if (const json* request = find(body, "dispenseRequest")) d = find(*request, "expectedSupplyDuration");
  } else if (kind == "dispense") {
    d = find(body, "daysSupply");
  }
  if (d && find(*d, "value") && (*d)["value"].is_number()) days = (*d)["value"].get<double>();
  return days;
}

bool open_status(const std::string& status) { return status == "active" || status == "in-progress" || status == "on-hold"; }
bool ended_status(const std::string& status) {
  return status == "stopped" || status == "cancelled" || status == "entered-in-error";
}

// Current: still being taken today by its dates, or marked active without dates.
bool is_current(const std::string& status, const std::string& day, const std::string& end_date, const std::string& today) {
  if (open_status(status)) return end_date.empty() || end_date >= today;
  if (ended_status(status)) return false;
  return !end_date.empty() && day <= today && end_date >= today;
}

}  // namespace

std::vector<MedicationEntry> medication_entries(const Context& c) {
  std::vector<MedicationEntry> out;
  std::set<std::string> dispensed;  // references of prescriptions a dispense names
  for (const auto& r : c.resources()) {
    const json& body = r.resource.body;
    const std::string& type = r.resource.type;
    MedicationEntry m;
    m.from = &r;
    m.kind = kind_of(type);
    if (m.kind.empty()) continue;
    m.drug = drug_of(c, r, m.ingredients);
    read_dosage(body, m);
    m.days = supply_days(body, m.kind, m.dosages);
    m.status = text(body, "status");
    m.origin = origin_of(body, m.kind);
    m.date = own_date(body, m.kind);
    if (m.kind == "request") {
      m.prescriber = c.name_of(find(body, "requester"), r);
      m.institution = c.organization_of(find(body, "requester"), r);
      if (m.institution.empty()) m.institution = c.organization_of(find(body, "encounter"), r);
    } else if (m.kind == "dispense") {
      if (const json* performers = find(body, "performer"); performers && performers->is_array() && !performers->empty()) {
        const json* actor = find((*performers)[0], "actor");
        m.pharmacy = c.organization_of(actor, r);
        if (m.pharmacy.empty()) m.pharmacy = c.name_of(actor, r);
      }
      if (m.pharmacy.empty()) m.pharmacy = c.name_of(find(body, "location"), r);
      if (const json* prescriptions = find(body, "authorizingPrescription"); prescriptions && prescriptions->is_array()) {
        for (const auto& p : *prescriptions) {
          if (const json* request = c.resolve(&p, r)) {
            m.prescriber = c.name_of(find(*request, "requester"), r);
            m.institution = c.organization_of(find(*request, "requester"), r);
            if (m.institution.empty()) m.institution = c.organization_of(find(*request, "encounter"), r);
            dispensed.insert(text(*request, "resourceType") + "/" + text(*request, "id"));
          }
        }
      }
    } else {
      m.institution = c.organization_of(find(body, "informationSource"), r);
    }
    std::string number = m.institution.empty() ? institution_number(body) : std::string();
    if (!number.empty()) m.institution = c.organization_by_number(number);
    // In a document (電子処方箋, 退院時サマリー) the Composition says who prescribed, where
    // and when, for every entry that does not say it itself.
    m.document = c.document_of(r);
    if (m.document) {
      if (m.document->kind == "e-prescription" && m.origin != "claims") m.origin = "e-prescription";
      if (m.prescriber.empty()) m.prescriber = m.document->author;
      if (m.institution.empty()) m.institution = m.document->institution;
      if (m.date.empty()) m.date = m.document->date;
    }
    // Known only by its number: say the number rather than nothing.
    if (m.institution.empty() && !number.empty()) m.institution = "医療機関コード " + number;
    if (const json* notes = find(body, "note"); notes && notes->is_array()) {
      for (const auto& n : *notes) {
        if (std::string t = text(n, "text"); !t.empty()) m.notes.push_back(std::move(t));
      }
    }
    const std::string day = m.date.substr(0, 10);
    m.end_date = add_days(day, m.days);
    m.active = is_current(m.status, day, m.end_date, c.today());
    out.push_back(std::move(m));
  }
  for (auto& m : out) {
    if (m.kind == "request" && dispensed.count("MedicationRequest/" + m.from->resource.id)) m.covered_by_dispense = true;
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.date > b.date; });
  return out;
}

// A drug named only by its text is grouped by the text in NFKC, so that ﾛｷｿﾆﾝ錠60mg as a
// お薬手帳 writes it and ロキソニン錠60mg as a hospital's system does are one drug's history.
std::string drug_key(const std::vector<std::string>& ingredients, const Concept& drug) {
  return !ingredients.empty() ? "i:" + ingredients.front() : !drug.code.empty() ? "c:" + drug.code : "t:" + text::nfkc(drug.text);
}

MedicationKey medication_key(const json& body, const std::string& type) {
  MedicationKey key;
  const std::string kind = kind_of(type);
  if (kind.empty()) return key;
  key.date = own_date(body, kind);
  const std::string status = text(body, "status");
  const std::string day = key.date.substr(0, 10);
  const std::string end_date = add_days(day, supply_days(body, kind, dosage_lines(body)));
  // Without a date of its own the entry takes its document's: whether it is current is
  // decided then, so it is always read.
  if (day.empty() || (open_status(status) && end_date.empty())) key.until = "9999-12-31";
  else if (!ended_status(status)) key.until = end_date;
  // The drug as the entry codes it. A Medication it refers to is resolved by the view, so
  // the reference (and what the entry contains) stands for it here.
  if (const json* coded = find(body, "medicationCodeableConcept")) {
    std::vector<std::string> ingredients;
    for (const auto& [system, code] : codings_of(coded)) {
      if (ingredients.empty()) {
        if (std::string i = terminology::drug_ingredient(system, code); !i.empty()) ingredients.push_back(std::move(i));
      }
    }
    key.drug = drug_key(ingredients, concept_of(coded));
  } else {
    const json* ref = find(body, "medicationReference");
    key.drug = "r:" + (ref ? ref->dump() : std::string()) + (find(body, "contained") ? (*find(body, "contained")).dump() : std::string());
  }
  const json* prescriptions = find(body, "authorizingPrescription");
  key.names_prescription = kind == "dispense" && prescriptions && prescriptions->is_array() && !prescriptions->empty();
  return key;
}

// What a Communication of a prescription says (備考, 調剤者への指示, 残薬確認指示): the MHLW
// e-prescription format carries the text in the JP_Communication_CommunicationContent
// extension (one per comment); plain FHIR in payload.contentString.
std::vector<std::string> communication_texts(const json& body) {
  std::vector<std::string> out;
  if (const json* exts = find(body, "extension"); exts && exts->is_array()) {
    for (const auto& e : *exts) {
      if (text(e, "url").find("CommunicationContent") == std::string::npos) continue;
      if (std::string t = text(e, "valueString"); !t.empty()) out.push_back(std::move(t));
    }
  }
  if (const json* payloads = find(body, "payload"); payloads && payloads->is_array()) {
    for (const auto& p : *payloads) {
      if (std::string t = text(p, "contentString"); !t.empty()) out.push_back(std::move(t));
    }
  }
  return out;
}

json to_json(const MedicationEntry& m) {
  json dosages = json::array();
  for (const auto& d : m.dosages) dosages.push_back(to_json(d));
  return json{{"id", m.from->id},
              {"kind", m.kind},
              {"drug", m.drug.text},
              {"code", {{"system", m.drug.system_name}, {"code", m.drug.code}}},
              {"ingredients", m.ingredients},
              {"dosages", std::move(dosages)},
              {"dosage", m.dosage},
              {"dose", m.dose},
              {"days", m.days},
              {"date", m.date},
              {"endDate", m.end_date},
              {"status", m.status},
              {"active", m.active},
              {"prescriber", m.prescriber},
              {"institution", m.institution},
              {"pharmacy", m.pharmacy},
              {"origin", m.origin},
              {"notes", m.notes},
              {"document", to_json(m.document)},
              {"source", m.from->source},
              {"person", m.from->person}};
}

json current_medications(const std::vector<const MedicationEntry*>& entries) {
  json out = json::array();
  for (const auto* m : entries) {
    if (m->active && !m->covered_by_dispense) out.push_back(to_json(*m));
  }
  return out;
}

}  // namespace techo::views::detail

namespace techo::views {

using namespace detail;

namespace {

// The documents that prescribed (電子処方箋, a discharge summary's 退院時処方), each with
// its medicines and its notes, so that a page can say "from the 処方箋 of <date>, <institution>,
// Dr <name>" and show the 備考 with them. Newest first.
json prescription_documents(const Context& context, const std::vector<MedicationEntry>& entries) {
  struct Group {
    const DocumentContext* document;
    json medications = json::array();
    json notes = json::array();
  };
  std::vector<Group> groups;
  auto find_group = [&](const DocumentContext* d) -> Group* {
    for (auto& g : groups) {
      if (g.document->composition == d->composition) return &g;
    }
    return nullptr;
  };
  auto group_of = [&](const DocumentContext* d) -> Group& {
    if (Group* g = find_group(d)) return *g;
    groups.push_back(Group{d});
    return groups.back();
  };
  for (const auto& m : entries) {
    if (m.document) group_of(m.document).medications.push_back(m.from->id);
  }
  for (const auto& r : context.resources()) {
    if (r.resource.type != "Communication") continue;
    const DocumentContext* d = context.document_of(r);
    // A note belongs to a prescription: an e-prescription's, or a document's that prescribed
    // (a referral's 連絡事項 without medicines is read in the document itself).
    if (!d || (d->kind != "e-prescription" && !find_group(d))) continue;
    const json* categories = find(r.resource.body, "category");
    const std::string category =
        categories && categories->is_array() && !categories->empty() ? concept_of(&(*categories)[0]).text : std::string();
    for (auto& t : communication_texts(r.resource.body)) {
      group_of(d).notes.push_back(json{{"category", category}, {"text", std::move(t)}});
    }
  }
  std::stable_sort(groups.begin(), groups.end(),
                   [](const Group& a, const Group& b) { return a.document->date > b.document->date; });
  json out = json::array();
  for (auto& g : groups) {
    json document = to_json(g.document);
    document["section"] = "";  // the document as a whole, not one of its sections
    out.push_back(json{{"document", std::move(document)},
                       {"person", context.owner(*g.document->composition)},
                       {"medications", std::move(g.medications)},
                       {"notes", std::move(g.notes)}});
  }
  return out;
}

}  // namespace

Result<json> medications(Vault& vault, const Query& query) {
  // Read: what may be current, the newest page, every entry of a document (its
  // prescription lists them), and per drug one entry for each institution (the newest) —
  // the history's counts and first dates come from the view index.
  std::vector<techo::detail::ViewQueries::Group> groups;
  auto context = Context::load(vault, query, {"Communication"}, [&](Context& c, techo::detail::ViewQueries& q) -> Result<std::vector<std::int64_t>> {
    auto found = q.groups("medication", c.query().person, 0, true);
    if (!found) return std::move(found).error();
    groups = std::move(found).value();
    auto ids = all_selected({q.maybe_current_medications(c.query().person, c.today()),
                             q.newest("medication", c.query().person, kMedicationEntries),
                             q.document_entries("medication", c.query().person)});
    if (!ids) return std::move(ids).error();
    for (const auto& g : groups) ids->insert(ids->end(), g.representatives.begin(), g.representatives.end());
    return ids;
  });
  if (!context) return std::move(context).error();
  const auto entries = medication_entries(*context);  // newest first
  // History per person and drug: the same drug (by ingredient, else code, else name) over
  // the years, one person's — a child's cough syrup is not the parent's. The index groups
  // by the drug as each entry codes it; a group's entries read here say which drug that is.
  struct Group {
    json summary;
    std::set<std::string> institutions;
    std::int64_t count = 0;
    std::string first;
    bool dated = false;
  };
  using Key = std::pair<std::int64_t, std::string>;
  const auto drug_of_entry = [](const MedicationEntry& m) { return drug_key(m.ingredients, m.drug); };
  std::map<Key, std::string> drug_of_index_group;  // (owner, index key) -> drug
  for (const auto& m : entries) {
    drug_of_index_group.try_emplace({context->owner(*m.from), medication_key(m.from->resource.body, m.from->resource.type).drug},
                                    drug_of_entry(m));
  }
  std::map<Key, Group> history_groups;
  std::vector<Key> order;
  std::int64_t total = 0;
  for (const auto& m : entries) {
    const Key key{context->owner(*m.from), drug_of_entry(m)};
    auto [it, fresh] = history_groups.try_emplace(key);
    Group& g = it->second;
    if (fresh) {
      order.push_back(key);
      // Every instruction of the latest prescription, not only its first.
      std::string latest;
      for (const auto& d : m.dosages) {
        if (d.text.empty()) continue;
        latest += (latest.empty() ? "" : " / ") + d.text;
      }
      if (latest.empty()) latest = m.dosage;
      g.summary = json{{"drug", m.drug.text}, {"person", key.first}, {"latestDosage", latest}, {"last", m.date},
                       {"first", m.date}, {"count", 0}, {"active", false}};
      g.first = m.date;
    }
    if (m.date < g.first) g.first = m.date;  // "" (undated) is the oldest, as it sorts last
    if (m.active) g.summary["active"] = true;
    if (!m.institution.empty()) g.institutions.insert(m.institution);
  }
  for (const auto& ig : groups) {
    const std::int64_t owner = context->owner_of(ig.person);
    total += ig.count;
    auto drug = drug_of_index_group.find({owner, ig.key});
    if (drug == drug_of_index_group.end()) continue;
    auto g = history_groups.find({owner, drug->second});
    if (g == history_groups.end()) continue;
    g->second.count += ig.count;
    if (!ig.first.empty() && ig.first < g->second.first) g->second.first = ig.first;
  }
  json history = json::array();
  for (const auto& key : order) {
    Group& g = history_groups[key];
    g.summary["first"] = g.first;
    g.summary["count"] = g.count;
    g.summary["institutions"] = g.institutions;
    history.push_back(std::move(g.summary));
  }
  // The entries a page shows: the newest, what is current, and every one a prescription
  // document lists; entriesTotal says how many there are.
  json prescriptions = prescription_documents(*context, entries);
  std::set<std::int64_t> listed;
  for (const auto& p : prescriptions) {
    for (const auto& id : p["medications"]) listed.insert(id.get<std::int64_t>());
  }
  json current = json::array(), shown = json::array();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& m = entries[i];
    const bool taken = m.active && !m.covered_by_dispense;
    if (taken) current.push_back(to_json(m));
    if (taken || i < static_cast<std::size_t>(kMedicationEntries) || listed.contains(m.from->id)) shown.push_back(to_json(m));
  }
  json out{{"today", context->today()}, {"current", std::move(current)}, {"history", std::move(history)},
           {"entries", std::move(shown)}, {"entriesTotal", std::max<std::int64_t>(total, static_cast<std::int64_t>(entries.size()))},
           {"prescriptions", std::move(prescriptions)}};
  out.update(context->whose());
  return out;
}

}  // namespace techo::views
