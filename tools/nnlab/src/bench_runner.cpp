#include "nnlab/tool/bench_runner.hpp"

#include <unistd.h>

#include <atomic>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>

#include "nnlab/tool/process.hpp"

namespace nnlab::tool {
namespace {

namespace fs = std::filesystem;

/// Regular-expression special characters in an op or size are escaped (sizes are digits and
/// '/', ops identifiers, but a manifest could say anything).
std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::string("\\^$.|?*+()[]{}").find(c) != std::string::npos) out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string row_filter(const std::string& op, const std::string& implementation,
                       const std::string& size) {
  // fmt rather than `"^" + std::string`, which trips GCC 12's false -Wrestrict.
  return fmt::format("^{}/{}/{}", escape(op), escape(implementation),
                     size.empty() ? std::string() : fmt::format("{}(/|$)", escape(size)));
}

BenchRunResult run_benchmarks(const BenchRunOptions& o) {
  BenchRunResult result;
  fs::create_directories(o.work_dir);
  const int rounds = std::max(1, o.rounds);
  const std::size_t n = o.programs.size();
  for (int round = 0; round < rounds; ++round) {
    for (std::size_t k = 0; k < n; ++k) {
      const auto& p = o.programs[round % 2 ? n - 1 - k : k];
      const std::string stem = fmt::format("{}.{}", p.label, round);
      const fs::path json = o.work_dir / (stem + ".json");
      std::error_code ec;
      fs::remove(json, ec);
      ProcessOptions run;
      run.argv = {p.path.string(), "--benchmark_out=" + json.string(),
                  "--benchmark_out_format=json",
                  fmt::format("--benchmark_min_time={}", o.min_time)};
      if (!p.filter.empty()) run.argv.push_back("--benchmark_filter=" + p.filter);
      run.output = o.work_dir / (stem + ".log");
      run.timeout_s = o.timeout_s;
      // OMP_WAIT_POLICY=passive: libtorch's OpenMP workers would otherwise spin between
      // parallel regions and starve OpenBLAS's threads (6x slower rows on 2 cores). OpenMP
      // reads it when the program loads, so it must be set here, not in the program.
      run.env = {fmt::format("NNLAB_BENCH_THREADS={}", o.threads), "OMP_WAIT_POLICY=passive"};
      if (o.progress) {
        o.progress(fmt::format("round {}/{}: {}{}", round + 1, rounds, p.label,
                               p.filter.empty() ? "" : " (" + p.filter + ")"));
      }
      const auto r = run_process(run);
      std::optional<BenchRun> parsed;
      if (r.ok()) parsed = parse_benchmark_json(read_text_file(json));
      if (!parsed && r.ok() &&
          read_text_file(run.output).find("Failed to match any benchmarks") != std::string::npos) {
        continue;  // the filter selects none of its rows: nothing to report
      }
      if (!parsed) {
        result.problems.push_back(fmt::format(
            "{}, round {}: {}\n{}", p.label, round + 1,
            r.ok() ? "wrote no benchmark report" : r.describe(), tail_of_file(run.output, 6)));
        continue;
      }
      parsed->program = p.label;
      parsed->variant = p.variant;
      parsed->gpu = p.gpu;
      parsed->round = round;
      result.runs.push_back(std::move(*parsed));
    }
  }
  return result;
}

std::vector<RowName> list_rows(const fs::path& program, const std::string& filter,
                               double timeout_s) {
  const auto dir = fs::temp_directory_path();
  ProcessOptions run;
  run.argv = {program.string(), "--benchmark_list_tests=true"};
  if (!filter.empty()) run.argv.push_back("--benchmark_filter=" + filter);
  static std::atomic<int> counter{0};
  run.output = dir / fmt::format("nnlab-list-rows-{}-{}.txt", ::getpid(), counter++);
  run.timeout_s = timeout_s;
  const auto r = run_process(run);
  const std::string text = read_text_file(run.output);
  std::error_code ec;
  fs::remove(run.output, ec);
  if (!r.ok()) {
    throw std::runtime_error(fmt::format("{} --benchmark_list_tests: {}\n{}", program.string(),
                                         r.describe(), text.substr(0, 2000)));
  }
  std::vector<RowName> rows;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (auto id = parse_row_name(line); id && line.find(' ') == std::string::npos) {
      rows.push_back(*id);
    }
  }
  return rows;
}

}  // namespace nnlab::tool
