#include "json_dump.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>

namespace techo::json_dump {
namespace {

using nlohmann::json;

// Length of the well-formed UTF-8 sequence starting at s[i] (a non-ASCII lead byte), or 0:
// the same set of sequences nlohmann's decoder accepts (no overlong forms, no surrogates,
// nothing above U+10FFFF).
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto at = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  const unsigned char lead = at(0);
  const auto tail = [](unsigned c) { return c >= 0x80 && c <= 0xBF; };
  if (lead >= 0xC2 && lead <= 0xDF) return tail(at(1)) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    const unsigned b1 = at(1);
    const bool first = lead == 0xE0 ? (b1 >= 0xA0 && b1 <= 0xBF) : lead == 0xED ? (b1 >= 0x80 && b1 <= 0x9F) : tail(b1);
    return first && tail(at(2)) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    const unsigned b1 = at(1);
    const bool first = lead == 0xF0 ? (b1 >= 0x90 && b1 <= 0xBF) : lead == 0xF4 ? (b1 >= 0x80 && b1 <= 0x8F) : tail(b1);
    return first && tail(at(2)) && tail(at(3)) ? 4 : 0;
  }
  return 0;
}

// The bytes of a string that are not copied as they are: escaped (control characters,
// '"', '\\') or checked (the lead bytes of UTF-8 sequences).
constexpr std::array<bool, 256> kSpecial = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = t['\\'] = true;
  for (int c = 0x80; c < 0x100; ++c) t[c] = true;
  return t;
}();

// The string as dump_escaped() writes it (ensure_ascii off); false when it is not UTF-8.
bool append_string(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < s.size();) {
    while (i < s.size() && !kSpecial[static_cast<unsigned char>(s[i])]) ++i;  // copied as they are
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const std::size_t n = utf8_sequence(s, i);
      if (n == 0) return false;
      i += n;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    out.append(s.data() + run, i - run);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default: {
        const char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(escaped, sizeof escaped);
      }
    }
    run = ++i;
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
  return true;
}

template <typename Integer>
void append_integer(Integer x, std::string& out) {
  char buffer[24];
  const auto written = std::to_chars(buffer, buffer + sizeof buffer, x);
  out.append(buffer, static_cast<std::size_t>(written.ptr - buffer));
}

void append_float(double x, std::string& out) {
  if (!std::isfinite(x)) {
    out += "null";
    return;
  }
  // The serializer's own shortest round-trip form (Grisu2), so floats read back the same.
  char buffer[64];
  char* end = nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, x);
  out.append(buffer, static_cast<std::size_t>(end - buffer));
}

bool append_value(const json& v, std::string& out) {
  switch (v.type()) {
    case json::value_t::object: {
      const auto& object = v.get_ref<const json::object_t&>();
      if (object.empty()) {
        out += "{}";
        return true;
      }
      char separator = '{';
      for (const auto& [key, member] : object) {
        out += separator;
        separator = ',';
        if (!append_string(key, out)) return false;
        out += ':';
        if (!append_value(member, out)) return false;
      }
      out += '}';
      return true;
    }
    case json::value_t::array: {
      const auto& array = v.get_ref<const json::array_t&>();
      if (array.empty()) {
        out += "[]";
        return true;
      }
      char separator = '[';
      for (const auto& element : array) {
        out += separator;
        separator = ',';
        if (!append_value(element, out)) return false;
      }
      out += ']';
      return true;
    }
    case json::value_t::string: return append_string(v.get_ref<const std::string&>(), out);
    case json::value_t::boolean: out += v.get<bool>() ? "true" : "false"; return true;
    case json::value_t::number_integer: append_integer(v.get<json::number_integer_t>(), out); return true;
    case json::value_t::number_unsigned: append_integer(v.get<json::number_unsigned_t>(), out); return true;
    case json::value_t::number_float: append_float(v.get<json::number_float_t>(), out); return true;
    case json::value_t::null: out += "null"; return true;
    default: return false;  // binary and discarded values: nlohmann's own dump
  }
}

}  // namespace

void append(const json& value, std::string& out) {
  const std::size_t start = out.size();
  if (append_value(value, out)) return;
  out.resize(start);
  out += value.dump();  // throws json::type_error for invalid UTF-8, as dump() does
}

std::string dump(const json& value) {
  std::string out;
  append(value, out);
  return out;
}

}  // namespace techo::json_dump
