// Vaccinations as API methods: the forecaster on its own (no vault: a clinic or an app
// can call it with any child's doses), the same from a person's records, recording a dose
// as a FHIR Immunization, and the upcoming doses as an iCalendar file.
#include <algorithm>

#include "api_methods.hpp"
#include "json_read.hpp"
#include "techo/fhir.hpp"
#include "techo/immunization.hpp"
#include "techo/immunization_calendar.hpp"
#include "techo/views.hpp"

namespace techo::api::detail {
namespace {

using techo::detail::Args;
using nlohmann::json;
namespace imm = techo::immunization;

Error bad(const std::string& path, const std::string& message) { return Error{ErrorCode::kInvalidArgument, message, path}; }

Result<imm::Date> date_arg(const json& object, const char* key, const std::string& where) {
  const json* v = json_read::find(object, key);
  if (!v || !v->is_string()) return bad(where + "." + key, "expected a date YYYY-MM-DD");
  auto d = imm::Date::parse(v->get<std::string>());
  if (!d) return bad(where + "." + key, "not a calendar date: \"" + v->get<std::string>() + "\"");
  return *d;
}

Result<std::string> sex_arg(const json& object, const std::string& where) {
  const json* v = json_read::find(object, "sex");
  if (!v || v->is_null()) return std::string();
  if (!v->is_string() || (*v != "female" && *v != "male")) return bad(where + ".sex", "expected \"female\", \"male\" or nothing");
  return v->get<std::string>();
}

// {"request": {"birthDate", "sex"?, "today", "doses": [{"product", "date", "series"?}]}}
Result<json> forecast_vaccinations(SessionState&, Args& a) {
  const json request = a.object_value("request");
  if (a.error()) return *a.error();
  const auto& schedule = imm::builtin_schedule();
  auto birth = date_arg(request, "birthDate", "request");
  if (!birth) return std::move(birth).error();
  auto today = date_arg(request, "today", "request");
  if (!today) return std::move(today).error();
  if (*today < *birth) return bad("request.today", "today is before the birth date");
  auto sex = sex_arg(request, "request");
  if (!sex) return std::move(sex).error();
  std::vector<imm::GivenDose> doses;
  const json* list = json_read::find(request, "doses");
  if (list && !list->is_array()) return bad("request.doses", "expected a list of doses");
  for (std::size_t i = 0; list && i < list->size(); ++i) {
    const std::string where = "request.doses[" + std::to_string(i) + "]";
    const json& d = (*list)[i];
    const std::string product = json_read::text(d, "product");
    if (!schedule.product(product)) {
      return bad(where + ".product", "not a product of the schedule: \"" + product + "\" (e.g. HepB, PCV20, DPT-IPV-Hib, MR)");
    }
    auto date = date_arg(d, "date", where);
    if (!date) return std::move(date).error();
    const std::string series = json_read::text(d, "series");
    if (!series.empty() && !schedule.find_series(series)) return bad(where + ".series", "not a series of the schedule: \"" + series + "\"");
    doses.push_back(imm::GivenDose{product, *date, series});
  }
  return imm::forecast(schedule, imm::Child{*birth, *sex}, *today, std::move(doses));
}

// A person's doses from their Immunization records: by vaccine code, else by the text
// (flagged); records no product matches are listed apart.
struct RecordedDoses {
  std::vector<imm::GivenDose> doses;
  json unmatched = json::array();
};

RecordedDoses recorded_doses(const json& immunizations) {
  RecordedDoses out;
  const auto& schedule = imm::builtin_schedule();
  for (const auto& r : immunizations) {
    const std::string status = json_read::text(r, "status");
    if (status == "not-done" || status == "entered-in-error") continue;
    const json code = r.value("code", json::object());
    const std::string system = json_read::text(code, "system"), value = json_read::text(code, "code");
    const std::string id = std::to_string(json_read::value_or<std::int64_t>(r, "id", 0));
    auto date = imm::Date::parse(json_read::text(r, "date"));
    bool from_text = false;
    auto product = imm::product_for(schedule, system == "CVX" ? "http://hl7.org/fhir/sid/cvx" : system, value,
                                    json_read::text(r, "vaccine"), from_text);
    if (!product || !date) {
      out.unmatched.push_back({{"recordId", id}, {"date", json_read::text(r, "date").substr(0, 10)}, {"vaccine", json_read::text(r, "vaccine")},
                               {"reason", !date ? "the record has no usable date" : "no product of the schedule matches this vaccine"}});
      continue;
    }
    imm::GivenDose g{*product, *date};
    g.record_id = id;
    g.lot = json_read::text(r, "lot");
    g.clinic = json_read::text(r, "performer");
    g.product_from_text = from_text;
    out.doses.push_back(std::move(g));
  }
  return out;
}

// Each person's forecast (one person, or every child: under 20 with a birth date), from the records.
Result<json> forecasts(Vault& vault, std::int64_t person, imm::Date today) {
  auto people = views::people(vault);
  if (!people) return std::move(people).error();
  views::Query q;
  q.person = person;
  auto view = views::immunizations(vault, q);
  if (!view) return std::move(view).error();
  json out = json::array();
  bool found = false;
  for (const auto& p : (*people)["people"]) {
    const std::int64_t id = p.value("id", std::int64_t{0});
    if (person != 0 && id != person) continue;
    found = true;
    auto birth = imm::Date::parse(json_read::text(p, "birthDate"));
    if (!birth || today < *birth) continue;  // without a birth date nothing can be judged
    // Everyone means the children: a childhood schedule says nothing useful of an adult
    // (asked for by id, an adult's forecast is still given).
    if (person == 0 && imm::age_reached(*birth, 20 * 12) < today) continue;
    json records = json::array();
    for (const auto& group : (*view)["byPerson"]) {
      if (group["person"].value("id", std::int64_t{0}) == id) records = group["immunizations"];
    }
    RecordedDoses recorded = recorded_doses(records);
    const std::string gender = json_read::text(p, "gender");
    json f = imm::forecast(imm::builtin_schedule(), imm::Child{*birth, gender == "female" || gender == "male" ? gender : ""}, today,
                           std::move(recorded.doses));
    for (auto& u : recorded.unmatched) f["otherDoses"].push_back(std::move(u));
    f["person"] = p;
    out.push_back(std::move(f));
  }
  if (person != 0 && !found) return bad("query.person", "no person " + std::to_string(person) + " in this vault");
  return json{{"today", today.iso()}, {"byPerson", std::move(out)}};
}

// {"query": {"person"?, "today"}}: the forecasts the query asks for (vaccinations and the
// calendar read the same query).
Result<json> forecasts_of_query(SessionState& state, Args& a) {
  Args q = a.object("query");
  const std::int64_t person = q.integer("person");
  const std::string today_text = q.text("today");
  if (a.error()) return *a.error();
  auto today = imm::Date::parse(today_text);
  if (!today) return bad("query.today", "expected today's date YYYY-MM-DD");
  return forecasts(*state.vault, person, *today);
}

Result<json> vaccinations(SessionState& state, Args& a) { return forecasts_of_query(state, a); }

// {"dose": {"person", "product", "date", "lot"?, "clinic"?}}: one FHIR Immunization, stored
// like any imported record (its own source, one transaction), about that person.
Result<json> record_vaccination(SessionState& state, Args& a) {
  Args d = a.object("dose");
  const std::int64_t person = d.integer("person");
  const std::string product_id = d.text("product"), date_text = d.text("date"), lot = d.text("lot"), clinic = d.text("clinic");
  if (a.error()) return *a.error();
  const auto& schedule = imm::builtin_schedule();
  const imm::Product* product = schedule.product(product_id);
  if (!product) return bad("dose.product", "not a product of the schedule: \"" + product_id + "\"");
  auto date = imm::Date::parse(date_text);
  if (!date || date_text.size() != 10) return bad("dose.date", "expected a date YYYY-MM-DD");
  if (lot.size() > 64) return bad("dose.lot", "a lot number of at most 64 characters");
  if (clinic.size() > 200) return bad("dose.clinic", "a clinic name of at most 200 characters");
  auto people = views::people(*state.vault);
  if (!people) return std::move(people).error();
  const json* who = nullptr;
  for (const auto& p : (*people)["people"]) {
    if (p.value("id", std::int64_t{0}) == person) who = &p;
  }
  if (!who) return bad("dose.person", "no person " + std::to_string(person) + " in this vault");
  const std::string birth = json_read::text(*who, "birthDate");
  if (auto b = imm::Date::parse(birth); b && *date < *b) return bad("dose.date", "the date is before the person's birth date");
  // The Patient that links the record to the person (a name and birth date are one person).
  // Ids from what the dose is: recording the same dose twice is recognised as one record
  // (an import treats an id it has seen as the same resource), two doses never collide.
  const std::string key = std::to_string(person) + "-" + product->id + "-" + date->iso();
  json patient = {{"resourceType", "Patient"}, {"id", "techo-person-" + std::to_string(person)}, {"name", json::array({{{"text", json_read::text(*who, "name")}}})}};
  if (!birth.empty()) patient["birthDate"] = birth;
  if (const std::string g = json_read::text(*who, "gender"); !g.empty()) patient["gender"] = g;
  json coding = json::array();
  if (!product->cvx.empty()) coding.push_back({{"system", "http://hl7.org/fhir/sid/cvx"}, {"code", product->cvx.front()}});
  json immunization = {{"resourceType", "Immunization"},
                       {"id", "techo-dose-" + key},
                       {"status", "completed"},
                       {"vaccineCode", {{"coding", coding}, {"text", product->name_ja}}},
                       {"patient", {{"reference", "urn:techo:person-" + std::to_string(person)}}},
                       {"occurrenceDateTime", date->iso()},
                       {"primarySource", false},  // the person recorded it, not the clinic
                       {"reportOrigin", {{"text", "recorded in Techo"}}}};
  if (!lot.empty()) immunization["lotNumber"] = lot;
  if (!clinic.empty()) immunization["performer"] = json::array({{{"actor", {{"display", clinic}}}}});
  json bundle = {{"resourceType", "Bundle"},
                 {"type", "collection"},
                 {"entry", json::array({{{"fullUrl", "urn:techo:person-" + std::to_string(person)}, {"resource", patient}},
                                        {{"fullUrl", "urn:techo:dose-" + key}, {"resource", immunization}}})}};
  auto parsed = fhir::parse_bundle_json(std::move(bundle));
  if (!parsed) return std::move(parsed).error();
  SourceInfo source;
  source.name = "予防接種の記録（手入力）" + date->iso() + " " + product->id;
  auto report = state.vault->import_bundle(source, *parsed);
  if (!report) return std::move(report).error();
  if (!report->skipped.empty()) return report->skipped.front();  // (the vault kept nothing it skipped)
  return json{{"person", person}, {"product", product->id}, {"date", date->iso()}, {"source", source.name},
              {"resources", report->imported_total}};
}

// {"query": {"person"?, "today"}}: {"calendar": the VCALENDAR text, "events": how many}.
Result<json> vaccination_calendar(SessionState& state, Args& a) {
  auto all = forecasts_of_query(state, a);
  if (!all) return std::move(all).error();
  const std::string today = (*all)["today"].get<std::string>();
  std::vector<imm::CalendarEntry> entries;
  const std::string vault = state.vault->vault_id().substr(0, 12);
  for (const auto& f : (*all)["byPerson"]) {
    const std::string key = "p" + std::to_string(f["person"].value("id", std::int64_t{0})) + (vault.empty() ? "" : "-" + vault);
    for (const auto& s : f["series"]) {
      const std::string status = s.value("status", "");
      if (status != "due" && status != "overdue" && status != "not-yet") continue;
      imm::CalendarEntry e;
      e.child_key = key;
      e.child_name = json_read::text(f["person"], "name");
      e.series_id = s.value("id", "");
      e.series_name = s.value("name", "");
      e.dose = s.value("nextDose", 1);
      // An overdue dose is shown from today, without the recommended end that has passed.
      e.from = std::max(s.value("recommendedFrom", std::string()), today);
      e.until = s["recommendedBy"].is_string() && status != "overdue" ? s["recommendedBy"].get<std::string>() : "";
      e.eligible_until = s["eligibleUntil"].is_string() ? s["eligibleUntil"].get<std::string>() : "";
      e.status = status;
      entries.push_back(std::move(e));
    }
  }
  std::string stamp = today;
  stamp.erase(std::remove(stamp.begin(), stamp.end(), '-'), stamp.end());
  return json{{"calendar", imm::vaccination_calendar(entries, stamp + "T000000Z")}, {"events", entries.size()}};
}

}  // namespace

const MethodTable& vaccination_methods() {
  static const MethodTable table = {
      {"forecastVaccinations", Needs::kNothing, forecast_vaccinations},
      {"vaccinations", Needs::kOpenVault, vaccinations},
      {"recordVaccination", Needs::kOpenVault, record_vaccination},
      {"vaccinationCalendar", Needs::kOpenVault, vaccination_calendar},
  };
  return table;
}

}  // namespace techo::api::detail
