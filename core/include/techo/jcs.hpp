// RFC 8785 JSON Canonicalization Scheme (JCS): the one byte form of a JSON value that a
// signer and a verifier in any language agree on. Object members sorted by the UTF-16 code
// units of their names, no whitespace, strings escaped only where JSON requires it (and
// control characters as \u00xx), numbers written as ECMAScript writes an IEEE double.
// Signed JSON in Techo (envelopes, later consent grants) is signed over this form.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "techo/result.hpp"

namespace techo::jcs {

// Deeper nesting than this is refused by parse_unique and canonicalize: signed JSON is
// small and flat, and neither walks untrusted depth.
inline constexpr std::size_t kMaxDepth = 64;

// The canonical text of `value`. MALFORMED_INPUT when it is not I-JSON: a number that is
// not finite, a string that is not UTF-8, or nesting deeper than kMaxDepth.
[[nodiscard]] Result<std::string> canonicalize(const nlohmann::json& value);

// ECMAScript Number::toString of a finite double ("1e+21", "0.000001", "-0" is "0").
std::string number_to_string(double value);

// Parses JSON that is to be verified: a name appearing twice in one object is an error
// (MALFORMED_INPUT naming it) instead of nlohmann's silent "last one wins", as are
// nesting deeper than kMaxDepth and numbers that overflow. `where` prefixes error paths.
[[nodiscard]] Result<nlohmann::json> parse_unique(std::string_view text, const std::string& where);

}  // namespace techo::jcs
