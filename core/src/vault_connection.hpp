// An open vault: the SQLite connection and, for an encrypted vault, the VFS that encrypts
// its pages and the data key. Vault owns one; the classes that do the vault's jobs (keys,
// imports, queries, backup) work on it. Private to core.
//
// Member order matters: the connection closes before its VFS is unregistered and the
// keys are wiped.
#pragma once

#include <memory>
#include <string>

#include "sqlite/sqlite.hpp"
#include "vault_header.hpp"
#include "vault_vfs.hpp"

namespace techo::detail {

struct VaultConnection {
  std::unique_ptr<EncryptedVfs> vfs;  // null for an unencrypted database
  std::string path;
  DataKey dek;  // the header lives in the VFS's commit ledger
  sqlite::Database db;
};

}  // namespace techo::detail
