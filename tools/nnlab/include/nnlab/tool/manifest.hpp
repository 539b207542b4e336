#pragma once
/// @file
/// A chapter's manifest, chapters/NN_topic/exercises.json: its exercises, the test suites
/// that grade each, points, hints and references.

#include <filesystem>
#include <string>
#include <vector>

namespace nnlab::tool {

/// One exercise.
struct Exercise {
  std::string id;     ///< "01.1"
  std::string title;
  std::string file;   ///< relative to the chapter folder: "exercises/linreg_forward.cpp"
  std::vector<std::string> suites;
  double points = 0;
  std::vector<std::string> hints;
  std::vector<std::string> references;
};

/// One chapter's manifest.
struct Manifest {
  std::string chapter;  ///< "01_linear"
  std::string title;    ///< "Linear networks"
  std::vector<Exercise> exercises;

  const Exercise* find(const std::string& id) const;
  /// The exercises listing `suite` (one, if the manifest is consistent).
  std::vector<const Exercise*> exercises_with_suite(const std::string& suite) const;
};

/// Parses manifest text; `chapter` fills in a missing "chapter" field.
/// @throws std::runtime_error naming what is malformed.
Manifest parse_manifest(const std::string& text, const std::string& chapter = "");

/// Loads `<root>/chapters/<chapter>/exercises.json`. @throws std::runtime_error.
Manifest load_manifest(const std::filesystem::path& root, const std::string& chapter);

/// All manifests of the chapters in `chapters`, in that order.
std::vector<Manifest> load_manifests(const std::filesystem::path& root,
                                     const std::vector<std::string>& chapters);

/// Where an exercise's stub lives: `<root>/chapters/<chapter>/<file>`.
std::filesystem::path exercise_path(const std::filesystem::path& root, const std::string& chapter,
                                    const Exercise& ex);
/// Where its reference solution lives: `<root>/solutions/<chapter>/<file name>`.
std::filesystem::path solution_path(const std::filesystem::path& root, const std::string& chapter,
                                    const Exercise& ex);

}  // namespace nnlab::tool
