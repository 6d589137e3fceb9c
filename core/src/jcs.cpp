#include "techo/jcs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace techo::jcs {
namespace {

using nlohmann::json;

Error not_ijson(std::string message) { return Error{ErrorCode::kMalformedInput, std::move(message), "canonical JSON"}; }

// Decodes UTF-8, calling `on_code_point` with each code point; false on anything that is
// not UTF-8 (overlong forms, surrogates, values past U+10FFFF, truncated sequences).
template <typename OnCodePoint>
bool decode_utf8(std::string_view s, OnCodePoint&& on_code_point) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::uint32_t cp;
    std::size_t n;
    if (b < 0x80) { cp = b; n = 1; }
    else if ((b & 0xE0) == 0xC0) { cp = b & 0x1F; n = 2; }
    else if ((b & 0xF0) == 0xE0) { cp = b & 0x0F; n = 3; }
    else if ((b & 0xF8) == 0xF0) { cp = b & 0x07; n = 4; }
    else return false;
    if (i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    on_code_point(cp);
    i += n;
  }
  return true;
}

// UTF-8 → UTF-16 code units, for ordering member names as RFC 8785 §3.2.3 requires
// (it differs from byte order for names beyond the BMP against U+E000..U+FFFF).
bool utf16_units(std::string_view s, std::u16string& out) {
  out.clear();
  return decode_utf8(s, [&](std::uint32_t cp) {
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  });
}

// Whether `s` is UTF-8, without building its UTF-16 form (every string written is checked).
bool valid_utf8(std::string_view s) {
  return decode_utf8(s, [](std::uint32_t) {});
}

// RFC 8785 §3.2.2.2: only '"', '\\' and the control characters are escaped; the five with
// short forms use them, the rest \u00xx in lowercase hex. Everything else is as is, copied
// in runs (resources are mostly text that needs no escape).
Status write_string(std::string_view s, std::string& out) {
  if (!valid_utf8(s)) return not_ijson("a string is not valid UTF-8");
  out += '"';
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
        out += buffer;
      }
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
  return Ok{};
}

Status write_value(const json& v, std::string& out, std::size_t depth) {
  if (depth > kMaxDepth) return not_ijson("nested deeper than " + std::to_string(kMaxDepth) + " levels");
  switch (v.type()) {
    case json::value_t::null: out += "null"; return Ok{};
    case json::value_t::boolean: out += v.get<bool>() ? "true" : "false"; return Ok{};
    // I-JSON numbers are IEEE doubles: an integer is written as the double it is.
    case json::value_t::number_integer: out += number_to_string(static_cast<double>(v.get<std::int64_t>())); return Ok{};
    case json::value_t::number_unsigned: out += number_to_string(static_cast<double>(v.get<std::uint64_t>())); return Ok{};
    case json::value_t::number_float: {
      const double d = v.get<double>();
      if (!std::isfinite(d)) return not_ijson("a number is not finite");
      out += number_to_string(d);
      return Ok{};
    }
    case json::value_t::string: return write_string(v.get_ref<const std::string&>(), out);
    case json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& item : v) {
        if (!first) out += ',';
        first = false;
        if (auto s = write_value(item, out, depth + 1); !s) return s;
      }
      out += ']';
      return Ok{};
    }
    case json::value_t::object: {
      // nlohmann keeps members sorted by their UTF-8 bytes, which is UTF-16 order unless a
      // name holds a character beyond the BMP (a 4-byte sequence): then sort by UTF-16.
      bool byte_order = true;
      for (auto it = v.begin(); it != v.end() && byte_order; ++it) {
        for (const char ch : it.key()) {
          if (static_cast<unsigned char>(ch) >= 0xF0) byte_order = false;
        }
      }
      if (byte_order) {
        out += '{';
        bool first = true;
        for (auto it = v.begin(); it != v.end(); ++it) {
          if (!first) out += ',';
          first = false;
          if (auto s = write_string(it.key(), out); !s) return s;
          out += ':';
          if (auto s = write_value(it.value(), out, depth + 1); !s) return s;
        }
        out += '}';
        return Ok{};
      }
      std::vector<std::pair<std::u16string, const std::string*>> names;
      names.reserve(v.size());
      for (auto it = v.begin(); it != v.end(); ++it) {
        std::u16string units;
        if (!utf16_units(it.key(), units)) return not_ijson("a member name is not valid UTF-8");
        names.emplace_back(std::move(units), &it.key());
      }
      std::sort(names.begin(), names.end());
      out += '{';
      bool first = true;
      for (const auto& [units, name] : names) {
        if (!first) out += ',';
        first = false;
        if (auto s = write_string(*name, out); !s) return s;
        out += ':';
        if (auto s = write_value(v.at(*name), out, depth + 1); !s) return s;
      }
      out += '}';
      return Ok{};
    }
    case json::value_t::binary:
    case json::value_t::discarded: return not_ijson("not a JSON value");
  }
  return not_ijson("not a JSON value");
}

// Checks what nlohmann's DOM parser lets through: a repeated name in one object (it keeps
// the last), depth, and numbers that overflow to infinity.
class UniqueKeys : public nlohmann::json_sax<json> {
 public:
  explicit UniqueKeys(std::string where) : where_(std::move(where)) {}
  std::optional<Error> error;

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t v, const string_t&) override {
    if (!std::isfinite(v)) return fail("a number is too large", path());
    return value();
  }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override { return open(true); }
  bool key(string_t& name) override {
    Frame& f = frames_.back();
    f.key = name;
    if (!f.names.insert(name).second) return fail("the name \"" + name + "\" appears twice in one object", path());
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(false); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t at, const std::string&, const nlohmann::detail::exception&) override {
    return fail("not valid JSON (at byte " + std::to_string(at) + ")", where_);
  }

 private:
  struct Frame {
    bool object;
    std::set<std::string> names;
    std::string key;
    std::size_t index = 0;
  };
  bool value() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
    return true;
  }
  bool open(bool object) {
    // Counted as a value of its parent before it becomes the innermost frame.
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
    if (frames_.size() >= kMaxDepth) return fail("nested deeper than " + std::to_string(kMaxDepth) + " levels", path());
    frames_.push_back(Frame{object, {}, {}, 0});
    return true;
  }
  bool close() {
    frames_.pop_back();
    return true;
  }
  bool fail(std::string message, std::string at) {
    if (!error) error = Error{ErrorCode::kMalformedInput, std::move(message), std::move(at)};
    return false;
  }
  std::string path() const {
    std::string out = where_;
    for (const auto& f : frames_) {
      if (f.object) {
        if (f.key.empty()) continue;
        out += '.';
        out += f.key;
      } else {
        out += '[';
        out += std::to_string(f.index == 0 ? 0 : f.index - 1);
        out += ']';
      }
    }
    return out;
  }
  std::string where_;
  std::vector<Frame> frames_;
};

}  // namespace

std::string number_to_string(double value) {
  if (value == 0) return "0";  // also -0 (ECMAScript writes it as "0")
  // The shortest digit string that reads back as the same double: %.*e rounds correctly,
  // so the first precision that round-trips gives ECMAScript's digits.
  char buffer[40];
  int precision = 1;
  for (; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*e", precision - 1, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  std::string text(buffer);
  const bool negative = text[0] == '-';
  if (negative) text.erase(0, 1);
  const std::size_t e = text.find('e');
  std::string digits = text.substr(0, e);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  const int exponent = std::atoi(text.c_str() + e + 1);
  // ECMAScript Number::toString: k digits, the value is digits × 10^(n−k).
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;
  std::string out = negative ? "-" : "";
  if (k <= n && n <= 21) {
    out += digits + std::string(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<std::size_t>(n)) + "." + digits.substr(static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0." + std::string(static_cast<std::size_t>(-n), '0') + digits;
  } else {
    out += digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    out += (n - 1 < 0 ? "e-" : "e+") + std::to_string(std::abs(n - 1));
  }
  return out;
}

Result<std::string> canonicalize(const json& value) {
  std::string out;
  if (auto s = write_value(value, out, 0); !s) return std::move(s).error();
  return out;
}

Result<json> parse_unique(std::string_view text, const std::string& where) {
  UniqueKeys check(where);
  if (!json::sax_parse(text, &check) || check.error) {
    if (check.error) return *check.error;
    return Error{ErrorCode::kMalformedInput, "not valid JSON", where};
  }
  json parsed = json::parse(text, nullptr, false);
  if (parsed.is_discarded()) return Error{ErrorCode::kMalformedInput, "not valid JSON", where};
  return parsed;
}

}  // namespace techo::jcs
