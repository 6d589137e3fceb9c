// The person's medicines as a JAHIS TC text (出力区分 2: from the person, to show at a
// clinic or pharmacy), and that text cut into parts that each fit one QR code.
#include <algorithm>
#include <map>
#include <tuple>

#include "okusuri_dates.hpp"
#include "techo/okusuri_techo.hpp"
#include "text_cp932.hpp"

namespace techo::okusuri {
namespace {

constexpr const char* kCreatorPerson = "2";  // レコード作成者: 患者等

// What a field may hold: no comma (written full-width, as the format says), no line break.
std::string field(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == ',') out += "\xEF\xBC\x8C";  // ，
    else if (c == '\r' || c == '\n' || c == '\t') out += ' ';
    else out += c;
  }
  return out;
}

std::string line(std::initializer_list<std::string_view> fields) {
  std::string out;
  bool first = true;
  for (std::string_view f : fields) {
    if (!first) out += ',';
    out += field(f);
    first = false;
  }
  return out + "\r\n";
}

// JAHIS 薬品コード種別 of a coding the writer can name.
std::string code_type(const std::string& system) {
  // The views name systems briefly ("YJ", "HOT9"); a coding may also arrive by its URI.
  if (system == "YJ" || system.find("YJ-code") != std::string::npos || system == "urn:oid:1.2.392.100495.20.1.73") return "4";
  if (system.rfind("HOT", 0) == 0 || system.find("master-HOT") != std::string::npos) return "6";
  constexpr std::string_view kOwn = "urn:techo:jahis-tc:drug-code-type:";
  if (system.rfind(kOwn, 0) == 0) return system.substr(kOwn.size());
  return {};
}

// "1錠" → ("1", "錠"); a dose without a leading number has no amount.
std::pair<std::string, std::string> amount_and_unit(const std::string& dose) {
  std::size_t n = 0;
  while (n < dose.size() && ((dose[n] >= '0' && dose[n] <= '9') || dose[n] == '.')) ++n;
  if (n == 0) return {{}, {}};
  return {dose.substr(0, n), dose.substr(n)};
}

std::string days_text(double days) {
  if (days <= 0) return {};
  const long whole = static_cast<long>(days);
  return whole == days ? std::to_string(whole) : std::to_string(days);
}

}  // namespace

std::string write(const WrittenPatient& patient, const std::vector<WrittenMedicine>& medicines) {
  std::string out = line({"JAHISTC08", "2"});
  const std::string sex = patient.gender == "male" ? "1" : patient.gender == "female" ? "2" : "";
  out += line({"1", patient.name, sex, detail::western_date(patient.birth_date), "", "", "", "", "", "", patient.name_kana});
  // What the person takes of their own (OTC) comes before the dispensings, as record 3.
  for (const auto& m : medicines) {
    if (m.otc) out += line({"3", m.drug, detail::western_date(m.date), detail::western_date(m.end_date), kCreatorPerson});
  }
  // One dispensing block per date and pharmacy, newest first, as pharmacies write them;
  // within it one prescription per institution and prescriber.
  using Key = std::tuple<std::string, std::string>;
  std::map<Key, std::vector<const WrittenMedicine*>, std::greater<>> blocks;
  for (const auto& m : medicines) {
    if (!m.otc) blocks[Key{m.date, m.pharmacy}].push_back(&m);
  }
  for (const auto& [key, meds] : blocks) {
    const auto& [date, pharmacy] = key;
    out += line({"5", detail::western_date(date), kCreatorPerson});
    if (!pharmacy.empty()) out += line({"11", pharmacy, "", "", "", "", "", "", kCreatorPerson});
    std::map<std::pair<std::string, std::string>, std::vector<const WrittenMedicine*>> prescriptions;
    for (const auto* m : meds) prescriptions[{m->institution, m->prescriber}].push_back(m);
    for (const auto& [who, in_it] : prescriptions) {
      if (!who.first.empty()) out += line({"51", who.first, "", "", "", kCreatorPerson});
      if (!who.second.empty()) out += line({"55", who.second, "", kCreatorPerson});
      int rp = 0;
      for (const auto* m : in_it) {
        const std::string n = std::to_string(++rp);
        const auto [amount, unit] = amount_and_unit(m->dose);
        const std::string type = code_type(m->code_system);
        out += line({"201", n, m->drug, amount, unit, type.empty() ? "1" : type, type.empty() ? "" : m->code, kCreatorPerson});
        const std::string days = days_text(m->days);
        out += line({"301", n, m->usage.empty() ? "不明" : m->usage, days, days.empty() ? "" : "日分", "", "", "", kCreatorPerson});
      }
    }
  }
  return out;
}

std::vector<std::string> split_for_qr(const std::string& text, const std::string& data_id, std::size_t max_bytes) {
  if (text::utf8_to_cp932(text).size() <= max_bytes) return {text};
  // Lines, the header kept apart: each part repeats it and ends with its 911 record.
  std::vector<std::string> lines;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size() - 1;
    lines.push_back(text.substr(at, end + 1 - at));
    at = end + 1;
  }
  const std::string header = lines.front();
  const std::size_t reserve = text::utf8_to_cp932(header).size() + 32 + data_id.size();  // header + "911,id,nn,nn\r\n"
  const std::size_t budget = max_bytes > reserve + 64 ? max_bytes - reserve : 64;
  std::vector<std::string> bodies(1);
  std::size_t used = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::size_t size = text::utf8_to_cp932(lines[i]).size();
    // Start a new part at a dispensing block when the block would not fit, or at any line
    // when one block alone is too long.
    const bool block_start = lines[i].rfind("5,", 0) == 0;
    if (used > 0 && (used + size > budget || (block_start && used + size > budget * 9 / 10))) {
      bodies.emplace_back();
      used = 0;
    }
    bodies.back() += lines[i];
    used += size;
  }
  std::vector<std::string> parts;
  const std::string total = std::to_string(bodies.size());
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    parts.push_back(header + bodies[i] + line({"911", data_id, total, std::to_string(i + 1)}));
  }
  return parts;
}

}  // namespace techo::okusuri
