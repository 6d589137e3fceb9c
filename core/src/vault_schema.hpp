// Schema migrations of the vault, private to core. Migration N takes a database at
// user_version N-1 to N; they only ever move forward.
#pragma once

#include "sqlite/sqlite.hpp"

namespace techo::detail {

int latest_schema_version() noexcept;

// SHA-256 (hex) of bytes: the digests backups publish in their manifest.
std::string content_hash(std::string_view canonical_json);

// BLAKE2b-256 (hex) of a resource's stored JSON: equal digests, same content. Internal to
// the vault (re-import detection, history), so the faster hash.
std::string resource_digest(std::string_view canonical_json);

// Brings the database to the latest version in one transaction per step.
[[nodiscard]] Status migrate(sqlite::Database& db);

}  // namespace techo::detail
