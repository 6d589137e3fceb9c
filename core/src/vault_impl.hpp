// Vault's private state, shared by the files that implement Vault (vault.cpp,
// vault_backup.cpp). Member order matters: the connection closes before its VFS is
// unregistered and the keys are wiped.
#pragma once

#include <memory>
#include <string>

#include "sqlite/sqlite.hpp"
#include "techo/vault.hpp"
#include "vault_header.hpp"
#include "vault_vfs.hpp"

namespace techo {

struct Vault::Impl {
  std::unique_ptr<detail::EncryptedVfs> vfs;  // null for an unencrypted database
  std::string path;
  detail::DataKey dek;  // the header lives in the VFS's commit ledger
  sqlite::Database db;
};

}  // namespace techo
