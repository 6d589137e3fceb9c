#include "techo/result.hpp"

namespace techo {

std::string_view error_code_name(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "INVALID_ARGUMENT";
    case ErrorCode::kMalformedInput: return "MALFORMED_INPUT";
    case ErrorCode::kUnsupported: return "UNSUPPORTED";
    case ErrorCode::kInvalidResource: return "INVALID_RESOURCE";
    case ErrorCode::kStorage: return "STORAGE";
    case ErrorCode::kInternal: return "INTERNAL";
    case ErrorCode::kAgeHeader: return "AGE_HEADER";
    case ErrorCode::kAgeHmac: return "AGE_HMAC";
    case ErrorCode::kAgePayload: return "AGE_PAYLOAD";
    case ErrorCode::kAgeArmor: return "AGE_ARMOR";
    case ErrorCode::kAgeNoMatch: return "AGE_NO_MATCH";
    case ErrorCode::kInvalidSignature: return "INVALID_SIGNATURE";
    case ErrorCode::kVaultCorrupt: return "VAULT_CORRUPT";
    case ErrorCode::kWrongKey: return "WRONG_KEY";
    case ErrorCode::kNeedsKey: return "NEEDS_KEY";
    case ErrorCode::kGrantExpired: return "GRANT_EXPIRED";
    case ErrorCode::kGrantRevoked: return "GRANT_REVOKED";
    case ErrorCode::kOutOfScope: return "OUT_OF_SCOPE";
    case ErrorCode::kOptedOut: return "OPTED_OUT";
    case ErrorCode::kCancelled: return "CANCELLED";
    case ErrorCode::kVaultBusy: return "VAULT_BUSY";
    case ErrorCode::kSessionEnded: return "SESSION_ENDED";
  }
  return "INTERNAL";
}

std::vector<std::string_view> error_code_names() {
  std::vector<std::string_view> out;
  for (int c = 0; c <= static_cast<int>(ErrorCode::kSessionEnded); ++c) out.push_back(error_code_name(static_cast<ErrorCode>(c)));
  return out;
}

}  // namespace techo
