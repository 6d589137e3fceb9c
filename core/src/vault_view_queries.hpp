// What views read of the vault beyond whole types: resources by row id or by reference,
// and selections from the view index (vault_view_index.hpp) — this year's medicines, the
// latest value of each analyte, the newest page, one entry per drug and institution — so
// that a view parses the resources it shows, not the record. Every selection counts a
// resource as `person`'s the way Vault::stored_resources does. Private to core.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sqlite/sqlite.hpp"
#include "techo/vault.hpp"

namespace techo::detail {

class ViewQueries {
 public:
  explicit ViewQueries(Vault& vault);

  // Stored resources by row id, in row order, as Vault::stored_resources gives them.
  [[nodiscard]] Result<std::vector<StoredResource>> resources(const std::vector<std::int64_t>& ids);
  // The resource a reference names: its fullUrl, "Type/id", or an absolute URL ending in
  // Type/id. nullopt when the vault has none.
  [[nodiscard]] Result<std::optional<StoredResource>> resource_named(const std::string& reference);
  // The row id of the resource a reference names, 0 when none.
  [[nodiscard]] Result<std::int64_t> id_named(const std::string& reference);

  // Medication entries that may be current on `today` by their own dates and status, every
  // dispensing that names its prescription, and every entry whose date only its document gives.
  [[nodiscard]] Result<std::vector<std::int64_t>> maybe_current_medications(std::int64_t person, const std::string& today);
  // Per owner and analyte, the Observations holding the latest value, and every one whose
  // date only its document gives (the latest of each is among them).
  [[nodiscard]] Result<std::vector<std::int64_t>> latest_results(std::int64_t person);
  // Observations that are infection tests.
  [[nodiscard]] Result<std::vector<std::int64_t>> infection_results(std::int64_t person);
  // Observations that can be checkup items: a 特定健診 item code, or an entry of a document.
  [[nodiscard]] Result<std::vector<std::int64_t>> checkup_results(std::int64_t person);
  // Inpatient Encounters starting on or after `from` (or undated).
  [[nodiscard]] Result<std::vector<std::int64_t>> admissions(std::int64_t person, const std::string& from);
  // Entries of `kind` ("medication", "result") that came in a document Bundle.
  [[nodiscard]] Result<std::vector<std::int64_t>> document_entries(const std::string& kind, std::int64_t person);
  // The newest `limit` entries of `kind` by their own date (ties: the first stored), and
  // every undated one.
  [[nodiscard]] Result<std::vector<std::int64_t>> newest(const std::string& kind, std::int64_t person, int limit);

  // The newest `limit` entries of one group (as groups() names it), and its undated ones:
  // a range of the index, not a pass over the record.
  [[nodiscard]] Result<std::vector<std::int64_t>> newest_in_group(const std::string& kind, std::int64_t person,
                                                                  std::int64_t group_person, const std::string& group,
                                                                  int limit);

  // Groups of one kind (a drug's prescriptions, an analyte's values), per owner, as the
  // index sees them: how many entries, the first and last own dates, whether any value is
  // numeric, and one entry for each distinct way its institution is written (so the view
  // reads one resource per institution, not every entry).
  struct Group {
    std::int64_t person = 0;  // COALESCE(records.profile_id, 0)
    std::string key;
    std::int64_t count = 0;
    std::string first, last;   // own dates; "" when none is dated
    bool numeric = false;
    std::vector<std::int64_t> representatives;
  };
  // `newest`: each representative is the newest entry of its institution (a history shows
  // the latest prescription), else the oldest (a trend lists institutions as first seen).
  [[nodiscard]] Result<std::vector<Group>> groups(const std::string& kind, std::int64_t person, int excluded_flags,
                                                  bool newest);

 private:
  Result<std::vector<std::int64_t>> ids(const std::string& sql, std::int64_t person,
                                        const std::vector<std::string>& texts = {});
  sqlite::Database& db_;
};

}  // namespace techo::detail
