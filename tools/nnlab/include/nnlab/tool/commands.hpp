#pragma once
/// @file
/// The subcommands of nnlab-tool. Each returns the process exit status.

#include <string>
#include <vector>

#include "nnlab/tool/context.hpp"
#include "nnlab/tool/state.hpp"

namespace nnlab::tool {

/// Options of `grade`.
struct GradeCommand {
  bool solution = false;
  double timeout_s = 120;
  std::vector<std::string> chapters;
  int jobs = 0;  ///< 0: hardware threads
  bool perf = false;          ///< also grade performance points (perf.hpp)
  int perf_rounds = 5;        ///< interleaved runs of each bench program
  double perf_min_time = 0.1; ///< --benchmark_min_time of each run
};
/// Builds and grades; prints the table; writes report.json, results.json and the state file.
/// With `perf`, then measures the performance points of exercises that passed. 0 whenever
/// grading ran.
int cmd_grade(const Context& ctx, const GradeCommand& options);

/// Options of `test`.
struct SelfTestCommand {
  double timeout_s = 120;
  int jobs = 0;
};
/// The self-test: solutions pass, stubs fail, manifests agree, the tool's own tests pass,
/// bench programs run and performance specs name existing rows.
/// Prints `self-test: N passed, M failed[, K skipped]`; 1 when anything failed.
int cmd_test(const Context& ctx, const SelfTestCommand& options);

/// Options of `bench`.
struct BenchCommand {
  std::vector<std::string> chapters;  ///< empty: all chapters with bench programs
  std::string filter;                 ///< --benchmark_filter for every program
  bool gpu_only = false, cpu_only = false;
  int rounds = 3;                     ///< interleaved runs of each program
  double min_time = 0.1;              ///< --benchmark_min_time
  int threads = 1;                    ///< OpenBLAS and libtorch threads
};
/// Builds and runs the bench programs, prints the markdown table and writes
/// build/bench/results.md and results.json. 1 when nothing could be measured.
int cmd_bench(const Context& ctx, const BenchCommand& options);

/// Chapters and exercises with their recorded state, and the next thing to do.
int cmd_list(const Context& ctx);

/// Builds and tests one exercise; 0 when all its tests pass.
int cmd_check(const Context& ctx, const std::string& id, double timeout_s);

/// Shows the next hint of an exercise (or resets the progress).
int cmd_hint(const Context& ctx, const std::string& id, bool reset);

/// Builds a demo and replaces this process with it.
int cmd_run(const Context& ctx, const std::string& name, bool solution,
            const std::vector<std::string>& args);

/// The first exercise not passed yet (or changed since it passed), skipping unavailable
/// ones; {nullptr, nullptr} when all pass.
std::pair<const Manifest*, const Exercise*> next_exercise(const Context& ctx,
                                                          const StateFile& state);

/// Whether the exercise's file changed after its recorded result.
bool changed_since(const Context& ctx, const Manifest& m, const Exercise& e,
                   const ExerciseState& s);

/// build/nnlab-state.json and build/nnlab-hints.json.
std::filesystem::path state_file(const Context& ctx);
std::filesystem::path hints_file(const Context& ctx);

}  // namespace nnlab::tool
