#include "age_vectors.hpp"

#include <catch2/catch.hpp>
#include <zlib.h>

#include <algorithm>
#include <filesystem>

#include "test_data.hpp"

namespace techo::test {
namespace {

std::string inflate_all(const std::string& compressed) {
  z_stream stream{};
  REQUIRE(inflateInit(&stream) == Z_OK);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  char buffer[65536];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    rc = inflate(&stream, Z_NO_FLUSH);
    REQUIRE((rc == Z_OK || rc == Z_STREAM_END));
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  inflateEnd(&stream);
  return out;
}

}  // namespace

std::vector<std::string> age_vector_names() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(data_path("age-cctv"))) {
    const std::string name = entry.path().filename().string();
    if (name != "SOURCE.txt") names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

AgeVector load_age_vector(const std::string& name) {
  const std::string raw = read_data("age-cctv/" + name);
  AgeVector v;
  v.name = name;
  bool compressed = false;
  std::size_t at = 0;
  while (true) {
    const std::size_t end = raw.find('\n', at);
    REQUIRE(end != std::string::npos);
    const std::string line = raw.substr(at, end - at);
    at = end + 1;
    if (line.empty()) break;
    const std::size_t colon = line.find(": ");
    REQUIRE(colon != std::string::npos);
    const std::string key = line.substr(0, colon), value = line.substr(colon + 2);
    if (key == "expect") v.expect = value;
    else if (key == "payload") v.payload_sha256 = value;
    else if (key == "identity") {
      v.identities.push_back(value);
      if (value.rfind("AGE-SECRET-KEY-PQ-", 0) == 0) v.post_quantum = true;
    } else if (key == "passphrase") v.passphrases.push_back(value);
    else if (key == "armored") v.armored = value == "yes";
    else if (key == "compressed") { REQUIRE(value == "zlib"); compressed = true; }
    else if (key == "file key" || key == "comment") {}
    else v.unknown_keys = true;
  }
  if (name.find("hybrid") != std::string::npos || name.find("mlkem") != std::string::npos) v.post_quantum = true;
  v.file = compressed ? inflate_all(raw.substr(at)) : raw.substr(at);
  return v;
}

}  // namespace techo::test
