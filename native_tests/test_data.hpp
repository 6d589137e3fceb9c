// Access to the corpora copied into native_tests/data (see each folder's SOURCE.txt).
#pragma once

#include <string>

namespace techo::test {

// Path of a file under native_tests/data, e.g. data_path("synthea-r4/x.json").
std::string data_path(const std::string& relative);
// Whole file as bytes; fails the running test when the file cannot be read.
std::string read_data(const std::string& relative);

// Any file as bytes (empty when it cannot be read), and writing bytes over a file.
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& bytes);

// A fresh, empty folder in the system temp folder, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// A fresh path in the system temp folder, removed (with its journal) when this goes away.
class TempFile {
 public:
  explicit TempFile(const std::string& stem);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace techo::test
