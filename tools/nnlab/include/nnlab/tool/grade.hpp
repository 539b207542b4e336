#pragma once
/// @file
/// Grading: build a variant chapter by chapter, run its test binaries with the engine and
/// turn graded tests into exercise results. Shared by `grade` and `check`.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "nnlab/tool/build.hpp"
#include "nnlab/tool/index.hpp"
#include "nnlab/tool/manifest.hpp"
#include "nnlab/tool/scoring.hpp"

namespace nnlab::tool {

/// Progress lines ("building 01_linear ...", "ran linreg_forward_test: 4/6 passed"); called
/// from several threads, one whole line at a time.
using ProgressFn = std::function<void(const std::string&)>;

/// What to grade and how.
struct GradeOptions {
  std::string variant = "exercise";    ///< or "solution"
  double timeout_s = 120;               ///< per binary, and per test when isolating
  std::vector<std::string> chapters;    ///< empty: all
  std::string exercise;                 ///< non-empty: only this exercise (`check`)
  int jobs = 1;                         ///< test binaries run at once
  int isolation_jobs = 1;               ///< tests re-run at once when isolating a crash
  int build_jobs = 0;                   ///< passed to cmake --build --parallel; 0: default
  std::filesystem::path work_dir;       ///< logs and reports; default <build>/grade
  /// Re-read <build>/nnlab_index.json after each build (CMake may have re-run and found new
  /// test files); off only in the tool's own tests, which grade a hand-made index.
  bool reload_index = true;
  ProgressFn progress;
};

/// One chapter's results.
struct ChapterResult {
  std::string chapter, title;
  bool build_ok = true;
  BuildResult build;
  std::vector<ExerciseResult> exercises;
  std::vector<std::string> warnings;  ///< e.g. a graded suite no exercise claims
};

/// A whole grading run.
struct GradeReport {
  std::string variant;
  std::string timestamp;  ///< ISO 8601, UTC
  double seconds = 0;
  double timeout_s = 0;
  std::vector<ChapterResult> chapters;

  /// Every exercise, in order.
  std::vector<ExerciseResult> all_exercises() const;
};

/// Grades per `options`. Throws only when grading cannot run at all (no manifest, ...).
GradeReport grade(const Index& index, const std::filesystem::path& build_dir,
                  const std::filesystem::path& root, const GradeOptions& options);

/// Resolves a chapter given as "01_linear", "01" or "linear"; empty when unknown.
std::string resolve_chapter(const Index& index, const std::string& name);

/// The current time, ISO 8601 in UTC.
std::string now_iso8601();

}  // namespace nnlab::tool
