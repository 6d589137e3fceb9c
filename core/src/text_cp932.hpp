// Japanese legacy text: Windows-31J (CP932), the encoding a QR reader hands over for a
// Shift_JIS QR code such as the お薬手帳 QR (JAHIS TC), and the Unicode normalization (NFKC)
// that makes its half-width katakana and full-width digits comparable with other text.
// The tables come from Python's `cp932` codec and `unicodedata` at build time
// (scripts/gen-cp932-table.py), never from hand-typed data.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "techo/result.hpp"

namespace techo::text {

// Windows-31J (CP932, what a QR reader hands over for a Shift_JIS QR code) to UTF-8. A byte
// sequence CP932 does not define is an error: ErrorCode::kMalformedInput, message naming the
// byte value(s), path "byte N" (0-based offset). ASCII 0x00-0x7F maps to itself (0x5C is '\\',
// 0x7E '~', as CP932 does). Errors too: the single bytes 0x80, 0xA0 and 0xFD-0xFF (which
// Python's codec maps to U+0080 and private-use characters), a lead byte cut off by the end
// of the input, a lead byte followed by a byte that cannot be second (below 0x40, 0x7F, above
// 0xFC), a code with no character (0x8540), and the user-defined area 0xF040-0xF9FC: a 外字
// (user-defined character) means whatever its writer's font drew, and JAHIS forbids them.
Result<std::string> cp932_to_utf8(std::string_view bytes);

// UTF-8 to CP932. A character CP932 cannot write becomes 〓 (0x81AC, the JIS geta mark) and is
// appended (as UTF-8, once each) to *replaced when given. Invalid UTF-8 input bytes are treated
// the same way (replaced): each maximal ill-formed subsequence (Unicode 3.9, as browsers count
// them) becomes one 〓, and *replaced lists U+FFFD for them (once).
// Where CP932 has several codes for one character (NEC and IBM duplicates: ∵ at 0x81E6, 0x879A
// and 0xFA5B; ⅰ at 0xEEEF and 0xFA40), the code is the one Python's cp932 encoder writes, the
// smallest. Like that encoder, the JIS X 0208 readings of six codes are accepted too:
// U+2212 − (0x817C), U+301C 〜 (0x8160), U+2016 ‖ (0x8161), U+00A2 ¢, U+00A3 £, U+00AC ¬.
std::string utf8_to_cp932(std::string_view utf8, std::vector<std::string>* replaced = nullptr);

// Well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool is_utf8(std::string_view text) noexcept;

// Unicode NFKC, exact for every character of the CP932 repertoire (which is all JAHIS text may
// hold): half-width katakana to full-width with ﾞ/ﾟ composed (ｶﾞ -> ガ, ﾊﾟ -> パ), full-width
// ASCII to ASCII, ideographic space to space, ①->1, Ⅳ->IV, ㍉->ミリ, ㈱->(株), etc.
// Exact means: for any string of CP932 characters the result is byte for byte what
// Python's unicodedata.normalize('NFKC', ...) gives (the native tests compare it over every
// character, every character followed by ﾞ and ﾟ, and thousands of mixed strings), including
// its less obvious answers: ゛ (U+309B) becomes a space and a combining mark, and ｱﾞ stays
// ア + U+3099 because no precomposed character exists.
// Characters outside that repertoire pass through unchanged: they are not decomposed (𠮷, é
// or ﬁ stay as they are), and count as starters of combining class 0. So the answer equals
// NFKC for CP932 text, and for other text only where it was already normalized. A combining
// mark that CP932 text can produce (U+3099, U+309A) still composes with the letter before it
// (か + U+3099 -> が). Invalid UTF-8 bytes are copied through unchanged.
std::string nfkc(std::string_view utf8);

}  // namespace techo::text
