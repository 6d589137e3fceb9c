#!/usr/bin/env python3
"""Generates the CP932 (Windows-31J) and NFKC tables of core/src/text_cp932.cpp.

    gen-cp932-table.py TABLE_CPP VECTORS_TXT

The data comes from Python's standard library, never from hand-typed tables: the `cp932`
codec (Python's copy of Microsoft's table, NEC row 13 and both IBM extension sets included)
and `unicodedata` (NFKC). CMake runs this at build time (core/CMakeLists.txt); the output is
not committed.

TABLE_CPP    the arrays declared in core/src/text_cp932_table.hpp.
VECTORS_TXT  Python's own answers for the native tests (native_tests/text_cp932_test.cpp):
             every code decoded, every BMP character encoded, NFKC of every character and
             of mixed strings. The tests hold the C++ lookups and the NFKC algorithm to them.

What the core deliberately does differently from Python's codec, and so leaves out here:
the single bytes 0x80, 0xA0 and 0xFD-0xFF (Python: U+0080, U+F8F0-U+F8F3, Microsoft's
"best fit" for bytes CP932 does not define) and the user-defined area 0xF040-0xF9FC
(Python: private use U+E000-U+E757). The core reads those as errors, and so never writes
them either.
"""
import os
import random
import sys
import unicodedata

TRAILS = [b for b in range(0x40, 0xFD) if b != 0x7F]  # the 188 second bytes
LEADS = [b for b in range(0x81, 0xA0)] + [b for b in range(0xE0, 0xFD)]
USER_DEFINED_LEADS = range(0xF0, 0xFA)


def trail_index(b):
    return b - 0x40 - (1 if b > 0x7F else 0)


def python_decode(data):
    try:
        return data.decode("cp932")
    except UnicodeDecodeError:
        return None


def python_encode(ch):
    try:
        return ch.encode("cp932")
    except UnicodeEncodeError:
        return None


# ---- the codes CP932 defines, as the core reads them ---------------------------------

single = {}  # byte -> character, 0x80-0xFF
for b in range(0x80, 0x100):
    ch = python_decode(bytes([b]))
    if ch is not None and len(ch) == 1 and 0xA1 <= b <= 0xDF:
        single[b] = ch
assert len(single) == 63 and all(single[b] == chr(b + 0xFEC0) for b in single)

double = {}  # (lead << 8 | trail) -> character
for lead in LEADS:
    if lead in USER_DEFINED_LEADS:
        continue
    for trail in TRAILS:
        ch = python_decode(bytes([lead, trail]))
        if ch is not None:
            assert len(ch) == 1 and ord(ch) <= 0xFFFF, (hex(lead), hex(trail))
            double[lead << 8 | trail] = ch
assert not any(0xE000 <= ord(ch) <= 0xF8FF for ch in double.values()), "private use outside 0xF0-0xF9"

decode = {bytes([b]): chr(b) for b in range(0x80)}
decode.update({bytes([b]): ch for b, ch in single.items()})
decode.update({bytes([code >> 8, code & 0xFF]): ch for code, ch in double.items()})
for b in range(0x80):
    assert python_decode(bytes([b])) == chr(b)

# ---- the encoder: smallest code of each character, then what Python writes otherwise ---

rule = {}  # character -> bytes, as core/src/text_cp932.cpp derives it from the decode table
for data, ch in sorted(decode.items(), key=lambda item: (len(item[0]), item[0])):
    rule.setdefault(ch, data)

encode = {}  # character -> bytes: what Python writes, where the core reads it back
for u in range(0x110000):
    if 0xD800 <= u <= 0xDFFF:
        continue
    data = python_encode(chr(u))
    if data is None:
        continue
    assert u <= 0xFFFF, hex(u)
    if data in decode:
        encode[chr(u)] = data
overrides = sorted(
    [(ord(ch), int.from_bytes(data, "big")) for ch, data in encode.items() if rule.get(ch) != data]
    + [(ord(ch), 0) for ch in rule if ch not in encode])
for u, code in overrides:
    assert code >= 0x8140 or code == 0, (hex(u), hex(code))  # only double-byte codes differ

# ---- NFKC over the repertoire (every character CP932 writes) ---------------------------

repertoire = sorted(encode, key=ord)
decompositions = {}
appearing = set()  # every character an NFKD of the repertoire holds
for ch in repertoire:
    nfkd = unicodedata.normalize("NFKD", ch)
    appearing.update(nfkd)
    if nfkd != ch:
        decompositions[ch] = nfkd
assert all(ord(c) <= 0xFFFF for c in appearing)
combining = {c: unicodedata.combining(c) for c in appearing if unicodedata.combining(c)}


def primary_composites():
    """(first, second) -> composite, for every pair canonical composition joins."""
    pairs = {}
    for u in range(0x110000):
        d = unicodedata.decomposition(chr(u))
        if not d or d.startswith("<"):
            continue
        parts = [chr(int(x, 16)) for x in d.split()]
        if len(parts) == 2 and unicodedata.normalize("NFC", "".join(parts)) == chr(u):
            pairs[(parts[0], parts[1])] = chr(u)
    return pairs


# The pairs a decomposed repertoire string can meet: a second from the decompositions, a
# first from them too or from a composite made of them.
all_pairs = primary_composites()
starters = set(appearing)
compositions = {}
while True:
    found = {k: v for k, v in all_pairs.items() if k[1] in appearing and k[0] in starters}
    if len(found) == len(compositions):
        break
    compositions = found
    starters.update(found.values())
assert all(ord(a) <= 0xFFFF and ord(b) <= 0xFFFF and ord(c) <= 0xFFFF for (a, b), c in compositions.items())
assert all(unicodedata.combining(c) == 0 for c in compositions.values())
assert all(unicodedata.combining(b) != 0 for _, b in compositions), "a starter as second: compose() assumes none"


def nfkc_vectors():
    cases = []
    for ch in repertoire:
        for tail in ("", "\uFF9E", "\uFF9F"):
            cases.append(ch + tail)
    # Mixed strings, weighted towards what composes, reorders or blocks.
    marks = "\uFF9E\uFF9F\u309B\u309C\u00B4\u00A8\uFFE3\u3099\u309A"
    kana = [c for c in repertoire if 0x3041 <= ord(c) <= 0x30FF or 0xFF66 <= ord(c) <= 0xFF9D]
    cyrillic = [c for c in repertoire if 0x0400 <= ord(c) <= 0x04FF]
    rng = random.Random(932)
    for _ in range(6000):
        s = []
        for _ in range(rng.randint(1, 8)):
            pick = rng.random()
            if pick < 0.3:
                s.append(rng.choice(marks))
            elif pick < 0.6:
                s.append(rng.choice(kana))
            elif pick < 0.7:
                s.append(rng.choice(cyrillic))
            else:
                s.append(rng.choice(repertoire))
        cases.append("".join(s))
    return [(s, unicodedata.normalize("NFKC", s)) for s in cases]


# ---- output ------------------------------------------------------------------------------

def c_array(values, per_line=12, width=4):
    lines = []
    for i in range(0, len(values), per_line):
        lines.append("    " + ", ".join(f"0x{v:0{width}X}" for v in values[i:i + per_line]) + ",")
    return "\n".join(lines)


def write_table(path):
    rows = [lead for lead in LEADS if any((lead << 8 | t) in double for t in TRAILS)]
    lead_row = [0xFF] * 256  # kNotLead
    for lead in LEADS:
        lead_row[lead] = 0xFD  # kUndefinedLead until it has a row
    for lead in USER_DEFINED_LEADS:
        lead_row[lead] = 0xFE  # kUserDefinedLead
    for i, lead in enumerate(rows):
        lead_row[lead] = i
    assert len(rows) < 0xFD
    cells = [ord(double[lead << 8 | t]) if (lead << 8 | t) in double else 0 for lead in rows for t in TRAILS]
    single_cells = [ord(single[b]) if b in single else 0 for b in range(0x80, 0x100)]

    pool, entries = [], []
    for ch in sorted(decompositions, key=ord):
        entries.append((ord(ch), len(pool), len(decompositions[ch])))
        pool.extend(ord(c) for c in decompositions[ch])
    assert len(pool) < 0x10000 and max(e[2] for e in entries) < 256

    out = []
    out.append(f"// Generated by scripts/gen-cp932-table.py from Python {sys.version.split()[0]}'s cp932 codec and")
    out.append(f"// unicodedata (Unicode {unicodedata.unidata_version}). Do not edit; not committed.")
    out.append('#include "text_cp932_table.hpp"\n')
    out.append("namespace techo::text::detail {\n")
    out.append("namespace {\n")
    out.append("constexpr std::uint16_t kSingleByteData[128] = {")
    out.append(c_array(single_cells))
    out.append("};")
    out.append("constexpr std::uint8_t kLeadRowData[256] = {")
    out.append(c_array(lead_row, 16, 2))
    out.append("};")
    out.append(f"// {len(rows)} rows of {len(TRAILS)} second bytes (0x40-0x7E, 0x80-0xFC).")
    out.append(f"constexpr std::uint16_t kDoubleByteData[{len(cells)}] = {{")
    out.append(c_array(cells))
    out.append("};")
    out.append(f"constexpr EncodeOverride kEncodeOverrideData[{len(overrides)}] = {{")
    out.extend(f"    {{0x{u:04X}, 0x{code:04X}}},  // {unicodedata.name(chr(u), '?')}" for u, code in overrides)
    out.append("};")
    out.append(f"constexpr Decomposition kDecompositionData[{len(entries)}] = {{")
    out.extend(f"    {{0x{u:04X}, {offset}, {length}}}," for u, offset, length in entries)
    out.append("};")
    out.append(f"constexpr std::uint16_t kDecompositionPoolData[{len(pool)}] = {{")
    out.append(c_array(pool))
    out.append("};")
    out.append(f"constexpr CombiningClass kCombiningClassData[{len(combining)}] = {{")
    out.extend(f"    {{0x{ord(c):04X}, {combining[c]}}},  // {unicodedata.name(c, '?')}" for c in sorted(combining, key=ord))
    out.append("};")
    out.append(f"constexpr Composition kCompositionData[{len(compositions)}] = {{")
    for (a, b), c in sorted(compositions.items(), key=lambda kv: (ord(kv[0][0]), ord(kv[0][1]))):
        out.append(f"    {{0x{ord(a):04X}{ord(b):04X}u, 0x{ord(c):04X}}},")
    out.append("};")
    out.append("}  // namespace\n")
    out.append("const std::span<const std::uint16_t, 128> kSingleByte{kSingleByteData};")
    out.append("const std::span<const std::uint8_t, 256> kLeadRow{kLeadRowData};")
    out.append("const std::span<const std::uint16_t> kDoubleByte{kDoubleByteData};")
    out.append("const std::span<const EncodeOverride> kEncodeOverrides{kEncodeOverrideData};")
    out.append("const std::span<const Decomposition> kDecompositions{kDecompositionData};")
    out.append("const std::span<const std::uint16_t> kDecompositionPool{kDecompositionPoolData};")
    out.append("const std::span<const CombiningClass> kCombiningClasses{kCombiningClassData};")
    out.append("const std::span<const Composition> kCompositions{kCompositionData};")
    out.append("\n}  // namespace techo::text::detail")
    write_whole(path, "\n".join(out) + "\n")


def write_vectors(path):
    out = [f"# Python {sys.version.split()[0]}'s answers (Unicode {unicodedata.unidata_version}), by scripts/gen-cp932-table.py.",
           "# D <CP932 hex> <UTF-8 hex>: every code the core reads",
           "# E <scalar hex> <CP932 hex>: every character the core writes",
           "# N <UTF-8 hex> <UTF-8 hex>: NFKC"]
    for data in sorted(decode, key=lambda d: (len(d), d)):
        out.append(f"D {data.hex()} {decode[data].encode().hex()}")
    for ch in repertoire:
        out.append(f"E {ord(ch):04x} {encode[ch].hex()}")
    for s, normalized in nfkc_vectors():
        out.append(f"N {s.encode().hex()} {normalized.encode().hex()}")
    write_whole(path, "\n".join(out) + "\n")


def write_whole(path, text):
    # Written whole, then moved into place: a build cut short never leaves half a table.
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: gen-cp932-table.py TABLE_CPP VECTORS_TXT")
    write_table(sys.argv[1])
    write_vectors(sys.argv[2])
