#include "nnlab/tool/bench.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace nnlab::tool {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto end = s.find(sep, start);
    out.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

/// Parts Google Benchmark appends to a row's name, which are not arguments.
bool is_decoration(const std::string& part) {
  static const char* prefixes[] = {"min_time:", "min_warmup_time:", "iterations:", "repeats:",
                                   "threads:"};
  if (part == "real_time" || part == "manual_time" || part == "process_time") return true;
  for (const char* p : prefixes) {
    if (part.rfind(p, 0) == 0) return true;
  }
  return false;
}

double to_seconds(double value, const std::string& unit) {
  if (unit == "ns") return value * 1e-9;
  if (unit == "us") return value * 1e-6;
  if (unit == "ms") return value * 1e-3;
  return value;  // "s"
}

int implementation_rank(const std::string& impl) {
  static const char* order[] = {"naive", "reference", "student", "libtorch", "cublas", "cudnn",
                                kCeilingImplementation};
  for (int i = 0; i < static_cast<int>(std::size(order)); ++i) {
    if (impl == order[i]) return i;
  }
  return static_cast<int>(std::size(order));
}

std::string context_text(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

}  // namespace

std::string RowName::str() const { return op + "/" + implementation + (size.empty() ? "" : "/" + size); }

std::optional<RowName> parse_row_name(const std::string& name) {
  auto parts = split(name, '/');
  while (!parts.empty() && is_decoration(parts.back())) parts.pop_back();
  if (parts.size() < 2 || parts[0].empty() || parts[1].empty()) return std::nullopt;
  RowName r{parts[0], parts[1], ""};
  for (std::size_t i = 2; i < parts.size(); ++i) r.size += (i > 2 ? "/" : "") + parts[i];
  return r;
}

std::optional<BenchRun> parse_benchmark_json(const std::string& text) {
  const auto brace = text.find('{');
  if (brace == std::string::npos) return std::nullopt;
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text.substr(brace));
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  if (!j.is_object() || !j.contains("benchmarks") || !j["benchmarks"].is_array()) {
    return std::nullopt;
  }
  BenchRun run;
  try {
    if (j.contains("context") && j["context"].is_object()) {
      for (const auto& [key, value] : j["context"].items()) {
        if (!value.is_array() && !value.is_object()) run.context[key] = context_text(value);
      }
    }
    for (const auto& b : j["benchmarks"]) {
      if (b.value("run_type", std::string("iteration")) != "iteration") continue;
      BenchRow row;
      row.name = b.value("name", std::string());
      const auto id = parse_row_name(row.name);
      if (!id) continue;
      row.id = *id;
      row.error = b.value("error_occurred", false);
      row.error_message = b.value("error_message", std::string());
      row.iterations = b.value("iterations", 0LL);
      row.seconds = to_seconds(b.value("real_time", 0.0), b.value("time_unit", std::string("ns")));
      row.bytes_per_second = b.value("bytes_per_second", 0.0);
      row.flops_per_second = b.value("FLOP/s", 0.0);
      if (!row.error && !(row.seconds > 0)) {
        row.error = true;
        row.error_message = "no time measured";
      }
      run.rows.push_back(std::move(row));
    }
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  return run;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const std::size_t mid = v.size() / 2;
  return v.size() % 2 ? v[mid] : 0.5 * (v[mid - 1] + v[mid]);
}

double size_volume(const std::string& size) {
  double volume = 0;
  for (const auto& part : split(size, '/')) {
    try {
      std::size_t used = 0;
      const double x = std::stod(part, &used);
      if (used != part.size()) continue;
      volume = volume == 0 ? x : volume * x;
    } catch (const std::exception&) {
    }
  }
  return volume;
}

std::vector<BenchSummary> summarize(const std::vector<BenchRun>& runs) {
  struct Acc {
    BenchSummary s;
    std::vector<double> times;
    int first_seen = 0;
  };
  std::map<std::tuple<std::string, std::string, std::string>, Acc> acc;
  std::map<std::string, int> op_order;
  for (const auto& run : runs) {
    for (const auto& row : run.rows) {
      op_order.emplace(row.id.op, static_cast<int>(op_order.size()));
      auto& a = acc[{row.id.op, row.id.size, row.id.implementation}];
      if (a.s.id.op.empty()) {
        a.s.id = row.id;
        a.s.variant = run.variant;
        a.s.gpu = run.gpu;
      }
      if (row.error) {
        if (a.s.error.empty()) a.s.error = row.error_message.empty() ? "skipped" : row.error_message;
        continue;
      }
      a.times.push_back(row.seconds);
      // Rates times the time give the bytes and FLOPs of one call, the same in every run.
      a.s.bytes = row.bytes_per_second * row.seconds;
      a.s.flops = row.flops_per_second * row.seconds;
    }
  }
  std::vector<BenchSummary> out;
  for (auto& [key, a] : acc) {
    if (!a.times.empty()) {
      a.s.runs = static_cast<int>(a.times.size());
      a.s.seconds = median(a.times);
      a.s.min_seconds = *std::min_element(a.times.begin(), a.times.end());
      a.s.max_seconds = *std::max_element(a.times.begin(), a.times.end());
      a.s.error.clear();
    }
    out.push_back(a.s);
  }
  auto find = [&](const BenchSummary& s, const std::string& impl) -> const BenchSummary* {
    for (const auto& o : out) {
      if (o.id.op == s.id.op && o.id.size == s.id.size && o.id.implementation == impl &&
          o.runs > 0) {
        return &o;
      }
    }
    return nullptr;
  };
  for (auto& s : out) {
    if (s.runs == 0) continue;
    if (const auto* ref = find(s, "reference")) s.ratio = s.seconds / ref->seconds;
    if (const auto* ceiling = find(s, kCeilingImplementation)) {
      s.ceiling_share = ceiling->seconds / s.seconds;
    }
  }
  std::sort(out.begin(), out.end(), [&](const BenchSummary& a, const BenchSummary& b) {
    const int oa = op_order[a.id.op], ob = op_order[b.id.op];
    if (oa != ob) return oa < ob;
    const double va = size_volume(a.id.size), vb = size_volume(b.id.size);
    if (va != vb) return va < vb;
    if (a.id.size != b.id.size) return a.id.size < b.id.size;
    const int ra = implementation_rank(a.id.implementation);
    const int rb = implementation_rank(b.id.implementation);
    if (ra != rb) return ra < rb;
    return a.id.implementation < b.id.implementation;
  });
  return out;
}

std::string format_size(const std::string& size) {
  std::string out;
  for (const auto& part : split(size, '/')) {
    if (!out.empty()) out += "×";
    bool numeric = !part.empty() && std::all_of(part.begin(), part.end(), ::isdigit);
    if (numeric && part.size() < 19) {
      const unsigned long long v = std::stoull(part);
      if (v >= 1024 && (v & (v - 1)) == 0) {
        int k = 0;
        while ((1ULL << k) < v) ++k;
        out += fmt::format("2^{}", k);
        continue;
      }
    }
    out += part;
  }
  return out;
}

std::string format_seconds(double s) {
  auto three = [](double v) {  // three significant digits
    return v >= 100 ? fmt::format("{:.0f}", v) : v >= 10 ? fmt::format("{:.1f}", v)
                                                          : fmt::format("{:.2f}", v);
  };
  if (s >= 1) return three(s) + " s";
  if (s >= 1e-3) return three(s * 1e3) + " ms";
  if (s >= 1e-6) return three(s * 1e6) + " µs";
  return three(s * 1e9) + " ns";
}

}  // namespace nnlab::tool
