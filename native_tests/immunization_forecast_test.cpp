// The forecaster against known answers (native_tests/data/immunization/forecast-cases.json,
// the same file the Node test reads through the npm API) and, for every minimum age and
// minimum interval the schedule holds, the day before is invalid and the day itself valid.
#include <catch2/catch.hpp>

#include "techo/immunization.hpp"
#include "test_data.hpp"

using nlohmann::json;
using techo::immunization::Date;
namespace imm = techo::immunization;

namespace {

Date d(const std::string& iso) {
  auto parsed = Date::parse(iso);
  REQUIRE(parsed.has_value());
  return *parsed;
}

json run_case(const json& c) {
  std::vector<imm::GivenDose> doses;
  for (const auto& g : c["doses"]) doses.push_back(imm::GivenDose{g[0].get<std::string>(), d(g[1].get<std::string>())});
  imm::Child child{d(c["birthDate"].get<std::string>()), c.value("sex", "")};
  return imm::forecast(imm::builtin_schedule(), child, d(c["today"].get<std::string>()), doses);
}

const json* series_of(const json& reply, const std::string& id) {
  for (const auto& s : reply["series"]) {
    if (s["id"] == id) return &s;
  }
  return nullptr;
}

// The judgement of the dose given on `date` in series `id`.
const json* dose_of(const json& reply, const std::string& id, const std::string& date) {
  const json* s = series_of(reply, id);
  if (!s) return nullptr;
  for (const auto& dose : (*s)["doses"]) {
    if (dose["date"] == date) return &dose;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("the embedded schedule parses, and every rule names its sources", "[immunization]") {
  const auto& s = imm::builtin_schedule();
  REQUIRE(s.series.size() == 16);
  CHECK(s.id == "jp-childhood");
  CHECK(s.rules_as_of == "2026-11-21");
  for (const char* id : {"HepB", "ROTA", "PCV", "DPT-IPV-Hib", "DPT-IPV", "Hib", "BCG", "MR1", "MR2", "VAR", "JE1", "JE2", "DT2", "HPV",
                         "MUMPS", "FLU"}) {
    INFO(id);
    const auto* series = s.find_series(id);
    REQUIRE(series);
    CHECK_FALSE(series->source.empty());
    for (const auto& src : series->source) CHECK(s.sources.contains(src));
  }
  for (const auto& rule : s.spacing) {
    CHECK_FALSE(rule.source.empty());
    for (const auto& src : rule.source) CHECK(s.sources.contains(src));
  }
}

TEST_CASE("a malformed schedule is refused with the path of the bad field", "[immunization]") {
  json schedule = json::parse(techo::test::read_data("../../assets/immunization/jp-childhood.schedule.json"));
  REQUIRE(imm::parse_schedule(schedule.dump()).has_value());
  auto broken = schedule;
  broken["series"][2]["plans"][0]["doses"][1]["intervals"][0]["days"] = "27";
  auto r = imm::parse_schedule(broken.dump());
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().path == "schedule: series[2].plans[0].doses[1].intervals[0].days");
  broken = schedule;
  broken["series"][0]["eligible"]["until"] = "m:twelve";
  r = imm::parse_schedule(broken.dump());
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().path == "schedule: series[0].eligible.until");
  broken = schedule;
  broken["series"][0]["products"] = json::array({"HepC"});
  r = imm::parse_schedule(broken.dump());
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().message.find("HepC") != std::string::npos);
  CHECK_FALSE(imm::parse_schedule("[]").has_value());
  CHECK_FALSE(imm::parse_schedule("{\"format\": \"other\"}").has_value());
}

TEST_CASE("known answers: every series, on time, late, too early, too close, product switches, window ends", "[immunization]") {
  const json cases = json::parse(techo::test::read_data("immunization/forecast-cases.json"));
  REQUIRE(cases["cases"].size() >= 35);
  for (const auto& c : cases["cases"]) {
    INFO(c["name"].get<std::string>());
    const json reply = run_case(c);
    if (c.contains("series")) {
      for (const auto& [id, expected] : c["series"].items()) {
        INFO(id);
        const json* s = series_of(reply, id);
        REQUIRE(s);
        for (const auto& [field, value] : expected.items()) {
          INFO(field << ": " << (*s).dump());
          CHECK((*s)[field] == value);
        }
      }
    }
    for (const auto& id : c.value("absent", json::array())) CHECK(series_of(reply, id.get<std::string>()) == nullptr);
    for (const auto& o : c.value("other", json::array())) {
      const bool listed = std::any_of(reply["otherDoses"].begin(), reply["otherDoses"].end(),
                                      [&](const json& x) { return x["product"] == o[0] && x["date"] == o[1]; });
      CHECK(listed);
    }
    for (const auto& e : c.value("doses_expected", json::array())) {
      INFO(e.dump());
      const json* dose = dose_of(reply, e[0].get<std::string>(), e[1].get<std::string>());
      REQUIRE(dose);
      INFO(dose->dump());
      CHECK((*dose)["valid"] == e[2]);
      CHECK((*dose)["dose"] == e[3]);
      if (e.size() > 4) CHECK((*dose)["reason"] == e[4]);
      if (e.size() > 5) CHECK((*dose)["validFrom"] == e[5]);
      if (!e[2].get<bool>()) {
        CHECK_FALSE((*dose)["rule"].get<std::string>().empty());
        CHECK_FALSE((*dose)["source"].empty());
      }
    }
  }
}

TEST_CASE("every minimum age and minimum interval: the day before is invalid, the day itself valid", "[immunization]") {
  const auto& schedule = imm::builtin_schedule();
  int checked = 0;
  for (const auto& series : schedule.series) {
    if (series.season_starts) continue;  // seasonal: known answers above
    for (const auto& plan : series.plans) {
      // A child for whom the plan's products are routine when the doses fall.
      const Date birth = d(series.id == "JE2" || series.id == "DT2" || series.id == "HPV" || series.id == "MR2" ? "2012-05-01" : "2024-06-15");
      const imm::DateContext at{birth, birth};
      std::vector<imm::GivenDose> given;
      for (std::size_t k = 0; k < plan.doses.size(); ++k) {
        const auto& rule = plan.doses[k];
        // The product: the plan's first one routine on the day (checked below for each day).
        auto product_on = [&](Date day) {
          for (const auto& id : plan.products.empty() ? series.products : plan.products) {
            const auto* p = schedule.product(id);
            if ((!p->effective_from || *p->effective_from <= day) && (!p->effective_to || day <= *p->effective_to)) return id;
          }
          return std::string();
        };
        // The bound from the data alone: the latest of the minimum age and every interval.
        std::optional<Date> bound;
        if (!rule.min_age.empty()) bound = imm::resolve(rule.min_age.back().age, at);
        const std::string previous_product = given.empty() ? "" : given.back().product;
        const auto by_product = rule.intervals_by_product.find(previous_product);
        for (const auto& iv : by_product != rule.intervals_by_product.end() ? by_product->second : rule.intervals) {
          const Date anchor = iv.from_dose == 0 ? given.back().date : given[iv.from_dose - 1].date;
          const Date allowed = iv.days >= 0 ? imm::after_interval_days(anchor, iv.days)
                               : iv.months >= 0 ? imm::after_interval_months(anchor, iv.months)
                                                : imm::after_interval_months_and_half(anchor, iv.months_and_half);
          if (!bound || allowed > *bound) bound = allowed;
        }
        if (!bound) {  // no rule of its own (HPV dose 1): the window's start
          bound = imm::resolve(series.eligible_from, at);
          if (plan.first_dose_from) bound = std::max(*bound, imm::resolve(*plan.first_dose_from, at));
        }
        if (k == 0 && plan.first_dose_from) bound = std::max(*bound, imm::resolve(*plan.first_dose_from, at));
        const std::string product = product_on(*bound);
        REQUIRE_FALSE(product.empty());
        auto judged = [&](Date day) {
          auto doses = given;
          doses.push_back(imm::GivenDose{product, day, series.id});
          const json reply = imm::forecast(schedule, imm::Child{birth, series.sex}, day.plus_days(1), doses);
          const json* dose = dose_of(reply, series.id, day.iso());
          REQUIRE(dose);
          json out = *dose;
          out["plan"] = series_of(reply, series.id)->at("plan");
          return out;
        };
        INFO(series.id << " plan " << plan.id << " dose " << rule.dose << " bound " << bound->iso());
        const bool has_rule = !rule.min_age.empty() || !rule.intervals.empty();
        // A plan that starts at a later age (PCV and Hib groups B–D) begins where another
        // ends: the day before its start is the other plan's, not an invalid dose.
        const bool plan_boundary = k == 0 && plan.first_dose_from && !rule.min_age.empty() &&
                                   imm::resolve(*plan.first_dose_from, at) > imm::resolve(rule.min_age.back().age, at);
        if (has_rule && !plan_boundary) {
          const json before = judged(bound->plus_days(-1));
          INFO(before.dump());
          if (before["valid"] == true) {
            // Valid only as a dose of another plan (HPV9 given early moves to the 3-dose plan).
            CHECK(before["plan"] != plan.id);
          } else {
            CHECK((before["reason"] == "too-young" || before["reason"] == "interval-too-short"));
          }
          ++checked;
        }
        const json on = judged(*bound);
        INFO(on.dump());
        CHECK(on["valid"] == true);
        CHECK(on["plan"] == plan.id);
        CHECK(on["dose"] == rule.dose);
        given.push_back(imm::GivenDose{product, *bound, series.id});
      }
    }
  }
  CHECK(checked >= 40);
}

TEST_CASE("a record's vaccine maps to a product by CVX code, else by its text (flagged), else not at all", "[immunization]") {
  const auto& s = imm::builtin_schedule();
  bool from_text = true;
  CHECK(imm::product_for(s, "http://hl7.org/fhir/sid/cvx", "08", "", from_text) == "HepB");
  CHECK_FALSE(from_text);
  CHECK(imm::product_for(s, "urn:oid:2.16.840.1.113883.12.292", "8", "", from_text) == "HepB");  // the OID form, no leading zero
  CHECK(imm::product_for(s, "http://hl7.org/fhir/sid/cvx", "120", "", from_text) == "DPT-IPV-Hib");
  CHECK(imm::product_for(s, "urn:oid:1.2.392.200119.4.1301", "X1", "小児用肺炎球菌（プレベナー20）", from_text) == "PCV20");
  CHECK(from_text);
  CHECK(imm::product_for(s, "", "", "五種混合ワクチン 1回目", from_text) == "DPT-IPV-Hib");
  CHECK(imm::product_for(s, "", "", "四種混合", from_text) == "DPT-IPV");
  CHECK(imm::product_for(s, "", "", "Influenza", from_text) == "FLU");
  CHECK_FALSE(imm::product_for(s, "http://hl7.org/fhir/sid/cvx", "999", "黄熱", from_text).has_value());
  // A dose read from text says so in its judgement.
  std::vector<imm::GivenDose> doses{{"HepB", d("2025-03-10")}};
  doses[0].product_from_text = true;
  const json reply = imm::forecast(s, imm::Child{d("2025-01-10"), ""}, d("2025-04-01"), doses);
  const json* dose = dose_of(reply, "HepB", "2025-03-10");
  REQUIRE(dose);
  CHECK((*dose)["notes"].dump().find("read from the record's text") != std::string::npos);
}
