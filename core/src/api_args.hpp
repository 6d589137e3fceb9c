// The JSON arguments of API calls (options, queries), private to core: parsed by the
// bounded reader and read field by field with the type checked, so a caller's mistake
// ("limit": "ten") is INVALID_ARGUMENT naming the field, never an exception (INTERNAL).
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "techo/result.hpp"

namespace techo::detail {

// The argument text as a JSON object ("" reads as {}), or INVALID_ARGUMENT at `what`.
[[nodiscard]] Result<nlohmann::json> object_argument(std::string_view text, std::string_view what);

// Reads the fields of one argument object. A field that is absent (or null) gives the
// fallback; a field of another type gives the fallback too and records the first such
// mistake, which the caller returns (error()) before acting on any field.
class Args {
 public:
  Args(const nlohmann::json& object, std::string where);

  [[nodiscard]] std::string text(const char* key, std::string fallback = {});
  [[nodiscard]] std::int64_t integer(const char* key, std::int64_t fallback = 0);
  [[nodiscard]] bool boolean(const char* key, bool fallback);
  [[nodiscard]] std::vector<std::string> texts(const char* key, std::vector<std::string> fallback);
  // The object member `key` (an empty one when absent), sharing this reader's mistakes.
  [[nodiscard]] Args object(const char* key);
  // The object member `key` itself (an empty object when absent), for readers of their own.
  [[nodiscard]] nlohmann::json object_value(const char* key);

  [[nodiscard]] const std::optional<Error>& error() const { return *first_error_; }

 private:
  Args(const nlohmann::json& object, std::string where, std::shared_ptr<std::optional<Error>> sink);
  const nlohmann::json* member(const char* key) const;
  void wrong(const char* key, const char* expected, std::string suffix = {});

  const nlohmann::json& object_;
  std::string where_;
  std::shared_ptr<std::optional<Error>> first_error_;
};

}  // namespace techo::detail
