// nnlab-tool: the grader, self-test and helper behind the ./nnlab launcher.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "nnlab/tool/commands.hpp"
#include "nnlab/tool/console.hpp"
#include "nnlab/tool/process.hpp"

int main(int argc, char** argv) {
  using namespace nnlab::tool;
  CLI::App app{"nnlab: a test-driven deep-learning curriculum in C++ (the tool behind ./nnlab)",
               "nnlab"};
  app.require_subcommand(0, 1);
  app.fallthrough();  // --build/--root work before or after the subcommand

  std::string build_dir, root;
  bool no_colour = false;
  app.add_option("--build", build_dir,
                 "build folder (default: the tree this tool was built in, else ./build)");
  app.add_option("--root", root, "source root (default: the one recorded in the build)");
  app.add_flag("--no-color", no_colour, "never colour the output");

  GradeCommand grade_cmd;
  auto* grade = app.add_subcommand("grade", "build and grade every exercise: score table, "
                                            "build/grade/report.json and results.json");
  grade->add_flag("--solution", grade_cmd.solution, "grade the reference solutions instead");
  grade->add_option("--timeout", grade_cmd.timeout_s, "seconds per test binary (and per test)")
      ->capture_default_str();
  grade->add_option("--chapter", grade_cmd.chapters, "only these chapters (01_linear, 01, linear)");
  grade->add_option("-j,--jobs", grade_cmd.jobs, "test binaries run at once (default: cores)");
  grade->add_flag("--perf", grade_cmd.perf,
                  "also award performance points: exercises that pass, timed against the "
                  "reference side by side");
  grade->add_option("--perf-runs", grade_cmd.perf_rounds,
                    "interleaved runs of each bench program per exercise (--perf)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);

  SelfTestCommand test_cmd;
  auto* test = app.add_subcommand("test", "self-test: solutions pass, stubs fail, manifests "
                                          "agree, the tool's own tests pass");
  test->add_option("--timeout", test_cmd.timeout_s, "seconds per test binary (and per test)")
      ->capture_default_str();
  test->add_option("-j,--jobs", test_cmd.jobs, "test binaries run at once (default: cores)");

  BenchCommand bench_cmd;
  auto* bench = app.add_subcommand("bench", "run the benchmarks: one markdown table, "
                                            "build/bench/results.md and results.json");
  bench->add_option("--chapter", bench_cmd.chapters, "only these chapters (01_linear, 01, linear)");
  bench->add_option("--filter", bench_cmd.filter,
                    "only rows matching this regular expression, e.g. SquaredLoss or /2097152");
  auto* gpu_flag = bench->add_flag("--gpu", bench_cmd.gpu_only, "only the GPU rows");
  bench->add_flag("--cpu", bench_cmd.cpu_only, "only the CPU rows")->excludes(gpu_flag);
  bench->add_option("--repetitions", bench_cmd.rounds,
                    "runs of each program, interleaved; each row is the median")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  bench->add_option("--min-time", bench_cmd.min_time, "--benchmark_min_time of each run, seconds")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  bench->add_option("--threads", bench_cmd.threads, "OpenBLAS and libtorch threads")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);

  auto* list = app.add_subcommand("list", "chapters and exercises with their state, and the "
                                          "next exercise to do");

  std::string check_id;
  double check_timeout = 120;
  auto* check = app.add_subcommand("check", "build and test one exercise");
  check->add_option("exercise", check_id, "exercise id, e.g. 01.1")->required();
  check->add_option("--timeout", check_timeout, "seconds per test binary (and per test)")
      ->capture_default_str();

  std::string hint_id;
  bool hint_reset = false;
  auto* hint = app.add_subcommand("hint", "the next hint for an exercise");
  hint->add_option("exercise", hint_id, "exercise id, e.g. 01.1")->required();
  hint->add_flag("--reset", hint_reset, "start the hints of this exercise over");

  std::string demo_name;
  bool demo_solution = false;
  std::vector<std::string> demo_args;
  auto* run = app.add_subcommand("run", "build and run a demo: run NAME [--solution] [-- ARGS...]");
  run->add_option("name", demo_name, "demo name (unknown: lists the demos)")->required();
  run->add_option("args", demo_args, "arguments for the demo, after --");
  run->add_flag("--solution", demo_solution, "run it with the reference solutions");

  auto* help = app.add_subcommand("help", "this help");

  CLI11_PARSE(app, argc, argv);
  if (app.get_subcommands().empty() || *help) {
    fmt::print("{}\nStart with ./nnlab list (what to do next) or ./nnlab grade (your score).\n",
               app.get_formatter()->make_help(&app, "nnlab", CLI::AppFormatMode::Normal));
    return 0;
  }
  if (no_colour) set_colour(false);
  install_interrupt_handler();

  try {
    const Context ctx = load_context(build_dir, root);
    if (*grade) return cmd_grade(ctx, grade_cmd);
    if (*test) return cmd_test(ctx, test_cmd);
    if (*bench) return cmd_bench(ctx, bench_cmd);
    if (*list) return cmd_list(ctx);
    if (*check) return cmd_check(ctx, check_id, check_timeout);
    if (*hint) return cmd_hint(ctx, hint_id, hint_reset);
    if (*run) return cmd_run(ctx, demo_name, demo_solution, demo_args);
  } catch (const std::exception& e) {
    std::fflush(stdout);
    fmt::print(stderr, "nnlab: {}\n", e.what());
    return 2;
  }
  return 2;
}
