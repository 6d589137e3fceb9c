// The people a vault holds records of: the account holder and the family members whose
// records they keep. A person is found from the Patient resources imported — the same
// person arrives as a different Patient resource from every clinic, pharmacy and checkup,
// so Patients that share an identifier, or a name and birth date, are one person — and
// every record is linked to its person through the reference it makes to a Patient.
// Private to core; run after every import and restore, in the same transaction.
#pragma once

#include "sqlite/sqlite.hpp"

namespace techo::detail {

// Links Patients not yet linked to a person, creating people as needed. Imports call it
// as soon as a Patient is stored, so the records that follow link as they are written.
[[nodiscard]] Status link_patients(sqlite::Database& db);

// link_patients, then links the records not yet linked to the person their subject
// names (records written before their Patient arrived, in this import or an earlier one).
[[nodiscard]] Status link_people(sqlite::Database& db);

}  // namespace techo::detail
