#pragma once
/// @file
/// The student's progress between commands: build/nnlab-state.json (latest result of each
/// exercise, for `list`) and build/nnlab-hints.json (how many hints each exercise has shown).

#include <filesystem>
#include <map>
#include <string>

#include "nnlab/tool/scoring.hpp"

namespace nnlab::tool {

/// The latest recorded result of one exercise.
struct ExerciseState {
  ExerciseStatus status = ExerciseStatus::not_graded;
  double points = 0, max_points = 0;
  long long time = 0;  ///< when it was recorded, seconds since the epoch
};

/// All recorded results, by exercise id.
class StateFile {
 public:
  explicit StateFile(std::filesystem::path file);
  /// The record of `id`, or nullptr.
  const ExerciseState* find(const std::string& id) const;
  /// Records a result, replacing the previous one. `time`: when the build that produced it
  /// started (seconds since the epoch); 0: now.
  void record(const ExerciseResult& result, long long time = 0);
  /// Writes the file.
  void save() const;
  const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
  std::map<std::string, ExerciseState> states_;
};

/// Hint progress, by exercise id.
class HintBook {
 public:
  explicit HintBook(std::filesystem::path file);
  /// How many hints of `id` were shown so far.
  int shown(const std::string& id) const;
  /// The 1-based number of the hint to show now, out of `count` hints, and records it: the
  /// next unseen one, or the last again once all were seen. 0 when there are none.
  int advance(const std::string& id, int count);
  /// Forgets the progress of `id`.
  void reset(const std::string& id);
  void save() const;

 private:
  std::filesystem::path file_;
  std::map<std::string, int> shown_;
};

/// Seconds since the epoch of a file's last modification; 0 when it does not exist.
long long file_mtime(const std::filesystem::path& file);

}  // namespace nnlab::tool
