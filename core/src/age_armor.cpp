#include "age_armor.hpp"

#include "techo/encoding.hpp"

namespace techo::age::detail {
namespace {

constexpr std::size_t kColumns = 64;
constexpr std::size_t kBytesPerLine = 48;
constexpr std::size_t kMaxLine = 256;  // longer is never valid; bounds memory

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool all_space(std::string_view s) {
  for (char c : s) {
    if (!is_space(c)) return false;
  }
  return true;
}

Error armor_error(std::string message, std::size_t line) {
  return Error{ErrorCode::kAgeArmor, "the armored (text) age file is malformed: " + std::move(message),
               "armor line " + std::to_string(line)};
}

}  // namespace

Status ArmorDecoder::push(crypto::ByteView input, const Sink& out) {
  for (std::uint8_t byte : input) {
    const char c = static_cast<char>(byte);
    if (c != '\n') {
      if (line_.size() >= kMaxLine) return armor_error("a line is too long", line_number_ + 1);
      line_ += c;
      continue;
    }
    ++line_number_;
    std::string_view line = line_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // CRLF files are fine
    if (auto s = take_line(line, out); !s) return s;
    line_.clear();
  }
  return Ok{};
}

Status ArmorDecoder::take_line(std::string_view line, const Sink& out) {
  switch (state_) {
    case State::kBeforeBegin:
      if (all_space(line)) return Ok{};
      if (line != kArmorBegin) {
        return Error{ErrorCode::kAgeArmor,
                     "this is not an age-encrypted file (neither binary age nor text starting with \"" +
                         std::string(kArmorBegin) + "\")",
                     "armor line " + std::to_string(line_number_)};
      }
      state_ = State::kBody;
      return Ok{};
    case State::kBody: {
      if (line == kArmorEnd) {
        state_ = State::kAfterEnd;
        return Ok{};
      }
      if (previous_length_ < kColumns) {
        return armor_error("only the last line may be shorter than 64 columns", line_number_ - 1);
      }
      if (line.size() > kColumns) return armor_error("a line is longer than 64 columns", line_number_);
      if (line.empty()) return armor_error("an empty line", line_number_);
      auto bytes = encoding::base64_decode(line, encoding::Padding::kRequired);
      if (!bytes) return armor_error("a line is not canonical base64", line_number_);
      previous_length_ = line.size();
      return out(*bytes);
    }
    case State::kAfterEnd:
      if (all_space(line)) return Ok{};
      return armor_error("data after the end line", line_number_);
  }
  return Ok{};
}

Status ArmorDecoder::finish(const Sink& out) {
  if (!line_.empty()) {
    ++line_number_;
    std::string_view line = line_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (auto s = take_line(line, out); !s) return s;
    line_.clear();
  }
  if (state_ == State::kBeforeBegin) return armor_error("the begin line is missing", line_number_);
  if (state_ == State::kBody) return armor_error("the end line is missing (is the file cut short?)", line_number_);
  return Ok{};
}

Status ArmorEncoder::emit_line(crypto::ByteView bytes, const Sink& out) {
  std::string line = encoding::base64_encode(bytes, encoding::Padding::kRequired);
  line += '\n';
  return out(crypto::as_bytes(line));
}

Status ArmorEncoder::push(crypto::ByteView input, const Sink& out) {
  if (!started_) {
    started_ = true;
    std::string begin = std::string(kArmorBegin) + "\n";
    if (auto s = out(crypto::as_bytes(begin)); !s) return s;
  }
  std::size_t at = 0;
  if (!pending_.empty()) {
    const std::size_t take = std::min(kBytesPerLine - pending_.size(), input.size());
    pending_.insert(pending_.end(), input.begin(), input.begin() + take);
    at = take;
    if (pending_.size() < kBytesPerLine) return Ok{};
    if (auto s = emit_line(pending_, out); !s) return s;
    pending_.clear();
  }
  for (; at + kBytesPerLine <= input.size(); at += kBytesPerLine) {
    if (auto s = emit_line(input.subspan(at, kBytesPerLine), out); !s) return s;
  }
  pending_.assign(input.begin() + at, input.end());
  return Ok{};
}

Status ArmorEncoder::finish(const Sink& out) {
  if (!started_) {
    if (auto s = push({}, out); !s) return s;
  }
  if (!pending_.empty()) {
    if (auto s = emit_line(pending_, out); !s) return s;
    pending_.clear();
  }
  std::string end = std::string(kArmorEnd) + "\n";
  return out(crypto::as_bytes(end));
}

}  // namespace techo::age::detail
