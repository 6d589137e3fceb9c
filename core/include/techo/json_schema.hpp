// A JSON Schema validator for the keywords the Open mHealth schemas use (draft-04/07:
// $ref across files and to #/definitions, type, enum, const, properties, required,
// additionalProperties, allOf/anyOf/oneOf/not, items, min/max items, minimum/maximum
// with exclusive forms, minLength/maxLength, pattern, format date-time/date). Errors
// name the failing element's path and what was expected.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "techo/result.hpp"

namespace techo::json_schema {

class Registry {
 public:
  // Adds a schema document under its file name ("step-count-3.0.json"), the name other
  // schemas use in "$ref".
  void add(std::string name, nlohmann::json schema);
  // Adds a schema file's text: JSON, or — as git stores the Open mHealth "1.x" links — the
  // name of the file it stands for. Malformed text is an error naming the file.
  [[nodiscard]] Status add_text(std::string name, std::string_view text);
  bool contains(std::string_view name) const;
  // Makes `name` (a file name or an absolute schema URL) stand for the schema `target`.
  void alias(std::string name, std::string target);

  // Validates `instance` against the schema `name`; `at` is the instance's path in
  // errors ("[3].body"). References to schemas outside the registry (the IEEE 1752 ones
  // some Open mHealth schemas point to) are not checked.
  [[nodiscard]] Status validate(const nlohmann::json& instance, std::string_view name, const std::string& at) const;

 private:
  std::map<std::string, nlohmann::json, std::less<>> schemas_;
  std::map<std::string, std::string, std::less<>> aliases_;  // "unit-value-1.x.json" -> "unit-value-1.0.json"
};

}  // namespace techo::json_schema
