#pragma once
// Helpers for the tool's tests: a self-removing temporary directory and file writing.

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "nnlab_tool_test_paths.hpp"

namespace nnlab::tool::test {

/// A fresh directory, removed with its contents at the end of the scope.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "nnlab-tool-test-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

/// Writes `text` to `file`, creating its folders.
inline void write_file(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

inline std::filesystem::path fixture(const std::string& name) {
  return std::filesystem::path(NNLAB_TOOL_FIXTURE_DIR) / name;
}

inline std::filesystem::path test_data(const std::string& name) {
  return std::filesystem::path(NNLAB_TOOL_TEST_DATA_DIR) / name;
}

}  // namespace nnlab::tool::test
