// The JAHIS 電子版お薬手帳 format (JAHIS TC, データフォーマット仕様書 Ver.1.0–2.6): the text a
// pharmacy prints as a QR code on every dispensing, read into FHIR R4 (JP Core) resources,
// and written back from a person's current medicines.
//
// The text: a header line `JAHISTCnn,出力区分` (nn 01–08 ↔ Ver.1.0–2.6; 出力区分 1 = pharmacy
// or clinic → person, 2 = person → clinic), then one record per line, comma-separated,
// no quoting (a comma in text is written full-width), CRLF, ASCII or Shift_JIS (CP932, as a
// QR reader hands the bytes over). Record numbers and their fields: see okusuri_records.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "techo/fhir.hpp"
#include "techo/result.hpp"

namespace techo::okusuri {

// The origin every entry read from a notebook carries (meta.tag code; the views' "origin").
inline constexpr std::string_view kOrigin = "okusuri-techo";
inline constexpr std::string_view kOriginSystem = "https://techo.example/fhir/CodeSystem/origin";

// Whether a file starts as a JAHIS TC text does: "JAHISTC" + two digits + "," (after an
// optional UTF-8 byte order mark and blank lines). The header is ASCII in every encoding.
// `complete`: the whole file is given; otherwise a head too short to tell says nullopt.
std::optional<bool> has_header(std::string_view head, bool complete);

// The text as UTF-8: UTF-8 (pasted text) when it is well-formed UTF-8, else CP932. A byte
// sequence CP932 does not define is an error naming its line and byte.
[[nodiscard]] Result<std::string> decode(std::string_view bytes);

// Record 911: one part of a notebook split over several QR codes.
struct SplitPart {
  std::string data_id;  // the same in every part of one notebook
  int total = 0;        // parts in all
  int part = 0;         // this one, 1-based
};

// The split control of a decoded text, when it has one (read without reading the rest).
// A malformed 911 record is an error naming its line and field.
[[nodiscard]] Result<std::optional<SplitPart>> split_of(std::string_view text);

// The parts of one notebook, in part order, as one text: the first part's header, then
// every part's records without their headers and 911 records.
std::string join_parts(const std::vector<std::string>& texts_in_order);

struct Notebook {
  std::string version;          // "JAHISTC08"
  int output_category = 0;      // 出力区分
  int blocks = 0;               // dispensing blocks (record 5)
  int drugs = 0;                // drug records (201)
  std::vector<fhir::Resource> resources;
  // Records of a type this reader does not know: kept raw on the resources of their block
  // (an extension holding the line as written) and reported here, each with its line.
  std::vector<Error> unknown_records;
};

// Reads a decoded text (see decode). Every error names the line and field ("line 7,
// field 2 (調剤年月日)"); a drug before any dispensing date, a broken date, a record
// missing its fields are errors, and nothing is returned from a text that fails.
[[nodiscard]] Result<Notebook> read(std::string_view text);

// What the writer hands back for one medicine (出力区分 2: the person's own list).
struct WrittenMedicine {
  std::string date;          // the day it was dispensed or prescribed, YYYY-MM-DD
  std::string pharmacy;      // where it was dispensed, as named
  std::string institution;   // who prescribed it (the institution), as named
  std::string prescriber;
  std::string drug;          // the name as the source wrote it
  std::string code_system;   // a coding of the drug, when it has one the format can say
  std::string code;
  std::string dose;          // the dose with its unit as written ("1錠"), may be empty
  std::string usage;         // the usage text as written ("1日3回毎食後")
  double days = 0;           // days of supply (0 unknown)
  bool otc = false;          // a medicine the person takes of their own (一般用医薬品): record 3
  std::string end_date;      // for an OTC medicine: until when, when known
};

struct WrittenPatient {
  std::string name, name_kana, gender, birth_date;  // FHIR gender and date
};

// The person's medicines as a JAHIS TC text with 出力区分 2 (Ver.2.6, "JAHISTC08,2"), CRLF,
// grouped into one dispensing block per date and pharmacy. Fields are cleaned of what the
// format cannot hold (commas become full-width, line breaks spaces).
std::string write(const WrittenPatient& patient, const std::vector<WrittenMedicine>& medicines);

// A text longer than `max_bytes` in CP932 split at dispensing blocks into parts, each with
// the header and a 911 record (data id `data_id`); a text that fits is returned alone.
std::vector<std::string> split_for_qr(const std::string& text, const std::string& data_id, std::size_t max_bytes);

}  // namespace techo::okusuri
