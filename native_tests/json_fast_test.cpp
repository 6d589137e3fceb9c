// The import's JSON fast paths against nlohmann itself: json_fast::read builds exactly the
// tree nlohmann's parser builds (types included) or declines, and json_dump writes exactly
// dump()'s bytes. Over every JSON file in native_tests/data and the hard cases by hand.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "json_bounded.hpp"
#include "json_dump.hpp"
#include "json_fast.hpp"
#include "test_data.hpp"

using nlohmann::json;

namespace {

// operator== calls 1 and 1u and 1.0 equal; the tree must match in types too.
bool identical(const json& a, const json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j) {
      if (i.key() != j.key() || !identical(*i, *j)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!identical(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_number_float()) return a.dump() == b.dump();  // -0.0 and 0.0 differ here too
  return a == b;
}

// What nlohmann's own parser (the path json_bounded takes when the fast one declines) says.
std::optional<json> nlohmann_tree(std::string_view text) {
  json out;
  nlohmann::detail::json_sax_dom_parser<json> dom(out, false);
  struct Depth {
    nlohmann::detail::json_sax_dom_parser<json>& dom;
    std::size_t depth = 0;
    bool null() { return dom.null(); }
    bool boolean(bool v) { return dom.boolean(v); }
    bool number_integer(json::number_integer_t v) { return dom.number_integer(v); }
    bool number_unsigned(json::number_unsigned_t v) { return dom.number_unsigned(v); }
    bool number_float(json::number_float_t v, const json::string_t& s) { return dom.number_float(v, s); }
    bool string(json::string_t& v) { return dom.string(v); }
    bool binary(json::binary_t& v) { return dom.binary(v); }
    bool key(json::string_t& v) { return dom.key(v); }
    bool start_object(std::size_t n) { return ++depth <= techo::json_bounded::kMaxDepth && dom.start_object(n); }
    bool end_object() { --depth; return dom.end_object(); }
    bool start_array(std::size_t n) { return ++depth <= techo::json_bounded::kMaxDepth && dom.start_array(n); }
    bool end_array() { --depth; return dom.end_array(); }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }
  } sax{dom};
  if (!json::sax_parse(text.begin(), text.end(), &sax, json::input_format_t::json, true, false)) return std::nullopt;
  return out;
}

void check_same(std::string_view text) {
  INFO(std::string(text.substr(0, 200)));
  const auto expected = nlohmann_tree(text);
  const auto fast = techo::json_fast::read(text, techo::json_bounded::kMaxDepth);
  if (!expected) {
    CHECK_FALSE(fast.has_value());
    return;
  }
  if (fast) {
    CHECK(identical(*fast, *expected));
  }
  CHECK(techo::json_dump::dump(*expected) == expected->dump());
}

std::vector<std::string> data_files() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(techo::test::data_path(""))) {
    const auto ext = e.path().extension().string();
    if (e.is_regular_file() && (ext == ".json" || ext == ".ndjson")) out.push_back(e.path().string());
  }
  return out;
}

}  // namespace

TEST_CASE("json_fast reads every JSON file in the test data as nlohmann does", "[json][fhir]") {
  std::size_t read_fast = 0, files = 0;
  for (const auto& path : data_files()) {
    const std::string text = techo::test::read_file(path);
    ++files;
    if (path.size() > 7 && path.substr(path.size() - 7) == ".ndjson") {
      for (std::size_t at = 0; at < text.size();) {
        std::size_t end = text.find('\n', at);
        if (end == std::string::npos) end = text.size();
        check_same(std::string_view(text).substr(at, end - at));
        at = end + 1;
      }
      continue;
    }
    check_same(text);
    read_fast += techo::json_fast::read(text, techo::json_bounded::kMaxDepth).has_value();
  }
  CHECK(files > 50);
  CHECK(read_fast > files / 2);  // the fast path is the common one
}

TEST_CASE("json_fast agrees with nlohmann on the hard cases", "[json]") {
  const char* cases[] = {
      // numbers: types, limits, forms
      "0", "-0", "1", "-1", "18446744073709551615", "18446744073709551616", "-9223372036854775808",
      "-9223372036854775809", "999999999999999999", "1000000000000000000", "-999999999999999999",
      "12345678901234567890123", "1.5", "-0.0", "1e5", "1E+5", "1e-5", "0.1", "5.60", "1e400", "-1e400",
      "01", "1.", ".5", "-", "+1", "1e", "1e+", "0x10", "1.0e0", "123456789012345678901234567890123456789012345678901234567890123456789",
      // strings: escapes, surrogates, UTF-8 edges, control characters
      R"("")", R"("a\"b\\c\/d\b\f\n\r\t")", R"("\u0000")", R"("\u00e9\u3042")", R"("\ud83d\ude00")",
      R"("\ud83d")", R"("\ude00")", R"("\ud83d\u0041")", R"("\uZZZZ")", R"("\x")", "\"a\tb\"", "\"\x7f\"",
      "\"\xc3\xa9\"", "\"\xc0\x80\"", "\"\xe0\x80\x80\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"",
      "\"\xf0\x9f\x98\x80\"", "\"\xe3\x81\x82\"", "\"\xe3\x81\"", "\"\xff\"", "\"abc",
      // structure
      "{}", "[]", "[1,2,3]", "[1,]", "[,1]", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{1:2}",
      R"({"a":1,"a":{"b":2}})", R"({"a":{"b":2},"a":3})", R"({"b":1,"a":[true,false,null]})", " \n\t{\"a\" : [ ] }\r\n",
      "true", "false", "null", "nul", "tru", "[true false]", "{} {}", "1 2", "", "   ", "\xef\xbb\xbf{}",
      R"({"resourceType":"Observation","valueQuantity":{"value":5.6,"unit":"%"},"note":[{"text":"健診"}]})",
  };
  for (const char* text : cases) check_same(text);
  // Exactly the depth limit reads; one more level is nlohmann's to refuse.
  const std::size_t limit = techo::json_bounded::kMaxDepth;
  CHECK(techo::json_fast::read(std::string(limit, '[') + std::string(limit, ']'), limit).has_value());
  CHECK_FALSE(techo::json_fast::read(std::string(limit + 1, '[') + std::string(limit + 1, ']'), limit).has_value());
}

TEST_CASE("json_dump writes dump()'s bytes for values no parser makes", "[json]") {
  json v = json::object();
  v["control"] = std::string("a\x01\x1f\x7f\b\f\n\r\t\"\\/", 13);
  v["nul"] = std::string("x\0y", 3);
  v["floats"] = json::array({0.1, -0.0, 1e300, 5.0, 1.0 / 3.0, std::nan(""), HUGE_VAL, 123456789.0, 1e-7});
  v["ints"] = json::array({json::number_integer_t{-9223372036854775807LL - 1}, json::number_unsigned_t{18446744073709551615ULL}, 0, -1});
  v["empty"] = json::object();
  v["list"] = json::array();
  v["binary"] = json::binary({1, 2, 3});
  CHECK(techo::json_dump::dump(v) == v.dump());
  // Not UTF-8: the same exception as dump().
  json bad = std::string("\xff");
  CHECK_THROWS_AS(techo::json_dump::dump(bad), json::type_error);
}
