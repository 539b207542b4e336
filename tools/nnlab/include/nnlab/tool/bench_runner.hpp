#pragma once
/// @file
/// Running bench programs: several programs, several rounds, interleaved, each run writing
/// Google Benchmark's JSON; and listing the rows a program has. Shared by `bench` and by
/// `grade --perf`.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "nnlab/tool/bench.hpp"

namespace nnlab::tool {

/// One program to run, with the rows to run in it.
struct BenchProgram {
  std::filesystem::path path;
  std::string label;    ///< unique among the programs of one call: names its files
  std::string variant;  ///< "exercise" or "solution"
  bool gpu = false;
  std::string filter;   ///< --benchmark_filter (a regular expression); empty: every row
};

/// How to run them.
struct BenchRunOptions {
  std::vector<BenchProgram> programs;
  int rounds = 3;           ///< every program runs this many times
  double min_time = 0.1;    ///< --benchmark_min_time, seconds per row and run
  std::filesystem::path work_dir;  ///< JSON and logs: <label>.<round>.json / .log
  double timeout_s = 600;   ///< per run
  int threads = 1;          ///< $NNLAB_BENCH_THREADS: OpenBLAS and libtorch threads
  std::function<void(const std::string&)> progress;
};

/// Every run that produced a report, and what went wrong with the others.
struct BenchRunResult {
  std::vector<BenchRun> runs;
  std::vector<std::string> problems;  ///< "linear_bench-solution, round 2: killed by signal 11"
};

/// Runs each program `rounds` times. Rounds are interleaved (round r runs every program
/// once, in reverse order on odd rounds), so that drift and noise on the machine touch every
/// program alike; the median over rounds (summarize) is then robust to a disturbed run.
BenchRunResult run_benchmarks(const BenchRunOptions& options);

/// The rows of a program (`--benchmark_list_tests`), filtered by `filter` when not empty.
/// @throws std::runtime_error when the program cannot be run.
std::vector<RowName> list_rows(const std::filesystem::path& program, const std::string& filter = "",
                               double timeout_s = 60);

/// A --benchmark_filter that matches exactly the rows `op/implementation/size` (any size when
/// `size` is empty), whatever Google Benchmark appends after them.
std::string row_filter(const std::string& op, const std::string& implementation,
                       const std::string& size = "");

}  // namespace nnlab::tool
