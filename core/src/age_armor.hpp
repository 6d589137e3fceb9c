// ASCII armor for age files: PEM-like, type "AGE ENCRYPTED FILE", 64-column standard
// base64 with padding, no headers. Decoding is strict and streaming: it emits the bytes of
// each line as soon as the line is complete. Private to core.
#pragma once

#include <string>

#include "techo/age.hpp"

namespace techo::age::detail {

constexpr std::string_view kArmorBegin = "-----BEGIN AGE ENCRYPTED FILE-----";
constexpr std::string_view kArmorEnd = "-----END AGE ENCRYPTED FILE-----";

class ArmorDecoder {
 public:
  [[nodiscard]] Status push(crypto::ByteView input, const Sink& out);
  [[nodiscard]] Status finish(const Sink& out);

 private:
  enum class State { kBeforeBegin, kBody, kAfterEnd };
  Status take_line(std::string_view line, const Sink& out);

  State state_ = State::kBeforeBegin;
  std::string line_;
  std::size_t line_number_ = 0;
  std::size_t previous_length_ = 64;  // length of the previous data line
};

class ArmorEncoder {
 public:
  [[nodiscard]] Status push(crypto::ByteView input, const Sink& out);
  [[nodiscard]] Status finish(const Sink& out);

 private:
  Status emit_line(crypto::ByteView bytes, const Sink& out);
  bool started_ = false;
  crypto::Bytes pending_;  // fewer than 48 bytes: one line's worth
};

}  // namespace techo::age::detail
