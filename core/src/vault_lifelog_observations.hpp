// Keeps the lifelog samples derived from stored FHIR Observations in step with them: a new
// or updated Observation (re)writes its samples, whom they belong to follows the people
// the vault links, and the days they touch are merged again. Private to core; used by
// FHIR imports and the migration that introduced it.
#pragma once

#include <vector>

#include "sqlite/sqlite.hpp"
#include "techo/fhir.hpp"
#include "techo/result.hpp"
#include "vault_lifelog_days.hpp"

namespace techo::detail {

class ObservationLifelog {
 public:
  // source_id: the import the samples arrive with (0 in a migration: their resource's).
  explicit ObservationLifelog(sqlite::Database& db, std::int64_t source_id = 0) : db_(db), source_id_(source_id) {}

  // (Re)derives the samples of a stored Observation (anything else is ignored); `replacing`
  // when it had a stored version (whose samples go). Parts that are lifelog measurements
  // but cannot be read are added to `problems`, named by the resource and field; they do
  // not stop the import.
  [[nodiscard]] Status write(std::int64_t resource_id, const fhir::Resource& resource, bool replacing,
                             std::vector<Error>& problems);

  // After people are linked: each derived sample belongs to the person its subject is
  // (the account holder, 0, when the subject is them or unknown). The days written are
  // then known per person.
  [[nodiscard]] Status assign_people();

  // The days written, replaced or moved, per person (complete after assign_people()).
  const TouchedDays& touched() const noexcept { return days_; }

 private:
  Status prepare();
  Status touch_stored(std::int64_t resource_id);
  sqlite::Database& db_;
  std::int64_t source_id_;
  bool prepared_ = false;
  sqlite::Statement stored_, clear_, add_;
  TouchedDays days_;
  // subject -> metric -> days written: whose they are is known at assign_people().
  std::map<std::string, std::map<std::string, LocalDays>> written_;
};

// The lifelog samples of every stored Observation derived again, people assigned, every
// day merged again: after a migration or a restore (which carry resources, not what is
// derived from them).
[[nodiscard]] Status derive_lifelog_from_observations(sqlite::Database& db);

}  // namespace techo::detail
