// What a person reads, computed from the vault's records: each view is one query that
// returns a JSON document the page renders as it is (and a developer embedding the core
// can render their own way). Views resolve references (who prescribed, which clinic,
// which pharmacy) across every file imported, and keep each value as it was written.
// The JSON shapes are the contract of wasm/types/index.d.ts.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "techo/result.hpp"
#include "techo/vault.hpp"

namespace techo::views {

struct Query {
  std::int64_t person = 0;  // Person::id; 0 = everyone
  std::string today;        // YYYY-MM-DD deciding what is "current"; "" = the system date
};

// {"people": [Person...]}
[[nodiscard]] Result<nlohmann::json> people(Vault& vault);

// Medications: every prescription / dispensing / statement with the dose as written, the
// prescriber, institution, pharmacy and origin; "current" ones, and per-drug history.
[[nodiscard]] Result<nlohmann::json> medications(Vault& vault, const Query& query);

// Lab and vital results grouped by analyte across years and institutions (a trend per
// analyte), with reference ranges and out-of-range flags.
[[nodiscard]] Result<nlohmann::json> labs(Vault& vault, const Query& query);

// 特定健診 results laid out as the MHLW result form: one report per 健診結果報告書 (its
// Composition's institution and date), else per checkup date; every result on its line, the
// 問診 answers as their own section, the rest as other items, last year's value beside each.
[[nodiscard]] Result<nlohmann::json> checkups(Vault& vault, const Query& query);

// The six kinds of information of the EHR sharing service: diagnoses, allergies,
// infections, contraindicated drugs, recent labs, prescriptions; plus the documents.
[[nodiscard]] Result<nlohmann::json> ehr_summary(Vault& vault, const Query& query);

// One clinical document (Composition) section by section, entries resolved.
[[nodiscard]] Result<nlohmann::json> document(Vault& vault, std::int64_t resource_id);

// Vaccinations, per person.
[[nodiscard]] Result<nlohmann::json> immunizations(Vault& vault, const Query& query);

// Safety warnings with their evidence: one ingredient prescribed by two institutions,
// and a prescribed drug matching a recorded drug allergy or contraindication.
[[nodiscard]] Result<nlohmann::json> safety(Vault& vault, const Query& query);

// The emergency (救急時) summary: allergies, contraindications, current medications,
// active conditions and the latest key labs, on one printable page.
[[nodiscard]] Result<nlohmann::json> emergency(Vault& vault, const Query& query);

// Visits and operations: Encounters (outpatient / inpatient / emergency, dates,
// institution, department, reason) and Procedures, newest first, per person.
[[nodiscard]] Result<nlohmann::json> visits(Vault& vault, const Query& query);

// Insurance and public-expense cards (Coverage), per person; the person's own numbers
// both in full and masked.
[[nodiscard]] Result<nlohmann::json> coverages(Vault& vault, const Query& query);

// A child's growth (height, weight, head circumference, BMI over age) and the findings of
// their infant and school checkups, per person.
[[nodiscard]] Result<nlohmann::json> growth(Vault& vault, const Query& query);

}  // namespace techo::views
