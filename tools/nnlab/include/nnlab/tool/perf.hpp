#pragma once
/// @file
/// Performance points (`grade --perf`). An exercise whose manifest entry carries "perf"
/// (manifest.hpp, PerfSpec) and whose correctness tests all pass has its bench row
/// `<op>/student/<size>` measured against `<op>/reference/<size>`: the exercise and solution
/// bench programs run alternately, several rounds, each side's time is the median, and the
/// points are awarded when student time / reference time <= max_ratio. An exercise whose
/// tests do not all pass never gets them, and nothing is measured for it.
///
/// Grading the solutions (`grade --solution --perf`) measures the solution program's
/// reference row against itself in separate, interleaved runs: a check of the set-up, whose
/// ratio is about 1.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "nnlab/tool/bench_runner.hpp"
#include "nnlab/tool/grade.hpp"
#include "nnlab/tool/index.hpp"
#include "nnlab/tool/manifest.hpp"
#include "nnlab/tool/scoring.hpp"

namespace nnlab::tool {

/// How to measure.
struct PerfOptions {
  std::string variant = "exercise";  ///< the graded variant: its programs give the student side
  int rounds = 5;                    ///< runs of each program, interleaved
  double min_time = 0.1;             ///< --benchmark_min_time of each run
  std::filesystem::path work_dir;    ///< JSON and logs; default <build>/grade/perf
  double timeout_s = 300;            ///< per run
  int threads = 1;                   ///< NNLAB_BENCH_THREADS
  int build_jobs = 0;                ///< cmake --build --parallel; 0: default
  std::function<void(const std::string&)> progress;
};

/// The two programs whose rows are compared.
struct PerfSides {
  BenchProgram reference;  ///< the solution program (rows <op>/reference/...)
  BenchProgram student;    ///< the graded variant's program
  /// The implementation name of the student's rows: "student", or "reference" when the
  /// graded variant is the solution.
  std::string student_implementation = "student";
};

/// The programs of `chapter` for `spec`: the solution program listing `<op>/reference/` rows
/// and the `variant` program listing the student side's rows. std::nullopt, with the reason
/// in `why`, when there are none (benchmarks not built, a GPU op without CUDA, ...).
std::optional<PerfSides> find_perf_sides(const Index& index, const std::string& chapter,
                                         const PerfSpec& spec, const std::string& variant,
                                         std::string& why);

/// One exercise's performance points. `correctness` is its status from the tests: only
/// `passed` leads to a measurement; `skipped` (e.g. GPU tests without a GPU) makes the perf
/// not graded too; anything else withholds the points. Without `sides` it is not graded.
/// The row's size is `spec.size`, else the largest size both programs have. A student row
/// skipped for "no GPU" is not graded; one that fails otherwise withholds the points.
PerfScore grade_perf(const PerfSpec& spec, ExerciseStatus correctness,
                     const std::optional<PerfSides>& sides, const PerfOptions& options,
                     const std::string& why_no_sides = "");

/// `grade --perf`: builds the bench programs of each graded chapter that has exercises with
/// perf points and fills their ExerciseResult::perf.
void grade_performance(GradeReport& report, const Index& index,
                       const std::filesystem::path& build_dir, const std::filesystem::path& root,
                       const PerfOptions& options);

}  // namespace nnlab::tool
