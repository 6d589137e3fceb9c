// The record and its views as API methods: the summary, the timeline, and each view of
// techo/views.hpp under its own name.
#include <algorithm>

#include "api_json.hpp"
#include "api_methods.hpp"
#include "techo/views.hpp"

namespace techo::api::detail {
namespace {

using techo::detail::Args;
using nlohmann::json;

Result<json> summary(SessionState& state, Args&) {
  auto summary = state.vault->summary();
  if (!summary) return std::move(summary).error();
  return techo::detail::to_json(summary.value());
}

json record_json(const Vault::RecordRow& row) {
  const auto& r = row.record;
  return {{"id", row.id},
          {"category", r.category},
          {"codeSystem", r.code_system},
          {"code", r.code},
          {"display", r.display},
          {"valueNumber", r.value_number ? json(*r.value_number) : json(nullptr)},
          {"valueText", r.value_text},
          {"unit", r.unit},
          {"effectiveAt", r.effective_at},
          {"status", r.status},
          {"resourceType", row.resource_type},
          {"source", row.source},
          {"person", row.person}};
}

// {"query": {"category", "person", "source", "limit" (1–1000, default 50), "cursor"}}.
Result<json> records(SessionState& state, Args& a) {
  Args q = a.object("query");
  Vault::RecordQuery query;
  query.category = q.text("category");
  query.person = q.integer("person");
  query.source_id = q.integer("source");
  query.limit = static_cast<int>(std::clamp<std::int64_t>(q.integer("limit", 50), 1, 1000));
  Args cursor = q.object("cursor");
  query.before_effective_at = cursor.text("effectiveAt");
  query.before_id = cursor.integer("id");
  if (a.error()) return *a.error();
  auto rows = state.vault->records(query);
  if (!rows) return std::move(rows).error();
  json out = json::array();
  for (const auto& row : *rows) out.push_back(record_json(row));
  json next = nullptr;
  if (static_cast<int>(rows->size()) == query.limit) {
    next = {{"effectiveAt", rows->back().record.effective_at}, {"id", rows->back().id}};
  }
  return json{{"records", std::move(out)}, {"next", std::move(next)}};
}

// {"query": {"person", "today"}}: the arguments every view takes.
views::Query view_query(Args& a) {
  Args q = a.object("query");
  views::Query query;
  query.person = q.integer("person");
  query.today = q.text("today");
  return query;
}

template <Result<json> (*View)(Vault&, const views::Query&)>
Result<json> view(SessionState& state, Args& a) {
  const views::Query query = view_query(a);
  if (a.error()) return *a.error();
  return View(*state.vault, query);
}

Result<json> people(SessionState& state, Args&) { return views::people(*state.vault); }

Result<json> document(SessionState& state, Args& a) {
  const std::int64_t id = a.integer("id");
  if (a.error()) return *a.error();
  return views::document(*state.vault, id);
}

}  // namespace

const MethodTable& record_methods() {
  static const MethodTable table = {
      {"summary", Needs::kOpenVault, summary},
      {"records", Needs::kOpenVault, records},
      {"people", Needs::kOpenVault, people},
      {"medications", Needs::kOpenVault, view<views::medications>},
      {"labs", Needs::kOpenVault, view<views::labs>},
      {"checkups", Needs::kOpenVault, view<views::checkups>},
      {"ehrSummary", Needs::kOpenVault, view<views::ehr_summary>},
      {"document", Needs::kOpenVault, document},
      {"immunizations", Needs::kOpenVault, view<views::immunizations>},
      {"safety", Needs::kOpenVault, view<views::safety>},
      {"emergency", Needs::kOpenVault, view<views::emergency>},
      {"visits", Needs::kOpenVault, view<views::visits>},
      {"coverages", Needs::kOpenVault, view<views::coverages>},
      {"growth", Needs::kOpenVault, view<views::growth>},
  };
  return table;
}

}  // namespace techo::api::detail
