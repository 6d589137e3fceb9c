#include "api_import_stream.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "api_json.hpp"
#include "techo/envelope.hpp"
#include "techo/lifelog.hpp"
#include "techo/okusuri_techo.hpp"
#include "json_bounded.hpp"

namespace techo::detail {
namespace {

// A head this long that still does not tell (a JSON document whose deciding keys come
// late) is kept whole and told at its end.
constexpr std::size_t kDecideLimit = 4u << 20;
// Enough bytes to tell an age file (binary or armored, after any blank lines) from another.
constexpr std::size_t kOuterHead = 64;

std::string_view as_text(const crypto::SecretBytes& bytes, std::size_t from = 0) {
  const auto view = bytes.view();
  return std::string_view(reinterpret_cast<const char*>(view.data()) + from, view.size() - from);
}

bool is_age(format::FileFormat f) { return f == format::FileFormat::kAgeBinary || f == format::FileFormat::kAgeArmored; }

// Starts as JSON does (an object or a list), whatever it turns out to be.
bool looks_like_json(std::string_view text) {
  const std::size_t start = text.find_first_not_of(" \t\r\n");
  return start != std::string_view::npos && (text[start] == '{' || text[start] == '[');
}

Error not_read(const format::Detection& d, const std::string& file_name) {
  return Error{ErrorCode::kUnsupported,
               "Techo does not read this file (" + (d.seen.empty() ? std::string("an unknown format") : d.seen) +
                   "); it reads " + format::formats_read(),
               file_name};
}

}  // namespace

Result<std::string_view> open_envelope(Vault& vault, std::string_view bytes, SourceInfo& source,
                                       const std::vector<std::string>& opened_with) {
  if (!envelope::has_envelope(crypto::as_bytes(bytes))) return bytes;
  auto opened = envelope::open(crypto::as_bytes(bytes));
  if (!opened) return std::move(opened).error().within(source.name);
  const auto& e = opened->envelope;
  // A record addressed to someone is theirs: it must have been opened with one of the
  // person's own keys (the identities given for this file) or be addressed to this
  // vault's recovery key. Anything else was misdirected or passed on; importing it as
  // verified would vouch for a record sent to somebody else.
  if (!e.recipient.empty()) {
    const std::string vault_recipient = vault.recovery_recipient();
    const bool mine = std::find(opened_with.begin(), opened_with.end(), e.recipient) != opened_with.end() ||
                      (!vault_recipient.empty() && e.recipient == vault_recipient);
    if (!mine) {
      return Error{ErrorCode::kInvalidSignature,
                   "this signed record is addressed to " + e.recipient +
                       ", not to a key of yours: import the file as it was sent to you, with your key",
                   "envelope.recipient"}
          .within(source.name);
    }
  }
  source.claimed_issuer_name = e.issuer_name;
  source.issuer_key_id = envelope::key_id(e.issuer_key);
  source.signed_at = e.created;
  auto trusted_name = vault.trusted_issuer_name(source.issuer_key_id);
  if (!trusted_name) return std::move(trusted_name).error();
  source.verification = trusted_name->has_value() ? Verification::kVerified : Verification::kUnknownIssuer;
  source.issuer_name = trusted_name->value_or("");
  return std::string_view(reinterpret_cast<const char*>(opened->payload.data()), opened->payload.size());
}

std::vector<std::string> recipients_of(const age::DecryptOptions& options) {
  std::vector<std::string> out;
  for (const auto& identity : options.identities) out.push_back(identity.recipient().to_string());
  return out;
}

Result<std::unique_ptr<StreamingImport>> StreamingImport::begin(Vault& vault, const std::string& file_name,
                                                               std::optional<age::DecryptOptions> decrypt) {
  std::unique_ptr<StreamingImport> job(new StreamingImport(vault, SourceInfo{file_name, false}));
  job->decrypt_options_ = std::move(decrypt);
  return job;
}

Status StreamingImport::push(crypto::ByteView piece) {
  bytes_in_ += piece.size();
  if (!outer_known_) return take_raw(piece);
  if (!decryptor_) return feed(piece);
  return decryptor_->push(piece, [this](crypto::ByteView plaintext) { return feed(plaintext); });
}

// The first bytes decide whether this is an age file: then it needs a key, and what it
// holds is told from its plaintext. A key given for a file that is not encrypted is unused.
Status StreamingImport::take_raw(crypto::ByteView piece) {
  raw_head_.append(piece);
  const auto head = as_text(raw_head_);
  const auto outer = format::detect(head, false);
  if (outer.format == format::FileFormat::kUndecided && head.size() < kOuterHead) return Ok{};
  outer_known_ = true;
  crypto::SecretBytes arrived = std::move(raw_head_);
  if (!is_age(outer.format)) return feed(arrived.view());
  if (!decrypt_options_) {
    format_ = outer.format;
    return Error{ErrorCode::kNeedsKey, "this file is encrypted (age): give its passphrase or key to import it", source_.name};
  }
  source_.encrypted = true;
  opened_with_ = recipients_of(*decrypt_options_);
  decryptor_.emplace(std::move(*decrypt_options_));
  decrypt_options_.reset();
  return decryptor_->push(arrived.view(), [this](crypto::ByteView plaintext) { return feed(plaintext); });
}

Status StreamingImport::feed(crypto::ByteView plaintext) {
  plaintext_bytes_ += plaintext.size();
  if (mode_ == Mode::kAppleHealth) {
    return apple_health_->push(std::string_view(reinterpret_cast<const char*>(plaintext.data()), plaintext.size()));
  }
  if (mode_ == Mode::kZip) return zip_->push(plaintext);
  text_.append(plaintext);
  if (mode_ == Mode::kUndecided) {
    if (auto s = decide(false); !s) return s;
    if (mode_ == Mode::kAppleHealth) return start_apple_health(as_text(text_));
    if (mode_ == Mode::kZip) return start_zip();
  }
  return mode_ == Mode::kNdjson ? take_lines(false) : Status(Ok{});
}

Status StreamingImport::decide(bool final) {
  const auto found = format::detect(as_text(text_), final);
  switch (found.format) {
    case format::FileFormat::kUndecided:
      if (text_.size() > kDecideLimit) mode_ = Mode::kDocument;  // told whole at the end
      return Ok{};
    case format::FileFormat::kFhirNdjson:
      format_ = found.format;
      mode_ = Mode::kNdjson;
      return Ok{};
    case format::FileFormat::kAppleHealthXml:
      format_ = found.format;
      mode_ = Mode::kAppleHealth;
      return Ok{};
    case format::FileFormat::kNotRead:
      if (looks_like_json(as_text(text_))) {
        mode_ = Mode::kDocument;  // read whole: a parse error names its place
        return Ok{};
      }
      format_ = found.format;
      return not_read(found, source_.name);
    case format::FileFormat::kAgeBinary:
    case format::FileFormat::kAgeArmored:
      format_ = found.format;
      return Error{ErrorCode::kUnsupported, "an age file inside an age file: decrypt the outer one first", source_.name};
    case format::FileFormat::kZip:
      format_ = found.format;
      mode_ = Mode::kZip;
      return Ok{};
    default:  // a JSON document, a signed envelope, the CSV: read whole, told again at the end
      mode_ = Mode::kDocument;
      return Ok{};
  }
}

Status StreamingImport::ensure_import() {
  if (import_) return Ok{};
  auto import = vault_.begin_import(source_);
  if (!import) return std::move(import).error();
  import_ = std::move(import).value();
  return Ok{};
}

Status StreamingImport::take_lines(bool final) {
  if (auto s = ensure_import(); !s) return s;
  const auto store = [this](fhir::Resource&& r) { return import_->store(r); };
  for (;;) {
    const std::string_view rest = as_text(text_, consumed_);
    std::size_t end = rest.find('\n');
    if (end == std::string_view::npos) {
      if (!final || rest.empty()) break;
      end = rest.size();
    }
    if (auto s = fhir::read_ndjson_line(rest.substr(0, end), ++line_number_, read_, store); !s) return s;
    consumed_ += std::min(end + 1, rest.size());
  }
  // Keep only the unfinished line.
  if (consumed_ > 0) {
    const std::string_view rest = as_text(text_, consumed_);
    crypto::SecretBytes kept(crypto::as_bytes(rest));
    text_ = std::move(kept);
    consumed_ = 0;
  }
  return Ok{};
}

Status StreamingImport::start_apple_health(std::string_view arrived) {
  mode_ = Mode::kAppleHealth;
  if (auto s = open_apple_health(); !s) return s;
  // What arrived before the mode was known goes first.
  auto s = apple_health_->push(arrived);
  text_.clear();
  return s;
}

Status StreamingImport::open_apple_health() {
  auto import = vault_.begin_lifelog_import(source_, "apple-health");
  if (!import) return std::move(import).error();
  lifelog_import_ = std::move(import).value();
  apple_health_ = std::make_unique<lifelog::AppleHealthReader>(
      nullptr, [this](const lifelog::Sample& s) { return lifelog_import_->store(s); });
  return Ok{};
}

// Apple Health's export.zip, as the phone writes it: its export.xml is inflated as it
// arrives and read by the same streaming reader as a bare export.xml; the other entries
// (export_cda.xml, workout routes, ECGs) are passed over.
Status StreamingImport::start_zip() {
  ZipHandler handler;
  handler.on_entry = [this](const ZipEntry& entry) -> Result<ZipAction> {
    const std::string_view name = entry.name;
    const bool export_xml = name == "export.xml" || (name.size() > 11 && name.substr(name.size() - 11) == "/export.xml");
    if (!export_xml || entry.is_directory()) return ZipAction::kSkip;
    if (apple_health_) return Error{ErrorCode::kUnsupported, "the archive holds more than one export.xml", entry.name};
    if (auto s = open_apple_health(); !s) return std::move(s).error();
    return ZipAction::kRead;
  };
  handler.on_data = [this](const ZipEntry&, crypto::ByteView chunk) {
    return apple_health_->push(std::string_view(reinterpret_cast<const char*>(chunk.data()), chunk.size()));
  };
  handler.on_entry_end = [](const ZipEntry&) -> Status { return Ok{}; };
  zip_ = std::make_unique<ZipStream>(source_.name, std::move(handler));
  crypto::SecretBytes arrived = std::move(text_);
  return zip_->push(arrived.view());
}

Result<nlohmann::json> StreamingImport::finish_zip() {
  if (auto s = zip_->finish(); !s) return std::move(s).error();
  if (!apple_health_) {
    return Error{ErrorCode::kUnsupported, "a zip archive without an export.xml: Techo reads Apple Health's export.zip", source_.name};
  }
  return finish_apple_health();
}

Result<nlohmann::json> StreamingImport::finish_apple_health() {
  if (auto s = apple_health_->finish(); !s) return std::move(s).error().within(source_.name);
  std::vector<Error> skipped = apple_health_->skipped();
  for (auto& e : skipped) e = e.within(source_.name);
  auto report = lifelog_import_->commit(std::move(skipped));
  if (!report) return std::move(report).error();
  return to_json(report.value());
}

Result<nlohmann::json> StreamingImport::finish() {
  if (!outer_known_) {
    outer_known_ = true;
    crypto::SecretBytes arrived = std::move(raw_head_);
    const auto outer = format::detect(as_text(arrived), true);
    if (is_age(outer.format)) {
      // Too short to be an age file; with or without a key it cannot be read.
      format_ = outer.format;
      if (!decrypt_options_) {
        return Error{ErrorCode::kNeedsKey, "this file is encrypted (age): give its passphrase or key to import it", source_.name};
      }
      return Error{ErrorCode::kAgeHeader, "the age file ends inside its header", source_.name};
    }
    if (auto s = feed(arrived.view()); !s) return std::move(s).error();
  }
  if (decryptor_) {
    auto s = decryptor_->finish([this](crypto::ByteView plaintext) { return feed(plaintext); });
    if (!s) return std::move(s).error();
  }
  if (mode_ == Mode::kUndecided) {
    if (auto s = decide(true); !s) return std::move(s).error();
    if (mode_ == Mode::kAppleHealth) {
      if (auto s = start_apple_health(as_text(text_)); !s) return std::move(s).error();
    }
    if (mode_ == Mode::kZip) {
      if (auto s = start_zip(); !s) return std::move(s).error();
    }
  }
  if (mode_ == Mode::kAppleHealth) return finish_apple_health();
  if (mode_ == Mode::kZip) return finish_zip();
  if (mode_ == Mode::kNdjson) {
    if (auto s = take_lines(true); !s) return std::move(s).error();
    read_.kind = fhir::InputKind::kNdjson;
    read_.bundle_type = "ndjson";
    return finish_fhir();
  }
  crypto::SecretBytes document = std::move(text_);
  return finish_document(as_text(document));
}

// A file read whole: told by its structure, a signed envelope opened and its payload told
// the same way, then read by the reader of its format.
Result<nlohmann::json> StreamingImport::finish_document(std::string_view bytes) {
  auto found = format::detect(bytes, true);
  std::string_view payload = bytes;
  if (found.format == format::FileFormat::kSignedEnvelope) {
    auto opened = open_envelope(vault_, bytes, source_, opened_with_);
    if (!opened) return std::move(opened).error();
    payload = *opened;
    found = format::detect(payload, true);
    if (found.format == format::FileFormat::kSignedEnvelope || is_age(found.format) ||
        found.format == format::FileFormat::kZip) {
      format_ = found.format;
      return Error{ErrorCode::kUnsupported, "a signed envelope must hold a record itself, not " +
                                                std::string(format::format_name(found.format)), source_.name};
    }
  }
  format_ = found.format;
  switch (found.format) {
    case format::FileFormat::kNotRead:
      // JSON that does not parse is malformed, whatever it meant to be: say where.
      if (looks_like_json(payload)) {
        if (auto parsed = json_bounded::parse(payload); !parsed) return std::move(parsed).error().within(source_.name);
      }
      return not_read(found, source_.name);
    case format::FileFormat::kAppleHealthXml:
      // A signed Apple Health export: whole in memory already (the signature covers it all).
      if (auto s = start_apple_health(payload); !s) return std::move(s).error().within(source_.name);
      return finish_apple_health();
    case format::FileFormat::kFhirJson:
    case format::FileFormat::kFhirNdjson: {
      if (auto s = ensure_import(); !s) return std::move(s).error();
      auto read = fhir::read_fhir(payload, [this](fhir::Resource&& r) { return import_->store(r); });
      if (!read) return std::move(read).error().within(source_.name);
      read_ = std::move(read).value();
      return finish_fhir();
    }
    case format::FileFormat::kJahisTc:
      return finish_notebook(payload);
    default:
      if (format::is_lifelog(found.format)) return finish_lifelog(payload, found.format);
      return not_read(found, source_.name);
  }
}

// A お薬手帳 text: read whole into FHIR resources and imported as any FHIR file is. One part
// of a notebook split over several QR codes (record 911) is held in the vault until every
// part has arrived, in any order; the last one imports them all as one.
Result<nlohmann::json> StreamingImport::finish_notebook(std::string_view payload) {
  auto text = okusuri::decode(payload);
  if (!text) return std::move(text).error().within(source_.name);
  auto split = okusuri::split_of(*text);
  if (!split) return std::move(split).error().within(source_.name);
  if (!*split) return import_notebook(*text, nullptr);
  const okusuri::SplitPart& part = **split;
  auto held = vault_.hold_notebook_part(part.data_id, part.part, part.total, *text);
  if (!held) return std::move(held).error().within(source_.name);
  nlohmann::json parts{{"dataId", held->data_id}, {"read", held->read}, {"total", held->total},
                       {"missing", held->missing}, {"complete", held->complete()}};
  if (!held->complete()) {
    ImportReport waiting;
    waiting.source = source_;
    auto out = to_json(waiting);
    out["format"] = "jahis-tc";
    out["parts"] = std::move(parts);
    return out;
  }
  auto texts = vault_.notebook_part_texts(part.data_id);
  if (!texts) return std::move(texts).error();
  return import_notebook(okusuri::join_parts(*texts), std::move(parts));
}

Result<nlohmann::json> StreamingImport::import_notebook(std::string_view text, nlohmann::json parts) {
  auto notebook = okusuri::read(text);
  if (!notebook) return std::move(notebook).error().within(source_.name);
  if (auto s = ensure_import(); !s) return std::move(s).error();
  // A person's own list (出力区分 2) says what they take, from records the vault may hold
  // in full already (their own hand-over read back): it adds only what is not there.
  const bool own_list = notebook->output_category == 2;
  for (const auto& r : notebook->resources) {
    auto s = own_list ? import_->store_unless_known(r) : import_->store(r);
    if (!s) return std::move(s).error().within(source_.name);
  }
  if (parts.is_object()) {
    if (auto s = import_->forget_notebook_parts(parts["dataId"].get<std::string>()); !s) return std::move(s).error();
  }
  read_.kind = fhir::InputKind::kBundle;
  read_.bundle_type = "jahis-tc";
  read_.flagged = std::move(notebook->unknown_records);
  auto out = finish_fhir();
  if (!out) return out;
  (*out)["notebook"] = {{"version", notebook->version}, {"outputCategory", notebook->output_category},
                        {"blocks", notebook->blocks}, {"drugs", notebook->drugs}};
  if (parts.is_object()) (*out)["parts"] = std::move(parts);
  return out;
}

Result<nlohmann::json> StreamingImport::finish_fhir() {
  for (auto& e : read_.skipped) e = e.within(source_.name);
  for (auto& e : read_.flagged) e = e.within(source_.name);
  if (auto s = ensure_import(); !s) return std::move(s).error();
  auto report = import_->commit(source_, std::move(read_));
  if (!report) return std::move(report).error();
  auto out = to_json(report.value());
  out["format"] = format::format_name(format_);
  return out;
}

Result<nlohmann::json> StreamingImport::finish_lifelog(std::string_view payload, format::FileFormat format) {
  auto parsed = lifelog::parse_lifelog(payload, format);
  if (!parsed) return std::move(parsed).error().within(source_.name);
  for (auto& e : parsed->skipped) e = e.within(source_.name);
  auto report = vault_.import_lifelog(source_, *parsed);
  if (!report) return std::move(report).error();
  return to_json(report.value());
}

}  // namespace techo::detail
