#pragma once
/// @file
/// build/nnlab_index.json, written by CMake (cmake/nnlab_chapter.cmake): the chapters, test
/// executables, demos and bench programs of one build tree.

#include <filesystem>
#include <string>
#include <vector>

namespace nnlab::tool {

/// A chapter and the variants it builds ("exercise", and "solution" when solutions exist).
struct ChapterEntry {
  std::string chapter;  ///< "01_linear"
  std::string topic;    ///< "linear"
  std::vector<std::string> variants;
  bool has_variant(const std::string& v) const;
};

/// One test executable of one variant.
struct TestEntry {
  std::string chapter;   ///< "01_linear", or "common" for the common layer's tests
  std::string exercise;  ///< "01.1", or empty for a test file of provided code
  std::string variant;   ///< "exercise" or "solution"
  std::string target;    ///< CMake target name
  std::filesystem::path path;
  std::string source;    ///< "tests/01_linear/linreg_forward_test.cpp"
};

/// One demo executable of one variant.
struct DemoEntry {
  std::string chapter, name, variant, target;
  std::filesystem::path path;
};

/// One bench program (bench/NN_topic/<stem>_bench.cpp built for one variant): the solution
/// program holds the naive, reference, libtorch and cuBLAS rows, the exercise program the
/// student's (cmake/nnlab_bench.cmake).
struct BenchEntry {
  std::string chapter, variant, target;
  std::filesystem::path path;
  std::string source;  ///< "bench/01_linear/linear_bench.cpp"
  bool gpu = false;    ///< a *_cuda_bench.cpp program: GPU rows only
  /// "linear_bench": the source's stem, the same for both variants.
  std::string stem() const;
};

/// An exercise this build cannot build (e.g. a CUDA exercise without nvcc).
struct UnavailableEntry {
  std::string chapter, exercise, reason;
};

/// The whole index.
struct Index {
  std::filesystem::path source_dir, binary_dir;
  bool cuda = false;
  std::string chain, build_type;
  std::vector<ChapterEntry> chapters;  ///< in build order
  std::vector<TestEntry> tests;
  std::vector<DemoEntry> demos;
  std::vector<UnavailableEntry> unavailable;
  std::vector<BenchEntry> benches;

  const ChapterEntry* find_chapter(const std::string& chapter) const;
  /// Test executables of one chapter and variant, in index order.
  std::vector<const TestEntry*> tests_of(const std::string& chapter,
                                         const std::string& variant) const;
  /// Bench programs of one chapter and variant (either variant when `variant` is empty).
  std::vector<const BenchEntry*> benches_of(const std::string& chapter,
                                            const std::string& variant = "") const;
  /// The unavailable entry of an exercise, or nullptr.
  const UnavailableEntry* unavailable_exercise(const std::string& id) const;
};

/// Parses the index text. @throws std::runtime_error on malformed JSON.
Index parse_index(const std::string& text);

/// Loads `<build_dir>/nnlab_index.json`. @throws std::runtime_error when it is missing,
/// telling the user to run ./nnlab, which configures the build.
Index load_index(const std::filesystem::path& build_dir);

}  // namespace nnlab::tool
