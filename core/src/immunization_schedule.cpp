// Reading a schedule file (techo-immunization-schedule/v1) into the model the forecaster
// walks. Every field is checked here once, with its path, so the forecaster never meets
// a malformed rule.
#include <charconv>

#include "immunization_schedule_text.hpp"
#include "json_bounded.hpp"
#include "json_read.hpp"
#include "techo/immunization.hpp"

namespace techo::immunization {
namespace {

using nlohmann::json;

struct Bad {
  std::string path, message;
};

// Reads one field after another; the first problem is kept, with its path, and the rest
// of the reading goes on harmlessly (callers check `failed()` at the end).
class Reader {
 public:
  bool failed() const { return bad_.has_value(); }
  Error error() const {
    return Error{ErrorCode::kMalformedInput, "the schedule data is not usable: " + bad_->message, "schedule: " + bad_->path};
  }
  void fail(const std::string& path, const std::string& message) {
    if (!bad_) bad_ = Bad{path, message};
  }

  std::string text(const json& o, const char* key, const std::string& path, bool required = false) {
    const json* v = json_read::find(o, key);
    if (!v) {
      if (required) fail(path + "." + key, "missing");
      return "";
    }
    if (!v->is_string()) {
      fail(path + "." + key, "expected a string");
      return "";
    }
    return v->get<std::string>();
  }
  std::vector<std::string> texts(const json& o, const char* key, const std::string& path) {
    std::vector<std::string> out;
    const json* v = json_read::find(o, key);
    if (!v) return out;
    if (!v->is_array()) {
      fail(path + "." + key, "expected a list of strings");
      return out;
    }
    for (std::size_t i = 0; i < v->size(); ++i) {
      if (!(*v)[i].is_string()) fail(path + "." + key + "[" + std::to_string(i) + "]", "expected a string");
      else out.push_back((*v)[i].get<std::string>());
    }
    return out;
  }
  int integer(const json& v, const std::string& path, int low, int high) {
    if (!v.is_number_integer() || v.get<std::int64_t>() < low || v.get<std::int64_t>() > high) {
      fail(path, "expected a whole number from " + std::to_string(low) + " to " + std::to_string(high));
      return low;
    }
    return static_cast<int>(v.get<std::int64_t>());
  }
  std::optional<Date> date(const json& o, const char* key, const std::string& path) {
    const std::string t = text(o, key, path);
    if (t.empty()) return std::nullopt;
    auto d = Date::parse(t);
    if (!d || t.size() != 10) fail(path + "." + key, "expected a date YYYY-MM-DD");
    return d;
  }
  std::optional<DateExpr> expr(const json& o, const char* key, const std::string& path) {
    const json* v = json_read::find(o, key);
    if (!v) return std::nullopt;
    if (!v->is_string()) {
      fail(path + "." + key, "expected a date expression");
      return std::nullopt;
    }
    auto e = parse_expr(v->get<std::string>());
    if (!e) fail(path + "." + key, "not a date expression: \"" + v->get<std::string>() + "\"");
    return e;
  }

  static std::optional<DateExpr> parse_expr(const std::string& text) {
    DateExpr e;
    e.text = text;
    std::string body = text;
    // A trailing "+Nd" / "-Nd".
    if (auto at = body.find_last_of("+-"); at != std::string::npos && at > 0 && body.back() == 'd' &&
                                           body.compare(0, 13, "school_start:") != 0 && body.compare(0, 5, "date:") != 0) {
      auto n = number(body.substr(at + 1, body.size() - at - 2));
      if (!n) return std::nullopt;
      e.offset_days = body[at] == '+' ? *n : -*n;
      body = body.substr(0, at);
    }
    auto after = [&](const char* prefix) -> std::optional<std::string> {
      const std::size_t len = std::char_traits<char>::length(prefix);
      if (body.compare(0, len, prefix) != 0) return std::nullopt;
      return body.substr(len);
    };
    // The counted bases: "m:N", "y:N" (12·N months), "d:N", the fiscal year of an age.
    static constexpr struct {
      const char* prefix;
      DateExpr::Base base;
      int scale;
    } kCounted[] = {{"m:", DateExpr::Base::kMonths, 1},
                    {"y:", DateExpr::Base::kMonths, 12},
                    {"d:", DateExpr::Base::kDays, 1},
                    {"fy_start_of_age:", DateExpr::Base::kFyStartOfAge, 1},
                    {"fy_end_of_age:", DateExpr::Base::kFyEndOfAge, 1}};
    for (const auto& c : kCounted) {
      if (auto rest = after(c.prefix)) {
        auto n = number(*rest);
        if (!n) return std::nullopt;
        e.base = c.base, e.n = *n * c.scale;
        return e;
      }
    }
    if (body == "birth") {
      e.base = DateExpr::Base::kBirth;
    } else if (body == "school_start" || body == "school_start:-1y" || body == "school_start:-1d") {
      e.base = DateExpr::Base::kSchoolStart;
      if (body == "school_start:-1y") e.offset_years = -1;
      if (body == "school_start:-1d") e.offset_days = -1;
    } else if (auto dt = after("date:")) {
      auto parsed = Date::parse(*dt);
      if (!parsed || dt->size() != 10) return std::nullopt;
      e.base = DateExpr::Base::kDate, e.date = *parsed;
    } else if (auto s = after("season:")) {
      if (s->size() != 5 || (*s)[2] != '-') return std::nullopt;
      auto mo = number(s->substr(0, 2)), da = number(s->substr(3, 2));
      if (!mo || !da || *mo < 1 || *mo > 12 || *da < 1 || *da > days_in_month(2001, *mo)) return std::nullopt;
      e.base = DateExpr::Base::kSeason, e.month = *mo, e.day = *da;
    } else {
      return std::nullopt;
    }
    return e;
  }

 private:
  static std::optional<int> number(const std::string& s) {
    int v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v < 0 || v > 1200) return std::nullopt;
    return v;
  }
  std::optional<Bad> bad_;
};

std::vector<Interval> read_intervals(Reader& r, const json& list, const std::string& path) {
  std::vector<Interval> out;
  if (!list.is_array()) {
    r.fail(path, "expected a list of intervals");
    return out;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = path + "[" + std::to_string(i) + "]";
    const json& v = list[i];
    Interval iv;
    const json* from = json_read::find(v, "fromDose");
    if (from && from->is_string() && *from == "previous") iv.from_dose = 0;
    else if (from) iv.from_dose = r.integer(*from, at + ".fromDose", 1, 20);
    else r.fail(at + ".fromDose", "missing");
    if (const json* d = json_read::find(v, "days")) iv.days = r.integer(*d, at + ".days", 0, 3650);
    else if (const json* m = json_read::find(v, "months")) iv.months = r.integer(*m, at + ".months", 0, 240);
    else if (const json* h = json_read::find(v, "monthsAndHalf")) iv.months_and_half = r.integer(*h, at + ".monthsAndHalf", 0, 240);
    else r.fail(at, "expected days, months or monthsAndHalf");
    out.push_back(iv);
  }
  return out;
}

std::vector<DatedAge> read_min_age(Reader& r, const json& v, const std::string& path) {
  std::vector<DatedAge> out;
  if (v.is_string()) {
    auto e = Reader::parse_expr(v.get<std::string>());
    if (!e) r.fail(path, "not a date expression");
    else out.push_back({*e, std::nullopt, std::nullopt});
    return out;
  }
  if (!v.is_array()) {
    r.fail(path, "expected a date expression or a list of dated ones");
    return out;
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string at = path + "[" + std::to_string(i) + "]";
    auto e = r.expr(v[i], "age", at);
    if (!e) r.fail(at + ".age", "missing");
    else out.push_back({*e, r.date(v[i], "effectiveFrom", at), r.date(v[i], "effectiveTo", at)});
  }
  return out;
}

std::optional<std::pair<int, int>> pair_of(Reader& r, const json& o, const char* key, const std::string& path) {
  const json* v = json_read::find(o, key);
  if (!v) return std::nullopt;
  if (!v->is_array() || v->size() != 2) {
    r.fail(path + "." + key, "expected [from, until]");
    return std::nullopt;
  }
  return std::pair{r.integer((*v)[0], path + "." + key + "[0]", 0, 3650), r.integer((*v)[1], path + "." + key + "[1]", 0, 3650)};
}

Recommended read_recommended(Reader& r, const json& v, const std::string& path) {
  Recommended out;
  if (!v.is_object()) {
    r.fail(path, "expected an object");
    return out;
  }
  out.from = r.expr(v, "from", path);
  out.until = r.expr(v, "until", path);
  if (const json* p = json_read::find(v, "afterPrevious")) {
    out.relative_to_dose = 0;
    out.days = pair_of(r, *p, "days", path + ".afterPrevious");
    out.months = pair_of(r, *p, "months", path + ".afterPrevious");
  } else if (const json* d = json_read::find(v, "afterDose")) {
    out.relative_to_dose = d->contains("dose") ? r.integer((*d)["dose"], path + ".afterDose.dose", 1, 20) : 1;
    out.days = pair_of(r, *d, "days", path + ".afterDose");
    out.months = pair_of(r, *d, "months", path + ".afterDose");
  }
  return out;
}

DoseRule read_dose(Reader& r, const json& v, const std::string& path, int expected) {
  DoseRule d;
  if (!v.is_object()) {
    r.fail(path, "expected an object");
    return d;
  }
  d.dose = v.contains("dose") ? r.integer(v["dose"], path + ".dose", 1, 20) : 0;
  if (d.dose != expected) r.fail(path + ".dose", "expected dose " + std::to_string(expected) + " (doses are listed in order)");
  d.role = r.text(v, "role", path);
  if (const json* a = json_read::find(v, "minAge")) d.min_age = read_min_age(r, *a, path + ".minAge");
  if (const json* i = json_read::find(v, "intervals")) d.intervals = read_intervals(r, *i, path + ".intervals");
  d.skip_if_not_given_by = r.expr(v, "skipIfNotGivenBy", path);
  d.skip_if_previous_after = r.expr(v, "skipIfPreviousAfter", path);
  d.not_recommended_from = r.expr(v, "notRecommendedFrom", path);
  d.not_recommended_text = r.text(v, "notRecommendedText", path);
  if (const json* rec = json_read::find(v, "recommended")) d.recommended = read_recommended(r, *rec, path + ".recommended");
  if (const json* s = json_read::find(v, "ifSkipped")) {
    if (const json* a = json_read::find(*s, "minAge")) d.if_skipped_min_age = read_min_age(r, *a, path + ".ifSkipped.minAge");
    if (const json* i = json_read::find(*s, "intervals")) d.if_skipped_intervals = read_intervals(r, *i, path + ".ifSkipped.intervals");
    d.if_skipped_text = r.text(*s, "text", path + ".ifSkipped");
  }
  if (const json* b = json_read::find(v, "byProduct"); b && b->is_object()) {
    for (const auto& [product, rule] : b->items()) {
      const json* i = json_read::find(rule, "intervals");
      if (!i) r.fail(path + ".byProduct." + product, "expected intervals");
      else d.intervals_by_product[product] = read_intervals(r, *i, path + ".byProduct." + product + ".intervals");
    }
  }
  d.source = r.texts(v, "source", path);
  return d;
}

Plan read_plan(Reader& r, const json& v, const std::string& path) {
  Plan p;
  p.id = r.text(v, "id", path, true);
  p.text = r.text(v, "text", path);
  if (const json* w = json_read::find(v, "when")) {
    p.first_product = r.texts(*w, "firstProduct", path + ".when");
    p.first_dose_from = r.expr(*w, "firstDoseFrom", path + ".when");
    p.first_dose_until = r.expr(*w, "firstDoseUntil", path + ".when");
  }
  p.products = r.texts(v, "products", path);
  p.eligible_until = r.expr(v, "eligibleUntil", path);
  const json* doses = json_read::find(v, "doses");
  if (!doses || !doses->is_array() || doses->empty()) {
    r.fail(path + ".doses", "expected a list of doses");
    return p;
  }
  for (std::size_t i = 0; i < doses->size(); ++i) {
    p.doses.push_back(read_dose(r, (*doses)[i], path + ".doses[" + std::to_string(i) + "]", static_cast<int>(i) + 1));
  }
  return p;
}

std::optional<std::pair<int, int>> month_day(Reader& r, const json& o, const char* key, const std::string& path) {
  const std::string t = r.text(o, key, path, true);
  auto e = Reader::parse_expr("season:" + t);
  if (!e) {
    r.fail(path + "." + key, "expected MM-DD");
    return std::nullopt;
  }
  return std::pair{e->month, e->day};
}

Series read_series(Reader& r, const json& v, const std::string& path) {
  Series s;
  s.id = r.text(v, "id", path, true);
  if (const json* n = json_read::find(v, "name")) {
    s.name_ja = r.text(*n, "ja", path + ".name", true);
    s.name_en = r.text(*n, "en", path + ".name");
  } else {
    r.fail(path + ".name", "missing");
  }
  s.category = r.text(v, "category", path, true);
  if (s.category != "routine" && s.category != "voluntary") r.fail(path + ".category", "expected routine or voluntary");
  s.sex = r.text(v, "sex", path);
  if (!s.sex.empty() && s.sex != "female" && s.sex != "male") r.fail(path + ".sex", "expected female or male");
  s.group = r.text(v, "group", path);
  s.products = r.texts(v, "products", path);
  if (s.products.empty()) r.fail(path + ".products", "expected at least one product");
  s.born_from = r.date(v, "bornFrom", path);
  s.effective_from = r.date(v, "effectiveFrom", path);
  s.late_doses_invalid = r.text(v, "lateDoses", path) == "invalid";
  if (const json* sel = json_read::find(v, "selectWhen")) {
    s.select_none_of = r.texts(*sel, "noneOfProducts", path + ".selectWhen");
    s.select_any_of = r.texts(*sel, "anyOfProducts", path + ".selectWhen");
  }
  if (const json* same = json_read::find(v, "sameProduct")) {
    s.same_product = true;
    s.same_product_text = r.text(*same, "text", path + ".sameProduct");
    if (const json* sw = json_read::find(*same, "allowedSwitches"); sw && sw->is_array()) {
      for (const auto& pair : *sw) {
        if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string()) {
          s.allowed_switches.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
        } else {
          r.fail(path + ".sameProduct.allowedSwitches", "expected [from, to] product pairs");
        }
      }
    }
  }
  const json* eligible = json_read::find(v, "eligible");
  if (!eligible || !eligible->is_object()) {
    r.fail(path + ".eligible", "missing");
  } else {
    auto from = r.expr(*eligible, "from", path + ".eligible");
    if (!from) r.fail(path + ".eligible.from", "missing");
    else s.eligible_from = *from;
    s.eligible_until = r.expr(*eligible, "until", path + ".eligible");
    s.eligible_text = r.text(*eligible, "text", path + ".eligible");
    s.eligible_source = r.texts(*eligible, "source", path + ".eligible");
  }
  if (s.category == "routine" && !s.eligible_until) r.fail(path + ".eligible.until", "a routine series needs the end of its window");
  const json* plans = json_read::find(v, "plans");
  if (!plans || !plans->is_array() || plans->empty()) r.fail(path + ".plans", "expected a list of plans");
  else {
    for (std::size_t i = 0; i < plans->size(); ++i) s.plans.push_back(read_plan(r, (*plans)[i], path + ".plans[" + std::to_string(i) + "]"));
  }
  if (const json* ext = json_read::find(v, "extensions"); ext && ext->is_array()) {
    for (std::size_t i = 0; i < ext->size(); ++i) {
      const std::string at = path + ".extensions[" + std::to_string(i) + "]";
      const json& e = (*ext)[i];
      Extension x;
      x.id = r.text(e, "id", at, true);
      x.text = r.text(e, "text", at);
      x.born_from = r.date(e, "bornFrom", at);
      x.born_to = r.date(e, "bornTo", at);
      x.conditional = json_read::value_or(e, "conditional", false);
      x.no_standard_window = json_read::value_or(e, "noStandardWindow", false);
      if (const json* between = json_read::find(e, "requiresDoseBetween")) {
        auto a = between->is_array() && between->size() == 2 && (*between)[0].is_string() ? Date::parse((*between)[0].get<std::string>()) : std::nullopt;
        auto b = between->is_array() && between->size() == 2 && (*between)[1].is_string() ? Date::parse((*between)[1].get<std::string>()) : std::nullopt;
        if (!a || !b) r.fail(at + ".requiresDoseBetween", "expected [from, to] dates");
        else x.requires_dose_between = std::pair{*a, *b};
      }
      if (const json* el = json_read::find(e, "eligible")) {
        x.from = r.expr(*el, "from", at + ".eligible");
        x.until = r.expr(*el, "until", at + ".eligible");
      }
      x.source = r.texts(e, "source", at);
      s.extensions.push_back(std::move(x));
    }
  }
  if (const json* season = json_read::find(v, "season")) {
    s.season_starts = month_day(r, *season, "startsOn", path + ".season");
    s.season_ends = month_day(r, *season, "endsOn", path + ".season");
  }
  s.source = r.texts(v, "source", path);
  s.notes = r.texts(v, "notes", path);
  return s;
}

}  // namespace

Date resolve(const DateExpr& e, const DateContext& c) {
  Date base;
  switch (e.base) {
    case DateExpr::Base::kBirth: base = c.birth; break;
    case DateExpr::Base::kMonths: base = e.n == 0 ? c.birth : age_reached(c.birth, e.n); break;
    case DateExpr::Base::kDays: base = days_after_birth(c.birth, e.n); break;
    case DateExpr::Base::kFyStartOfAge: base = fiscal_year_start(age_reached(c.birth, e.n * 12)); break;
    case DateExpr::Base::kFyEndOfAge: base = fiscal_year_end(age_reached(c.birth, e.n * 12)); break;
    case DateExpr::Base::kSchoolStart: {
      const Date start = school_start(c.birth);
      base = e.offset_years ? Date::from_ymd(start.year() + e.offset_years, start.month(), start.day()) : start;
      break;
    }
    case DateExpr::Base::kDate: base = e.date; break;
    case DateExpr::Base::kSeason: {
      // That month and day on or after the season's first day.
      Date d = Date::from_ymd(c.season_start.year(), e.month, e.day);
      if (d < c.season_start) d = Date::from_ymd(c.season_start.year() + 1, e.month, e.day);
      base = d;
      break;
    }
  }
  return base.plus_days(e.offset_days);
}

const Product* Schedule::product(const std::string& id) const {
  for (const auto& p : products) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

const Series* Schedule::find_series(const std::string& id) const {
  for (const auto& s : series) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

Result<Schedule> parse_schedule(std::string_view text) {
  const json root = json_bounded::parse_or_discarded(text);
  if (root.is_discarded() || !root.is_object()) {
    return Error{ErrorCode::kMalformedInput, "the schedule data is not a JSON object", "schedule"};
  }
  Reader r;
  Schedule s;
  if (r.text(root, "format", "$", true) != "techo-immunization-schedule/v1") {
    r.fail("$.format", "expected techo-immunization-schedule/v1");
  }
  s.id = r.text(root, "id", "$", true);
  if (const json* n = json_read::find(root, "name")) {
    s.name_ja = r.text(*n, "ja", "$.name");
    s.name_en = r.text(*n, "en", "$.name");
  }
  s.rules_as_of = r.text(root, "rulesAsOf", "$", true);
  s.invalid_doses_note = r.text(root, "invalidDoses", "$");
  const json* products = json_read::find(root, "products");
  if (!products || !products->is_array()) r.fail("$.products", "expected a list");
  else {
    for (std::size_t i = 0; i < products->size(); ++i) {
      const std::string at = "products[" + std::to_string(i) + "]";
      const json& v = (*products)[i];
      Product p;
      p.id = r.text(v, "id", at, true);
      if (const json* n = json_read::find(v, "name")) {
        p.name_ja = r.text(*n, "ja", at + ".name", true);
        p.name_en = r.text(*n, "en", at + ".name");
      }
      p.kind = r.text(v, "kind", at, true);
      if (p.kind != "inactivated" && p.kind != "live-injectable" && p.kind != "live-oral") {
        r.fail(at + ".kind", "expected inactivated, live-injectable or live-oral");
      }
      if (const json* codes = json_read::find(v, "codes")) p.cvx = r.texts(*codes, "cvx", at + ".codes");
      p.names = r.texts(v, "names", at);
      p.effective_from = r.date(v, "effectiveFrom", at);
      p.effective_to = r.date(v, "effectiveTo", at);
      p.source = r.texts(v, "source", at);
      s.products.push_back(std::move(p));
    }
  }
  const json* series = json_read::find(root, "series");
  if (!series || !series->is_array()) r.fail("$.series", "expected a list");
  else {
    for (std::size_t i = 0; i < series->size(); ++i) s.series.push_back(read_series(r, (*series)[i], "series[" + std::to_string(i) + "]"));
  }
  if (const json* spacing = json_read::find(root, "spacing"); spacing && spacing->is_array()) {
    for (std::size_t i = 0; i < spacing->size(); ++i) {
      const std::string at = "spacing[" + std::to_string(i) + "]";
      const json& v = (*spacing)[i];
      SpacingRule rule;
      rule.id = r.text(v, "id", at, true);
      rule.text = r.text(v, "text", at);
      rule.after = r.texts(v, "after", at);
      rule.before = r.texts(v, "before", at);
      rule.days = v.contains("days") ? r.integer(v["days"], at + ".days", 0, 365) : 0;
      rule.same_day = json_read::value_or(v, "sameDay", true);
      rule.effective_from = r.date(v, "effectiveFrom", at);
      rule.effective_to = r.date(v, "effectiveTo", at);
      rule.source = r.texts(v, "source", at);
      s.spacing.push_back(std::move(rule));
    }
  }
  if (const json* sources = json_read::find(root, "sources"); sources && sources->is_object()) s.sources = *sources;
  // Every product a series or plan names must exist, and every source a rule cites.
  for (std::size_t i = 0; i < s.series.size(); ++i) {
    const Series& x = s.series[i];
    auto check = [&](const std::vector<std::string>& ids, const std::string& where) {
      for (const auto& id : ids) {
        if (!s.product(id)) r.fail(where, "names a product the schedule does not list: " + id);
      }
    };
    check(x.products, "series[" + std::to_string(i) + "].products");
    check(x.select_any_of, "series[" + std::to_string(i) + "].selectWhen");
    check(x.select_none_of, "series[" + std::to_string(i) + "].selectWhen");
    for (const auto& p : x.plans) check(p.products, "series[" + std::to_string(i) + "].plans." + p.id + ".products");
    for (const auto& src : x.source) {
      if (!s.sources.contains(src)) r.fail("series[" + std::to_string(i) + "].source", "cites a source the schedule does not list: " + src);
    }
  }
  if (r.failed()) return r.error();
  return s;
}

const Schedule& builtin_schedule() {
  static const Schedule kSchedule = [] {
    auto parsed = parse_schedule(detail::kJapanScheduleText);
    // The embedded file is checked by the native tests; a broken one is a build defect.
    return parsed ? std::move(*parsed) : Schedule{};
  }();
  return kSchedule;
}

}  // namespace techo::immunization
