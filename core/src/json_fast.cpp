#include "json_fast.hpp"

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace techo::json_fast {
namespace {

using nlohmann::json;

// What a byte inside a string is: 0 copied as it is, 1 ends the run ('"', '\\', a control
// character), 2 starts a multi-byte UTF-8 sequence.
constexpr std::array<std::uint8_t, 256> kStringByte = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = 1;
  t['"'] = 1;
  t['\\'] = 1;
  for (int c = 0x80; c < 0x100; ++c) t[c] = 2;
  return t;
}();

class Reader {
 public:
  Reader(std::string_view text, std::size_t max_depth)
      : p_(text.data()), end_(text.data() + text.size()), max_depth_(max_depth) {}

  bool read(json& root) {
    skip_ws();
    if (!read_value(root)) return false;
    while (!stack_.empty()) {
      skip_ws();
      if (p_ == end_) return false;
      Frame& frame = stack_.back();
      const char close = frame.object ? '}' : ']';
      if (*p_ == close) {
        ++p_;
        stack_.pop_back();
        continue;
      }
      if (frame.has_members) {
        if (*p_ != ',') return false;
        ++p_;
        skip_ws();
        if (p_ == end_) return false;
      }
      frame.has_members = true;
      json* container = frame.value;  // `frame` may move when read_value opens a container
      if (frame.object) {
        if (*p_ != '"') return false;
        std::string key;
        if (!read_string(key)) return false;
        skip_ws();
        if (p_ == end_ || *p_ != ':') return false;
        ++p_;
        skip_ws();
        // The last of duplicate keys wins, in the first one's place: nlohmann's DOM parser
        // assigns through operator[] too.
        json& slot = container->get_ref<json::object_t&>()[std::move(key)];
        if (!read_value(slot)) return false;
      } else {
        auto& array = container->get_ref<json::array_t&>();
        array.emplace_back();
        if (!read_value(array.back())) return false;
      }
    }
    skip_ws();
    return p_ == end_;
  }

 private:
  struct Frame {
    json* value;
    bool object;
    bool has_members;
  };

  void skip_ws() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool open(json& slot, bool object) {
    if (stack_.size() + 1 > max_depth_) return false;
    slot = object ? json(json::value_t::object) : json(json::value_t::array);
    stack_.push_back(Frame{&slot, object, false});
    ++p_;
    return true;
  }

  bool literal(const char* word, std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n || std::memcmp(p_, word, n) != 0) return false;
    p_ += n;
    return true;
  }

  // A scalar into `slot`, or `slot` opened as a container (its members follow in read()).
  bool read_value(json& slot) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '{': return open(slot, true);
      case '[': return open(slot, false);
      case '"': {
        std::string s;
        if (!read_string(s)) return false;
        slot = std::move(s);
        return true;
      }
      case 't':
        if (!literal("true", 4)) return false;
        slot = true;
        return true;
      case 'f':
        if (!literal("false", 5)) return false;
        slot = false;
        return true;
      case 'n':
        if (!literal("null", 4)) return false;
        slot = nullptr;
        return true;
      default: return read_number(slot);
    }
  }

  static bool digit(char c) { return c >= '0' && c <= '9'; }

  // nlohmann's number grammar and types: without a fraction or an exponent an unsigned
  // (or, with a minus, a signed) 64-bit integer when it fits, otherwise a double (strtod,
  // as nlohmann's lexer does); a double that overflows is nlohmann's error to report.
  bool read_number(json& slot) {
    const char* start = p_;
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    if (p_ == end_) return false;
    if (*p_ == '0') {
      ++p_;
    } else if (*p_ >= '1' && *p_ <= '9') {
      while (p_ != end_ && digit(*p_)) ++p_;
    } else {
      return false;
    }
    bool integer = true;
    if (p_ != end_ && *p_ == '.') {
      integer = false;
      ++p_;
      if (p_ == end_ || !digit(*p_)) return false;
      while (p_ != end_ && digit(*p_)) ++p_;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      integer = false;
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || !digit(*p_)) return false;
      while (p_ != end_ && digit(*p_)) ++p_;
    }
    const std::size_t length = static_cast<std::size_t>(p_ - start);
    const std::size_t digits = length - (negative ? 1 : 0);
    if (integer && digits <= 18) {  // fits either type exactly: no conversion call needed
      std::uint64_t value = 0;
      for (const char* d = start + (negative ? 1 : 0); d != p_; ++d) value = value * 10 + static_cast<unsigned>(*d - '0');
      if (negative) {
        slot = -static_cast<json::number_integer_t>(value);
      } else {
        slot = static_cast<json::number_unsigned_t>(value);
      }
      return true;
    }
    char text[64];
    if (length >= sizeof text) return false;  // left to nlohmann
    std::memcpy(text, start, length);
    text[length] = '\0';
    char* stop = nullptr;
    if (integer) {
      errno = 0;
      if (negative) {
        const long long x = std::strtoll(text, &stop, 10);
        if (errno == 0 && stop == text + length) {
          slot = static_cast<json::number_integer_t>(x);
          return true;
        }
      } else {
        const unsigned long long x = std::strtoull(text, &stop, 10);
        if (errno == 0 && stop == text + length) {
          slot = static_cast<json::number_unsigned_t>(x);
          return true;
        }
      }
    }
    const double x = std::strtod(text, &stop);
    if (stop != text + length || !std::isfinite(x)) return false;
    slot = x;
    return true;
  }

  // Length of the well-formed UTF-8 sequence at p_ (a lead byte >= 0x80), 0 if none: the
  // ranges nlohmann's lexer accepts (RFC 3629: no overlong forms, no surrogates).
  std::size_t utf8_sequence() const {
    const auto at = [&](std::size_t k) {
      return p_ + k < end_ ? static_cast<unsigned char>(p_[k]) : 0u;
    };
    const unsigned lead = at(0);
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

  bool hex4(std::uint32_t& out) {
    if (end_ - p_ < 4) return false;
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = *p_++;
      out <<= 4;
      if (c >= '0' && c <= '9') out |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') out |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') out |= static_cast<std::uint32_t>(c - 'A' + 10);
      else return false;
    }
    return true;
  }

  static void append_utf8(std::uint32_t cp, std::string& out) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // The escape after a backslash (p_ just past it), appended to out.
  bool read_escape(std::string& out) {
    if (p_ == end_) return false;
    const char c = *p_++;
    switch (c) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': {
        std::uint32_t cp = 0;
        if (!hex4(cp)) return false;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          std::uint32_t low = 0;
          if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
          p_ += 2;
          if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          return false;
        }
        append_utf8(cp, out);
        return true;
      }
      default: return false;
    }
  }

  // A string (p_ at its opening quote) into out: runs of plain bytes copied at once.
  bool read_string(std::string& out) {
    ++p_;
    const char* run = p_;
    for (;;) {
      while (p_ != end_ && kStringByte[static_cast<unsigned char>(*p_)] == 0) ++p_;
      if (p_ == end_) return false;
      const unsigned char c = static_cast<unsigned char>(*p_);
      if (c >= 0x80) {
        const std::size_t n = utf8_sequence();
        if (n == 0) return false;
        p_ += n;
        continue;
      }
      if (c == '"') {
        out.append(run, static_cast<std::size_t>(p_ - run));
        ++p_;
        return true;
      }
      if (c != '\\') return false;  // a control character
      out.append(run, static_cast<std::size_t>(p_ - run));
      ++p_;
      if (!read_escape(out)) return false;
      run = p_;
    }
  }

  const char* p_;
  const char* end_;
  std::size_t max_depth_;
  std::vector<Frame> stack_;
};

}  // namespace

std::optional<json> read(std::string_view text, std::size_t max_depth) {
  json root;
  if (!Reader(text, max_depth).read(root)) return std::nullopt;
  return root;
}

}  // namespace techo::json_fast
