#include "test_data.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace techo::test {

std::string data_path(const std::string& relative) {
  return std::string(TECHO_TEST_DATA_DIR) + "/" + relative;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

std::string read_data(const std::string& relative) {
  REQUIRE(std::filesystem::exists(data_path(relative)));
  return read_file(data_path(relative));
}

namespace {
std::string unique_temp_path(const std::string& stem) {
  static std::atomic<int> counter{0};
  return (std::filesystem::temp_directory_path() /
          ("techo-" + stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
      .string();
}
}  // namespace

TempDir::TempDir() : path_(unique_temp_path("dir")) {
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

TempFile::TempFile(const std::string& stem) : path_(unique_temp_path(stem)) { std::filesystem::remove(path_); }

TempFile::~TempFile() {
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
  std::filesystem::remove(path_ + "-journal", ignored);
}

}  // namespace techo::test
