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
    case ErrorCode::kSessionEnded: return "SESSION_ENDED";
  }
  return "INTERNAL";
}

}  // namespace techo
