#include "api_import_stream.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "api_json.hpp"
#include "techo/envelope.hpp"
#include "techo/lifelog.hpp"
#include "json_bounded.hpp"

namespace techo::detail {
namespace {

// A first line longer than this without a newline is not NDJSON (a minified Bundle).
constexpr std::size_t kFirstLineLimit = 4u << 20;

std::string_view as_text(const crypto::SecretBytes& bytes, std::size_t from = 0) {
  const auto view = bytes.view();
  return std::string_view(reinterpret_cast<const char*>(view.data()) + from, view.size() - from);
}

// NDJSON when the first line alone is a FHIR resource (not a Bundle, not an envelope).
bool is_ndjson_first_line(std::string_view line) {
  const auto parsed = json_bounded::parse(line);
  if (!parsed || !parsed->is_object()) return false;
  const nlohmann::json& body = *parsed;
  auto type = body.find("resourceType");
  return type != body.end() && type->is_string() && *type != "Bundle";
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
  SourceInfo source{file_name, decrypt.has_value()};
  std::unique_ptr<StreamingImport> job(new StreamingImport(vault, source));
  if (decrypt) {
    job->opened_with_ = recipients_of(*decrypt);
    job->decryptor_.emplace(std::move(*decrypt));
  }
  return job;
}

Status StreamingImport::push(crypto::ByteView piece) {
  bytes_in_ += piece.size();
  if (!decryptor_) return feed(piece);
  return decryptor_->push(piece, [this](crypto::ByteView plaintext) { return feed(plaintext); });
}

Status StreamingImport::feed(crypto::ByteView plaintext) {
  plaintext_bytes_ += plaintext.size();
  if (mode_ == Mode::kAppleHealth) {
    return apple_health_->push(std::string_view(reinterpret_cast<const char*>(plaintext.data()), plaintext.size()));
  }
  text_.append(plaintext);
  if (mode_ == Mode::kUndecided) {
    if (auto s = decide(false); !s) return s;
    if (mode_ == Mode::kAppleHealth) return start_apple_health(as_text(text_));
  }
  return mode_ == Mode::kNdjson ? take_lines(false) : Status(Ok{});
}

Status StreamingImport::decide(bool final) {
  const std::string_view text = as_text(text_);
  const std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) {
    if (final) mode_ = Mode::kDocument;
    return Ok{};
  }
  if (text[start] == '<') {
    // XML: Apple Health, once enough of its head has arrived to tell.
    if (lifelog::looks_like_apple_health(text.substr(start))) {
      mode_ = Mode::kAppleHealth;
    } else if (final || text.size() - start > 4096) {
      return Error{ErrorCode::kUnsupported, "an XML file that is not an Apple Health export", source_.name};
    }
    return Ok{};
  }
  const std::size_t end = text.find('\n', start);
  if (end == std::string_view::npos) {
    if (final || text.size() - start > kFirstLineLimit) mode_ = Mode::kDocument;
    return Ok{};
  }
  // One complete line: NDJSON only if more than one resource follows line by line.
  mode_ = is_ndjson_first_line(text.substr(start, end - start)) ? Mode::kNdjson : Mode::kDocument;
  return Ok{};
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
  auto import = vault_.begin_lifelog_import(source_, "apple-health");
  if (!import) return std::move(import).error();
  lifelog_import_ = std::move(import).value();
  apple_health_ = std::make_unique<lifelog::AppleHealthReader>(
      nullptr, [this](const lifelog::Sample& s) { return lifelog_import_->store(s); });
  // What arrived before the mode was known goes first.
  auto s = apple_health_->push(arrived);
  text_.clear();
  return s;
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
  if (decryptor_) {
    auto s = decryptor_->finish([this](crypto::ByteView plaintext) { return feed(plaintext); });
    if (!s) return std::move(s).error();
  }
  if (mode_ == Mode::kUndecided) {
    if (auto s = decide(true); !s) return std::move(s).error();
    if (mode_ == Mode::kAppleHealth) {
      if (auto s = start_apple_health(as_text(text_)); !s) return std::move(s).error();
    }
  }
  if (mode_ == Mode::kAppleHealth) return finish_apple_health();
  if (mode_ == Mode::kNdjson) {
    if (auto s = take_lines(true); !s) return std::move(s).error();
    read_.kind = fhir::InputKind::kNdjson;
    read_.bundle_type = "ndjson";
  } else {
    auto payload = open_envelope(vault_, as_text(text_), source_, opened_with_);
    if (!payload) return std::move(payload).error();
    if (lifelog::looks_like_lifelog(*payload)) return finish_lifelog(*payload);
    // A signed Apple Health export: whole in memory already (the signature covers it all).
    if (lifelog::looks_like_apple_health(*payload)) {
      if (auto s = start_apple_health(*payload); !s) return std::move(s).error().within(source_.name);
      return finish_apple_health();
    }
    if (auto s = ensure_import(); !s) return std::move(s).error();
    auto read = fhir::read_fhir(*payload, [this](fhir::Resource&& r) { return import_->store(r); });
    if (!read) return std::move(read).error().within(source_.name);
    read_ = std::move(read).value();
  }
  text_.clear();
  for (auto& e : read_.skipped) e = e.within(source_.name);
  for (auto& e : read_.flagged) e = e.within(source_.name);
  if (auto s = ensure_import(); !s) return std::move(s).error();
  auto report = import_->commit(source_, std::move(read_));
  if (!report) return std::move(report).error();
  return to_json(report.value());
}

Result<nlohmann::json> StreamingImport::finish_lifelog(std::string_view payload) {
  auto parsed = lifelog::parse_lifelog(payload);
  if (!parsed) return std::move(parsed).error().within(source_.name);
  for (auto& e : parsed->skipped) e = e.within(source_.name);
  auto report = vault_.import_lifelog(source_, *parsed);
  text_.clear();
  if (!report) return std::move(report).error();
  return to_json(report.value());
}

}  // namespace techo::detail
