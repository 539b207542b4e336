#pragma once
/// @file
/// The test engine shared by grade, check and the self-test: lists a test binary's tests, runs
/// it whole with a time limit, and when it crashes or hangs runs its tests one by one so that
/// only the culprit is marked crashed / timed out and every other test keeps its real result.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "nnlab/tool/test_result.hpp"

namespace nnlab::tool {

/// How to run one binary.
struct EngineOptions {
  std::filesystem::path binary;
  /// Stem of the files written under `work_dir` (logs and JSON reports); unique per binary.
  std::string label;
  std::filesystem::path work_dir;
  /// Limit for the whole binary, and for each test when isolating. 0: none.
  double timeout_s = 120;
  /// When true only graded tests are isolated and reported; otherwise every test.
  bool graded_only = true;
  /// Tests re-run at once when isolating: a binary whose tests all hang then costs about one
  /// time limit per `isolation_jobs` tests rather than one per test.
  int isolation_jobs = 1;
  /// Source root, stripped from paths in failure messages.
  std::string root;
};

/// Everything learnt from one binary.
struct BinaryOutcome {
  bool listed = false;       ///< `--nnlab_list` worked
  std::string list_problem;  ///< why not
  TestListing listing;
  /// One result per test of interest (graded ones, or all), keyed by "Suite.Name".
  std::map<std::string, TestResult> results;
  bool whole_run_clean = false;  ///< the whole run finished and wrote its report
  std::string whole_run_problem; ///< "killed by signal 11 (...)", "timed out ...", ...
  bool isolated = false;         ///< tests were re-run one by one
  double seconds = 0;
  std::filesystem::path log;     ///< output of the whole run
};

/// Lists, runs and if needed isolates the tests of one GoogleTest binary built with
/// nnlab::testing_main.
BinaryOutcome run_test_binary(const EngineOptions& options);

/// Runs a plain GoogleTest binary (no `--nnlab_list`) once and reads its report: used for
/// the tool's own unit tests. `results` is empty and `whole_run_problem` set if it crashed.
BinaryOutcome run_plain_gtest_binary(const EngineOptions& options);

}  // namespace nnlab::tool
