#pragma once
/// @file
/// What `bench` writes: a markdown report (build/bench/results.md, also printed) whose header
/// says where and how it was measured, and build/bench/results.json with every raw run.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nnlab/tool/bench.hpp"

namespace nnlab::tool {

/// Where and how the benchmarks ran, for the header of the table.
struct BenchMachine {
  std::string cpu;        ///< "AMD EPYC, 2 cores, 23.4 GiB RAM"
  std::string gpu;        ///< the programs' nnlab_gpu context: a device, or "no GPU (<why>)"
  std::string compiler;   ///< "GNU 12.2.0; CUDA NVIDIA 13.0.88"
  std::string build;      ///< "Release (-O3 -DNDEBUG)"
  std::string threads;    ///< "OpenBLAS 1, libtorch 1 (NNLAB_BENCH_THREADS=1)"
  std::string libraries;  ///< "OpenBLAS 0.3.21 ..., libtorch 1.13.0"
  std::string benchmark;  ///< the Google Benchmark line, saying when its library is a debug build
  std::string date, host;
  bool has_gpu = false;   ///< the programs saw a usable GPU
};

/// The CPU's model name from /proc/cpuinfo ("model name"); "unknown CPU" when absent.
std::string cpu_model(const std::filesystem::path& cpuinfo = "/proc/cpuinfo");

/// Fills a BenchMachine from this machine and the runs' JSON contexts (thread counts, the
/// GPU, the compiler and build type the programs were compiled with).
BenchMachine describe_machine(const std::vector<BenchRun>& runs);

/// A target a program sets for one of its rows: the share of another implementation's speed
/// (same op and size) the row must reach, i.e. other's time / this row's time >= share.
struct BenchTarget {
  double share = 0;
  std::string against = "memcpy_d2d";  ///< the implementation compared with
};

/// The targets the programs set, keyed by "Op/implementation/size", from their JSON contexts:
/// `nnlab_ceiling_target:<row>` = `0.80` (a share of the device-to-device copy's bandwidth)
/// and `nnlab_share_target:<row>` = `cublas 0.60` (a share of another implementation's speed).
std::map<std::string, BenchTarget> bench_targets(const std::vector<BenchRun>& runs);

/// How the numbers were obtained, for the header.
struct BenchReportOptions {
  int rounds = 3;
  double min_time = 0.1;
  std::string filter;              ///< as given to `bench --filter`, if any
  std::vector<std::string> notes;  ///< extra lines under the table
  std::map<std::string, BenchTarget> targets;  ///< see bench_targets
};

/// One line per target: "target: AxpyCuda/reference at 2^28 reaches 87% of the D2D copy
/// (at least 80%): met", "target: Sgemm/regblocked at 4096×4096×4096 reaches 64% of cublas
/// (at least 60%): met", "... NOT met", or "... not measured (...)". Rows filtered out or
/// skipped for want of a GPU give no line (the no-GPU note says it).
std::vector<std::string> target_lines(const std::vector<BenchSummary>& rows,
                                      const std::map<std::string, BenchTarget>& targets);

/// The report in markdown: title, header lines, one table (op, size, implementation, time,
/// GB/s, GFLOP/s, time relative to the reference, % of the device-to-device copy ceiling for
/// GPU ops, note) and notes. GPU rows skipped for want of a GPU are summed up in one note
/// instead of one row each.
std::string bench_markdown(const BenchMachine& machine, const std::vector<BenchSummary>& rows,
                           const BenchReportOptions& options);

/// build/bench/results.json: machine, options, the summarised rows and every raw run.
nlohmann::json bench_results_json(const BenchMachine& machine, const std::vector<BenchRun>& runs,
                                  const std::vector<BenchSummary>& rows,
                                  const BenchReportOptions& options);

}  // namespace nnlab::tool
