#include "json_bounded.hpp"

#include <optional>

#include "json_fast.hpp"
#include <string>

namespace techo::json_bounded {
namespace {

using nlohmann::json;

struct Failure {
  std::string message;
  std::size_t byte = 0;  // offset of the failure in the parsed text
};

// nlohmann's e.what() reads "[json.exception.parse_error.101] parse error at line 1,
// column 18: syntax error ..."; the location goes into the path, so keep the explanation.
std::string explanation(const nlohmann::detail::exception& e) {
  std::string text = e.what();
  if (auto at = text.find("] "); at != std::string::npos) text = text.substr(at + 2);
  if (text.rfind("parse error", 0) == 0) {
    if (auto at = text.find(": "); at != std::string::npos) text = text.substr(at + 2);
  }
  return text;
}

// Counts nesting around a SAX consumer (the tree builder, or nothing) and stops the
// parser, by returning false, at the first level too deep or the first error. Errors are
// kept rather than thrown: nlohmann reports a number overflow as out_of_range, which a
// catch of parse_error misses.
template <typename Inner>
class Bounded {
 public:
  Bounded(Inner& inner, std::size_t max_depth) : inner_(inner), max_depth_(max_depth) {}

  bool null() { return inner_.null(); }
  bool boolean(bool v) { return inner_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return inner_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return inner_.number_unsigned(v); }
  bool number_float(json::number_float_t v, const json::string_t& s) { return inner_.number_float(v, s); }
  bool string(json::string_t& v) { return inner_.string(v); }
  bool binary(json::binary_t& v) { return inner_.binary(v); }
  bool key(json::string_t& v) { return inner_.key(v); }
  bool start_object(std::size_t n) { return enter() && inner_.start_object(n); }
  bool end_object() { --depth_; return inner_.end_object(); }
  bool start_array(std::size_t n) { return enter() && inner_.start_array(n); }
  bool end_array() { --depth_; return inner_.end_array(); }
  bool parse_error(std::size_t position, const std::string& /*last_token*/, const nlohmann::detail::exception& e) {
    if (!failure) failure = Failure{"not valid JSON: " + explanation(e), position == 0 ? 0 : position - 1};
    return false;
  }

  // Set when the parse stopped; the byte is filled in by the caller for depth failures.
  std::optional<Failure> failure;
  bool too_deep = false;

 private:
  bool enter() {
    if (++depth_ <= max_depth_) return true;
    too_deep = true;
    failure = Failure{"not valid JSON: nested deeper than " + std::to_string(max_depth_) + " levels", 0};
    return false;
  }

  Inner& inner_;
  std::size_t max_depth_;
  std::size_t depth_ = 0;
};

// The offset of the first bracket deeper than `max_depth` (strings followed exactly): the
// parser stops there, but SAX does not say where, and a person wants the place.
std::size_t too_deep_at(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return 0;
}

template <typename Inner>
std::optional<Failure> run(std::string_view text, Inner& inner, std::size_t max_depth) {
  Bounded<Inner> sax(inner, max_depth);
  const bool ok = json::sax_parse(text.begin(), text.end(), &sax, json::input_format_t::json, true, false);
  if (ok) return std::nullopt;
  if (!sax.failure) return Failure{"not valid JSON", 0};
  if (sax.too_deep) sax.failure->byte = too_deep_at(text, max_depth);
  return sax.failure;
}

}  // namespace

std::string line_and_column(std::string_view text, std::size_t byte_offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < byte_offset && i < text.size(); ++i) {
    if (text[i] == '\n') { ++line; column = 1; } else { ++column; }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

Result<json> parse_part(std::string_view whole, std::size_t begin, std::size_t end, std::size_t max_depth) {
  // Well-formed text, the common case, the fast way; nlohmann's parser has the last word
  // on anything else (and says where it is wrong).
  if (auto fast = json_fast::read(whole.substr(begin, end - begin), max_depth)) return std::move(*fast);
  json out;
  nlohmann::detail::json_sax_dom_parser<json> dom(out, false);
  if (auto failure = run(whole.substr(begin, end - begin), dom, max_depth)) {
    return Error{ErrorCode::kMalformedInput, std::move(failure->message), line_and_column(whole, begin + failure->byte)};
  }
  return out;
}

Result<json> parse(std::string_view text, std::size_t max_depth) { return parse_part(text, 0, text.size(), max_depth); }

json parse_or_discarded(std::string_view text, std::size_t max_depth) {
  auto parsed = parse(text, max_depth);
  return parsed ? std::move(parsed).value() : json(json::value_t::discarded);
}

bool accept(std::string_view text, std::size_t max_depth) {
  nlohmann::detail::json_sax_acceptor<json> nothing;
  return !run(text, nothing, max_depth).has_value();
}

}  // namespace techo::json_bounded
