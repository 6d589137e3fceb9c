// What every view needs: the person's resources of some types, the supporting resources
// they refer to (Practitioner, Organization, ...), reference resolution across files
// (fullUrl, Type/id, contained #id, business identifiers), and small element readers.
// Private to core.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "json_read.hpp"
#include "techo/vault.hpp"
#include "techo/views.hpp"

namespace techo::views::detail {

using nlohmann::json;

class Context {
 public:
  // Loads `types` for the query's person, and every resource a view may point to.
  [[nodiscard]] static Result<Context> load(Vault& vault, const Query& query, const std::vector<std::string>& types);

  const std::vector<StoredResource>& resources() const { return resources_; }
  const std::string& today() const { return today_; }

  // The resource a Reference points to, seen from `from` (for contained "#id"); nullptr
  // when it is not in the vault. Looks through logical references (Reference.identifier) too.
  const json* resolve(const json* reference, const StoredResource& from) const;
  // A name for a Reference: the resolved resource's name, else the Reference's display.
  std::string name_of(const json* reference, const StoredResource& from) const;
  // The institution behind a reference (an Organization, a PractitionerRole's
  // organization, a Practitioner's role), "" when unknown.
  std::string organization_of(const json* reference, const StoredResource& from) const;
  // An Organization by an identifier value (JP_eCS_InstitutionNumber extensions name the
  // institution only by its number).
  std::string organization_by_number(const std::string& number) const;

 private:
  void index(const StoredResource& r);
  std::vector<StoredResource> resources_;
  std::vector<StoredResource> support_;
  std::unordered_map<std::string, const StoredResource*> by_ref_;
  std::string today_;
};

// Element readers that never throw on unexpected JSON.
using json_read::find;
using json_read::first_date;
using json_read::text;
// A CodeableConcept as {"text", "system" (short name), "code"}: text first, else the
// display of a standard coding, else of any coding.
struct Concept {
  std::string text, system, system_name, code;
};
Concept concept_of(const json* codeable);
// All codings of a concept (system as written, code).
std::vector<std::pair<std::string, std::string>> codings_of(const json* codeable);
// The name of a Patient, Practitioner or Organization resource.
std::string resource_name(const json& resource);
// Narrative XHTML as plain text: tags dropped, block ends as line breaks, entities decoded.
std::string narrative_text(const std::string& xhtml);
// The view JSON of a Person.
json person_json(const Person& p);

}  // namespace techo::views::detail
