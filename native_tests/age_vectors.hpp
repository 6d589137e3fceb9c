// Reader for the C2SP CCTV age test vectors (data/age-cctv): a "key: value" header, a
// blank line, then the age file, zlib-compressed when the header says so.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace techo::test {

struct AgeVector {
  std::string name;
  std::string expect;                    // "success", "header failure", "HMAC failure", ...
  std::optional<std::string> payload_sha256;  // hex; for failures, of what was released first
  std::vector<std::string> identities;
  std::vector<std::string> passphrases;
  bool armored = false;
  bool post_quantum = false;             // needs ML-KEM: skipped, Techo does not support it
  bool unknown_keys = false;             // a header key this reader does not know: skipped
  std::string file;                      // the age file, decompressed
};

std::vector<std::string> age_vector_names();
AgeVector load_age_vector(const std::string& name);

}  // namespace techo::test
