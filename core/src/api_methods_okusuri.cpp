// お薬手帳 (JAHIS TC) as API methods: the person's current medicines handed back as a
// notebook text with its QR code contents, and the split notebooks still waiting for parts.
// Reading a notebook is importFile's (api_import_stream.cpp), like every other format.
#include "api_methods.hpp"
#include "techo/encoding.hpp"
#include "techo/okusuri_techo.hpp"
#include "techo/views.hpp"
#include "text_cp932.hpp"

namespace techo::api::detail {
namespace {

using techo::detail::Args;
using nlohmann::json;

// A QR code (version 40, error correction M) holds 2,331 bytes; parts stay under it with
// room for the structured header of any reader.
constexpr std::size_t kQrBytes = 2000;

std::string text_of(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// {"query": {"person", "today"}} → the current medicines of one person as JAHIS TC text
// (出力区分 2), the parts its QR codes hold (CP932, base64), and the characters CP932 lacks.
Result<json> export_medication_notebook(SessionState& state, Args& a) {
  Args q = a.object("query");
  views::Query query;
  query.person = q.integer("person");
  query.today = q.text("today");
  if (a.error()) return *a.error();
  auto meds = views::medications(*state.vault, query);
  if (!meds) return std::move(meds).error();
  const json& person = (*meds)["person"];
  if (!person.is_object()) {
    return Error{ErrorCode::kInvalidArgument, "a お薬手帳 is one person's: say whose medicines to hand over (query.person)",
                 "query.person"};
  }
  okusuri::WrittenPatient patient{text_of(person, "name"), text_of(person, "namePhonetic"), text_of(person, "gender"),
                                  text_of(person, "birthDate")};
  std::vector<okusuri::WrittenMedicine> medicines;
  for (const auto& m : (*meds)["current"]) {
    okusuri::WrittenMedicine w;
    w.date = text_of(m, "date").substr(0, 10);
    w.pharmacy = text_of(m, "pharmacy");
    w.institution = text_of(m, "institution");
    w.prescriber = text_of(m, "prescriber");
    w.drug = text_of(m, "drug");
    if (const auto code = m.find("code"); code != m.end() && code->is_object()) {
      w.code_system = text_of(*code, "system");
      w.code = text_of(*code, "code");
    }
    w.dose = text_of(m, "dose");
    // 201's 用量 is the daily amount for medicines taken by mouth: "3錠/日" → "3錠".
    if (w.dose.empty()) {
      if (const auto d = m.find("dosages"); d != m.end() && d->is_array() && !d->empty()) {
        std::string daily = text_of((*d)[0], "dailyDose");
        if (const auto slash = daily.rfind("/日"); slash != std::string::npos && slash + 4 == daily.size()) w.dose = daily.substr(0, slash);
      }
    }
    w.usage = text_of(m, "dosage");
    w.otc = text_of(m, "kind") == "statement";
    w.end_date = text_of(m, "endDate");
    if (const auto days = m.find("days"); days != m.end() && days->is_number()) w.days = days->get<double>();
    medicines.push_back(std::move(w));
  }
  const std::string text = okusuri::write(patient, medicines);
  std::vector<std::string> replaced;
  const std::string bytes = text::utf8_to_cp932(text, &replaced);
  // The data id names this hand-over: a digest of its bytes, the same for the same list.
  const auto digest = crypto::sha256(crypto::as_bytes(bytes));
  const std::string data_id = encoding::hex_encode(std::span(digest).first(8));
  json parts = json::array();
  for (const auto& part : okusuri::split_for_qr(text, data_id, kQrBytes)) {
    const std::string cp932 = text::utf8_to_cp932(part);
    parts.push_back(json{{"text", part},
                         {"cp932", encoding::base64_encode(crypto::as_bytes(cp932), encoding::Padding::kRequired)}});
  }
  return json{{"person", person["id"]}, {"text", text}, {"parts", std::move(parts)},
              {"medicines", medicines.size()}, {"replaced", replaced}};
}

Result<json> pending_notebook_parts(SessionState& state, Args&) {
  auto pending = state.vault->pending_notebook_parts();
  if (!pending) return std::move(pending).error();
  json out = json::array();
  for (const auto& p : *pending) {
    out.push_back(json{{"dataId", p.data_id}, {"read", p.read}, {"total", p.total}, {"missing", p.missing}});
  }
  return out;
}

}  // namespace

const MethodTable& okusuri_methods() {
  static const MethodTable table = {
      {"exportMedicationNotebook", Needs::kOpenVault, export_medication_notebook},
      {"pendingNotebookParts", Needs::kOpenVault, pending_notebook_parts},
  };
  return table;
}

}  // namespace techo::api::detail
