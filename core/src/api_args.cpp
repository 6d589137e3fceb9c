#include "api_args.hpp"

#include <limits>

#include "json_bounded.hpp"

namespace techo::detail {

using nlohmann::json;

Result<json> object_argument(std::string_view text, std::string_view what) {
  if (text.empty()) return json::object();
  auto parsed = json_bounded::parse(text);
  if (!parsed) {
    return Error{ErrorCode::kInvalidArgument,
                 "the " + std::string(what) + " is not usable JSON (" + parsed.error().message + ")", std::string(what)};
  }
  if (!parsed->is_object()) {
    return Error{ErrorCode::kInvalidArgument, "the " + std::string(what) + " must be a JSON object", std::string(what)};
  }
  return std::move(parsed).value();
}

Args::Args(const json& object, std::string where)
    : Args(object, std::move(where), std::make_shared<std::optional<Error>>()) {}

Args::Args(const json& object, std::string where, std::shared_ptr<std::optional<Error>> sink)
    : object_(object), where_(std::move(where)), first_error_(std::move(sink)) {}

const json* Args::member(const char* key) const {
  if (!object_.is_object()) return nullptr;
  auto it = object_.find(key);
  return it == object_.end() || it->is_null() ? nullptr : &*it;
}

void Args::wrong(const char* key, const char* expected, std::string suffix) {
  if (*first_error_) return;
  *first_error_ = Error{ErrorCode::kInvalidArgument, std::string("expected ") + key + " to be " + expected,
                        (where_.empty() ? std::string() : where_ + ".") + key + suffix};
}

std::string Args::text(const char* key, std::string fallback) {
  const json* v = member(key);
  if (!v) return fallback;
  if (!v->is_string()) return wrong(key, "a string"), fallback;
  return v->get<std::string>();
}

std::int64_t Args::integer(const char* key, std::int64_t fallback) {
  const json* v = member(key);
  if (!v) return fallback;
  if (v->is_number_unsigned()) {
    const auto u = v->get<std::uint64_t>();
    if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return static_cast<std::int64_t>(u);
  } else if (v->is_number_integer()) {
    return v->get<std::int64_t>();
  }
  return wrong(key, "a whole number"), fallback;
}

bool Args::boolean(const char* key, bool fallback) {
  const json* v = member(key);
  if (!v) return fallback;
  if (!v->is_boolean()) return wrong(key, "true or false"), fallback;
  return v->get<bool>();
}

std::vector<std::string> Args::texts(const char* key, std::vector<std::string> fallback) {
  const json* v = member(key);
  if (!v) return fallback;
  if (!v->is_array()) return wrong(key, "a list of strings"), fallback;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_string()) return wrong(key, "a string", "[" + std::to_string(i) + "]"), fallback;
    out.push_back((*v)[i].get<std::string>());
  }
  return out;
}

Args Args::object(const char* key) {
  static const json kEmpty = json::object();
  const json* v = member(key);
  if (v && !v->is_object()) wrong(key, "an object");
  return Args(v && v->is_object() ? *v : kEmpty, (where_.empty() ? std::string() : where_ + ".") + key, first_error_);
}

json Args::object_value(const char* key) {
  const json* v = member(key);
  if (!v) return json::object();
  if (!v->is_object()) return wrong(key, "an object"), json::object();
  return *v;
}

}  // namespace techo::detail
