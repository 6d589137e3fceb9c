// A JAHIS TC text read into its records, grouped as the format nests them: the person and
// what is about them (1, 2, 3/31, 4), dispensing blocks (5 and what follows it up to the
// next 5), then 701 and 911. Only structure and dates are checked here; okusuri_fhir.cpp
// turns the records into FHIR resources.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "techo/okusuri_techo.hpp"
#include "techo/result.hpp"

namespace techo::okusuri::detail {

// One free-text record kept with what it belongs to (a caution, a remark, a note).
struct Note {
  std::string record;  // its record number: "281", "421", …
  std::string text;
  std::string date;    // YYYY-MM-DD, for the records that carry one (601)
};

struct Institution {
  std::string name, prefecture, table, code, postal_code, address, phone;
  // The 10-digit 医療機関コード (prefecture 2 + 点数表 1 + code 7) when all three are given.
  std::string number() const;
  bool empty() const { return name.empty() && code.empty(); }
};

struct PersonName {
  std::string name, contact, department;
  bool empty() const { return name.empty(); }
};

struct Drug {
  std::string name, amount, unit, code_type, code, generic_name, generic_code;
  std::vector<Note> notes;  // 281 薬品補足, 291 薬品服用注意
};

struct Rp {
  int number = 0;
  std::vector<Drug> drugs;
  std::string usage, quantity, quantity_unit, form, usage_code_type, usage_code;
  std::vector<Note> notes;  // 311 用法補足, 391 処方服用注意
};

struct Prescription {
  Institution institution;  // 51
  PersonName doctor;        // 55
  std::vector<Rp> rps;
};

struct Block {
  std::string date;          // 調剤年月日, YYYY-MM-DD
  Institution pharmacy;      // 11
  PersonName pharmacist;     // 15
  std::vector<Prescription> prescriptions;
  std::vector<Note> notes;   // 401 服用注意, 411 提供情報, 421 残薬確認, 501 備考, 601 患者等記入
};

struct Patient {
  std::string name, sex, birth_date, postal_code, address, phone, emergency_contact, blood_type, weight, kana;
};

struct Remark {        // 2: 1 アレルギー, 2 副作用, 3 既往歴
  std::string type, text;
};

struct Ingredient {
  std::string name, code_type, code;
};

struct OtcDrug {       // 3, with its 31 ingredients
  std::string name, start, end;
  std::vector<Ingredient> ingredients;
};

struct Memo {          // 4
  std::string text, date;
};

struct FamilyPharmacist {  // 701 かかりつけ薬剤師
  std::string name, pharmacy, contact, start, end;
};

struct UnknownRecord {
  int line = 0;
  std::string record, raw;
};

struct Records {
  std::string version;   // "JAHISTC08"
  int output_category = 0;
  std::optional<Patient> patient;
  std::vector<Remark> remarks;
  std::vector<OtcDrug> otc;
  std::vector<Memo> memos;
  std::vector<Block> blocks;
  std::optional<FamilyPharmacist> family_pharmacist;
  std::optional<SplitPart> split;
  std::vector<UnknownRecord> unknown;
  int drugs = 0;
};

[[nodiscard]] Result<Records> parse_records(std::string_view text);

// The fields of one line, split at commas (the format has no quoting).
std::vector<std::string_view> fields_of(std::string_view line);

}  // namespace techo::okusuri::detail
