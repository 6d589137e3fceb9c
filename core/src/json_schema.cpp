#include "techo/json_schema.hpp"

#include <cmath>
#include <regex>

namespace techo::json_schema {
namespace {

using nlohmann::json;

struct Context {
  const std::map<std::string, json, std::less<>>* schemas;
  const std::map<std::string, std::string, std::less<>>* aliases;

  const json* document(std::string_view name) const {
    for (int hops = 0; hops < 8; ++hops) {
      if (auto it = schemas->find(name); it != schemas->end()) return &it->second;
      auto alias = aliases->find(name);
      if (alias == aliases->end()) return nullptr;
      name = alias->second;
    }
    return nullptr;
  }
};

Status fail(const std::string& at, const std::string& what) {
  return Error{ErrorCode::kInvalidResource, "expected " + what, at.empty() ? "$" : at};
}

bool digits(std::string_view s, std::size_t at, std::size_t n) {
  if (at + n > s.size()) return false;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// RFC 3339 date-time: date, 'T', time with seconds, optional fraction, and a zone.
bool is_rfc3339(std::string_view s) {
  if (s.size() < 20 || !digits(s, 0, 4) || s[4] != '-' || !digits(s, 5, 2) || s[7] != '-' || !digits(s, 8, 2)) return false;
  if (s[10] != 'T' && s[10] != 't') return false;
  if (!digits(s, 11, 2) || s[13] != ':' || !digits(s, 14, 2) || s[16] != ':' || !digits(s, 17, 2)) return false;
  std::size_t at = 19;
  if (at < s.size() && s[at] == '.') {
    ++at;
    const std::size_t begin = at;
    while (at < s.size() && s[at] >= '0' && s[at] <= '9') ++at;
    if (at == begin) return false;
  }
  if (at < s.size() && (s[at] == 'Z' || s[at] == 'z')) return at + 1 == s.size();
  return at + 6 == s.size() && (s[at] == '+' || s[at] == '-') && digits(s, at + 1, 2) && s[at + 3] == ':' &&
         digits(s, at + 4, 2);
}

bool has_type(const json& v, const std::string& type) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "number") return v.is_number();
  if (type == "integer") return v.is_number_integer() || (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>());
  if (type == "boolean") return v.is_boolean();
  if (type == "null") return v.is_null();
  return true;
}

// A JSON pointer ("#/definitions/unit_value") into a document.
const json* pointer(const json& document, std::string_view fragment) {
  if (fragment.empty() || fragment == "/") return &document;
  try {
    return &document.at(json::json_pointer(std::string(fragment)));
  } catch (const json::exception&) {
    return nullptr;
  }
}

Status check(const Context& c, const json& v, const json& schema, const json& document, const std::string& at);

Status check_ref(const Context& c, const json& v, const std::string& ref, const json& document, const std::string& at) {
  const auto hash = ref.find('#');
  const std::string file = ref.substr(0, hash);
  const std::string fragment = hash == std::string::npos ? std::string() : ref.substr(hash + 1);
  const json* target_document = &document;
  if (!file.empty()) {
    target_document = c.document(file);
    if (!target_document) return Ok{};  // outside the registry (IEEE 1752): not checked
  }
  const json* target = pointer(*target_document, fragment);
  if (!target) return Error{ErrorCode::kInternal, "schema reference not found: " + ref, at};
  return check(c, v, *target, *target_document, at);
}

Status check(const Context& c, const json& v, const json& schema, const json& document, const std::string& at) {
  if (schema.is_boolean()) return schema.get<bool>() ? Status(Ok{}) : fail(at, "nothing here");
  if (!schema.is_object()) return Ok{};
  if (auto ref = schema.find("$ref"); ref != schema.end() && ref->is_string()) {
    return check_ref(c, v, ref->get<std::string>(), document, at);
  }
  if (auto type = schema.find("type"); type != schema.end()) {
    bool ok = false;
    std::string names;
    for (const auto& t : type->is_array() ? *type : json::array({*type})) {
      if (!t.is_string()) continue;
      ok = ok || has_type(v, t.get<std::string>());
      names += (names.empty() ? "" : " or ") + t.get<std::string>();
    }
    if (!ok) return fail(at, "a value of type " + names);
  }
  if (auto e = schema.find("enum"); e != schema.end() && e->is_array()) {
    if (std::find(e->begin(), e->end(), v) == e->end()) return fail(at, "one of " + e->dump());
  }
  if (auto k = schema.find("const"); k != schema.end() && *k != v) return fail(at, k->dump());
  if (v.is_object()) {
    if (auto req = schema.find("required"); req != schema.end() && req->is_array()) {
      for (const auto& name : *req) {
        if (name.is_string() && !v.contains(name.get<std::string>())) {
          return fail(at.empty() ? name.get<std::string>() : at + "." + name.get<std::string>(), "this required element");
        }
      }
    }
    const json* properties = nullptr;
    if (auto p = schema.find("properties"); p != schema.end() && p->is_object()) {
      properties = &*p;
      for (auto it = p->begin(); it != p->end(); ++it) {
        if (auto member = v.find(it.key()); member != v.end()) {
          if (auto s = check(c, *member, it.value(), document, at.empty() ? it.key() : at + "." + it.key()); !s) return s;
        }
      }
    }
    if (auto extra = schema.find("additionalProperties"); extra != schema.end()) {
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (properties && properties->contains(it.key())) continue;
        const std::string where = at.empty() ? it.key() : at + "." + it.key();
        if (extra->is_boolean() && !extra->get<bool>()) return fail(where, "no element of this name");
        if (extra->is_object()) {
          if (auto s = check(c, it.value(), *extra, document, where); !s) return s;
        }
      }
    }
  }
  if (v.is_array()) {
    if (auto items = schema.find("items"); items != schema.end()) {
      for (std::size_t i = 0; i < v.size(); ++i) {
        const json& item_schema = items->is_array() ? (i < items->size() ? (*items)[i] : json(true)) : *items;
        if (auto s = check(c, v[i], item_schema, document, at + "[" + std::to_string(i) + "]"); !s) return s;
      }
    }
    if (auto m = schema.find("minItems"); m != schema.end() && m->is_number() && v.size() < m->get<std::size_t>()) {
      return fail(at, "at least " + m->dump() + " items");
    }
    if (auto m = schema.find("maxItems"); m != schema.end() && m->is_number() && v.size() > m->get<std::size_t>()) {
      return fail(at, "at most " + m->dump() + " items");
    }
  }
  if (v.is_number()) {
    const double x = v.get<double>();
    const auto exclusive = [&](const char* key) {
      auto e = schema.find(key);
      return e != schema.end() && e->is_boolean() && e->get<bool>();
    };
    if (auto m = schema.find("minimum"); m != schema.end() && m->is_number()) {
      const double lo = m->get<double>();
      if (x < lo || (exclusive("exclusiveMinimum") && x == lo)) return fail(at, "a number not below " + m->dump());
    }
    if (auto m = schema.find("maximum"); m != schema.end() && m->is_number()) {
      const double hi = m->get<double>();
      if (x > hi || (exclusive("exclusiveMaximum") && x == hi)) return fail(at, "a number not above " + m->dump());
    }
    if (auto m = schema.find("exclusiveMinimum"); m != schema.end() && m->is_number() && x <= m->get<double>()) {
      return fail(at, "a number above " + m->dump());
    }
    if (auto m = schema.find("exclusiveMaximum"); m != schema.end() && m->is_number() && x >= m->get<double>()) {
      return fail(at, "a number below " + m->dump());
    }
  }
  if (v.is_string()) {
    const std::string& text = v.get_ref<const std::string&>();
    if (auto f = schema.find("format"); f != schema.end() && f->is_string()) {
      if (*f == "date-time" && !is_rfc3339(text)) return fail(at, "an RFC 3339 date-time (2020-02-05T07:25:00-08:00)");
      if (*f == "date" && !(text.size() == 10 && is_rfc3339(text + "T00:00:00Z"))) return fail(at, "a date (YYYY-MM-DD)");
      if (*f == "uri" && !std::regex_search(text, std::regex("^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]*$"))) {
        return fail(at, "an absolute URI (scheme:…)");
      }
    }
    if (auto m = schema.find("minLength"); m != schema.end() && m->is_number() && text.size() < m->get<std::size_t>()) {
      return fail(at, "at least " + m->dump() + " characters");
    }
    if (auto p = schema.find("pattern"); p != schema.end() && p->is_string()) {
      if (!std::regex_search(text, std::regex(p->get<std::string>()))) return fail(at, "text matching " + p->get<std::string>());
    }
  }
  if (auto all = schema.find("allOf"); all != schema.end() && all->is_array()) {
    for (const auto& sub : *all) {
      if (auto s = check(c, v, sub, document, at); !s) return s;
    }
  }
  if (auto any = schema.find("anyOf"); any != schema.end() && any->is_array()) {
    std::optional<Error> first;
    bool matched = false;
    for (const auto& sub : *any) {
      auto s = check(c, v, sub, document, at);
      if (s) { matched = true; break; }
      if (!first) first = s.error();
    }
    if (!matched) return first ? *first : Error{ErrorCode::kInvalidResource, "expected one of the allowed forms", at};
  }
  if (auto one = schema.find("oneOf"); one != schema.end() && one->is_array()) {
    int matches = 0;
    std::optional<Error> first;
    for (const auto& sub : *one) {
      auto s = check(c, v, sub, document, at);
      if (s) ++matches;
      else if (!first) first = s.error();
    }
    if (matches == 0) return first ? *first : Error{ErrorCode::kInvalidResource, "expected one of the allowed forms", at};
    if (matches > 1) return fail(at, "exactly one of the allowed forms, not several");
  }
  if (auto n = schema.find("not"); n != schema.end() && check(c, v, *n, document, at)) return fail(at, "not this form");
  return Ok{};
}

}  // namespace

void Registry::add(std::string name, nlohmann::json schema) { schemas_[std::move(name)] = std::move(schema); }

Status Registry::add_text(std::string name, std::string_view text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  const auto end = text.find_last_not_of(" \t\r\n");
  if (begin != std::string_view::npos && text[begin] != '{' && text.substr(end - 4, 5) == ".json") {
    aliases_[std::move(name)] = std::string(text.substr(begin, end - begin + 1));
    return Ok{};
  }
  auto schema = json::parse(text, nullptr, false);
  if (schema.is_discarded()) return Error{ErrorCode::kMalformedInput, "a schema is not valid JSON", name};
  add(std::move(name), std::move(schema));
  return Ok{};
}

bool Registry::contains(std::string_view name) const {
  return Context{&schemas_, &aliases_}.document(name) != nullptr;
}

void Registry::alias(std::string name, std::string target) { aliases_[std::move(name)] = std::move(target); }

Status Registry::validate(const nlohmann::json& instance, std::string_view name, const std::string& at) const {
  const Context c{&schemas_, &aliases_};
  const json* schema = c.document(name);
  if (!schema) return Error{ErrorCode::kUnsupported, "no schema " + std::string(name), at};
  return check(c, instance, *schema, *schema, at);
}

}  // namespace techo::json_schema
