// CP932 (Windows-31J) and NFKC, as the お薬手帳 QR reader (JAHIS TC) uses them: the codes the
// Shift_JIS readers disagree on, by hand; then every code, every character and thousands of
// NFKC strings against what Python's codec and unicodedata answered when the build generated
// the tables (scripts/gen-cp932-table.py also writes those answers, text_cp932_vectors.txt).
#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "test_data.hpp"
#include "text_cp932.hpp"

using techo::ErrorCode;
using techo::text::cp932_to_utf8;
using techo::text::is_utf8;
using techo::text::nfkc;
using techo::text::utf8_to_cp932;

namespace {

std::string utf8_of(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

std::string bytes_of(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out += static_cast<char>(v);
  return out;
}

std::string unhex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

std::string decoded(std::string_view bytes) {
  auto text = cp932_to_utf8(bytes);
  REQUIRE(text.has_value());
  return *text;
}

techo::Error decode_error(std::string_view bytes) {
  auto text = cp932_to_utf8(bytes);
  REQUIRE_FALSE(text.has_value());
  return text.error();
}

// Python's answers, written by the generator next to the table it generated.
struct Vectors {
  std::map<std::string, std::string> decode;   // CP932 bytes -> UTF-8, every code CP932 defines
  std::map<char32_t, std::string> encode;      // BMP scalar -> CP932 bytes, every one Python writes
  std::vector<std::pair<std::string, std::string>> nfkc;  // UTF-8 in -> UTF-8 out
};

const Vectors& vectors() {
  static const Vectors loaded = [] {
    Vectors v;
    std::ifstream in(TECHO_CORE_BUILD_DIR "/text_cp932_vectors.txt");
    REQUIRE(in.good());
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream fields(line);
      std::string kind, a, b;
      fields >> kind >> a >> b;
      if (kind == "D") v.decode[unhex(a)] = unhex(b);
      if (kind == "E") v.encode[static_cast<char32_t>(std::stoul(a, nullptr, 16))] = unhex(b);
      if (kind == "N") v.nfkc.emplace_back(unhex(a), unhex(b));
    }
    return v;
  }();
  return loaded;
}

bool is_lead_byte(int b) { return (b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC); }

}  // namespace

TEST_CASE("CP932 reads the codes where Shift_JIS readers disagree, and writes them back", "[cp932]") {
  struct Case {
    std::string bytes;
    char32_t unicode;
  };
  const std::vector<Case> cases = {
      {bytes_of({0x81, 0x7C}), 0xFF0D},  // －: JIS X 0208's MINUS SIGN, CP932's FULLWIDTH HYPHEN-MINUS
      {bytes_of({0x81, 0x60}), 0xFF5E},  // ～: WAVE DASH in JIS, FULLWIDTH TILDE in CP932
      {bytes_of({0x87, 0x40}), 0x2460},  // ①: NEC special characters, row 13
      {bytes_of({0x81, 0x5F}), 0xFF3C},  // ＼: FULLWIDTH REVERSE SOLIDUS
      {bytes_of({0x81, 0x91}), 0xFFE0},  // ￠: FULLWIDTH CENT SIGN
      {bytes_of({0x87, 0x90}), 0x2252},  // ≒ in row 13, a duplicate of 0x81E0
      {bytes_of({0xB1}), 0xFF71},        // ｱ: half-width katakana, one byte
      {"\\", U'\\'},                     // 0x5C is the backslash in CP932, not ¥
      {"~", U'~'},                       // 0x7E the tilde, not the overline
  };
  for (const auto& c : cases) {
    INFO("code " << std::hex << static_cast<int>(static_cast<unsigned char>(c.bytes[0])));
    CHECK(decoded(c.bytes) == utf8_of(c.unicode));
  }
  // Written back to the code they came from, except the duplicates (next test case).
  for (const auto& c : cases) {
    if (c.unicode == 0x2252) continue;
    std::vector<std::string> replaced;
    CHECK(utf8_to_cp932(utf8_of(c.unicode), &replaced) == c.bytes);
    CHECK(replaced.empty());
  }
  CHECK(utf8_to_cp932("ﾛｷｿﾆﾝ錠60mg、①") == bytes_of({0xDB, 0xB7, 0xBF, 0xC6, 0xDD, 0x8F, 0xF9, '6', '0', 'm', 'g',
                                                        0x81, 0x41, 0x87, 0x40}));
}

TEST_CASE("CP932's duplicate codes read as one character, written as Python's encoder writes it", "[cp932]") {
  // ⅰ: IBM extension 0xFA40 and NEC-selected IBM extension 0xEEEF. Python writes the smaller.
  CHECK(decoded(bytes_of({0xFA, 0x40})) == "ⅰ");
  CHECK(decoded(bytes_of({0xEE, 0xEF})) == "ⅰ");
  CHECK(utf8_to_cp932("ⅰ") == bytes_of({0xEE, 0xEF}));
  // ∵ three times: JIS X 0208 row 2, NEC row 13, IBM extension.
  for (const auto& code : {bytes_of({0x81, 0xE6}), bytes_of({0x87, 0x9A}), bytes_of({0xFA, 0x5B})}) CHECK(decoded(code) == "∵");
  CHECK(utf8_to_cp932("∵") == bytes_of({0x81, 0xE6}));
  CHECK(utf8_to_cp932("≒") == bytes_of({0x81, 0xE0}));
  CHECK(utf8_to_cp932("￢") == bytes_of({0x81, 0xCA}));
  // JIS X 0208's own readings of 0x817C, 0x8160 and 0x8191 are written there too, as
  // Python does (text from a Shift_JIS-minded source round-trips to the same bytes).
  CHECK(utf8_to_cp932("\u2212") == bytes_of({0x81, 0x7C}));
  CHECK(utf8_to_cp932("\u301C") == bytes_of({0x81, 0x60}));
  CHECK(utf8_to_cp932("\u00A2") == bytes_of({0x81, 0x91}));
}

TEST_CASE("every CP932 double-byte code the encoder maps back to itself round-trips", "[cp932]") {
  int defined = 0, round_trips = 0;
  for (int lead = 0x81; lead <= 0xFC; ++lead) {
    if (!is_lead_byte(lead)) continue;
    for (int trail = 0x40; trail <= 0xFC; ++trail) {
      if (trail == 0x7F) continue;
      const std::string code = bytes_of({lead, trail});
      auto text = cp932_to_utf8(code);
      if (!text) continue;
      ++defined;
      std::vector<std::string> replaced;
      const std::string back = utf8_to_cp932(*text, &replaced);
      CHECK(replaced.empty());
      // A duplicate is written as its other code, which reads as the same character.
      CHECK(decoded(back) == *text);
      if (back == code) ++round_trips;
    }
  }
  // Python: 7,724 double-byte codes outside the user-defined area, 398 of them duplicates.
  CHECK(defined == 7724);
  CHECK(round_trips == 7326);
  for (int b = 0; b <= 0xFF; ++b) {
    if (b >= 0x80 && !(b >= 0xA1 && b <= 0xDF)) continue;
    const std::string code = bytes_of({b});
    CHECK(utf8_to_cp932(decoded(code)) == code);
  }
}

TEST_CASE("CP932 reads every code as Python's cp932 codec does", "[cp932]") {
  const auto& expected = vectors().decode;
  REQUIRE(expected.size() == 7915);  // 128 ASCII + 63 half-width katakana + 7,724 double-byte
  std::size_t checked = 0;
  for (int b = 0; b <= 0xFF; ++b) {
    if (is_lead_byte(b)) continue;
    const std::string code = bytes_of({b});
    const auto it = expected.find(code);
    INFO("byte " << b);
    if (it == expected.end()) {
      CHECK_FALSE(cp932_to_utf8(code).has_value());
    } else {
      CHECK(decoded(code) == it->second);
      ++checked;
    }
  }
  for (int lead = 0x81; lead <= 0xFC; ++lead) {
    if (!is_lead_byte(lead)) continue;
    for (int trail = 0; trail <= 0xFF; ++trail) {
      const std::string code = bytes_of({lead, trail});
      const auto it = expected.find(code);
      INFO("code " << lead << " " << trail);
      if (it == expected.end()) {
        CHECK_FALSE(cp932_to_utf8(code).has_value());
      } else {
        CHECK(decoded(code) == it->second);
        ++checked;
      }
    }
  }
  CHECK(checked == expected.size());
}

TEST_CASE("CP932 writes every BMP character as Python's cp932 codec does, 〓 where it cannot", "[cp932]") {
  const auto& expected = vectors().encode;
  REQUIRE(expected.size() == 7523);  // 7,326 double-byte, 6 JIS X 0208 readings, 191 single bytes
  for (char32_t c = 0; c <= 0xFFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    const std::string text = utf8_of(c);
    std::vector<std::string> replaced;
    const std::string written = utf8_to_cp932(text, &replaced);
    const auto it = expected.find(c);
    INFO("U+" << std::hex << static_cast<std::uint32_t>(c));
    if (it != expected.end()) {
      CHECK(written == it->second);
      CHECK(replaced.empty());
    } else {
      // Private use (Python writes U+E000.. as 外字, U+F8F0.. as 0xA0 and 0xFD-0xFF) and
      // U+0080 included: nothing is written that this reader would refuse.
      CHECK(written == "\x81\xAC");
      CHECK(replaced == std::vector<std::string>{text});
    }
  }
}

TEST_CASE("CP932 refuses what it does not define, naming the bytes and their offset", "[cp932]") {
  struct Case {
    std::string bytes;
    std::string path;
    std::vector<std::string> named;  // what the message must mention
  };
  const std::vector<Case> cases = {
      {bytes_of({'a', 'b', 0x80}), "byte 2", {"0x80"}},
      {bytes_of({0xA0}), "byte 0", {"0xA0"}},
      {bytes_of({'x', 0xFD}), "byte 1", {"0xFD"}},
      {bytes_of({0xFE}), "byte 0", {"0xFE"}},
      {bytes_of({0xFF}), "byte 0", {"0xFF"}},
      {bytes_of({'x', 'y', 0x81}), "byte 2", {"0x81", "end"}},       // a lead byte cut off
      {bytes_of({0x82, 0xA0, 0xE0}), "byte 2", {"0xE0", "end"}},     // after a whole character
      {bytes_of({0x81, 0x20}), "byte 0", {"0x81", "0x20"}},          // trail below 0x40
      {bytes_of({0x81, 0x3F}), "byte 0", {"0x81", "0x3F"}},
      {bytes_of({0x81, 0x7F}), "byte 0", {"0x81", "0x7F"}},
      {bytes_of({'a', 0x81, 0xFD}), "byte 1", {"0x81", "0xFD"}},     // trail above 0xFC
      {bytes_of({0x85, 0x40}), "byte 0", {"0x85", "0x40"}},          // a code without a character
      {bytes_of({0x81, 0xAD}), "byte 0", {"0x81", "0xAD"}},
      {bytes_of({'A', 0xF0, 0x40}), "byte 1", {"0xF0", "0x40", "外字 (user-defined character)"}},
      {bytes_of({0xF9, 0xFC}), "byte 0", {"0xF9", "0xFC", "外字 (user-defined character)"}},
  };
  for (const auto& c : cases) {
    const auto error = decode_error(c.bytes);
    INFO(error.message);
    CHECK(error.code == ErrorCode::kMalformedInput);
    CHECK(error.path == c.path);
    for (const auto& word : c.named) CHECK_THAT(error.message, Catch::Contains(word));
  }
  // The bytes around the user-defined area are ordinary characters.
  CHECK(decoded(bytes_of({0xEE, 0xFC})) == "＂");
  CHECK(decoded(bytes_of({0xFA, 0x40})) == "ⅰ");
  CHECK(decoded("") == "");
}

TEST_CASE("utf8_to_cp932 writes 〓 for what CP932 cannot hold and lists each such character once", "[cp932]") {
  std::vector<std::string> replaced;
  CHECK(utf8_to_cp932("𠮷野家の𠮷", &replaced) == bytes_of({0x81, 0xAC, 0x96, 0xEC, 0x89, 0xC6, 0x82, 0xCC, 0x81, 0xAC}));
  CHECK(replaced == std::vector<std::string>{"𠮷"});
  CHECK(utf8_to_cp932("é😀é", &replaced) == bytes_of({0x81, 0xAC, 0x81, 0xAC, 0x81, 0xAC}));
  CHECK(replaced == std::vector<std::string>{"𠮷", "é", "😀"});
  CHECK(utf8_to_cp932("¥") == bytes_of({0x81, 0xAC}));  // CP932 has no YEN SIGN: 0x5C is '\'
  // Invalid UTF-8: each maximal ill-formed part is one 〓, listed as U+FFFD.
  std::vector<std::string> invalid;
  CHECK(utf8_to_cp932(bytes_of({'a', 0xFF, 'b', 0xE3, 0x81, 'c', 0xC0, 0xAF, 0xED, 0xA0, 0x80}), &invalid) ==
        bytes_of({'a', 0x81, 0xAC, 'b', 0x81, 0xAC, 'c', 0x81, 0xAC, 0x81, 0xAC, 0x81, 0xAC, 0x81, 0xAC, 0x81, 0xAC}));
  CHECK(invalid == std::vector<std::string>{"\uFFFD"});
  CHECK(utf8_to_cp932("") == "");
}

TEST_CASE("is_utf8 accepts well-formed UTF-8 only", "[cp932]") {
  CHECK(is_utf8(""));
  CHECK(is_utf8("ASCII and 日本語 and 𠮷"));
  CHECK(is_utf8(utf8_of(0x10FFFF)));
  CHECK(is_utf8(utf8_of(0xD7FF) + utf8_of(0xE000)));
  CHECK_FALSE(is_utf8(bytes_of({0xC0, 0x80})));              // overlong NUL
  CHECK_FALSE(is_utf8(bytes_of({0xE0, 0x80, 0xAF})));        // overlong '/'
  CHECK_FALSE(is_utf8(bytes_of({0xF0, 0x80, 0x80, 0xAF})));  // overlong '/'
  CHECK_FALSE(is_utf8(bytes_of({0xED, 0xA0, 0x80})));        // a surrogate, U+D800
  CHECK_FALSE(is_utf8(bytes_of({0xF4, 0x90, 0x80, 0x80})));  // U+110000
  CHECK_FALSE(is_utf8(bytes_of({0xE6, 0x97})));              // cut off
  CHECK_FALSE(is_utf8(bytes_of({0x80})));                    // a lone continuation byte
  CHECK_FALSE(is_utf8(bytes_of({0xFF})));
  CHECK_FALSE(is_utf8(bytes_of({0xF8, 0x88, 0x80, 0x80, 0x80})));
  // A CP932 string is not UTF-8 (which is how a reader tells them apart).
  CHECK_FALSE(is_utf8(bytes_of({0x83, 0x8D, 0x83, 0x4C})));  // ロキ
}

TEST_CASE("NFKC folds JAHIS text: half-width kana, full-width ASCII, circled numbers, squares", "[cp932]") {
  CHECK(nfkc("ｶﾞｽﾀｰ10mg") == "ガスター10mg");
  CHECK(nfkc("ﾛｷｿﾆﾝ錠60mg") == "ロキソニン錠60mg");
  CHECK(nfkc("ﾊﾟﾌﾞﾛﾝ") == "パブロン");
  CHECK(nfkc("ＡＢＣ１２３") == "ABC123");
  CHECK(nfkc("①") == "1");
  CHECK(nfkc("Ⅳ") == "IV");
  CHECK(nfkc("㍉") == "ミリ");
  CHECK(nfkc("㈱") == "(株)");
  CHECK(nfkc("\u3000") == " ");
  CHECK(nfkc("ｱﾞ") == "ア\u3099");   // no precomposed character: NFKC keeps the mark
  CHECK(nfkc("カ゛") == "カ \u3099");  // the spacing mark ゛ is a space and a combining mark
  CHECK(nfkc("か\u3099") == "が");    // a combining mark from elsewhere still composes
  CHECK(nfkc("𠮷野家") == "𠮷野家");   // outside CP932: unchanged
  CHECK(nfkc("plain ASCII\r\n") == "plain ASCII\r\n");
  CHECK(nfkc("") == "");
  const std::string invalid = bytes_of({'a', 0xFF, 0xB1, 'b'});
  CHECK(nfkc(invalid) == invalid);  // invalid bytes are copied, not dropped
}

TEST_CASE("NFKC equals Python's unicodedata over every CP932 character and mixed strings", "[cp932]") {
  const auto& cases = vectors().nfkc;
  // Every character CP932 writes alone and followed by ﾞ and by ﾟ (3 x 7,523), and the
  // generator's mixed strings.
  REQUIRE(cases.size() > 25000);
  std::size_t wrong = 0;
  for (const auto& [in, out] : cases) {
    if (nfkc(in) == out) continue;
    if (++wrong <= 20) {
      std::string input = in, expected = out, actual = nfkc(in);
      INFO("input " << input << " expected " << expected << " actual " << actual);
      CHECK(actual == expected);
    }
  }
  CHECK(wrong == 0);
}

TEST_CASE("A JAHIS-shaped お薬手帳 text reads, folds and writes back", "[cp932]") {
  const std::string bytes = techo::test::read_data("cp932/jahis-tc-like.txt");
  const std::string text = decoded(bytes);
  CHECK(text.rfind("JAHISTC07,1\r\n1,ﾃｽﾄ ﾀﾛｳ,", 0) == 0);
  const std::string folded = nfkc(text);
  CHECK_THAT(folded, Catch::Contains("201,1,ロキソニン錠60mg,3,錠,2,1149019F1560,1\r\n"));
  CHECK_THAT(folded, Catch::Contains("201,2,ガスター錠10mg,2,錠,2,2325003F1025,1\r\n"));
  CHECK_THAT(folded, Catch::Contains("301,1,【内服】1日3回毎食後,5,日分,1"));
  CHECK_THAT(folded, Catch::Contains("51,テスト 医師,1"));
  CHECK(utf8_to_cp932(text) == bytes);

  const std::string extensions = decoded(techo::test::read_data("cp932/nec-ibm-extensions.txt"));
  CHECK(extensions.rfind("①②③⑳ⅠⅡⅣⅩ㍉㌔", 0) == 0);
  CHECK_THAT(nfkc(extensions), Catch::StartsWith("12320IIIIVXミリキロ"));

  const auto gaiji = decode_error(techo::test::read_data("cp932/refused-gaiji.txt"));
  CHECK(gaiji.path == "byte 6");
  CHECK_THAT(gaiji.message, Catch::Contains("外字"));
  CHECK(decode_error(techo::test::read_data("cp932/refused-bytes.txt")).path == "byte 6");
}
