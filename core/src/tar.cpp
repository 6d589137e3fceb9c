#include "tar.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace techo::detail {
namespace {

constexpr std::size_t kBlock = 512;

void octal(char* field, std::size_t width, unsigned long long value) {
  std::snprintf(field, width, "%0*llo", static_cast<int>(width - 1), value);
}

unsigned long long parse_octal(const char* field, std::size_t width, bool& ok) {
  unsigned long long v = 0;
  std::size_t i = 0;
  while (i < width && field[i] == ' ') ++i;
  for (; i < width && field[i] >= '0' && field[i] <= '7'; ++i) v = v * 8 + static_cast<unsigned>(field[i] - '0');
  for (; i < width; ++i) {
    if (field[i] != '\0' && field[i] != ' ') ok = false;
  }
  return v;
}

unsigned checksum(const char* header) {
  unsigned sum = 0;
  for (std::size_t i = 0; i < kBlock; ++i) {
    sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(header[i]);
  }
  return sum;
}

}  // namespace

void TarWriter::add(std::string_view name, std::string_view data, long long mtime) {
  char header[kBlock] = {};
  std::memcpy(header, name.data(), std::min<std::size_t>(name.size(), 99));
  octal(header + 100, 8, 0644);
  octal(header + 108, 8, 0);
  octal(header + 116, 8, 0);
  octal(header + 124, 12, data.size());
  octal(header + 136, 12, static_cast<unsigned long long>(mtime));
  header[156] = '0';
  std::memcpy(header + 257, "ustar", 6);
  std::memcpy(header + 263, "00", 2);
  std::memcpy(header + 265, "techo", 5);
  std::memcpy(header + 297, "techo", 5);
  std::snprintf(header + 148, 8, "%06o", checksum(header));
  header[155] = ' ';
  out_.append(header, kBlock);
  out_.append(data);
  out_.append((kBlock - data.size() % kBlock) % kBlock, '\0');
}

std::string TarWriter::finish() {
  out_.append(2 * kBlock, '\0');
  return std::move(out_);
}

Result<std::map<std::string, std::string>> read_tar(std::string_view archive) {
  std::map<std::string, std::string> files;
  std::size_t at = 0;
  while (at + kBlock <= archive.size()) {
    const char* header = archive.data() + at;
    if (std::all_of(header, header + kBlock, [](char c) { return c == '\0'; })) return files;
    const std::string name(header, strnlen(header, 100));
    bool ok = std::memcmp(header + 257, "ustar", 5) == 0;
    const auto size = parse_octal(header + 124, 12, ok);
    const auto sum = parse_octal(header + 148, 8, ok);
    if (!ok || sum != checksum(header)) {
      return Error{ErrorCode::kMalformedInput, "not a valid tar entry header", "archive entry at byte " + std::to_string(at)};
    }
    at += kBlock;
    if (size > archive.size() - at) {
      return Error{ErrorCode::kMalformedInput, "the archive is truncated", "archive entry " + name};
    }
    // Exactly the files the manifest can vouch for: a second entry of the same name (which
    // one would count?) or anything but a regular file is refused, never skipped.
    if (header[156] != '0' && header[156] != '\0') {
      return Error{ErrorCode::kMalformedInput, "the archive holds something that is not a regular file", "archive entry " + name};
    }
    if (!files.emplace(name, std::string(archive.substr(at, size))).second) {
      return Error{ErrorCode::kMalformedInput, "the archive holds two entries of this name", "archive entry " + name};
    }
    at += (size + kBlock - 1) / kBlock * kBlock;
  }
  return Error{ErrorCode::kMalformedInput, "the archive has no end marker (it is truncated)", "archive"};
}

}  // namespace techo::detail
