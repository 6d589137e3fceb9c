// The vault: where a person's records live, one SQLite database. Imports are atomic: a
// Bundle's resources are stored in one transaction or not at all.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "techo/fhir.hpp"
#include "techo/result.hpp"

namespace techo {

struct ImportReport {
  std::string source;                             // the file name the person chose
  std::map<std::string, std::int64_t> imported;   // resourceType -> resources stored
  std::int64_t imported_total = 0;
  std::vector<Error> skipped;                     // entries not stored, each with its path
};

struct PatientSummary {
  std::string id;
  std::string name;           // as the person reads it (kanji for JP Core data)
  std::string name_phonetic;  // kana, when the source has it
  std::string birth_date;     // FHIR date as recorded: "1930-06-28"
  std::string gender;
};

struct Summary {
  std::map<std::string, std::int64_t> counts;  // resourceType -> resources in the vault
  std::int64_t total = 0;
  std::vector<PatientSummary> patients;        // in import order
};

class Vault {
 public:
  // Opens (creating and migrating when needed) the database at `path`; ":memory:" keeps it
  // in memory only.
  [[nodiscard]] static Result<Vault> open(const std::string& path);

  Vault(Vault&&) noexcept;
  Vault& operator=(Vault&&) noexcept;
  ~Vault();

  // Stores every usable resource of `bundle` under a new source named `source_name`.
  [[nodiscard]] Result<ImportReport> import_bundle(std::string_view source_name, const fhir::Bundle& bundle);

  [[nodiscard]] Result<Summary> summary();

  // The schema version this build writes (PRAGMA user_version).
  static int schema_version() noexcept;

 private:
  struct Impl;
  explicit Vault(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace techo
