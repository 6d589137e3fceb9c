// A JAHIS TC text before its records are read: told from other files by its header,
// decoded to UTF-8, and — when the notebook came as several QR codes — its parts (911)
// recognised and joined.
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "okusuri_records.hpp"
#include "techo/okusuri_techo.hpp"
#include "text_cp932.hpp"

namespace techo::okusuri {
namespace {

constexpr std::string_view kMagic = "JAHISTC";

std::size_t skip_blank(std::string_view t, std::size_t at) {
  while (at < t.size() && (t[at] == '\r' || t[at] == '\n' || t[at] == ' ' || t[at] == '\t')) ++at;
  return at;
}

std::size_t start_of(std::string_view t) {
  const std::size_t at = t.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  return skip_blank(t, at);
}

bool is_split_record(std::string_view line) { return line.substr(0, 4) == "911,"; }

}  // namespace

std::optional<bool> has_header(std::string_view head, bool complete) {
  const std::size_t at = start_of(head);
  const std::string_view rest = head.substr(std::min(at, head.size()));
  // JAHISTC, two digits, a comma: ten bytes decide.
  if (rest.size() < kMagic.size() + 3) {
    if (complete) return false;
    const std::string_view seen = rest.substr(0, std::min(rest.size(), kMagic.size()));
    if (kMagic.substr(0, seen.size()) != seen) return false;
    return std::nullopt;
  }
  return rest.substr(0, kMagic.size()) == kMagic && std::isdigit(static_cast<unsigned char>(rest[7])) &&
         std::isdigit(static_cast<unsigned char>(rest[8])) && rest[9] == ',';
}

Result<std::string> decode(std::string_view bytes) {
  const std::size_t at = bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  const std::string_view body = bytes.substr(at);
  if (text::is_utf8(body)) return std::string(body);
  auto decoded = text::cp932_to_utf8(body);
  if (decoded) return decoded;
  // Name the line the bad byte is on, as the rest of the reader names places.
  Error e = std::move(decoded).error();
  std::size_t offset = 0;
  if (e.path.rfind("byte ", 0) == 0) offset = static_cast<std::size_t>(std::strtoull(e.path.c_str() + 5, nullptr, 10));
  const std::size_t line = 1 + static_cast<std::size_t>(std::count(body.begin(), body.begin() + std::min(offset, body.size()), '\n'));
  const std::size_t line_start = body.rfind('\n', offset == 0 ? 0 : offset - 1);
  const std::size_t column = line_start == std::string_view::npos ? offset + 1 : offset - line_start;
  e.message = "the text is neither UTF-8 nor Shift_JIS (CP932): " + e.message;
  e.path = "line " + std::to_string(line) + ", byte " + std::to_string(column);
  return e;
}

Result<std::optional<SplitPart>> split_of(std::string_view text) {
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (is_split_record(line)) {
      // Read through the record reader so a malformed 911 is named the same way.
      std::string probe = "JAHISTC08,1\r\n";
      probe += line;
      auto records = detail::parse_records(probe);
      if (!records) {
        Error e = std::move(records).error();
        const int n = static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n')) + 1;
        if (auto comma = e.path.find(','); comma != std::string::npos) e.path = "line " + std::to_string(n) + e.path.substr(comma);
        else e.path = "line " + std::to_string(n);
        return e;
      }
      return records->split;
    }
    at = end + 1;
  }
  return std::optional<SplitPart>{};
}

std::string join_parts(const std::vector<std::string>& texts) {
  std::string out;
  bool header = false;
  for (const auto& t : texts) {
    std::size_t at = 0;
    bool first_line = true;
    while (at < t.size()) {
      std::size_t end = t.find('\n', at);
      if (end == std::string::npos) end = t.size();
      std::string_view line = std::string_view(t).substr(at, end - at);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      at = end + 1;
      if (line.empty()) continue;
      const bool is_header = first_line;
      first_line = false;
      if (is_header && header) continue;  // every part repeats the header: keep the first
      header = header || is_header;
      if (is_split_record(line)) continue;
      out.append(line).append("\r\n");
    }
  }
  return out;
}

}  // namespace techo::okusuri
