// The lifelog as API methods: stored samples, the merged days and weeks, the export, and
// the source priority that decides the merge. Each query takes "person": a profile id from
// people() (absent or 0: the account holder).
#include "api_methods.hpp"
#include "techo/lifelog.hpp"
#include "techo/lifelog_export.hpp"

namespace techo::api::detail {
namespace {

using techo::detail::Args;
using nlohmann::json;

// {"query": {"metric", "from", "to" (RFC 3339 date-times), "person"}}.
Result<json> lifelog_samples(SessionState& state, Args& a) {
  Args q = a.object("query");
  const std::string from_text = q.text("from"), to_text = q.text("to"), metric = q.text("metric");
  const std::int64_t person = q.integer("person");
  if (a.error()) return *a.error();
  const auto from = lifelog::parse_date_time(from_text);
  const auto to = lifelog::parse_date_time(to_text);
  if (!from || !to) return Error{ErrorCode::kInvalidArgument, "from and to must be RFC 3339 date-times", "query"};
  auto rows = state.vault->lifelog_samples(metric, from->utc, to->utc, person);
  if (!rows) return std::move(rows).error();
  json out = json::array();
  for (const auto& r : *rows) {
    const auto& s = r.sample;
    out.push_back({{"metric", s.metric},
                   {"start", lifelog::format_utc(s.start)},
                   {"end", lifelog::format_utc(s.end)},
                   {"utcOffset", s.utc_offset_minutes ? json(*s.utc_offset_minutes) : json(nullptr)},
                   {"value", s.value},
                   {"unit", s.unit},
                   {"device", s.device},
                   {"deviceKind", lifelog::device_kind_name(s.kind)},
                   {"detail", s.detail},
                   {"source", r.source}});
  }
  return json{{"samples", std::move(out)}};
}

// {"query": {"metric", "from", "to" (YYYY-MM-DD), "person"}}.
Result<json> lifelog_days(SessionState& state, Args& a) {
  Args q = a.object("query");
  const std::string metric = q.text("metric"), from = q.text("from", "0000-01-01"), to = q.text("to", "9999-12-31");
  const std::int64_t person = q.integer("person");
  if (a.error()) return *a.error();
  auto days = state.vault->lifelog_days(metric, from, to, person);
  if (!days) return std::move(days).error();
  auto weeks = state.vault->lifelog_weeks(metric, from, to, person);
  if (!weeks) return std::move(weeks).error();
  json d = json::array(), w = json::array();
  for (const auto& day : *days) {
    d.push_back({{"day", day.day},
                 {"value", day.value},
                 {"min", day.min ? json(*day.min) : json(nullptr)},
                 {"max", day.max ? json(*day.max) : json(nullptr)},
                 {"readings", day.readings},
                 {"explanation", day.explanation},
                 {"sources", day.sources}});
  }
  for (const auto& week : *weeks) w.push_back({{"weekStart", week.week_start}, {"value", week.value}, {"days", week.days}});
  return json{{"metric", metric}, {"days", std::move(d)}, {"weeks", std::move(w)}};
}

// {"query": {"metrics", "from", "to", "format": "fhir" | "openmhealth", "person"}}.
Result<json> export_lifelog(SessionState& state, Args& a) {
  Args q = a.object("query");
  const std::vector<std::string> metrics = q.texts("metrics", {"steps", "heart-rate", "sleep", "body-weight",
                                                               "blood-pressure-systolic", "blood-pressure-diastolic"});
  const std::string from = q.text("from", "0000-01-01"), to = q.text("to", "9999-12-31"), format = q.text("format", "fhir");
  const std::int64_t person = q.integer("person");
  if (a.error()) return *a.error();
  if (format != "fhir" && format != "openmhealth") {
    return Error{ErrorCode::kInvalidArgument, "format must be \"fhir\" or \"openmhealth\"", "query.format"};
  }
  std::vector<lifelog::ExportDay> days;
  for (const auto& metric : metrics) {
    auto rows = state.vault->lifelog_days(metric, from, to, person);
    if (!rows) return std::move(rows).error();
    for (const auto& d : *rows) days.push_back({metric, d.day, 540, d.value, d.explanation});
  }
  // The data leaves the vault: logged before it is handed out.
  const json detail = {{"what", "lifelog"}, {"format", format}, {"metrics", metrics},
                       {"from", from},      {"to", to},         {"days", days.size()}};
  if (auto s = state.vault->append_audit_event("export", person, detail); !s) return std::move(s).error();
  return format == "fhir" ? lifelog::to_fhir(days) : lifelog::to_open_mhealth(days);
}

Result<json> lifelog_priority(SessionState& state, Args& a) {
  const std::string metric = a.text("metric");
  if (a.error()) return *a.error();
  auto priority = state.vault->lifelog_priority(metric);
  if (!priority) return std::move(priority).error();
  json order = json::array();
  for (auto k : priority->order) order.push_back(lifelog::device_kind_name(k));
  return json{{"metric", metric}, {"order", std::move(order)}};
}

// {"metric", "order": ["watch", "phone", ...]}: sets the priority and re-merges the metric.
Result<json> set_lifelog_priority(SessionState& state, Args& a) {
  const std::string metric = a.text("metric");
  const std::vector<std::string> order = a.texts("order", {});
  if (a.error()) return *a.error();
  lifelog::Priority priority;
  priority.order.clear();
  for (std::size_t i = 0; i < order.size(); ++i) {
    auto kind = lifelog::device_kind_from(order[i]);
    if (!kind) {
      return Error{ErrorCode::kInvalidArgument, "not a device kind (manual, medical-device, watch, phone, app)",
                   "order[" + std::to_string(i) + "]"};
    }
    priority.order.push_back(*kind);
  }
  auto n = state.vault->set_lifelog_priority(metric, priority);
  if (!n) return std::move(n).error();
  return json{{"daysRecomputed", *n}};
}

}  // namespace

const MethodTable& lifelog_methods() {
  static const MethodTable table = {
      {"lifelogSamples", Needs::kOpenVault, lifelog_samples},
      {"lifelogDays", Needs::kOpenVault, lifelog_days},
      {"exportLifelog", Needs::kOpenVault, export_lifelog},
      {"lifelogPriority", Needs::kOpenVault, lifelog_priority},
      {"setLifelogPriority", Needs::kOpenVault, set_lifelog_priority},
  };
  return table;
}

}  // namespace techo::api::detail
