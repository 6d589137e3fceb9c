// The restore target's input form: a backup's parts as text, each after a line
// "=== <name>", so the fuzzer mutates what is inside the parts rather than tar headers.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace techo::fuzz {

constexpr std::string_view kPartMark = "=== ";

inline std::string join_parts(const std::map<std::string, std::string>& files) {
  std::string text;
  for (const auto& [name, data] : files) {
    text.append(kPartMark).append(name).append("\n").append(data).append("\n");
  }
  return text;
}

// The inverse of join_parts (a part's last newline belongs to the separator); bytes before
// the first mark are ignored.
inline std::vector<std::pair<std::string, std::string>> split_parts(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> parts;
  const std::string mark = std::string("\n").append(kPartMark);
  std::size_t at = text.rfind(kPartMark, 0) == 0 ? 0 : text.find(mark);
  if (at != 0 && at != std::string_view::npos) ++at;
  while (at != std::string_view::npos && at < text.size()) {
    const std::size_t name_end = text.find('\n', at);
    if (name_end == std::string_view::npos) break;
    std::string name(text.substr(at + kPartMark.size(), name_end - at - kPartMark.size()));
    const std::size_t next = text.find(mark, name_end);
    const std::size_t data_end = next == std::string_view::npos ? text.size() : next;
    parts.emplace_back(std::move(name), std::string(text.substr(name_end + 1, data_end - name_end - 1)));
    at = next == std::string_view::npos ? next : next + 1;
  }
  return parts;
}

}  // namespace techo::fuzz
