// What every view needs: the person's resources of some types, whose each one is, the
// supporting resources they refer to (Practitioner, Organization, ...), reference
// resolution across files (fullUrl, Type/id, contained #id, business identifiers), and
// small element readers. Private to core.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "json_read.hpp"
#include "techo/vault.hpp"
#include "techo/views.hpp"
#include "vault_view_queries.hpp"

namespace techo::views::detail {

using nlohmann::json;

// The document an entry belongs to. In a document Bundle (診療情報提供書, 退院時サマリー,
// 健診結果報告書, 患者サマリー, 電子処方箋) the Composition holds what its entries do not
// state themselves: who wrote it, for which institution, when, and what kind of document
// it is. Views fall back on it for an entry's prescriber, institution and date.
struct DocumentContext {
  const StoredResource* composition = nullptr;
  std::string kind;         // "e-prescription", "referral", "discharge-summary", "checkup-report",
                            // "patient-summary", or "document"
  std::string title, type, date;
  std::string author;       // the first person among the authors (a PractitionerRole's practitioner)
  std::string institution;  // the custodian, else the first author's organization
  std::string section;      // the title of the section listing the entry; "" when only the file ties them
};
// {"id", "kind", "title", "type", "date", "author", "institution", "section"}; null for none.
nlohmann::json to_json(const DocumentContext* document);

class Context {
 public:
  // Loads `types` for the query's person, and what a view may point to: the people, the
  // few resources many entries refer to (Practitioner, Organization, Medication, ...), the
  // person's Compositions; anything else a reference names is read when first resolved.
  [[nodiscard]] static Result<Context> load(Vault& vault, const Query& query, const std::vector<std::string>& types);
  // As load, but of `selected_types` only the resources `select` names (row ids, chosen from
  // the view index once the documents are known: see section_entries()). A view reads this
  // way what it shows, not the whole record.
  using Selector = std::function<Result<std::vector<std::int64_t>>(Context&, techo::detail::ViewQueries&)>;
  [[nodiscard]] static Result<Context> load(Vault& vault, const Query& query, const std::vector<std::string>& types,
                                            const Selector& select);
  // The row ids of the resources the loaded Compositions list in their sections (they take
  // the document's context, so a selection always includes them).
  std::vector<std::int64_t> section_entries() const;
  const Query& query() const { return query_; }

  const std::vector<StoredResource>& resources() const { return resources_; }
  const std::string& today() const { return today_; }

  // Whose a loaded resource is. With one person asked for, every resource loaded is theirs
  // (the vault gave them: a vault that knows one person counts records naming nobody as
  // theirs); with everyone, each is its own person's, and 0 is nobody the vault knows.
  // Views group by it so that "everyone" never folds one person's records into another's.
  std::int64_t owner(const StoredResource& r) const;
  // The same for a person id as stored (0: nobody the vault knows).
  std::int64_t owner_of(std::int64_t person) const;
  // The owners of the loaded resources as views list them: every person the reply is about
  // (even one with nothing to show), in the vault's order, then 0 when some resource is
  // about nobody the vault knows.
  std::vector<std::int64_t> owners() const;
  // An owner as the view JSON of a Person; null for 0.
  json person(std::int64_t owner) const;
  // What every reply says of whose records it holds: "person", the one person (null when
  // they are several people's) and "people", everyone they are about.
  json whose() const;

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

  // The document a loaded resource is part of: the Composition whose sections list it,
  // else the Composition of the document Bundle it was imported with; nullptr for none.
  const DocumentContext* document_of(const StoredResource& r) const;
  // Every Composition of the person, as the document context it gives.
  const std::vector<DocumentContext>& documents() const { return documents_; }

 private:
  static Result<Context> load_context(Vault& vault, const Query& query, bool compositions);
  Status add_resources(std::vector<StoredResource> rows);
  void index(const StoredResource& r) const;
  // A resource not loaded, read from the vault when a reference first names it.
  const StoredResource* read_named(const std::string& reference) const;
  void read_documents();
  void tie_section_entries(const json& sections, const DocumentContext& document);
  std::vector<StoredResource> resources_;
  std::vector<StoredResource> support_;
  std::vector<StoredResource> compositions_;  // when the view did not load them itself
  std::vector<DocumentContext> documents_;
  mutable std::unordered_map<const json*, const StoredResource*> stored_of_;  // body -> its row
  std::unordered_map<std::int64_t, DocumentContext> entry_documents_;  // resource id -> its document
  std::unordered_map<std::int64_t, std::size_t> source_documents_;     // source id -> documents_ index
  std::int64_t asked_ = 0;       // Query::person
  std::vector<Person> people_;   // the people the reply is about
  mutable std::unordered_map<std::string, const StoredResource*> by_ref_;
  // Read on first reference (stable addresses: by_ref_ and stored_of_ point into it), and
  // the references that named nothing stored.
  mutable std::deque<StoredResource> named_;
  mutable std::unordered_set<std::string> unnamed_;
  std::unique_ptr<techo::detail::ViewQueries> queries_;
  Query query_;
  std::string today_;
};

// Selections joined: the row ids each selector names, together.
Result<std::vector<std::int64_t>> all_selected(std::initializer_list<Result<std::vector<std::int64_t>>> parts);

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

// Entries (anything with a `from` resource): all of them, or one owner's.
template <typename Entry>
std::vector<const Entry*> all_of(const std::vector<Entry>& entries) {
  std::vector<const Entry*> out;
  for (const auto& e : entries) out.push_back(&e);
  return out;
}

template <typename Entry>
std::vector<const Entry*> owned_by(const Context& c, const std::vector<Entry>& entries, std::int64_t owner) {
  std::vector<const Entry*> out;
  for (const auto& e : entries) {
    if (c.owner(*e.from) == owner) out.push_back(&e);
  }
  return out;
}

}  // namespace techo::views::detail
