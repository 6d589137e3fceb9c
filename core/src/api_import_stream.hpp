// Importing a file that arrives in pieces (the page reads a File 1 MiB at a time), private
// to core: the one import path every entry point takes. What the file is, is told by
// format::detect (techo/file_format.hpp) from its head: an age file is decrypted with the
// key given (none given: NEEDS_KEY), and its plaintext told apart the same way:
//  - NDJSON (bulk exports) is imported line by line as it arrives: memory stays at the
//    longest line plus one piece, whatever the file's size;
//  - an Apple Health export.xml is read by expat as it arrives, its samples stored as
//    they come: memory stays at one piece whatever the file's size; its export.zip the
//    same, export.xml inflated as it arrives (zip_stream.hpp);
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
#include "techo/file_format.hpp"
#include "techo/fhir.hpp"
#include "techo/lifelog_apple_health.hpp"
#include "techo/vault.hpp"
#include "zip_stream.hpp"

namespace techo::detail {

class StreamingImport {
 public:
  // `decrypt` present: the pieces are an age file.
  static Result<std::unique_ptr<StreamingImport>> begin(Vault& vault, const std::string& file_name,
                                                        std::optional<age::DecryptOptions> decrypt);
  [[nodiscard]] Status push(crypto::ByteView piece);
  // Value: the import report as JSON — of a FHIR import ("kind": "fhir") or of a lifelog
  // import ("kind": "lifelog"); either with "format", the format::format_name read.
  [[nodiscard]] Result<nlohmann::json> finish();
  // What the file was read as, once known (kUndecided before): errors name it too.
  format::FileFormat format() const { return format_; }

  std::uint64_t bytes_in() const { return bytes_in_; }
  const std::string& file_name() const { return source_.name; }
  std::uint64_t plaintext_bytes() const { return plaintext_bytes_; }

 private:
  enum class Mode { kUndecided, kNdjson, kDocument, kAppleHealth, kZip };
  Status take_raw(crypto::ByteView piece);  // before the file is known to be age or not
  StreamingImport(Vault& vault, SourceInfo source) : vault_(vault), source_(std::move(source)) {}
  Status feed(crypto::ByteView plaintext);
  Status take_lines(bool final);
  Status decide(bool final);
  Result<nlohmann::json> finish_document(std::string_view bytes);
  Status ensure_import();  // the FHIR import's transaction opens when FHIR is known
  Result<nlohmann::json> finish_lifelog(std::string_view payload, format::FileFormat format);
  Result<nlohmann::json> finish_fhir();
  Result<nlohmann::json> finish_notebook(std::string_view payload);
  Result<nlohmann::json> import_notebook(std::string_view text, nlohmann::json parts);
  Status start_apple_health(std::string_view arrived);
  Status open_apple_health();  // the reader and its lifelog import, before any bytes
  Status start_zip();
  Result<nlohmann::json> finish_zip();
  Result<nlohmann::json> finish_apple_health();

  Vault& vault_;
  SourceInfo source_;
  std::unique_ptr<Vault::Import> import_;
  std::unique_ptr<Vault::LifelogImport> lifelog_import_;  // Apple Health: samples stored as read
  std::unique_ptr<lifelog::AppleHealthReader> apple_health_;
  std::unique_ptr<ZipStream> zip_;  // export.zip: feeds apple_health_ (declared after it: destroyed first)
  std::optional<age::DecryptOptions> decrypt_options_;  // given; used when the file is age
  std::optional<age::Decryptor> decryptor_;
  bool outer_known_ = false;     // whether the bytes are an age file has been decided
  crypto::SecretBytes raw_head_;  // the first bytes, until that is decided
  format::FileFormat format_ = format::FileFormat::kUndecided;
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
