// The people a vault holds records of: the account holder and the family members whose
// records they keep. A person is found from the Patient resources imported — the same
// person arrives as a different Patient resource from every clinic, pharmacy and checkup,
// so Patients that share an identifier, or a name and birth date, are one person — and
// every record is linked to its person through the reference it makes to a Patient.
// Private to core; run after every import and restore, in the same transaction.
#pragma once

#include "sqlite/sqlite.hpp"

namespace techo::detail {

// Links Patients not yet linked to a person (creating people as needed), then records
// not yet linked to the person their subject names.
[[nodiscard]] Status link_people(sqlite::Database& db);

}  // namespace techo::detail
