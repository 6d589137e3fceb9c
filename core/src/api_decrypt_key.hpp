// The key a caller passes to open an age file ({passphrase, identity, maxScryptLogN}, the
// TypeScript `DecryptKey`), read once for every entry point that decrypts. Private to core.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "techo/age.hpp"
#include "techo/result.hpp"

namespace techo::detail {

// No decryption options when the key names neither a passphrase nor an identity. The
// secrets in `key` are wiped once copied. An unusable maxScryptLogN is INVALID_ARGUMENT.
[[nodiscard]] Result<std::optional<age::DecryptOptions>> decrypt_options_from_key(nlohmann::json& key);

}  // namespace techo::detail
