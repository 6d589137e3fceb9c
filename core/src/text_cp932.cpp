#include "text_cp932.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <unordered_set>

#include "text_cp932_table.hpp"

namespace techo::text {

namespace {

using namespace detail;

constexpr char32_t kIllFormed = 0xFFFFFFFF;
// NFKC's working buffer keeps an ill-formed byte as this plus the byte: above every scalar
// value, so it is a starter that nothing decomposes or composes with, copied out as it was.
constexpr char32_t kRawByte = 0x110000;
constexpr char kGeta[] = "\x81\xAC";  // 〓, written for what CP932 cannot hold

// One scalar value from text[i], i moved past it. For an ill-formed sequence, kIllFormed
// and i moved past its maximal subpart (Unicode 3.9, "U+FFFD substitution"): the lead byte
// and the continuation bytes that were still possible, so the next byte is read afresh.
char32_t next_scalar(std::string_view text, std::size_t& i) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char b = p[i++];
  if (b < 0x80) return b;
  int continuations;
  char32_t c;
  unsigned char low = 0x80, high = 0xBF;  // the second byte's range, narrower after E0, ED, F0, F4
  if (b >= 0xC2 && b <= 0xDF) {
    continuations = 1, c = b & 0x1F;
  } else if (b >= 0xE0 && b <= 0xEF) {
    continuations = 2, c = b & 0x0F;
    if (b == 0xE0) low = 0xA0;   // overlong below
    if (b == 0xED) high = 0x9F;  // surrogates above
  } else if (b >= 0xF0 && b <= 0xF4) {
    continuations = 3, c = b & 0x07;
    if (b == 0xF0) low = 0x90;   // overlong below
    if (b == 0xF4) high = 0x8F;  // beyond U+10FFFF above
  } else {
    return kIllFormed;  // a continuation byte, C0/C1 (always overlong) or F5-FF
  }
  for (int k = 0; k < continuations; ++k) {
    if (i >= text.size() || p[i] < low || p[i] > high) return kIllFormed;
    c = (c << 6) | (p[i++] & 0x3F);
    low = 0x80, high = 0xBF;
  }
  return c;
}

// Writes c (a scalar value) as UTF-8 at out, returning the end.
char* put_utf8(char* out, char32_t c) noexcept {
  if (c < 0x80) {
    *out++ = static_cast<char>(c);
  } else if (c < 0x800) {
    *out++ = static_cast<char>(0xC0 | (c >> 6));
    *out++ = static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    *out++ = static_cast<char>(0xE0 | (c >> 12));
    *out++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (c & 0x3F));
  } else {
    *out++ = static_cast<char>(0xF0 | (c >> 18));
    *out++ = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    *out++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

void append_utf8(std::string& out, char32_t c) {
  char buffer[4];
  out.append(buffer, put_utf8(buffer, c));
}

std::string hex(unsigned char b) {
  char text[5];
  std::snprintf(text, sizeof text, "0x%02X", b);
  return text;
}

std::string pair(unsigned char lead, unsigned char trail) { return hex(lead) + " " + hex(trail); }

Error malformed(std::size_t offset, std::string message) {
  return Error{ErrorCode::kMalformedInput, std::move(message), "byte " + std::to_string(offset)};
}

std::size_t trail_index(unsigned char trail) { return trail - 0x40u - (trail > 0x7F ? 1u : 0u); }

// ---- the encoder's table ----------------------------------------------------------------

// Character (BMP) -> code: below 0x100 one byte, otherwise two, 0 for none. Derived once
// from the decode table (smallest code first, as Python's encoder writes duplicates) plus
// the generator's overrides: 128 KiB of memory instead of a second table in the module.
const std::vector<std::uint16_t>& encode_table() {
  static const std::vector<std::uint16_t> table = [] {
    std::vector<std::uint16_t> codes(0x10000, 0);
    for (unsigned b = 0; b < 0x80; ++b) codes[b] = static_cast<std::uint16_t>(b);
    for (unsigned b = 0x80; b <= 0xFF; ++b) {
      const std::uint16_t c = kSingleByte[b - 0x80];
      if (c != 0 && codes[c] == 0) codes[c] = static_cast<std::uint16_t>(b);
    }
    for (unsigned lead = 0; lead <= 0xFF; ++lead) {
      const std::uint8_t row = kLeadRow[lead];
      if (row >= kUndefinedLead) continue;
      for (unsigned trail = 0x40; trail <= 0xFC; ++trail) {
        if (trail == 0x7F) continue;
        const std::uint16_t c = kDoubleByte[row * kTrailsPerRow + trail_index(static_cast<unsigned char>(trail))];
        if (c != 0 && codes[c] == 0) codes[c] = static_cast<std::uint16_t>(lead << 8 | trail);
      }
    }
    for (const auto& o : kEncodeOverrides) codes[o.unicode] = o.code;
    codes[0] = 0;  // NUL is written by the ASCII path; 0 here means "no code"
    return codes;
  }();
  return table;
}

// ---- NFKC's lookups -----------------------------------------------------------------------

std::uint8_t combining_class(char32_t c) noexcept {
  if (c < kCombiningClasses.front().unicode || c > kCombiningClasses.back().unicode) return 0;
  const auto it = std::lower_bound(kCombiningClasses.begin(), kCombiningClasses.end(), c,
                                   [](const CombiningClass& e, char32_t v) { return e.unicode < v; });
  return it != kCombiningClasses.end() && it->unicode == c ? it->ccc : 0;
}

const Decomposition* decomposition(char32_t c) noexcept {
  if (c < kDecompositions.front().unicode || c > kDecompositions.back().unicode) return nullptr;
  const auto it = std::lower_bound(kDecompositions.begin(), kDecompositions.end(), c,
                                   [](const Decomposition& e, char32_t v) { return e.unicode < v; });
  return it != kDecompositions.end() && it->unicode == c ? &*it : nullptr;
}

// The primary composite of first + second, or 0.
char32_t composite(char32_t first, char32_t second) noexcept {
  if (first > 0xFFFF || second > 0xFFFF) return 0;
  const std::uint32_t pair = static_cast<std::uint32_t>(first) << 16 | static_cast<std::uint32_t>(second);
  const auto it = std::lower_bound(kCompositions.begin(), kCompositions.end(), pair,
                                   [](const Composition& e, std::uint32_t v) { return e.pair < v; });
  return it != kCompositions.end() && it->pair == pair ? it->composite : 0;
}

// Canonical ordering (UAX #15): each run of combining marks sorted by class, stably.
void reorder(std::u32string& text) {
  for (std::size_t i = 1; i < text.size(); ++i) {
    const std::uint8_t ccc = combining_class(text[i]);
    if (ccc == 0) continue;
    for (std::size_t j = i; j > 0; --j) {
      const std::uint8_t before = combining_class(text[j - 1]);
      if (before == 0 || before <= ccc) break;
      std::swap(text[j - 1], text[j]);
    }
  }
}

// Canonical composition (UAX #15): a mark joins the last starter unless a mark of the same
// or a higher class, or another starter, stands between them. Every second of a pair the
// table holds is a combining mark (the generator checks), so starters never join here.
void compose(std::u32string& text) {
  std::size_t starter = std::u32string::npos;
  int between = -1;  // the highest class written since the starter; -1: nothing yet
  std::size_t written = 0;
  for (std::size_t read = 0; read < text.size(); ++read) {
    const char32_t c = text[read];
    const std::uint8_t ccc = combining_class(c);
    if (ccc != 0 && starter != std::u32string::npos && between < ccc) {
      if (const char32_t joined = composite(text[starter], c)) {
        text[starter] = joined;
        continue;
      }
    }
    if (ccc == 0) {
      starter = written, between = -1;
    } else {
      between = std::max(between, static_cast<int>(ccc));
    }
    text[written++] = c;
  }
  text.resize(written);
}

}  // namespace

Result<std::string> cp932_to_utf8(std::string_view bytes) {
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t size = bytes.size();
  // Each byte makes at most three of UTF-8 (a half-width katakana: 1 -> 3, a pair: 2 -> 3).
  std::string text(size * 3, '\0');
  char* out = text.data();
  std::size_t i = 0;
  while (i < size) {
    const unsigned char b = in[i];
    if (b < 0x80) {
      *out++ = static_cast<char>(b);
      ++i;
      continue;
    }
    const std::uint8_t row = kLeadRow[b];
    if (row == kNotLead) {
      const std::uint16_t c = kSingleByte[b - 0x80];
      if (c == 0) return malformed(i, "byte " + hex(b) + " is not a CP932 (Shift_JIS) character");
      out = put_utf8(out, c);
      ++i;
      continue;
    }
    if (i + 1 == size) return malformed(i, "the text ends after the lead byte " + hex(b) + ", in the middle of a character");
    const unsigned char trail = in[i + 1];
    if (trail < 0x40 || trail == 0x7F || trail > 0xFC) {
      return malformed(i, pair(b, trail) + " is not a CP932 character: " + hex(trail) + " cannot follow the lead byte " + hex(b));
    }
    if (row == kUserDefinedLead) {
      return malformed(i, pair(b, trail) + " is a 外字 (user-defined character): what it shows depends on the writer's "
                                           "font, and JAHIS text may not hold one");
    }
    const std::uint16_t c = row == kUndefinedLead ? 0 : kDoubleByte[row * kTrailsPerRow + trail_index(trail)];
    if (c == 0) return malformed(i, pair(b, trail) + " is not a CP932 character");
    out = put_utf8(out, c);
    i += 2;
  }
  text.resize(static_cast<std::size_t>(out - text.data()));
  if (text.capacity() > 2 * text.size() + 64) text.shrink_to_fit();  // kana-heavy text keeps little spare
  return text;
}

std::string utf8_to_cp932(std::string_view utf8, std::vector<std::string>* replaced) {
  const auto& codes = encode_table();
  std::string out;
  out.reserve(utf8.size());
  std::unordered_set<char32_t> listed;  // kIllFormed stands for every ill-formed sequence
  for (std::size_t i = 0; i < utf8.size();) {
    const char32_t c = next_scalar(utf8, i);
    if (c < 0x80) {
      out += static_cast<char>(c);
      continue;
    }
    const std::uint16_t code = c <= 0xFFFF ? codes[c] : 0;
    if (code >= 0x100) {
      out += static_cast<char>(code >> 8);
      out += static_cast<char>(code & 0xFF);
    } else if (code != 0) {
      out += static_cast<char>(code);
    } else {
      out += kGeta;
      if (replaced != nullptr && listed.insert(c).second) {
        std::string character;
        append_utf8(character, c == kIllFormed ? U'\uFFFD' : c);
        replaced->push_back(std::move(character));
      }
    }
  }
  return out;
}

bool is_utf8(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
    } else if (next_scalar(text, i) == kIllFormed) {
      return false;
    }
  }
  return true;
}

std::string nfkc(std::string_view utf8) {
  if (std::all_of(utf8.begin(), utf8.end(), [](char b) { return static_cast<unsigned char>(b) < 0x80; })) {
    return std::string(utf8);  // NFKC leaves ASCII as it is
  }
  // Decomposed (NFKD, for the repertoire's characters), reordered, recomposed: the
  // algorithm itself rather than a per-character answer, so that marks meet their letters
  // across characters (ｶ + ﾞ) and reorder as NFKC reorders them (´ﾞ: U+0301 after U+3099).
  std::u32string text;
  text.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t start = i;
    const char32_t c = next_scalar(utf8, i);
    if (c == kIllFormed) {
      for (std::size_t k = start; k < i; ++k) text += kRawByte + static_cast<unsigned char>(utf8[k]);
    } else if (const Decomposition* d = c >= 0xA0 ? decomposition(c) : nullptr) {
      for (std::size_t k = 0; k < d->length; ++k) text += kDecompositionPool[d->offset + k];
    } else {
      text += c;
    }
  }
  reorder(text);
  compose(text);
  std::string out(text.size() * 4, '\0');
  char* end = out.data();
  for (const char32_t c : text) {
    if (c >= kRawByte) {
      *end++ = static_cast<char>(c - kRawByte);
    } else {
      end = put_utf8(end, c);
    }
  }
  out.resize(static_cast<std::size_t>(end - out.data()));
  return out;
}

}  // namespace techo::text
