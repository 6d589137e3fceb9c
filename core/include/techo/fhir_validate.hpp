// Checking a resource before it is stored, in two strengths:
//  - structure: the JSON types FHIR R4 requires of the elements the record model reads
//    (a valueQuantity.value that is a string, a coding that is not a list, a date that is
//    not a date). A resource that breaks them is skipped and listed with a FHIR path,
//    because what the views would show from it could be wrong.
//  - profile: rules of the JP-CLINS (電子カルテ情報共有サービス) profiles a resource claims
//    in meta.profile. A resource that breaks them still imports — it is real data a
//    person was given — and is listed as flagged, with the rule and the path.
#pragma once

#include <string>
#include <vector>

#include "techo/fhir.hpp"
#include "techo/result.hpp"

namespace techo::fhir {

// The first structural error of `resource`, whose path is `at` ("Bundle.entry[3].resource",
// or "" for a file holding the resource alone, when paths start at the resource type).
[[nodiscard]] Status check_structure(const Resource& resource, const std::string& at);

// Every JP-CLINS profile rule `resource` breaks (empty when it claims no such profile).
[[nodiscard]] std::vector<Error> check_profiles(const Resource& resource, const std::string& at);

}  // namespace techo::fhir
