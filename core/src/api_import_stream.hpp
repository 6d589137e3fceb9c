// Importing a file that arrives in pieces (the page reads a File 1 MiB at a time), private
// to core. Pieces are decrypted when the file is an age file, and:
//  - NDJSON (bulk exports) is imported line by line as it arrives: memory stays at the
//    longest line plus one piece, whatever the file's size;
//  - an Apple Health export.xml is read by expat as it arrives, its samples stored as
//    they come: memory stays at one piece whatever the file's size;
//  - anything else (a Bundle, a single resource, a signed envelope, an Open mHealth
//    lifelog file) is kept until the end and then read: FHIR entry by entry
//    (fhir::read_fhir), lifelog into samples. Memory is the file's text.
// Everything lands in one transaction (Vault::Import): cancelled or failed, nothing stays.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "techo/age.hpp"
#include "techo/crypto.hpp"
#include "techo/fhir.hpp"
#include "techo/lifelog_apple_health.hpp"
#include "techo/vault.hpp"

namespace techo::detail {

class StreamingImport {
 public:
  // `decrypt` present: the pieces are an age file.
  static Result<std::unique_ptr<StreamingImport>> begin(Vault& vault, const std::string& file_name,
                                                        std::optional<age::DecryptOptions> decrypt);
  [[nodiscard]] Status push(crypto::ByteView piece);
  // Value: the import report as JSON — of a FHIR import ("kind": "fhir") or, for an
  // Open mHealth file, of a lifelog import ("kind": "lifelog").
  [[nodiscard]] Result<nlohmann::json> finish();

  std::uint64_t bytes_in() const { return bytes_in_; }
  const std::string& file_name() const { return source_.name; }
  std::uint64_t plaintext_bytes() const { return plaintext_bytes_; }

 private:
  enum class Mode { kUndecided, kNdjson, kDocument, kAppleHealth };
  StreamingImport(Vault& vault, SourceInfo source) : vault_(vault), source_(std::move(source)) {}
  Status feed(crypto::ByteView plaintext);
  Status take_lines(bool final);
  Status decide(bool final);
  Status ensure_import();  // the FHIR import's transaction opens when FHIR is known
  Result<nlohmann::json> finish_lifelog(std::string_view payload);
  Status start_apple_health(std::string_view arrived);
  Result<nlohmann::json> finish_apple_health();

  Vault& vault_;
  SourceInfo source_;
  std::unique_ptr<Vault::Import> import_;
  std::unique_ptr<Vault::LifelogImport> lifelog_import_;  // Apple Health: samples stored as read
  std::unique_ptr<lifelog::AppleHealthReader> apple_health_;
  std::optional<age::Decryptor> decryptor_;
  std::vector<std::string> opened_with_;  // recipients of the identities given to decrypt
  Mode mode_ = Mode::kUndecided;
  crypto::SecretBytes text_;   // undecided / document: everything so far; NDJSON: the unfinished line
  std::size_t consumed_ = 0;   // NDJSON: bytes of text_ already read as lines
  std::size_t line_number_ = 0;
  fhir::StreamReport read_;
  std::uint64_t bytes_in_ = 0;
  std::uint64_t plaintext_bytes_ = 0;
};

// The signed envelope, when `bytes` are one: verified (a bad signature is an error),
// `source` filled with the issuer, whether the person trusts its key and under which
// name, and the payload returned; otherwise the bytes themselves. An envelope with a
// recipient must be addressed to one of `opened_with` (the age1… recipients of the
// identities the file was decrypted with) or to the vault's recovery recipient.
Result<std::string_view> open_envelope(Vault& vault, std::string_view bytes, SourceInfo& source,
                                       const std::vector<std::string>& opened_with);
// The age1… recipients of the identities in `options`.
std::vector<std::string> recipients_of(const age::DecryptOptions& options);

}  // namespace techo::detail
