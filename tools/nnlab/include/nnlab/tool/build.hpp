#pragma once
/// @file
/// Building targets with `cmake --build` and reading compiler errors out of the log.

#include <filesystem>
#include <string>
#include <vector>

namespace nnlab::tool {

/// One diagnostic of GCC/Clang: `file:line:col: error: message`, with the lines after it
/// (the source excerpt and caret) as context.
struct CompilerError {
  std::string file;  ///< as printed, with the source root stripped
  int line = 0;
  int column = 0;
  std::string message;
  std::string context;  ///< following lines that belong to this diagnostic
};

/// How a build went.
struct BuildResult {
  bool ok = false;
  std::filesystem::path log;
  std::vector<CompilerError> errors;  ///< compiler errors, in log order
  std::string excerpt;  ///< the first errors for people (or the log's tail when none parse)
  double seconds = 0;
};

/// Options of a build.
struct BuildOptions {
  std::filesystem::path build_dir;
  std::vector<std::string> targets;  ///< empty: the default (all) target
  std::filesystem::path log;         ///< where the build output goes
  int jobs = 0;                      ///< 0: the generator's default
  std::string root;                  ///< source root, stripped from paths in the excerpt
  bool keep_going = true;            ///< report every broken file, not just the first
  double timeout_s = 0;
};

/// Runs `cmake --build <build_dir> [--target ...] [--parallel N] [-- -k 0]`.
BuildResult build_targets(const BuildOptions& options);

/// Finds `file:line:col: error:` / `fatal error:` diagnostics (and linker errors, with line 0)
/// in build output; paths under `root` are made relative to it.
std::vector<CompilerError> parse_compiler_errors(const std::string& log, const std::string& root);

/// The first `max_errors` errors as readable text; with `prefer_file`, errors in files whose
/// path ends with it come first.
std::string format_errors(const std::vector<CompilerError>& errors, std::size_t max_errors = 5,
                          const std::string& prefer_file = "");

}  // namespace nnlab::tool
