// Insurance and public-expense cards (Coverage, JP Core JP_Coverage): the insurer and its
// number (保険者番号), the card's 記号・番号・枝番, a 公費 programme's 公費負担者番号 and
// 受給者番号, and whether the card is valid today. The person's own numbers come both in
// full and masked: the page shows the masked form until the person asks to see it, so a
// card on screen does not hand the numbers to whoever looks over their shoulder.
#include <algorithm>
#include <map>

#include "views_context.hpp"

namespace techo::views {

using namespace detail;

namespace {

// OIDs of JP Core's identifier systems and code systems (JP Core NamingSystems).
constexpr std::string_view kInsuranceCategory = "1.2.392.100495.20.2.61";  // 保険種別 (8 = 公費)
constexpr std::string_view kInsurerNumber = "1.2.392.100495.20.3.61";      // 保険者番号
constexpr std::string_view kPublicPayerNumber = "1.2.392.100495.20.3.71";  // 公費負担者番号
constexpr std::string_view kRecipientNumber = "1.2.392.100495.20.3.72";    // 公費受給者番号

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

// Every character but the last two as "*" (UTF-8 aware: full-width digits are one
// character each); short values are all stars.
std::string masked(const std::string& value) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if ((static_cast<unsigned char>(value[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  if (starts.empty()) return {};
  const std::size_t keep = starts.size() > 2 ? 2 : 0;
  const std::size_t hidden = starts.size() - keep;
  return std::string(hidden, '*') + (keep ? value.substr(starts[hidden]) : std::string());
}

json secret(const std::string& value) { return json{{"value", value}, {"masked", masked(value)}}; }

// The value of an extension whose URL ends with `name` (JP_Coverage_InsuredPersonSymbol,
// ...), on the Coverage or (JP Core 1.2) on its insured identifier.
std::string jp_extension(const json& body, std::string_view name) {
  auto look = [&](const json& holder) -> std::string {
    if (const json* exts = find(holder, "extension"); exts && exts->is_array()) {
      for (const auto& e : *exts) {
        const std::string url = text(e, "url");
        if (url.size() >= name.size() && url.compare(url.size() - name.size(), name.size(), name) == 0) return text(e, "valueString");
      }
    }
    return {};
  };
  if (std::string v = look(body); !v.empty()) return v;
  if (const json* ids = find(body, "identifier"); ids && ids->is_array()) {
    for (const auto& id : *ids) {
      if (std::string v = look(id); !v.empty()) return v;
    }
  }
  return {};
}

// An identifier value of a given system among a resource's identifiers (or a logical
// reference's identifier).
std::string identifier_of(const json* holder, std::string_view system) {
  if (!holder) return {};
  if (const json* id = find(*holder, "identifier")) {
    if (id->is_object() && contains(text(*id, "system"), system)) return text(*id, "value");
    if (id->is_array()) {
      for (const auto& i : *id) {
        if (contains(text(i, "system"), system)) return text(i, "value");
      }
    }
  }
  return {};
}

// 法別番号 (the first two digits of a 公費負担者番号) of nationwide programmes.
std::string programme_of(const std::string& payer_number) {
  static const std::map<std::string, std::string> kProgrammes = {
      {"10", "感染症法（結核）"},     {"12", "生活保護（医療扶助）"},   {"15", "更生医療"},
      {"16", "育成医療"},             {"21", "精神通院医療"},           {"51", "特定疾患治療研究事業"},
      {"52", "小児慢性特定疾病医療"}, {"54", "難病医療（特定医療費）"},
  };
  if (payer_number.size() != 8) return {};
  auto it = kProgrammes.find(payer_number.substr(0, 2));
  return it == kProgrammes.end() ? std::string() : it->second;
}

json coverage_json(const Context& c, const StoredResource& r) {
  const json& body = r.resource.body;
  const json* type = find(body, "type");
  bool public_expense = false;
  for (const auto& [system, code] : codings_of(type)) {
    if (contains(system, kInsuranceCategory) && code == "8") public_expense = true;
  }
  std::string insurer, insurer_number, payer_number;
  if (const json* payors = find(body, "payor"); payors && payors->is_array() && !payors->empty()) {
    const json& payor = (*payors)[0];
    const json* target = c.resolve(&payor, r);
    insurer = c.name_of(&payor, r);
    if (insurer.empty() && target) insurer = text(*target, "name");
    for (const json* holder : {target, &payor}) {
      if (insurer_number.empty()) insurer_number = identifier_of(holder, kInsurerNumber);
      if (payer_number.empty()) payer_number = identifier_of(holder, kPublicPayerNumber);
    }
  }
  if (!payer_number.empty()) public_expense = true;
  std::string recipient = identifier_of(&body, kRecipientNumber);
  if (recipient.empty() && public_expense) recipient = text(body, "subscriberId");
  std::string branch = jp_extension(body, "JP_Coverage_InsuredPersonSubNumber");
  if (branch.empty()) branch = text(body, "dependent");
  std::string programme;
  if (const json* classes = find(body, "class"); classes && classes->is_array() && !classes->empty()) programme = text((*classes)[0], "name");
  if (programme.empty() && public_expense) programme = programme_of(payer_number);
  std::string start, end;
  if (const json* period = find(body, "period")) {
    start = text(*period, "start");
    end = text(*period, "end");
  }
  const std::string& today = c.today();
  const std::string status = text(body, "status");
  const bool valid = (status.empty() || status == "active") && (start.empty() || start.substr(0, 10) <= today) &&
                     (end.empty() || end.substr(0, 10) >= today);
  std::string copay;
  if (const json* costs = find(body, "costToBeneficiary"); costs && costs->is_array() && !costs->empty()) {
    if (const json* q = find((*costs)[0], "valueQuantity"); q && find(*q, "value") && (*q)["value"].is_number()) {
      copay = (*q)["value"].dump() + text(*q, "unit");
    }
  }
  return json{{"id", r.id},
              {"kind", public_expense ? "public-expense" : "insurance"},
              {"type", concept_of(type).text},
              {"insurer", insurer},
              {"insurerNumber", insurer_number},
              {"symbol", secret(jp_extension(body, "JP_Coverage_InsuredPersonSymbol"))},
              {"number", secret(jp_extension(body, "JP_Coverage_InsuredPersonNumber"))},
              {"branch", secret(branch)},
              {"programme", programme},
              {"payerNumber", payer_number},
              {"recipientNumber", secret(recipient)},
              {"relationship", concept_of(find(body, "relationship")).text},
              {"copay", copay},
              {"start", start},
              {"end", end},
              {"status", status},
              {"valid", valid},
              {"source", r.source},
              {"person", r.person}};
}

}  // namespace

Result<json> coverages(Vault& vault, const Query& query) {
  auto context = Context::load(vault, query, {"Coverage"});
  if (!context) return std::move(context).error();
  std::map<std::int64_t, json> by_person;
  for (const auto& r : context->resources()) by_person[context->owner(r)].push_back(coverage_json(*context, r));
  json groups = json::array();
  for (const auto owner : context->owners()) {
    json list = by_person.count(owner) ? std::move(by_person[owner]) : json::array();
    // Valid cards first, then by when they started, newest first.
    std::stable_sort(list.begin(), list.end(), [](const json& a, const json& b) {
      if (a["valid"] != b["valid"]) return a["valid"].get<bool>();
      return a["start"].get<std::string>() > b["start"].get<std::string>();
    });
    groups.push_back(json{{"person", context->person(owner)}, {"coverages", std::move(list)}});
  }
  json out = context->whose();
  out["today"] = context->today();
  out["byPerson"] = std::move(groups);
  return out;
}

}  // namespace techo::views
