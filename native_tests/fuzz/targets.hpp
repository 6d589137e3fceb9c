// The fuzz targets: one per reader of outside bytes. Each feeds the bytes to its reader
// and returns what the reader answered. A crash, a sanitizer report or an exception that
// escapes is a finding; so is kInternal, which a target returns when the reader broke one
// of its own promises (the same bytes read whole and in pieces answered differently, say).
// The same functions run under libFuzzer (fuzz_main.cpp, one executable per target) and
// over the saved crash inputs in the native tests (fuzz_regressions_test.cpp).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "techo/crypto.hpp"
#include "techo/result.hpp"

namespace techo::fuzz {

using Target = Status (*)(crypto::ByteView input);

Status age_header(crypto::ByteView input);    // age header text: find_header_end, parse_header
Status age_armor(crypto::ByteView input);     // ASCII armor decoder, whole and in pieces
Status age_decrypt(crypto::ByteView input);   // a whole age file with a fixed identity and passphrase
Status envelope(crypto::ByteView input);      // signed envelope: parse and verify
Status fhir_scanner(crypto::ByteView input);  // read_fhir: Bundle entry scanner, resource, NDJSON
Status fhir_bundle(crypto::ByteView input);   // parse_bundle: the whole-tree Bundle reader
Status fhir_ndjson(crypto::ByteView input);   // NDJSON, line by line as the streaming import feeds it
Status json(crypto::ByteView input);          // the JSON fast paths (json_fast, json_dump) against nlohmann
Status tar(crypto::ByteView input);           // the backup's tar reader
Status restore(crypto::ByteView input);       // a backup's parts, restored into an empty vault
Status omh(crypto::ByteView input);           // Open mHealth JSON
Status vendor(crypto::ByteView input);        // Fitbit / Google Fit / Withings JSON
Status csv(crypto::ByteView input);           // the generic lifelog CSV
Status apple_health(crypto::ByteView input);  // Apple Health export.xml, whole and in pieces
Status zip(crypto::ByteView input);           // the streaming zip reader (export.zip), whole and in pieces
Status vaccinations(crypto::ByteView input);  // a forecast request through the API, and a schedule file
Status share_package(crypto::ByteView input); // a share package's archive, verified as its receiver; a grant, a revocation
Status okusuri(crypto::ByteView input);       // a お薬手帳 (JAHIS TC) text: decoded, its split control, read
Status cp932(crypto::ByteView input);         // CP932 text (the お薬手帳 QR) read, written back, read again; NFKC

struct NamedTarget {
  std::string_view name;  // also the folder of its regression inputs and its scripts/fuzz name
  Target run;
};
std::span<const NamedTarget> all_targets();

// Helpers shared by the targets.
inline std::string_view as_text(crypto::ByteView input) {
  return {reinterpret_cast<const char*>(input.data()), input.size()};
}
Error broken(std::string_view what);  // kInternal: the reader broke a promise
// Whether two answers agree: both succeeded, or both failed with the same code.
bool same_answer(const Status& a, const Status& b);
// Splits input into pieces of 1..256 bytes, sizes drawn from the input's own first byte,
// so the fuzzer explores where the boundaries fall.
template <typename F>
void in_pieces(crypto::ByteView input, F&& feed) {
  const std::size_t step = input.empty() ? 1 : std::size_t{input[0]} + 1;
  for (std::size_t at = 0; at < input.size(); at += step) feed(input.subspan(at, std::min(step, input.size() - at)));
}

}  // namespace techo::fuzz
