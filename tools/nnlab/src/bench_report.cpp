#include "nnlab/tool/bench_report.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <thread>

#include <fmt/format.h>

#include "nnlab/tool/console.hpp"

namespace nnlab::tool {
namespace {

using nlohmann::json;

/// The first non-empty value of a context key, from the solution programs first: they link
/// everything (libtorch, OpenBLAS), where a stub's program may link neither.
std::string context_of(const std::vector<BenchRun>& runs, const std::string& key) {
  for (const bool solution : {true, false}) {
    for (const auto& r : runs) {
      if ((r.variant == "solution") != solution) continue;
      auto it = r.context.find(key);
      if (it != r.context.end() && !it->second.empty()) return it->second;
    }
  }
  return {};
}

double memory_gib() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  double kib = 0;
  std::string unit;
  while (in >> key >> kib >> unit) {
    if (key == "MemTotal:") return kib / (1024.0 * 1024.0);
  }
  return 0;
}

/// A markdown table whose columns line up in a terminal too.
std::string markdown_table(const std::vector<std::string>& header,
                           const std::vector<std::vector<std::string>>& rows,
                           const std::vector<bool>& right) {
  std::vector<std::size_t> width(header.size(), 3);
  auto measure = [&](const std::vector<std::string>& r) {
    for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], display_width(r[i]));
  };
  measure(header);
  for (const auto& r : rows) measure(r);
  auto line = [&](const std::vector<std::string>& r) {
    std::string out = "|";
    for (std::size_t i = 0; i < r.size(); ++i) {
      const std::string pad(width[i] - display_width(r[i]), ' ');
      out += fmt::format(" {} |", right[i] ? pad + r[i] : r[i] + pad);
    }
    return out + "\n";
  };
  std::string out = line(header);
  out += "|";
  for (std::size_t i = 0; i < header.size(); ++i) {
    out += right[i] ? fmt::format(" {}: |", std::string(width[i] - 1, '-'))
                    : fmt::format(" {} |", std::string(width[i], '-'));
  }
  out += "\n";
  for (const auto& r : rows) out += line(r);
  return out;
}

bool no_gpu_reason(const std::string& error) { return error.rfind("no GPU", 0) == 0; }

}  // namespace

std::string cpu_model(const std::filesystem::path& cpuinfo) {
  std::ifstream in(cpuinfo);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string v = line.substr(colon + 1);
      v.erase(0, v.find_first_not_of(" \t"));
      v.erase(v.find_last_not_of(" \t") + 1);
      if (!v.empty()) return v;
    }
  }
  return "unknown CPU";
}

BenchMachine describe_machine(const std::vector<BenchRun>& runs) {
  BenchMachine m;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  m.cpu = fmt::format("{}, {} core{}, {:.1f} GiB RAM", cpu_model(), cores, cores == 1 ? "" : "s",
                      memory_gib());
  m.gpu = context_of(runs, "nnlab_gpu");
  if (m.gpu.empty()) m.gpu = "not measured (no GPU programs ran)";
  m.has_gpu = !m.gpu.empty() && m.gpu.rfind("no GPU", 0) != 0 && m.gpu.rfind("not ", 0) != 0;
  m.compiler = context_of(runs, "nnlab_cxx_compiler");
  if (const auto cuda = context_of(runs, "nnlab_cuda_compiler"); !cuda.empty()) {
    m.compiler += "; CUDA " + cuda;
  }
  m.build = context_of(runs, "nnlab_build_type");
  if (const auto flags = context_of(runs, "nnlab_cxx_flags"); !flags.empty()) {
    m.build += " (" + flags + ")";
  }
  const auto blas = context_of(runs, "nnlab_openblas_threads");
  const auto torch = context_of(runs, "nnlab_torch_threads");
  const auto requested = context_of(runs, "nnlab_threads_requested");
  m.threads = fmt::format("OpenBLAS {}, libtorch {} (set explicitly: NNLAB_BENCH_THREADS={})",
                          blas.empty() ? "?" : blas,
                          torch.empty() ? "not linked" : torch, requested.empty() ? "?" : requested);
  std::vector<std::string> libs;
  if (const auto v = context_of(runs, "nnlab_openblas_config"); !v.empty()) libs.push_back(v);
  if (const auto v = context_of(runs, "nnlab_torch_version"); !v.empty()) {
    libs.push_back("libtorch " + v);
  } else {
    libs.push_back("no libtorch rows (libtorch-dev not found, or NNLAB_TORCH=OFF)");
  }
  for (const auto& l : libs) m.libraries += (m.libraries.empty() ? "" : "; ") + l;
  const auto version = context_of(runs, "nnlab_benchmark_version");
  const auto lib_build = context_of(runs, "library_build_type");
  m.benchmark = fmt::format("Google Benchmark {}", version.empty() ? "(version unknown)" : version);
  if (lib_build == "debug") {
    m.benchmark += ": its library is a debug build (Debian's package); timings of our code are "
                   "from " + (context_of(runs, "nnlab_build_type").empty()
                                  ? std::string("our own")
                                  : context_of(runs, "nnlab_build_type")) + " builds";
  } else if (!lib_build.empty()) {
    m.benchmark += " (" + lib_build + " build of the library)";
  }
  m.date = context_of(runs, "date");
  m.host = context_of(runs, "host_name");
  return m;
}

std::map<std::string, BenchTarget> bench_targets(const std::vector<BenchRun>& runs) {
  const std::string ceiling = "nnlab_ceiling_target:", share = "nnlab_share_target:";
  std::map<std::string, BenchTarget> out;
  for (const auto& r : runs) {
    for (const auto& [key, value] : r.context) {
      try {
        if (key.rfind(ceiling, 0) == 0) {
          out[key.substr(ceiling.size())] = {std::stod(value), "memcpy_d2d"};
        } else if (key.rfind(share, 0) == 0) {
          const auto space = value.find(' ');
          if (space == std::string::npos) continue;
          out[key.substr(share.size())] = {std::stod(value.substr(space + 1)),
                                           value.substr(0, space)};
        }
      } catch (const std::exception&) {
        // a malformed number: no target
      }
    }
  }
  return out;
}

std::vector<std::string> target_lines(const std::vector<BenchSummary>& rows,
                                      const std::map<std::string, BenchTarget>& targets) {
  std::vector<std::string> out;
  for (const auto& [name, target] : targets) {
    const auto id = parse_row_name(name);
    if (!id) continue;
    const BenchSummary* row = nullptr;
    const BenchSummary* other = nullptr;
    for (const auto& r : rows) {
      if (r.id.str() == id->str()) row = &r;
      if (r.id.op == id->op && r.id.size == id->size && r.id.implementation == target.against &&
          r.runs > 0) {
        other = &r;
      }
    }
    if (!row) continue;  // filtered out
    if (row->runs == 0 && no_gpu_reason(row->error)) continue;  // the no-GPU note says it
    const std::string what = fmt::format("target: {}/{} at {}", id->op, id->implementation,
                                         format_size(id->size));
    const std::string of =
        target.against == "memcpy_d2d" ? std::string("the D2D copy") : target.against;
    if (row->runs == 0 || other == nullptr) {
      out.push_back(fmt::format("{}: not measured ({}); it must reach {:.0f}% of {}", what,
                                row->runs == 0 ? row->error : "no " + target.against + " row",
                                100 * target.share, of));
    } else {
      const double reached = other->seconds / row->seconds;
      out.push_back(fmt::format("{} reaches {:.0f}% of {} (at least {:.0f}%): {}", what,
                                100 * reached, of, 100 * target.share,
                                reached >= target.share ? "met" : "NOT met"));
    }
  }
  return out;
}

std::string bench_markdown(const BenchMachine& m, const std::vector<BenchSummary>& rows,
                           const BenchReportOptions& o) {
  std::string out = "# nnlab benchmarks\n\n";
  out += fmt::format("- machine: {}{}\n", m.cpu, m.host.empty() ? "" : " (host " + m.host + ")");
  out += fmt::format("- GPU: {}\n", m.gpu);
  out += fmt::format("- threads: {}\n", m.threads);
  out += fmt::format("- compiler: {}; build type {}\n", m.compiler, m.build);
  out += fmt::format("- libraries: {}\n", m.libraries);
  out += fmt::format("- {}\n", m.benchmark);
  out += fmt::format("- each row: the median of {} run{} (solution and exercise programs "
                     "interleaved), --benchmark_min_time={}{}{}\n",
                     o.rounds, o.rounds == 1 ? "" : "s", o.min_time,
                     o.filter.empty() ? "" : ", --filter " + o.filter,
                     m.date.empty() ? "" : "; " + m.date);
  out += "- time: one call; vs reference: time / the reference's time (lower is faster)";
  bool ceiling = false, notes = false;
  int no_gpu = 0;
  std::string no_gpu_why;
  for (const auto& r : rows) {
    if (r.runs == 0 && no_gpu_reason(r.error)) {
      ++no_gpu;
      if (no_gpu_why.empty()) no_gpu_why = r.error;
      continue;
    }
    ceiling = ceiling || r.ceiling_share.has_value();
    notes = notes || r.runs == 0 ||
            (r.runs > 1 && r.min_seconds > 0 && r.max_seconds / r.min_seconds > 1.25);
  }
  if (ceiling) {
    out += "; % of D2D: a cudaMemcpy device-to-device of the same bytes, in the same run, "
           "over this row's time";
  }
  out += "\n\n";

  std::vector<std::string> header{"op", "size", "implementation", "time", "GB/s", "GFLOP/s",
                                  "vs reference"};
  std::vector<bool> right{false, true, false, true, true, true, true};
  if (ceiling) {
    header.push_back("% of D2D");
    right.push_back(true);
  }
  if (notes) {
    header.push_back("note");
    right.push_back(false);
  }
  std::vector<std::vector<std::string>> cells;
  for (const auto& r : rows) {
    if (r.runs == 0 && no_gpu_reason(r.error)) continue;
    std::vector<std::string> c{r.id.op, format_size(r.id.size), r.id.implementation};
    if (r.runs == 0) {
      c.insert(c.end(), {"—", "—", "—", "—"});
    } else {
      c.push_back(format_seconds(r.seconds));
      c.push_back(r.bytes > 0 ? fmt::format("{:.1f}", r.gbps()) : "—");
      c.push_back(r.flops > 0 ? fmt::format("{:.2f}", r.gflops()) : "—");
      c.push_back(r.ratio ? fmt::format("{:.2f}x", *r.ratio) : "—");
    }
    if (ceiling) {
      c.push_back(r.ceiling_share ? fmt::format("{:.0f}%", 100.0 * *r.ceiling_share) : "");
    }
    if (notes) {
      std::string note;
      if (r.runs == 0) {
        note = "skipped: " + r.error;
      } else if (r.runs > 1 && r.min_seconds > 0 && r.max_seconds / r.min_seconds > 1.25) {
        note = fmt::format("noisy: runs from {} to {}", format_seconds(r.min_seconds),
                           format_seconds(r.max_seconds));
      }
      c.push_back(note);
    }
    cells.push_back(std::move(c));
  }
  if (cells.empty()) {
    out += "(no rows measured)\n";
  } else {
    out += markdown_table(header, cells, right);
  }
  std::vector<std::string> lines = o.notes;
  for (const auto& l : target_lines(rows, o.targets)) lines.push_back(l);
  if (no_gpu > 0) {
    lines.push_back(fmt::format("{} GPU row{} skipped: {}", no_gpu, no_gpu == 1 ? "" : "s",
                                no_gpu_why));
  }
  if (!lines.empty()) {
    out += "\n";
    for (const auto& l : lines) out += "- " + l + "\n";
  }
  return out;
}

json bench_results_json(const BenchMachine& m, const std::vector<BenchRun>& runs,
                        const std::vector<BenchSummary>& rows, const BenchReportOptions& o) {
  json summary = json::array();
  for (const auto& r : rows) {
    json j = {{"op", r.id.op},
              {"implementation", r.id.implementation},
              {"size", r.id.size},
              {"variant", r.variant},
              {"gpu", r.gpu},
              {"runs", r.runs},
              {"seconds", r.seconds},
              {"min_seconds", r.min_seconds},
              {"max_seconds", r.max_seconds},
              {"bytes", r.bytes},
              {"flops", r.flops},
              {"gb_per_s", r.gbps()},
              {"gflop_per_s", r.gflops()},
              {"error", r.error}};
    j["ratio_to_reference"] = r.ratio ? json(*r.ratio) : json(nullptr);
    j["share_of_d2d_copy"] = r.ceiling_share ? json(*r.ceiling_share) : json(nullptr);
    summary.push_back(std::move(j));
  }
  json raw = json::array();
  for (const auto& run : runs) {
    json rs = json::array();
    for (const auto& r : run.rows) {
      rs.push_back({{"name", r.name},
                    {"seconds", r.seconds},
                    {"iterations", r.iterations},
                    {"bytes_per_second", r.bytes_per_second},
                    {"flops_per_second", r.flops_per_second},
                    {"error", r.error ? json(r.error_message) : json(nullptr)}});
    }
    raw.push_back({{"program", run.program},
                   {"variant", run.variant},
                   {"gpu", run.gpu},
                   {"round", run.round},
                   {"context", run.context},
                   {"rows", rs}});
  }
  return {{"machine",
           {{"cpu", m.cpu},
            {"gpu", m.gpu},
            {"compiler", m.compiler},
            {"build", m.build},
            {"threads", m.threads},
            {"libraries", m.libraries},
            {"benchmark", m.benchmark},
            {"date", m.date},
            {"host", m.host}}},
          {"rounds", o.rounds},
          {"min_time", o.min_time},
          {"filter", o.filter},
          {"notes", o.notes},
          {"targets", target_lines(rows, o.targets)},
          {"rows", summary},
          {"runs", raw}};
}

}  // namespace nnlab::tool
