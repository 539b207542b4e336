// The self-test: (a) solutions pass every test, (b) stubs fail every graded test,
// (c) manifests agree with tests and files, (d) the tool's own unit tests pass, (e) the bench
// programs run and the manifests' performance specs name rows that exist.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "nnlab/tool/bench_checks.hpp"
#include "nnlab/tool/build.hpp"
#include "nnlab/tool/commands.hpp"
#include "nnlab/tool/consistency.hpp"
#include "nnlab/tool/console.hpp"
#include "nnlab/tool/engine.hpp"
#include "nnlab/tool/parallel.hpp"
#include "nnlab/tool/process.hpp"

namespace nnlab::tool {
namespace {

namespace fs = std::filesystem;

/// Checks of one part, with a summary.
struct Part {
  std::string title;
  std::vector<Check> checks;
  int passed() const { return count([](const Check& c) { return c.ok && !c.skipped; }); }
  int failed() const { return count([](const Check& c) { return !c.ok; }); }
  int skipped() const { return count([](const Check& c) { return c.skipped; }); }
  template <class P>
  int count(P p) const {
    int n = 0;
    for (const auto& c : checks) n += p(c);
    return n;
  }
};

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

void add_solution_checks(Part& part, const TestEntry& t, const BinaryOutcome& out) {
  const std::string bin = t.path.filename().string();
  if (!out.listed) {
    part.checks.push_back({bin + ": lists its tests", false, false, out.list_problem});
    return;
  }
  for (const auto& [name, r] : out.results) {
    Check c{fmt::format("{}: {}", bin, name), r.status == TestStatus::passed, false, ""};
    if (r.status == TestStatus::skipped) {
      c.ok = c.skipped = true;
      c.message = "skipped";
    } else if (!c.ok) {
      c.message = fmt::format("{} against the solution: {}", to_string(r.status), r.message);
    }
    part.checks.push_back(std::move(c));
  }
}

void add_stub_checks(Part& part, const TestEntry& t, const BinaryOutcome& out) {
  const std::string bin = t.path.filename().string();
  if (!out.listed) {
    part.checks.push_back({bin + ": lists its tests", false, false, out.list_problem});
    return;
  }
  if (out.listing.graded.empty()) {
    part.checks.push_back({bin + ": has graded tests", false, false,
                           "an exercise's test binary lists no NNLAB_TEST"});
  }
  for (const auto& [name, r] : out.results) {
    Check c{fmt::format("{}: {} fails on the stub", bin, name), r.status != TestStatus::passed,
            false, ""};
    if (r.status == TestStatus::skipped) {
      c.skipped = true;
      c.message = "skipped";
    } else if (!c.ok) {
      c.message = "DEFECT: this graded test passes against the unimplemented stub";
    }
    part.checks.push_back(std::move(c));
  }
}

void print_part(const Part& p) {
  const int failed = p.failed();
  fmt::print("{} {}: {} passed, {} failed{}\n",
             failed ? styled("FAIL", Style::red) : styled("ok  ", Style::green), p.title,
             p.passed(), failed, p.skipped() ? fmt::format(", {} skipped", p.skipped()) : "");
  int shown = 0;
  for (const auto& c : p.checks) {
    if (c.ok) continue;
    if (++shown > 30) {
      fmt::print("     ... and {} more\n", failed - 30);
      break;
    }
    fmt::print("     {} {}\n", styled("x", Style::red), c.name);
    std::string msg = c.message;
    for (std::size_t pos = 0; (pos = msg.find('\n', pos)) != std::string::npos; pos += 8) {
      msg.replace(pos, 1, "\n       ");
    }
    if (!msg.empty()) fmt::print("       {}\n", msg);
  }
}

}  // namespace

int cmd_test(const Context& ctx, const SelfTestCommand& cmd) {
  const int jobs = cmd.jobs > 0 ? cmd.jobs : hardware_jobs();
  const fs::path work = ctx.build_dir / "selftest";
  fs::create_directories(work);

  // Everything builds, stubs included, or nothing else is worth checking.
  progress_line("building everything ...");
  BuildOptions b;
  b.build_dir = ctx.build_dir;
  b.log = work / "build.log";
  b.root = ctx.root.string();
  const auto built = build_targets(b);
  if (!built.ok) {
    fmt::print("{} the build failed ({:.0f} s):\n{}full log: {}\n", styled("FAIL", Style::red),
               built.seconds, built.excerpt, built.log.string());
    fmt::print("self-test: 0 passed, 1 failed\n");
    return 1;
  }
  progress_line(fmt::format("built ({:.0f} s)", built.seconds));
  // The build may have re-run CMake (new files): use the index it wrote.
  Index index = ctx.index;
  try {
    index = load_index(ctx.build_dir);
  } catch (const std::exception& e) {
    progress_line(std::string("warning: could not re-read the index: ") + e.what());
  }

  // (a) and (b): every test binary, in parallel.
  std::vector<const TestEntry*> binaries;
  for (const auto& t : index.tests) binaries.push_back(&t);
  std::vector<BinaryOutcome> outcomes(binaries.size());
  parallel_for(binaries.size(), jobs, [&](std::size_t i) {
    const auto& t = *binaries[i];
    EngineOptions e;
    e.binary = t.path;
    e.label = t.target;
    e.work_dir = work;
    e.timeout_s = cmd.timeout_s;
    e.graded_only = t.variant == "exercise";
    e.isolation_jobs = jobs;
    e.root = ctx.root.string();
    outcomes[i] = run_test_binary(e);
    int passed = 0;
    for (const auto& [n, r] : outcomes[i].results) passed += r.status == TestStatus::passed;
    progress_line(fmt::format("[{}] {}: {} of {} {} passed ({:.1f} s){}", t.variant,
                              t.path.filename().string(), passed, outcomes[i].results.size(),
                              t.variant == "exercise" ? "graded tests" : "tests",
                              outcomes[i].seconds,
                              outcomes[i].isolated ? ", re-ran test by test (whole run " +
                                                         first_line(outcomes[i].whole_run_problem) + ")"
                                                   : ""));
  });

  Part solutions{"(a) solutions pass every test", {}};
  Part stubs{"(b) stubs fail every graded test", {}};
  for (std::size_t i = 0; i < binaries.size(); ++i) {
    if (binaries[i]->variant == "solution") {
      add_solution_checks(solutions, *binaries[i], outcomes[i]);
    } else {
      add_stub_checks(stubs, *binaries[i], outcomes[i]);
    }
  }

  // (c) manifests.
  Part manifests{"(c) manifests agree with tests and files", {}};
  std::set<std::string> unavailable;
  for (const auto& u : index.unavailable) unavailable.insert(u.exercise);
  for (const auto& ch : index.chapters) {
    std::vector<GradedTest> graded;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < binaries.size(); ++i) {
      if (binaries[i]->chapter != ch.chapter || !outcomes[i].listed) continue;
      for (const auto& g : outcomes[i].listing.graded) {
        if (seen.insert(g.full_name()).second) graded.push_back(g);
      }
    }
    try {
      const auto m = load_manifest(ctx.root, ch.chapter);
      auto checks = check_manifest(m, ctx.root, graded, unavailable);
      manifests.checks.insert(manifests.checks.end(), checks.begin(), checks.end());
    } catch (const std::exception& e) {
      manifests.checks.push_back({ch.chapter + ": exercises.json loads", false, false, e.what()});
    }
  }

  // (d) the tool's own tests.
  Part tool{"(d) the nnlab tool's own tests", {}};
  const fs::path tool_tests = ctx.build_dir / "bin" / "nnlab_tool_tests";
  if (!fs::exists(tool_tests)) {
    tool.checks.push_back({"nnlab_tool_tests exists", false, false, tool_tests.string() + " is missing"});
  } else {
    progress_line("running nnlab_tool_tests ...");
    EngineOptions e;
    e.binary = tool_tests;
    e.label = "nnlab_tool_tests";
    e.work_dir = work;
    e.timeout_s = std::max(cmd.timeout_s, 300.0);  // its own fixtures use short limits
    e.root = ctx.root.string();
    const auto out = run_plain_gtest_binary(e);
    if (!out.whole_run_clean) {
      tool.checks.push_back({"nnlab_tool_tests runs", false, false, out.whole_run_problem});
    }
    for (const auto& [name, r] : out.results) {
      Check c{"nnlab_tool_tests: " + name, r.status == TestStatus::passed, false, ""};
      if (r.status == TestStatus::skipped) c.ok = c.skipped = true;
      if (!c.ok) c.message = r.message;
      tool.checks.push_back(std::move(c));
    }
  }

  // (e) the bench programs and the manifests' performance specs.
  Part benches{"(e) bench programs run; performance specs name existing rows", {}};
  if (index.benches.empty()) {
    benches.checks.push_back({"bench programs", true, true,
                              "this build has none (NNLAB_BUILD_BENCH=OFF or no Google Benchmark)"});
  } else {
    progress_line("running the bench programs briefly ...");
    std::vector<Manifest> all_manifests;
    for (const auto& ch : index.chapters) {
      try {
        all_manifests.push_back(load_manifest(ctx.root, ch.chapter));
      } catch (const std::exception&) {
        // reported under (c)
      }
    }
    benches.checks = check_benchmarks(index, all_manifests, work / "bench");
  }

  // (f) every demo: the reference runs end to end for one epoch; on the stubs it stops with
  // exit code 2 and names the exercise it needs.
  Part demos{"(f) demos run on the solutions (--epochs 1) and stop cleanly on the stubs", {}};
  if (!index.demos.empty()) progress_line("running every demo for one epoch ...");
  for (const auto& d : index.demos) {
    const fs::path out = work / "demos" / (d.name + "-" + d.variant);
    fs::create_directories(out);
    ProcessOptions o;
    o.argv = {d.path.string(), "--epochs", "1", "--out", out.string()};
    o.output = out / "output.log";
    o.timeout_s = std::max(cmd.timeout_s, 300.0);
    const ProcessResult r = run_process(o);
    const std::string log = read_text_file(o.output);
    Check c{fmt::format("demo {} ({})", d.name, d.variant), false, false, ""};
    if (d.variant == "solution") {
      c.ok = r.ok();
      if (!c.ok) c.message = r.describe() + "\n" + tail_of_file(o.output, 15);
    } else {
      c.ok = r.started && r.exit_code == 2 && log.find("This demo needs exercise") != std::string::npos;
      if (!c.ok) {
        c.message = "expected exit code 2 and \"This demo needs exercise ...\", got " +
                    r.describe() + "\n" + tail_of_file(o.output, 15);
      }
    }
    progress_line(fmt::format("[{}] demo {}: {} ({:.1f} s)", d.variant, d.name,
                              c.ok ? "ok" : "FAILED", r.seconds));
    demos.checks.push_back(std::move(c));
  }

  fmt::print("\n");
  int passed = 0, failed = 0, skipped = 0;
  for (const Part* p : {&solutions, &stubs, &manifests, &tool, &benches, &demos}) {
    print_part(*p);
    passed += p->passed();
    failed += p->failed();
    skipped += p->skipped();
  }
  fmt::print("\nself-test: {} passed, {} failed{}\n", passed, failed,
             skipped ? fmt::format(", {} skipped", skipped) : "");
  return failed > 0 ? 1 : 0;
}

}  // namespace nnlab::tool
