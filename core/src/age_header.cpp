#include "age_header.hpp"

#include "techo/age.hpp"
#include "techo/encoding.hpp"

namespace techo::age::detail {
namespace {

using encoding::Padding;
constexpr std::size_t kColumns = 64;

bool is_vchar(char c) { return c >= 33 && c <= 126; }

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) break;
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace

Error header_error(std::string message) {
  return Error{ErrorCode::kAgeHeader, "the age header is invalid: " + std::move(message), "header"};
}

Result<std::size_t> HeaderScanner::scan(std::string_view buffer) {
  // Fail fast on a file that does not start like an age file at all.
  if (examined_ <= kVersionLine.size()) {
    const std::size_t first = std::min(buffer.size(), kVersionLine.size() + 1);
    const std::string expected = std::string(kVersionLine) + "\n";
    if (buffer.substr(0, first) != std::string_view(expected).substr(0, first)) {
      return Error{ErrorCode::kAgeHeader,
                   "this is not an age-encrypted file (it does not start with \"age-encryption.org/v1\")", "header"};
    }
  }
  while (examined_ < buffer.size()) {
    const std::size_t end = buffer.find('\n', examined_);
    if (end == std::string_view::npos) {
      examined_ = buffer.size();
      break;
    }
    examined_ = end + 1;
    const std::string_view line = buffer.substr(line_start_, end - line_start_);
    line_start_ = end + 1;
    if (line.substr(0, 3) == "---") return end + 1;
    // A body line is base64 and never starts so; parse_header rejects one that does.
    if (line.substr(0, 3) == "-> " && ++stanzas_ > kMaxStanzas) {
      return header_error("it has more than " + std::to_string(kMaxStanzas) +
                          " recipient stanzas (no real file names so many recipients)");
    }
  }
  if (buffer.size() > kMaxHeaderBytes) return header_error("it is longer than 1 MiB");
  return std::size_t{0};
}

Result<std::size_t> find_header_end(std::string_view buffer) { return HeaderScanner{}.scan(buffer); }

Result<Header> parse_header(std::string_view text) {
  const auto lines = split_lines(text);
  if (lines.empty() || lines[0] != kVersionLine) return header_error("unsupported version line");
  Header header;
  std::size_t offset = lines[0].size() + 1;
  std::size_t i = 1;
  while (i < lines.size()) {
    std::string_view line = lines[i];
    if (line.substr(0, 3) == "---") {
      if (i + 1 != lines.size()) return header_error("data after the MAC line");
      if (line.substr(0, 4) != "--- ") return header_error("the MAC line must read \"--- <MAC>\"");
      auto mac = encoding::base64_decode(line.substr(4), Padding::kNone);
      if (!mac || mac->size() != 32) return header_error("the MAC is not 32 bytes of canonical base64");
      std::copy(mac->begin(), mac->end(), header.mac.begin());
      header.mac_input_size = offset + 3;
      header.total_size = offset + line.size() + 1;
      return header;
    }
    if (line.substr(0, 3) != "-> ") return header_error("expected a stanza (\"-> \") or the MAC line (\"---\")");
    if (header.stanzas.size() == kMaxStanzas) {
      return header_error("it has more than " + std::to_string(kMaxStanzas) +
                          " recipient stanzas (no real file names so many recipients)");
    }
    Stanza stanza;
    std::string_view rest = line.substr(3);
    while (true) {
      const std::size_t space = rest.find(' ');
      std::string_view arg = rest.substr(0, space);
      if (arg.empty()) return header_error("a stanza has an empty argument");
      for (char c : arg) {
        if (!is_vchar(c)) return header_error("a stanza argument has a character outside printable ASCII");
      }
      stanza.args.emplace_back(arg);
      if (space == std::string_view::npos) break;
      rest = rest.substr(space + 1);
    }
    offset += line.size() + 1;
    ++i;
    // The body: full 64-column lines, ended by one shorter (possibly empty) line.
    std::string body_text;
    while (true) {
      if (i >= lines.size()) return header_error("a stanza body is not terminated");
      std::string_view body_line = lines[i];
      if (body_line.size() > kColumns) return header_error("a stanza body line is longer than 64 columns");
      if (body_line.substr(0, 3) == "-> " || body_line.substr(0, 3) == "---") {
        return header_error("every stanza must end with a short body line");
      }
      body_text.append(body_line);
      offset += body_line.size() + 1;
      ++i;
      if (body_line.size() < kColumns) break;
    }
    auto body = encoding::base64_decode(body_text, Padding::kNone);
    if (!body) return header_error("a stanza body is not canonical base64");
    stanza.body = std::move(*body);
    header.stanzas.push_back(std::move(stanza));
  }
  return header_error("the MAC line is missing");
}

std::string format_header_without_mac(const std::vector<Stanza>& stanzas) {
  std::string out(kVersionLine);
  out += '\n';
  for (const auto& stanza : stanzas) {
    out += "->";
    for (const auto& arg : stanza.args) {
      out += ' ';
      out += arg;
    }
    out += '\n';
    const std::string body = encoding::base64_encode(stanza.body, Padding::kNone);
    for (std::size_t at = 0;; at += kColumns) {
      const std::string_view line = std::string_view(body).substr(at, kColumns);
      out += line;
      out += '\n';
      if (line.size() < kColumns) break;  // includes the empty line after a full last line
    }
  }
  out += "---";
  return out;
}

std::array<std::uint8_t, 32> header_mac(std::span<const std::uint8_t, kFileKeyBytes> file_key,
                                        std::string_view mac_input) {
  crypto::Secret<32> mac_key;
  crypto::hkdf_sha256(file_key, {}, "header", mac_key.span());
  return crypto::hmac_sha256(mac_key.view(), crypto::as_bytes(mac_input));
}

}  // namespace techo::age::detail
