#include "nnlab/tool/engine.hpp"

#include <algorithm>
#include <optional>
#include <system_error>
#include <tuple>

#include <fmt/format.h>

#include "nnlab/tool/parallel.hpp"
#include "nnlab/tool/process.hpp"

namespace nnlab::tool {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kTestEnv{"OPENBLAS_NUM_THREADS=1", "GTEST_COLOR=no"};

struct Run {
  ProcessResult process;
  std::optional<std::map<std::string, TestResult>> report;
  fs::path log;
};

/// Runs the binary with `extra` arguments and a JSON report, which is removed first so that a
/// stale report can never be read for a run that crashed.
Run run_with_report(const EngineOptions& o, const std::string& stem,
                    const std::vector<std::string>& extra) {
  const fs::path json = o.work_dir / (stem + ".json");
  Run run;
  run.log = o.work_dir / (stem + ".log");
  std::error_code ec;
  fs::remove(json, ec);
  ProcessOptions p;
  p.argv = {o.binary.string(), "--gtest_output=json:" + json.string()};
  p.argv.insert(p.argv.end(), extra.begin(), extra.end());
  p.output = run.log;
  p.timeout_s = o.timeout_s;
  p.env = kTestEnv;
  run.process = run_process(p);
  if (run.process.started && !run.process.timed_out && run.process.signal == 0 &&
      fs::exists(json)) {
    run.report = parse_gtest_json(read_text_file(json));
  }
  if (run.report) {  // the report has no skip reasons ("no GPU (...)"): the output has
    std::map<std::string, std::string> reasons;
    bool parsed = false;
    for (auto& [name, r] : *run.report) {
      if (r.status != TestStatus::skipped || !r.message.empty()) continue;
      if (!parsed) {
        reasons = parse_skip_messages(read_text_file(run.log));
        parsed = true;
      }
      if (auto it = reasons.find(name); it != reasons.end()) r.message = it->second;
    }
  }
  return run;
}

/// The last lines a test printed itself: GoogleTest's own banner lines are left out.
std::string program_output_tail(const fs::path& log, std::size_t max_lines) {
  const std::string tail = tail_of_file(log, 40);
  std::vector<std::string> kept;
  std::size_t start = 0;
  while (start <= tail.size()) {
    auto end = tail.find('\n', start);
    if (end == std::string::npos) end = tail.size();
    const std::string line = tail.substr(start, end - start);
    const bool banner = line.rfind("Note: Google Test filter", 0) == 0 ||
                        line.rfind("[==========]", 0) == 0 || line.rfind("[----------]", 0) == 0 ||
                        line.rfind("[ RUN      ]", 0) == 0 || line.empty();
    if (!banner) kept.push_back(line);
    start = end + 1;
  }
  std::string out;
  for (std::size_t i = kept.size() > max_lines ? kept.size() - max_lines : 0; i < kept.size(); ++i) {
    out += (out.empty() ? "" : "\n") + kept[i];
  }
  return out;
}

std::string crash_message(const Run& run, const std::string& root) {
  std::string msg;
  if (run.process.timed_out) {
    msg = fmt::format("timed out: did not finish within {:.0f} s and was killed (an endless loop?)",
                      run.process.seconds);
  } else if (run.process.signal != 0) {
    msg = "crashed: " + run.process.describe();
  } else if (!run.process.started) {
    msg = "crashed: " + run.process.describe();
  } else {
    msg = fmt::format("crashed: the test process ended ({}) without writing its report",
                      run.process.describe());
  }
  const auto tail = program_output_tail(run.log, 8);
  if (!tail.empty()) msg += "\nlast output:\n" + tail;
  return trim_message(msg, root);
}

std::vector<std::string> tests_of_interest(const BinaryOutcome& out, bool graded_only) {
  if (!graded_only) return out.listing.tests;
  std::vector<std::string> names;
  for (const auto& g : out.listing.graded) names.push_back(g.full_name());
  return names;
}

std::pair<std::string, std::string> split_name(const std::string& full) {
  // Parameterised tests look like "Inst/Suite.Name/0": the suite ends at the first '.'.
  const auto dot = full.find('.');
  if (dot == std::string::npos) return {full, ""};
  return {full.substr(0, dot), full.substr(dot + 1)};
}

}  // namespace

BinaryOutcome run_test_binary(const EngineOptions& o) {
  BinaryOutcome out;
  fs::create_directories(o.work_dir);

  // 1. What is there, and what is it worth.
  ProcessOptions list;
  list.argv = {o.binary.string(), "--nnlab_list"};
  list.output = o.work_dir / (o.label + ".list.json");
  list.timeout_s = o.timeout_s > 0 ? std::min(o.timeout_s, 60.0) : 60.0;
  list.env = kTestEnv;
  const auto listed = run_process(list);
  if (listed.ok()) {
    if (auto l = parse_test_listing(read_text_file(list.output))) {
      out.listed = true;
      out.listing = std::move(*l);
    } else {
      out.list_problem = "--nnlab_list printed no test list: " + tail_of_file(list.output, 4);
    }
  } else {
    out.list_problem = "--nnlab_list " + listed.describe() + "\n" + tail_of_file(list.output, 6);
  }
  if (!out.listed) return out;

  const auto wanted = tests_of_interest(out, o.graded_only);
  if (wanted.empty()) {
    out.whole_run_clean = true;
    return out;
  }

  // 2. The whole binary at once: the quick way, and the usual one.
  const Run whole = run_with_report(o, o.label, {});
  out.log = whole.log;
  out.seconds = whole.process.seconds;
  bool complete = whole.report.has_value();
  if (complete) {
    for (const auto& name : wanted) {
      if (!whole.report->count(name)) complete = false;
    }
  }
  if (complete) {
    out.whole_run_clean = true;
    for (const auto& name : wanted) {
      auto r = whole.report->at(name);
      r.message = trim_message(r.message, o.root);
      out.results[name] = std::move(r);
    }
    return out;
  }
  out.whole_run_problem = crash_message(whole, o.root);

  // 3. It crashed or hung: one process per test, so each keeps its own result.
  out.isolated = true;
  std::vector<TestResult> single(wanted.size());
  std::vector<double> took(wanted.size());
  parallel_for(wanted.size(), o.isolation_jobs, [&](std::size_t i) {
    const auto& name = wanted[i];
    const Run one =
        run_with_report(o, fmt::format("{}.single{}", o.label, i), {"--gtest_filter=" + name});
    took[i] = one.process.seconds;
    TestResult r;
    std::tie(r.suite, r.name) = split_name(name);
    r.seconds = one.process.seconds;
    if (one.report && one.report->count(name)) {
      r = one.report->at(name);
      r.message = trim_message(r.message, o.root);
    } else {
      r.status = one.process.timed_out ? TestStatus::timed_out : TestStatus::crashed;
      r.message = one.report ? fmt::format("{} did not run (missing from the report)", name)
                             : crash_message(one, o.root);
    }
    single[i] = std::move(r);
  });
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    out.seconds += took[i];
    out.results[wanted[i]] = std::move(single[i]);
  }
  return out;
}

BinaryOutcome run_plain_gtest_binary(const EngineOptions& o) {
  BinaryOutcome out;
  fs::create_directories(o.work_dir);
  const Run whole = run_with_report(o, o.label, {});
  out.log = whole.log;
  out.seconds = whole.process.seconds;
  out.listed = true;
  if (!whole.report) {
    out.whole_run_problem = crash_message(whole, o.root);
    return out;
  }
  out.whole_run_clean = true;
  for (auto [name, r] : *whole.report) {
    r.message = trim_message(r.message, o.root);
    out.listing.tests.push_back(name);
    out.results[name] = std::move(r);
  }
  return out;
}

}  // namespace nnlab::tool
