// Stores resources so that re-importing never duplicates them: a resource whose identity
// (fhir::identity_key) is already in the vault is skipped when identical, replaces the
// current version when newer (which moves to history), or goes to history when older.
// Private to core; used by imports and restores.
#pragma once

#include <unordered_set>

#include <optional>

#include "sqlite/sqlite.hpp"
#include "techo/fhir.hpp"
#include "vault_view_index.hpp"

namespace techo::detail {

class ResourceWriter {
 public:
  enum class Outcome { kNew, kUpdated, kUnchanged, kHistorical };
  ResourceWriter(sqlite::Database& db, std::int64_t source_id) : db_(db), source_id_(source_id), view_index_(db) {}
  [[nodiscard]] Result<Outcome> store(const fhir::Resource& resource);
  // Whether the vault holds a resource under this one's identity.
  [[nodiscard]] Result<bool> known(const fhir::Resource& resource);
  // The row of the resource the last store() wrote (new or updated).
  std::int64_t last_written() const noexcept { return last_written_; }
  // (Re)writes the normalized record of a stored resource (also used by migrations).
  [[nodiscard]] Status write_record(std::int64_t resource_id, const fhir::Resource& resource);

 private:
  Status prepare();
  // The normalized record of a resource that has none yet (a row just inserted).
  Status insert_record(std::int64_t resource_id, const fhir::Resource& resource);
  // A document's entries are about its subject (FHIR: the Composition's subject is the
  // document's), and JP-CLINS entries such as the visit often do not repeat it: an entry
  // the file's Composition lists and that names nobody is the Composition's subject's.
  void remember_document(const fhir::Resource& composition);
  std::string document_subject_of(const fhir::Resource& entry) const;
  std::string document_subject_;
  std::unordered_set<std::string> document_entries_;  // references the Composition lists
  sqlite::Database& db_;
  std::int64_t source_id_;
  bool prepared_ = false;
  std::int64_t last_written_ = 0;
  ViewIndex view_index_;  // what views select by, written with each new or updated resource
  sqlite::Statement find_, insert_, update_, history_, history_current_, clear_record_, insert_record_;
};

}  // namespace techo::detail
