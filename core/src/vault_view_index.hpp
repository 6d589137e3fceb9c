// What views select by, written with every stored resource (and rebuilt by the schema
// migration that introduced it): one `view_keys` row per medication entry, per result
// value (an Observation's components each their own) and per admission, with the few
// fields a view needs to decide whether to read the resource at all — the drug or
// analyte it groups under, what its institution is read from, its own date, the last day
// it may still be taken. A view then parses only the resources it shows (this year's
// medicines, the latest value of each analyte, the newest page) instead of every resource
// of the record, so its cost follows what it shows. Private to core.
#pragma once

#include "sqlite/sqlite.hpp"
#include "techo/fhir.hpp"

namespace techo::detail {

// Bits of view_keys.flags.
enum ViewKeyFlag : int {
  kViewKeyNumeric = 1,        // a result with a numeric value
  kViewKeyInfection = 2,      // an infection test
  kViewKeyCheckupCode = 4,    // a 特定健診 item code
  kViewKeyNotTrend = 8,       // social-history / survey: not a lab trend
  kViewKeyNamesPrescription = 16,  // a dispensing that names its prescription
};

class ViewIndex {
 public:
  explicit ViewIndex(sqlite::Database& db) : db_(db) {}
  // Replaces the rows of a stored resource.
  [[nodiscard]] Status write(std::int64_t resource_id, std::int64_t source_id, const fhir::Resource& resource);

 private:
  Status prepare();
  Status insert(std::int64_t resource_id, std::int64_t source_id, int part, const char* kind, const std::string& group, std::int64_t context,
                const std::string& date, const std::string& until, int flags);
  sqlite::Database& db_;
  bool prepared_ = false;
  sqlite::Statement clear_, insert_;
};

}  // namespace techo::detail
