// The medication entries shared by the medications, safety, summary and emergency views.
// Private to core.
#pragma once

#include <string>
#include <vector>

#include "views_context.hpp"
#include "views_dosage.hpp"

namespace techo::views::detail {

// How many of the newest entries the medications view lists besides the current ones and
// those of prescription documents (entriesTotal says how many there are).
inline constexpr int kMedicationEntries = 100;

struct MedicationEntry {
  const StoredResource* from = nullptr;
  std::string kind;         // "request", "dispense", "statement"
  Concept drug;
  std::vector<std::string> ingredients;  // terminology::drug_ingredient of each coding
  std::vector<DosageLine> dosages;  // every dosage instruction, in order
  std::string dosage;       // the first one as written: "1日3回 毎食後", "頓用", "不均等 …"
  std::string dose;         // the first one's dose, "1錠", from doseAndRate when coded
  double days = 0;          // supply in days (0 unknown)
  std::string date;         // authoredOn / whenHandedOver / effective
  std::string end_date;     // date + days, when both known
  std::string status;
  bool active = false;
  std::string prescriber;
  std::string institution;
  std::string pharmacy;
  std::string origin;       // "e-prescription", "claims", "dispensing", "prescription", "statement"
  std::vector<std::string> notes;     // MedicationRequest.note (薬剤単位の備考)
  // The document the entry came in (an e-prescription, a discharge summary's 退院時処方):
  // prescriber, institution and date fall back on it when the entry does not state them.
  const DocumentContext* document = nullptr;
  bool covered_by_dispense = false;  // a request whose dispensing is also in the vault
};

std::vector<MedicationEntry> medication_entries(const Context& context);

// What the import indexes of a medication resource (vault_view_index.cpp), from the
// resource alone: its own date, the last day it may still be current ("9999-12-31" when
// open-ended or dated only by its document, "" when never), and the drug it is grouped
// under in the history (a referenced Medication stands as the reference: the view resolves it).
struct MedicationKey {
  std::string date, until, drug;
  bool names_prescription = false;  // a dispensing naming its prescription
};
MedicationKey medication_key(const json& body, const std::string& type);
// The drug a history groups by: the first ingredient, else the code, else the name.
std::string drug_key(const std::vector<std::string>& ingredients, const Concept& drug);
// What a Communication says (an e-prescription's 備考, 調剤者への指示, 残薬確認指示): the MHLW
// format's JP_Communication_CommunicationContent extensions, then payload.contentString.
std::vector<std::string> communication_texts(const json& body);
json to_json(const MedicationEntry& m);
// The medicines taken now, as the EHR summary and the emergency card list them: active
// entries, a prescription counted once when its dispensing is in the vault too.
json current_medications(const std::vector<const MedicationEntry*>& entries);

}  // namespace techo::views::detail
