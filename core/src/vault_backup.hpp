// Backup and restore of the whole vault (Vault::export_archive, Vault::restore_archive,
// in vault_backup.cpp), and the content digest both rest on. Private to core.
#pragma once

#include <string>

#include "sqlite/sqlite.hpp"

namespace techo::detail {

// SHA-256 (hex) of the canonical records Bundle a backup would hold (every resource in
// import order, with its source): equal digests mean equal record content, whatever the
// file bytes. A restore checks it against the manifest.
[[nodiscard]] Result<std::string> records_content_sha256(sqlite::Database& db);

}  // namespace techo::detail
