// The 特定健診 view: each checkup report laid out as the result form a person receives
// (健診結果のお知らせ), every item of the report on it or in its "other items", the 問診
// answers as their own section, last year's value beside this year's.
#include <algorithm>
#include <map>
#include <optional>

#include "checkup_items.hpp"
#include "techo/terminology.hpp"
#include "views_results.hpp"

namespace techo::views {

using namespace detail;

namespace {

// A report is a checkup document (one per Composition), else the checkup results of one
// day (files that are a collection of results, not a document).
struct Report {
  std::int64_t owner = 0;
  std::string date, institution;
  std::optional<DocumentContext> document;  // the report's Composition (no one section's title)
  json items = json::object();
  std::vector<std::string> questionnaire_extra;  // ids of 問診 answers the table does not know
  json other = json::array();
};

bool is_questionnaire_section(const DocumentContext* d) {
  return d && (d->section.find("問診") != std::string::npos);
}

// The form's line for a result: a 特定健診 item code, or a JLAC10 code inside a checkup
// report (the same codes, named by the JLAC10 system).
const CheckupItemDef* form_item(const ResultPoint& p, bool in_checkup_report) {
  const auto system = terminology::lookup(p.code.system).name;
  if (system == "特定健診項目" || (in_checkup_report && system == "JLAC10")) return checkup_item_of(p.code.code);
  return nullptr;
}

json item_json(const ResultPoint& p, const Report& report, std::string_view id, std::string_view section,
               std::string_view label, std::string_view question) {
  json j = to_json(p);
  if (j["date"].get<std::string>().empty()) j["date"] = report.date;
  j["item"] = id;
  j["section"] = section;
  j["label"] = label.empty() ? p.code.text : std::string(label);
  if (section == "questionnaire") j["question"] = question.empty() ? p.code.text : std::string(question);
  j["previous"] = nullptr;
  return j;
}

json summary_of(const json& item) {
  return json{{"date", item["date"]},   {"value", item["value"]}, {"valueText", item["valueText"]},
              {"unit", item["unit"]},   {"flag", item["flag"]},   {"rangeText", item["rangeText"]}};
}

}  // namespace

Result<json> checkups(Vault& vault, const Query& query) {
  // Only what can be on the form: 特定健診 item codes, and the entries of documents.
  auto context = Context::load(vault, query, {}, [](Context& c, techo::detail::ViewQueries& q) {
    return q.checkup_results(c.query().person);
  });
  if (!context) return std::move(context).error();
  const auto points = result_points(*context);
  std::map<std::pair<std::int64_t, std::string>, Report> by_key;
  for (const auto& p : points) {
    const DocumentContext* document = context->document_of(*p.from);
    const bool in_report = document && document->kind == "checkup-report";
    const CheckupItemDef* item = form_item(p, in_report);
    if (!item && !in_report) continue;  // not a checkup result
    const std::int64_t owner = context->owner(*p.from);
    const std::string date = (in_report && !document->date.empty() ? document->date : p.date).substr(0, 10);
    const std::string key = in_report ? "document:" + std::to_string(document->composition->id) : "date:" + date;
    Report& report = by_key[{owner, key}];
    if (report.date.empty()) {
      report.owner = owner;
      report.date = date;
      if (in_report) {
        report.document = *document;
        report.document->section.clear();
      }
    }
    if (report.institution.empty()) report.institution = in_report && !document->institution.empty() ? document->institution : p.institution;
    if (item) {
      const std::string id(item->id);
      if (!report.items.contains(id)) {
        report.items[id] = item_json(p, report, item->id, item->section, item->label, item->question);
        continue;
      }
      // A second result for the same line (another measurement) is kept, as an other item.
    } else if (is_questionnaire_section(document)) {
      const std::string id = "question:" + p.code.code;
      if (!report.items.contains(id)) {
        report.items[id] = item_json(p, report, id, "questionnaire", {}, {});
        report.questionnaire_extra.push_back(id);
        continue;
      }
    }
    report.other.push_back(item_json(p, report, "other", "other", {}, {}));
  }

  std::vector<Report*> reports;
  for (auto& [key, report] : by_key) reports.push_back(&report);
  // Newest first: this year's report is the one a person opens.
  std::stable_sort(reports.begin(), reports.end(), [](const Report* a, const Report* b) { return a->date > b->date; });

  json out = json::array();
  for (std::size_t i = 0; i < reports.size(); ++i) {
    Report& report = *reports[i];
    // Last year: the same person's previous report, item by item.
    const Report* previous = nullptr;
    for (std::size_t j = i + 1; j < reports.size() && !previous; ++j) {
      if (reports[j]->owner == report.owner) previous = reports[j];
    }
    if (previous) {
      for (auto& [id, item] : report.items.items()) {
        if (auto before = previous->items.find(id); before != previous->items.end()) item["previous"] = summary_of(*before);
      }
      // An item off the form is the same item last year when its code is.
      for (auto& item : report.other) {
        for (const auto& before : previous->other) {
          if (before["code"] == item["code"]) item["previous"] = summary_of(before);
        }
      }
    }
    json sections = json::array();
    for (auto section : checkup_sections()) {
      json items = json::array();
      for (const auto& def : checkup_items()) {
        if (def.section != section) continue;
        if (auto found = report.items.find(std::string(def.id)); found != report.items.end()) items.push_back(*found);
      }
      if (section == "questionnaire") {
        for (const auto& id : report.questionnaire_extra) items.push_back(report.items[id]);
      }
      if (!items.empty()) sections.push_back(json{{"id", section}, {"items", std::move(items)}});
    }
    out.push_back(json{{"date", report.date},
                       {"person", report.owner},
                       {"institution", report.institution},
                       {"document", to_json(report.document ? &*report.document : nullptr)},
                       {"previousDate", previous ? json(previous->date) : json(nullptr)},
                       {"items", std::move(report.items)},
                       {"sections", std::move(sections)},
                       {"otherItems", std::move(report.other)}});
  }
  json reply = context->whose();
  reply["reports"] = std::move(out);
  return reply;
}

}  // namespace techo::views
