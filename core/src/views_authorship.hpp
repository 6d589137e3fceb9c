// Who wrote an entry and when, when the entry does not say it itself: in a clinical
// document (a JP-CLINS 患者サマリー, 診療情報提供書, ...) the Composition is the one place
// that carries the author, the institution and the date (Context::document_of finds it);
// this adds what the visits and care plans also show, the author institution's department.
// Private to core.
#pragma once

#include <string>
#include <vector>

#include "views_context.hpp"

namespace techo::views::detail {

struct Authorship {
  const StoredResource* composition = nullptr;  // nullptr: the entry is part of no document
  std::string kind;                             // DocumentContext::kind
  std::string title;                            // the document's title
  std::string date;                             // Composition.date
  std::vector<std::string> authors;             // the person who wrote it, when the document names one
  std::string institution;                      // the custodian, else the author institution
  std::string department;                       // the author institution's department (JP_eCS_Department)
};

// The document the entry is part of (Context::document_of), with its department.
Authorship authorship_of(const Context& context, const StoredResource& entry);

// Whether a reference written in a resource of `entry`'s own file points to `entry`: by
// fullUrl, Type/id, or an absolute URL ending in Type/id (names unique within one file).
bool points_to(const json& reference, const StoredResource& entry);

// A department as JP profiles write it: a JP_eCS_Department (or any "...Department")
// extension of the resource, as text; "" when there is none.
std::string department_of(const json& resource);

}  // namespace techo::views::detail
