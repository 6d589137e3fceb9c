// A minimal POSIX ustar archive writer and reader, private to core: backups are tar files
// inside age, so `age -d backup.age | tar x` hands a person standard, readable files.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "techo/result.hpp"

namespace techo::detail {

class TarWriter {
 public:
  void add(std::string_view name, std::string_view data, long long mtime);
  std::string finish();  // appends the two zero blocks and returns the archive

 private:
  std::string out_;
};

// Regular files by name. Errors (MALFORMED_INPUT) name the entry; a name twice or an entry
// that is not a regular file is an error.
[[nodiscard]] Result<std::map<std::string, std::string>> read_tar(std::string_view archive);

}  // namespace techo::detail
