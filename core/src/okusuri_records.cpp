// The record layouts below follow the JAHIS 電子版お薬手帳データフォーマット仕様書 (Ver.2.x) as
// the open-source readers of it document them; older versions write fewer fields, which
// read as empty. Field numbers in messages count the record number as field 1, as the
// specification's tables do.
#include "okusuri_records.hpp"

#include <map>
#include <utility>

#include "okusuri_dates.hpp"

namespace techo::okusuri::detail {
namespace {

// The names of each record's fields, from field 2 on (field 1 is the record number).
const std::map<std::string_view, std::vector<std::string_view>>& layouts() {
  static const std::map<std::string_view, std::vector<std::string_view>> kLayouts = {
      {"1", {"患者氏名", "患者性別", "患者生年月日", "患者郵便番号", "患者住所", "患者電話番号", "緊急連絡先", "血液型",
             "体重", "患者氏名カナ"}},
      {"2", {"患者特記種別", "患者特記内容", "レコード作成者"}},
      {"3", {"薬品名称", "服用開始年月日", "服用終了年月日", "レコード作成者"}},
      {"31", {"成分名称", "成分コード種別", "成分コード", "レコード作成者"}},
      {"4", {"手帳メモ", "メモ入力年月日", "レコード作成者"}},
      {"5", {"調剤等年月日", "レコード作成者"}},
      {"11", {"医療機関等名称", "医療機関等都道府県", "医療機関等点数表", "医療機関等コード", "医療機関等郵便番号",
              "医療機関等住所", "医療機関等電話番号", "レコード作成者"}},
      {"15", {"医師・薬剤師氏名", "医師・薬剤師連絡先", "レコード作成者"}},
      {"51", {"医療機関名称", "医療機関都道府県", "医療機関点数表", "医療機関コード", "レコード作成者"}},
      {"55", {"医師氏名", "診療科名", "レコード作成者"}},
      {"201", {"RP番号", "薬品名称", "用量", "単位名", "薬品コード種別", "薬品コード", "レコード作成者", "一般名",
               "一般名コード"}},
      {"281", {"RP番号", "薬品補足情報", "レコード作成者"}},
      {"291", {"RP番号", "薬品服用注意事項", "レコード作成者"}},
      {"301", {"RP番号", "用法名称", "調剤数量", "調剤単位", "剤型コード", "用法コード種別", "用法コード",
               "レコード作成者"}},
      {"311", {"RP番号", "用法補足情報", "レコード作成者"}},
      {"391", {"RP番号", "処方服用注意事項", "レコード作成者"}},
      {"401", {"服用注意事項", "レコード作成者"}},
      {"411", {"医療機関等提供情報", "提供情報種別", "レコード作成者"}},
      {"421", {"残薬確認", "レコード作成者"}},
      {"501", {"備考", "レコード作成者"}},
      {"601", {"患者等記入情報", "患者等記入年月日"}},
      {"701", {"かかりつけ薬剤師氏名", "勤務先薬局名称", "連絡先", "担当開始日", "担当終了日", "レコード作成者"}},
      {"911", {"データID", "全分割数", "分割番号"}},
  };
  return kLayouts;
}

Error at(int line, std::string message) {
  return Error{ErrorCode::kMalformedInput, std::move(message), "line " + std::to_string(line)};
}

// One record line with its fields named for messages.
class Line {
 public:
  Line(int number, std::string_view raw, const std::vector<std::string_view>* names)
      : number_(number), raw_(raw), fields_(fields_of(raw)), names_(names) {}
  int number() const { return number_; }
  std::string_view raw() const { return raw_; }
  std::string_view record() const { return fields_.front(); }
  // Field n as the specification numbers it (2 = the first after the record number).
  std::string get(std::size_t n) const { return n - 1 < fields_.size() ? std::string(fields_[n - 1]) : std::string(); }
  std::string name(std::size_t n) const {
    return names_ && n >= 2 && n - 2 < names_->size() ? std::string((*names_)[n - 2]) : std::string();
  }
  Error error(std::size_t n, const std::string& what) const {
    const std::string label = name(n);
    return Error{ErrorCode::kMalformedInput, what,
                 "line " + std::to_string(number_) + ", field " + std::to_string(n) + (label.empty() ? "" : " (" + label + ")")};
  }
  Result<std::string> required(std::size_t n) const {
    std::string v = get(n);
    if (v.empty()) return error(n, "record " + std::string(record()) + " needs its " + name(n));
    return v;
  }
  // A date field: empty stays empty, anything else must be a date.
  Result<std::string> date(std::size_t n, bool required = false) const {
    const std::string v = get(n);
    if (v.empty()) {
      if (required) return error(n, "record " + std::string(record()) + " needs its " + name(n));
      return std::string();
    }
    ParsedDate d = parse_date(v);
    if (!d.error.empty()) return error(n, "'" + v + "' is not a date: " + d.error);
    return d.iso;
  }
  Result<int> positive(std::size_t n) const {
    const std::string v = get(n);
    int value = 0;
    if (v.empty() || v.size() > 4) return error(n, "'" + v + "' is not a number from 1 to 9999");
    for (char c : v) {
      if (c < '0' || c > '9') return error(n, "'" + v + "' is not a number from 1 to 9999");
      value = value * 10 + (c - '0');
    }
    if (value == 0) return error(n, "'" + v + "' is not a number from 1 to 9999");
    return value;
  }

 private:
  int number_;
  std::string_view raw_;
  std::vector<std::string_view> fields_;
  const std::vector<std::string_view>* names_;
};

#define TECHO_TRY_ASSIGN(var, expr)           \
  auto var##_result = (expr);                 \
  if (!var##_result) return std::move(var##_result).error(); \
  auto var = std::move(var##_result).value()

class Reader {
 public:
  Result<Records> run(std::string_view text) {
    std::size_t at = 0;
    int number = 0;
    bool header = false;
    while (at <= text.size()) {
      std::size_t end = text.find('\n', at);
      if (end == std::string_view::npos) end = text.size();
      std::string_view raw = text.substr(at, end - at);
      if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
      ++number;
      at = end + 1;
      if (raw.empty()) continue;  // blank lines (a trailing CRLF) carry nothing
      if (!header) {
        if (auto s = read_header(number, raw); !s) return std::move(s).error();
        header = true;
        continue;
      }
      if (auto s = read_line(number, raw); !s) return std::move(s).error();
      if (end == text.size()) break;
    }
    if (!header) return at_line(1, "the text is empty: a JAHIS お薬手帳 text starts with JAHISTCnn,出力区分");
    return std::move(out_);
  }

 private:
  Records out_;
  Prescription* prescription_ = nullptr;
  Drug* last_drug_ = nullptr;  // the drug 281/291 supplement, within its RP

  static Error at_line(int line, std::string message) { return at(line, std::move(message)); }

  Status read_header(int number, std::string_view raw) {
    const Line line(number, raw, nullptr);
    const std::string version(line.record());
    if (version.size() != 9 || version.compare(0, 7, "JAHISTC") != 0 || version[7] < '0' || version[7] > '9' ||
        version[8] < '0' || version[8] > '9') {
      return Error{ErrorCode::kMalformedInput, "a JAHIS お薬手帳 text starts with JAHISTCnn, not '" + version + "'",
                   "line " + std::to_string(number) + ", field 1 (バージョン)"};
    }
    out_.version = version;
    const std::string category = line.get(2);
    if (category != "1" && category != "2") {
      return Error{ErrorCode::kMalformedInput, "出力区分 must be 1 (from a pharmacy or clinic) or 2 (from the person), not '" +
                                                   category + "'",
                   "line " + std::to_string(number) + ", field 2 (出力区分)"};
    }
    out_.output_category = category[0] - '0';
    return Ok{};
  }

  Result<Block*> block(const Line& line) {
    if (out_.blocks.empty()) {
      return at_line(line.number(), "record " + std::string(line.record()) +
                                         " comes before any dispensing date (record 5): each dispensing starts with its date");
    }
    return &out_.blocks.back();
  }

  Result<Prescription*> prescription(const Line& line) {
    TECHO_TRY_ASSIGN(b, block(line));
    if (!prescription_) {
      b->prescriptions.emplace_back();
      prescription_ = &b->prescriptions.back();
    }
    return prescription_;
  }

  Result<Rp*> rp(const Line& line) {
    TECHO_TRY_ASSIGN(p, prescription(line));
    TECHO_TRY_ASSIGN(n, line.positive(2));
    for (auto& r : p->rps) {
      if (r.number == n) return &r;
    }
    p->rps.push_back(Rp{});
    p->rps.back().number = n;
    return &p->rps.back();
  }

  static Institution institution_of(const Line& l, bool with_address) {
    Institution i;
    i.name = l.get(2);
    i.prefecture = l.get(3);
    i.table = l.get(4);
    i.code = l.get(5);
    if (with_address) {
      i.postal_code = l.get(6);
      i.address = l.get(7);
      i.phone = l.get(8);
    }
    return i;
  }

  Status read_line(int number, std::string_view raw) {
    const auto& all = layouts();
    const std::string_view record = raw.substr(0, raw.find(','));
    const auto layout = all.find(record);
    if (layout == all.end()) {
      out_.unknown.push_back(UnknownRecord{number, std::string(record), std::string(raw)});
      return Ok{};
    }
    const Line l(number, raw, &layout->second);
    if (record == "1") {
      Patient p;
      TECHO_TRY_ASSIGN(name, l.required(2));
      p.name = name;
      p.sex = l.get(3);
      TECHO_TRY_ASSIGN(birth, l.date(4));
      p.birth_date = birth;
      p.postal_code = l.get(5);
      p.address = l.get(6);
      p.phone = l.get(7);
      p.emergency_contact = l.get(8);
      p.blood_type = l.get(9);
      p.weight = l.get(10);
      p.kana = l.get(11);
      out_.patient = std::move(p);
    } else if (record == "2") {
      TECHO_TRY_ASSIGN(text, l.required(3));
      out_.remarks.push_back(Remark{l.get(2), text});
    } else if (record == "3") {
      OtcDrug d;
      TECHO_TRY_ASSIGN(name, l.required(2));
      d.name = name;
      TECHO_TRY_ASSIGN(start, l.date(3));
      TECHO_TRY_ASSIGN(end, l.date(4));
      d.start = start;
      d.end = end;
      out_.otc.push_back(std::move(d));
    } else if (record == "31") {
      if (out_.otc.empty()) return at_line(number, "an ingredient (record 31) comes before its OTC drug (record 3)");
      TECHO_TRY_ASSIGN(name, l.required(2));
      out_.otc.back().ingredients.push_back(Ingredient{name, l.get(3), l.get(4)});
    } else if (record == "4") {
      TECHO_TRY_ASSIGN(text, l.required(2));
      TECHO_TRY_ASSIGN(date, l.date(3));
      out_.memos.push_back(Memo{text, date});
    } else if (record == "5") {
      Block b;
      TECHO_TRY_ASSIGN(date, l.date(2, true));
      b.date = date;
      out_.blocks.push_back(std::move(b));
      prescription_ = nullptr;
      last_drug_ = nullptr;
    } else if (record == "11") {
      TECHO_TRY_ASSIGN(b, block(l));
      b->pharmacy = institution_of(l, true);
    } else if (record == "15") {
      TECHO_TRY_ASSIGN(b, block(l));
      b->pharmacist = PersonName{l.get(2), l.get(3), {}};
    } else if (record == "51") {
      TECHO_TRY_ASSIGN(b, block(l));
      b->prescriptions.emplace_back();
      prescription_ = &b->prescriptions.back();
      prescription_->institution = institution_of(l, false);
      last_drug_ = nullptr;
    } else if (record == "55") {
      TECHO_TRY_ASSIGN(p, prescription(l));
      p->doctor = PersonName{l.get(2), {}, l.get(3)};
    } else if (record == "201") {
      TECHO_TRY_ASSIGN(r, rp(l));
      Drug d;
      TECHO_TRY_ASSIGN(name, l.required(3));
      d.name = name;
      d.amount = l.get(4);
      d.unit = l.get(5);
      d.code_type = l.get(6);
      d.code = l.get(7);
      d.generic_name = l.get(9);
      d.generic_code = l.get(10);
      if (!d.code.empty() && d.code_type.empty()) return l.error(6, "a drug code needs its code type (1–6)");
      r->drugs.push_back(std::move(d));
      last_drug_ = &r->drugs.back();
      ++out_.drugs;
    } else if (record == "281" || record == "291") {
      TECHO_TRY_ASSIGN(r, rp(l));
      TECHO_TRY_ASSIGN(text, l.required(3));
      Note n{std::string(record), text, {}};
      // A supplement follows the drug it is about; one without a drug belongs to its RP.
      if (last_drug_ && !r->drugs.empty() && last_drug_ == &r->drugs.back()) last_drug_->notes.push_back(std::move(n));
      else r->notes.push_back(std::move(n));
    } else if (record == "301") {
      TECHO_TRY_ASSIGN(r, rp(l));
      TECHO_TRY_ASSIGN(usage, l.required(3));
      r->usage = usage;
      r->quantity = l.get(4);
      r->quantity_unit = l.get(5);
      r->form = l.get(6);
      r->usage_code_type = l.get(7);
      r->usage_code = l.get(8);
    } else if (record == "311" || record == "391") {
      TECHO_TRY_ASSIGN(r, rp(l));
      TECHO_TRY_ASSIGN(text, l.required(3));
      r->notes.push_back(Note{std::string(record), text, {}});
    } else if (record == "401" || record == "411" || record == "421" || record == "501" || record == "601") {
      TECHO_TRY_ASSIGN(b, block(l));
      TECHO_TRY_ASSIGN(text, l.required(2));
      std::string date;
      if (record == "601") {
        TECHO_TRY_ASSIGN(d, l.date(3));
        date = d;
      }
      b->notes.push_back(Note{std::string(record), text, date});
    } else if (record == "701") {
      FamilyPharmacist f;
      TECHO_TRY_ASSIGN(name, l.required(2));
      f.name = name;
      f.pharmacy = l.get(3);
      f.contact = l.get(4);
      TECHO_TRY_ASSIGN(start, l.date(5));
      TECHO_TRY_ASSIGN(end, l.date(6));
      f.start = start;
      f.end = end;
      out_.family_pharmacist = std::move(f);
    } else if (record == "911") {
      SplitPart s;
      TECHO_TRY_ASSIGN(id, l.required(2));
      s.data_id = id;
      TECHO_TRY_ASSIGN(total, l.positive(3));
      TECHO_TRY_ASSIGN(part, l.positive(4));
      if (part > total) return l.error(4, "part " + std::to_string(part) + " of " + std::to_string(total) + " does not exist");
      s.total = total;
      s.part = part;
      out_.split = std::move(s);
    }
    return Ok{};
  }
};

#undef TECHO_TRY_ASSIGN

}  // namespace

std::string Institution::number() const {
  if (prefecture.size() != 2 || table.size() != 1 || code.size() != 7) return {};
  return prefecture + table + code;
}

std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t at = 0;
  for (;;) {
    const std::size_t comma = line.find(',', at);
    if (comma == std::string_view::npos) {
      out.push_back(line.substr(at));
      return out;
    }
    out.push_back(line.substr(at, comma - at));
    at = comma + 1;
  }
}

Result<Records> parse_records(std::string_view text) { return Reader{}.run(text); }

}  // namespace techo::okusuri::detail
