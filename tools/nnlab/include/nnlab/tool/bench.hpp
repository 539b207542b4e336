#pragma once
/// @file
/// Benchmark results: reading Google Benchmark's JSON output, row names, and summarising
/// repeated runs into one row per op, size and implementation (median time, rates, ratio to
/// the reference, share of the device-to-device copy ceiling).
///
/// Rows are named `Op/implementation/size...` by the bench programs (bench/common/include/
/// nnlab/bench/bench.hpp), e.g. `SquaredLoss/reference/1048576/real_time`; Google Benchmark
/// may append `/real_time`, `/manual_time`, `/min_time:...` and the like, which are dropped.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace nnlab::tool {

/// A row name split into its parts.
struct RowName {
  std::string op;              ///< "SquaredLoss"
  std::string implementation;  ///< "reference", "student", "naive", "libtorch", "cublas", ...
  std::string size;            ///< the arguments, "1048576" or "16384/64"
  /// "SquaredLoss/reference/1048576".
  std::string str() const;
};

/// Splits a Google Benchmark row name; std::nullopt when it has fewer than two parts.
std::optional<RowName> parse_row_name(const std::string& name);

/// The implementation name of the ceiling rows: a device-to-device copy of the same bytes.
inline constexpr const char* kCeilingImplementation = "memcpy_d2d";

/// One row of one run of one bench program.
struct BenchRow {
  RowName id;
  std::string name;        ///< as Google Benchmark printed it
  double seconds = 0;      ///< per iteration: wall-clock (UseRealTime) or manual time
  double bytes_per_second = 0, flops_per_second = 0;  ///< 0 when the row has no such counter
  long long iterations = 0;
  bool error = false;      ///< skipped (SkipWithError): not implemented, no GPU, ...
  std::string error_message;
};

/// One run of one bench program.
struct BenchRun {
  std::string program;  ///< a label: "01_linear/linear_bench-solution"
  std::string variant;  ///< "exercise" or "solution"
  bool gpu = false;
  int round = 0;        ///< which interleaved round (0-based)
  std::map<std::string, std::string> context;  ///< the JSON context, values as text
  std::vector<BenchRow> rows;
};

/// Parses the JSON Google Benchmark writes (`--benchmark_out_format=json`); aggregate rows
/// (mean, median, stddev of `--benchmark_repetitions`) are left out. std::nullopt when the
/// text is not such a report.
std::optional<BenchRun> parse_benchmark_json(const std::string& text);

/// One op, size and implementation over every run.
struct BenchSummary {
  RowName id;
  std::string variant;  ///< of the program it came from
  bool gpu = false;
  int runs = 0;             ///< runs that measured it
  double seconds = 0;       ///< median time of one call
  double min_seconds = 0, max_seconds = 0;
  double bytes = 0, flops = 0;  ///< per call, from the rate counters
  std::string error;        ///< set when no run measured it: why it was skipped
  std::optional<double> ratio;          ///< seconds / the reference's seconds
  std::optional<double> ceiling_share;  ///< the ceiling's seconds / seconds (1 = 100%)
  double gbps() const { return seconds > 0 && bytes > 0 ? bytes / seconds / 1e9 : 0.0; }
  double gflops() const { return seconds > 0 && flops > 0 ? flops / seconds / 1e9 : 0.0; }
};

/// The median of a non-empty list (the mean of the middle two for an even count).
double median(std::vector<double> values);

/// Summarises runs: one entry per (op, size, implementation) with the median time; ratios
/// to the row of implementation "reference" with the same op and size, and for ops with a
/// `memcpy_d2d` row, each row's share of it. Ordered by op (first appearance), size (numeric)
/// and implementation (naive, reference, student, libtorch, cublas, memcpy_d2d, others).
std::vector<BenchSummary> summarize(const std::vector<BenchRun>& runs);

/// The size part of a row as people read it: "1048576" -> "2^20", "16384/64" -> "2^14×64".
std::string format_size(const std::string& size);

/// A time in the unit that suits it: "617 µs", "1.23 ms", "12.0 ns".
std::string format_seconds(double seconds);

/// The product of a size's numeric parts ("16384/64" -> 1048576), for ordering; 0 if none.
double size_volume(const std::string& size);

}  // namespace nnlab::tool
