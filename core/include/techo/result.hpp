// The error model shared by every module: operations that can fail on bad input return
// Result<T>, never throw across the public API. A broken internal contract is an assert.
#pragma once

#include <cassert>
#include <string>
#include <vector>
#include <string_view>
#include <utility>
#include <variant>

namespace techo {

// Primary error categories. The TypeScript twin (`TechoError.code`) uses the same strings,
// so a caller can switch on them in either language.
enum class ErrorCode {
  kInvalidArgument,  // the caller passed something unusable (empty name, bad option)
  kMalformedInput,   // bytes that do not parse (bad JSON, truncated file)
  kUnsupported,      // well-formed, but a kind of input we do not handle
  kInvalidResource,  // parses, but breaks the FHIR structure we rely on
  kStorage,          // the database refused (disk full, I/O error, constraint)
  kInternal,         // a bug: an unexpected exception caught at the boundary
  // Decryption failures, by the categories of the age test suite (C2SP CCTV):
  kAgeHeader,        // the header is malformed (or asks for more work than we allow)
  kAgeHmac,          // the header was altered after it was written
  kAgePayload,       // the encrypted data is damaged, truncated or extended
  kAgeArmor,         // the ASCII armor (-----BEGIN AGE ENCRYPTED FILE-----) is malformed
  kAgeNoMatch,       // none of the given keys or passphrases opens the file
  kInvalidSignature, // signed data whose signature or payload hash does not verify
  kVaultCorrupt,     // vault data failed authentication or is damaged: never returned as data
  kWrongKey,         // the passphrase or recovery key does not unlock this vault
  kNeedsKey,         // the file is encrypted and no passphrase or key was given for it
  // Consent: what a grant no longer or never allowed.
  kGrantExpired,     // the grant's time is over (or a once grant was used)
  kGrantRevoked,     // the person revoked the grant
  kOutOfScope,       // a resource outside the grant's categories, period or person
  kOptedOut,         // the person opted out of research use (次世代医療基盤法 opt-out)
  // Never returned by the core itself, listed so that both languages share one list of
  // names (a test checks the TypeScript ErrorCode union against error_code_names()):
  kCancelled,        // the caller cancelled a long operation between its pieces
  kVaultBusy,        // the vault is open in another tab or window (the browser's lock)
  // the TypeScript layer's answer after the module failed below the error model (engine
  // stack or memory exhausted, a trap) and its instance was discarded.
  kSessionEnded,
};

// Stable, machine-readable name of a code ("MALFORMED_INPUT").
std::string_view error_code_name(ErrorCode code) noexcept;
// Every code's name, in declaration order.
std::vector<std::string_view> error_code_names();

struct Error {
  ErrorCode code;
  std::string message;  // for a person: what is wrong and, where it helps, what to do
  std::string path;     // where: "file.json: Bundle.entry[3].resource.id" (may be empty)

  // Prepends a location, so inner layers report a field and outer layers add the file.
  [[nodiscard]] Error within(std::string_view outer) const {
    Error e = *this;
    if (outer.empty()) return e;
    e.path = path.empty() ? std::string(outer) : std::string(outer) + ": " + path;
    return e;
  }
};

// A value or an error. Deliberately small: has_value / value / error, like std::expected.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}    // NOLINT: implicit by design

  [[nodiscard]] bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & { assert(has_value()); return std::get<0>(state_); }
  const T& value() const& { assert(has_value()); return std::get<0>(state_); }
  T&& value() && { assert(has_value()); return std::get<0>(std::move(state_)); }
  const Error& error() const& { assert(!has_value()); return std::get<1>(state_); }
  Error&& error() && { assert(!has_value()); return std::get<1>(std::move(state_)); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Error> state_;
};

// For operations that produce nothing but can fail.
struct Ok {};
using Status = Result<Ok>;

}  // namespace techo
