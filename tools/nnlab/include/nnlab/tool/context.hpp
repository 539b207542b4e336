#pragma once
/// @file
/// Where things are: the build tree, the source root and the index that links them.

#include <filesystem>
#include <string>
#include <vector>

#include "nnlab/tool/index.hpp"
#include "nnlab/tool/manifest.hpp"

namespace nnlab::tool {

/// The build tree, source root and index every command works on.
struct Context {
  std::filesystem::path build_dir;
  std::filesystem::path root;
  Index index;

  /// Manifests of all chapters in the index, in order (loaded on first use).
  const std::vector<Manifest>& manifests() const;
  /// Finds an exercise by id; throws std::runtime_error listing the valid ids when unknown.
  std::pair<const Manifest*, const Exercise*> find_exercise(const std::string& id) const;

 private:
  mutable std::vector<Manifest> manifests_;
  mutable bool loaded_ = false;
};

/// The build folder to use: `explicit_dir` when given; else $NNLAB_BUILD_DIR; else the build
/// tree this tool was built in (it lives in <build>/bin); else ./build.
std::filesystem::path resolve_build_dir(const std::string& explicit_dir);

/// Loads the index of the resolved build folder; root is `explicit_root` or the index's
/// source_dir. @throws std::runtime_error (no index: run ./nnlab).
Context load_context(const std::string& build_dir, const std::string& root);

}  // namespace nnlab::tool
