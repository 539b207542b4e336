#pragma once
/// @file
/// A chapter's manifest, chapters/NN_topic/exercises.json: its exercises, the test suites
/// that grade each, points, hints and references.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace nnlab::tool {

/// Performance points of an exercise (the manifest's optional "perf" object), awarded by
/// `grade --perf` when the exercise passes all its tests and its benchmark row
/// `<benchmark>/student/<size>` takes at most `max_ratio` times the time of
/// `<benchmark>/reference/<size>`, measured side by side.
struct PerfSpec {
  double points = 0;
  std::string benchmark;    ///< the op of the bench rows, e.g. "SquaredLoss"
  double max_ratio = 0;     ///< e.g. 1.5: at most 1.5x the reference's time
  std::string size;         ///< the rows' size, e.g. "1048576"; empty: the largest size
  std::string description;  ///< for people: "squared_loss at most 1.5x ... on 2^20 samples"
};

/// One exercise.
struct Exercise {
  std::string id;     ///< "01.1"
  std::string title;
  std::string file;   ///< relative to the chapter folder: "exercises/linreg_forward.cpp"
  std::vector<std::string> suites;
  double points = 0;
  std::vector<std::string> hints;
  std::vector<std::string> references;
  std::optional<PerfSpec> perf;  ///< performance points, if any
};

/// One chapter's manifest.
struct Manifest {
  std::string chapter;  ///< "01_linear"
  std::string title;    ///< "Linear networks"
  std::vector<Exercise> exercises;

  const Exercise* find(const std::string& id) const;
  /// The exercises listing `suite` (one, if the manifest is consistent).
  std::vector<const Exercise*> exercises_with_suite(const std::string& suite) const;
  /// The sum of the exercises' performance points.
  double perf_points() const;
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
