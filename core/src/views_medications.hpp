// The medication entries shared by the medications, safety, summary and emergency views.
// Private to core.
#pragma once

#include <string>
#include <vector>

#include "views_context.hpp"

namespace techo::views::detail {

struct MedicationEntry {
  const StoredResource* from = nullptr;
  std::string kind;         // "request", "dispense", "statement"
  Concept drug;
  std::vector<std::string> ingredients;  // terminology::drug_ingredient of each coding
  std::string dosage;       // as written: "1日3回 毎食後", "頓用", "不均等 …"
  std::string dose;         // "1錠", from doseAndRate when coded
  double days = 0;          // supply in days (0 unknown)
  std::string date;         // authoredOn / whenHandedOver / effective
  std::string end_date;     // date + days, when both known
  std::string status;
  bool active = false;
  std::string prescriber;
  std::string institution;
  std::string pharmacy;
  std::string origin;       // "e-prescription", "claims", "dispensing", "prescription", "statement"
  bool covered_by_dispense = false;  // a request whose dispensing is also in the vault
};

std::vector<MedicationEntry> medication_entries(const Context& context);
json to_json(const MedicationEntry& m);
// The medicines taken now, as the EHR summary and the emergency card list them: active
// entries, a prescription counted once when its dispensing is in the vault too.
json current_medications(const std::vector<const MedicationEntry*>& entries);

}  // namespace techo::views::detail
