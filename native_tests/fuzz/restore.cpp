// Restoring a backup into an empty vault. The input is the backup's parts
// (restore_parts.hpp); the target writes them into a tar archive as a backup holds them.
// Before that it sets each part's size and SHA-256 in the manifest's "files" list (when
// the manifest part is JSON with such a list): the fuzzer cannot forge a SHA-256, and
// without this no mutation of a part would get past the manifest check to the restore.
#include <nlohmann/json.hpp>

#include "restore_parts.hpp"
#include "tar.hpp"
#include "targets.hpp"
#include "vault_schema.hpp"
#include "techo/vault.hpp"

namespace techo::fuzz {
namespace {

// Brackets deeper than this are left to the restore itself: nesting limits are its job,
// and the harness would only crash on them first (nlohmann's dump recurses).
bool shallow(std::string_view json_text) {
  int depth = 0;
  for (const char c : json_text) {
    if (c == '[' || c == '{') {
      if (++depth > 64) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

std::string with_true_hashes(const std::string& manifest_text,
                             const std::vector<std::pair<std::string, std::string>>& parts) {
  if (!shallow(manifest_text)) return manifest_text;
  nlohmann::json manifest = nlohmann::json::parse(manifest_text, nullptr, false);
  if (!manifest.is_object() || !manifest.contains("files") || !manifest["files"].is_array()) return manifest_text;
  for (auto& f : manifest["files"]) {
    if (!f.is_object() || !f.contains("name") || !f["name"].is_string()) continue;
    for (const auto& [name, data] : parts) {
      if (name != f["name"].get<std::string>()) continue;
      f["bytes"] = data.size();
      f["sha256"] = detail::content_hash(data);
    }
  }
  return manifest.dump(2) + "\n";
}

}  // namespace

Status restore(crypto::ByteView input) {
  auto parts = split_parts(as_text(input));
  detail::TarWriter archive;
  for (auto& [name, data] : parts) {
    if (name == "manifest.json") data = with_true_hashes(data, parts);
  }
  for (const auto& [name, data] : parts) archive.add(name, data, 0);
  auto vault = Vault::open(":memory:");
  if (!vault) return broken("restore: an in-memory vault did not open");
  auto restored = vault->restore_archive(archive.finish());
  if (!restored) return std::move(restored).error();
  return Ok{};
}

}  // namespace techo::fuzz
