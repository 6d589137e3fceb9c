#include "views_medications.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "techo/terminology.hpp"

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
  const json* dosages = find(body, "dosageInstruction");
  if (!dosages) dosages = find(body, "dosage");
  if (!dosages || !dosages->is_array() || dosages->empty()) return;
  const json& d = (*dosages)[0];
  m.dosage = text(d, "text");
  if (m.dosage.empty()) {
    if (const json* timing = find(d, "timing")) m.dosage = concept_of(find(*timing, "code")).text;
  }
  if (const json* rates = find(d, "doseAndRate"); rates && rates->is_array() && !rates->empty()) {
    if (const json* q = find((*rates)[0], "doseQuantity"); q && find(*q, "value")) {
      const json& v = (*q)["value"];
      if (v.is_number()) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", v.get<double>());
        m.dose = std::string(buf) + text(*q, "unit");
      }
    }
  }
  // Days of supply as the dosage states them (JP Core: timing.repeat.boundsDuration).
  if (const json* timing = find(d, "timing")) {
    if (const json* repeat = find(*timing, "repeat")) {
      if (const json* bounds = find(*repeat, "boundsDuration"); bounds && find(*bounds, "value")) {
        if ((*bounds)["value"].is_number() && text(*bounds, "code") == "d") m.days = (*bounds)["value"].get<double>();
      }
    }
  }
}

// Where the entry came from: what the data says of itself (meta.tag / meta.source), else
// what the resource is.
std::string origin_of(const json& body, const std::string& kind) {
  if (const json* meta = find(body, "meta")) {
    if (const json* tags = find(*meta, "tag"); tags && tags->is_array()) {
      for (const auto& tag : *tags) {
        const std::string code = text(tag, "code");
        if (code == "e-prescription" || code == "claims") return code;
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

}  // namespace

std::vector<MedicationEntry> medication_entries(const Context& c) {
  std::vector<MedicationEntry> out;
  std::set<std::string> dispensed;  // references of prescriptions a dispense names
  for (const auto& r : c.resources()) {
    const json& body = r.resource.body;
    const std::string& type = r.resource.type;
    MedicationEntry m;
    m.from = &r;
    if (type == "MedicationRequest") m.kind = "request";
    else if (type == "MedicationDispense") m.kind = "dispense";
    else if (type == "MedicationStatement") m.kind = "statement";
    else continue;
    m.drug = drug_of(c, r, m.ingredients);
    read_dosage(body, m);
    m.status = text(body, "status");
    m.origin = origin_of(body, m.kind);
    if (m.kind == "request") {
      m.date = first_date(body, {"authoredOn"});
      m.prescriber = c.name_of(find(body, "requester"), r);
      m.institution = c.organization_of(find(body, "requester"), r);
      if (m.institution.empty()) m.institution = c.organization_of(find(body, "encounter"), r);
      if (const json* request = find(body, "dispenseRequest")) {
        if (const json* d = find(*request, "expectedSupplyDuration"); d && find(*d, "value") && (*d)["value"].is_number()) {
          m.days = (*d)["value"].get<double>();
        }
      }
    } else if (m.kind == "dispense") {
      m.date = first_date(body, {"whenHandedOver", "whenPrepared"});
      if (const json* performers = find(body, "performer"); performers && performers->is_array() && !performers->empty()) {
        const json* actor = find((*performers)[0], "actor");
        m.pharmacy = c.organization_of(actor, r);
        if (m.pharmacy.empty()) m.pharmacy = c.name_of(actor, r);
      }
      if (m.pharmacy.empty()) m.pharmacy = c.name_of(find(body, "location"), r);
      if (const json* d = find(body, "daysSupply"); d && find(*d, "value") && (*d)["value"].is_number()) {
        m.days = (*d)["value"].get<double>();
      }
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
      m.date = first_date(body, {"effectiveDateTime", "effectivePeriod", "dateAsserted"});
      m.institution = c.organization_of(find(body, "informationSource"), r);
    }
    if (m.institution.empty()) {
      if (std::string number = institution_number(body); !number.empty()) {
        m.institution = c.organization_by_number(number);
        if (m.institution.empty()) m.institution = "医療機関コード " + number;
      }
    }
    const std::string day = m.date.substr(0, 10);
    m.end_date = add_days(day, m.days);
    // Current: still being taken today by its dates, or marked active without dates.
    if (m.status == "active" || m.status == "in-progress" || m.status == "on-hold") {
      m.active = m.end_date.empty() || m.end_date >= c.today();
    } else if (m.status != "stopped" && m.status != "cancelled" && m.status != "entered-in-error") {
      m.active = !m.end_date.empty() && day <= c.today() && m.end_date >= c.today();
    }
    out.push_back(std::move(m));
  }
  for (auto& m : out) {
    if (m.kind == "request" && dispensed.count("MedicationRequest/" + m.from->resource.id)) m.covered_by_dispense = true;
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.date > b.date; });
  return out;
}

json to_json(const MedicationEntry& m) {
  return json{{"id", m.from->id},
              {"kind", m.kind},
              {"drug", m.drug.text},
              {"code", {{"system", m.drug.system_name}, {"code", m.drug.code}}},
              {"ingredients", m.ingredients},
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

Result<json> medications(Vault& vault, const Query& query) {
  auto context = Context::load(vault, query, {"MedicationRequest", "MedicationDispense", "MedicationStatement"});
  if (!context) return std::move(context).error();
  const auto entries = medication_entries(*context);
  json current = json::array(), all = json::array();
  // History per person and drug: the same drug (by ingredient, else code, else name) over
  // the years, one person's — a child's cough syrup is not the parent's.
  struct Group {
    json summary;
    std::set<std::string> institutions;
  };
  std::map<std::pair<std::int64_t, std::string>, Group> groups;
  std::vector<std::pair<std::int64_t, std::string>> order;
  for (const auto& m : entries) {
    json j = to_json(m);
    if (m.active && !m.covered_by_dispense) current.push_back(j);
    all.push_back(j);
    const std::string drug = !m.ingredients.empty() ? "i:" + m.ingredients.front()
                             : !m.drug.code.empty() ? "c:" + m.drug.code : "t:" + m.drug.text;
    const std::pair<std::int64_t, std::string> key{context->owner(*m.from), drug};
    auto [it, fresh] = groups.try_emplace(key);
    Group& g = it->second;
    if (fresh) {
      order.push_back(key);
      g.summary = json{{"drug", m.drug.text}, {"person", key.first}, {"latestDosage", m.dosage}, {"last", m.date},
                       {"first", m.date}, {"count", 0}, {"active", false}};
    }
    g.summary["first"] = m.date;  // entries are newest first
    g.summary["count"] = g.summary["count"].get<int>() + 1;
    if (m.active) g.summary["active"] = true;
    if (!m.institution.empty()) g.institutions.insert(m.institution);
  }
  json history = json::array();
  for (const auto& key : order) {
    Group& g = groups[key];
    g.summary["institutions"] = g.institutions;
    history.push_back(std::move(g.summary));
  }
  json out{{"today", context->today()}, {"current", std::move(current)}, {"history", std::move(history)},
           {"entries", std::move(all)}};
  out.update(context->whose());
  return out;
}

}  // namespace techo::views
