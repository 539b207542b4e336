// Benchmark results: row names, Google Benchmark's JSON, medians and ratios, the markdown
// report, and running fixture bench programs interleaved.
#include <gtest/gtest.h>

#include "nnlab/tool/bench.hpp"
#include "nnlab/tool/bench_report.hpp"
#include "nnlab/tool/bench_runner.hpp"
#include "nnlab/tool/process.hpp"
#include "test_util.hpp"

namespace nnlab::tool {
namespace {

TEST(RowName, DropsWhatGoogleBenchmarkAppends) {
  auto r = parse_row_name("SquaredLoss/reference/1048576/real_time");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->op, "SquaredLoss");
  EXPECT_EQ(r->implementation, "reference");
  EXPECT_EQ(r->size, "1048576");
  EXPECT_EQ(r->str(), "SquaredLoss/reference/1048576");
  r = parse_row_name("LinregBackward/student/16384/64/min_time:0.100/manual_time");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->size, "16384/64");
  r = parse_row_name("Copy/memcpy_d2d");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->size, "");
  EXPECT_FALSE(parse_row_name("BM_lonely"));
}

TEST(BenchJson, ReadsRowsErrorsAndContextAndSkipsAggregates) {
  const auto run = parse_benchmark_json(read_text_file(test::test_data("benchmark_report.json")));
  ASSERT_TRUE(run);
  ASSERT_EQ(run->rows.size(), 4u);  // the aggregate row is left out
  EXPECT_EQ(run->context.at("library_build_type"), "debug");
  EXPECT_EQ(run->context.at("num_cpus"), "2");
  EXPECT_FALSE(run->context.count("caches"));
  const auto& ref = run->rows[0];
  EXPECT_NEAR(ref.seconds, 617e-6, 1e-12);  // "us" converted
  EXPECT_NEAR(ref.bytes_per_second, 1.3595321447866020e+10, 1);
  EXPECT_FALSE(ref.error);
  EXPECT_TRUE(run->rows[1].error);
  EXPECT_EQ(run->rows[1].error_message, "not implemented: 01.2 squared_loss");
  EXPECT_NEAR(run->rows[2].seconds, 120e-6, 1e-12);
  EXPECT_NEAR(run->rows[3].seconds, 1e-3, 1e-12);  // "ms", manual time
  EXPECT_FALSE(parse_benchmark_json("Running ./x\ncrashed"));
}

BenchRun run_of(const std::string& variant, std::vector<std::tuple<std::string, double, double>> rows) {
  BenchRun run;
  run.variant = variant;
  for (const auto& [name, seconds, bytes] : rows) {
    BenchRow r;
    r.name = name;
    r.id = *parse_row_name(name);
    r.seconds = seconds;
    r.error = seconds <= 0;
    r.error_message = seconds < 0 ? "no GPU (fixture)" : "not implemented: 01.2 squared_loss";
    r.bytes_per_second = seconds > 0 ? bytes / seconds : 0;
    run.rows.push_back(r);
  }
  return run;
}

TEST(Summarize, MediansRatiosCeilingAndOrder) {
  std::vector<BenchRun> runs;
  runs.push_back(run_of("solution", {{"Op/reference/1024", 2.0, 8e9}, {"Op/naive/1024", 4.0, 8e9},
                                     {"Op/reference/64", 1.0, 1e3}}));
  runs.push_back(run_of("solution", {{"Op/reference/1024", 3.0, 8e9}, {"Op/naive/1024", 4.0, 8e9},
                                     {"Op/reference/64", 1.0, 1e3}}));
  runs.push_back(run_of("solution", {{"Op/reference/1024", 100.0, 8e9}, {"Op/naive/1024", 4.0, 8e9},
                                     {"Op/reference/64", 1.0, 1e3}}));
  runs.push_back(run_of("exercise", {{"Op/student/1024", 0.0, 0}}));
  runs.push_back(run_of("solution", {{"Gpu/reference/8", 2.0, 4e9}, {"Gpu/memcpy_d2d/8", 1.0, 4e9},
                                     {"Gpu/cublas/8", -1.0, 0}}));
  const auto rows = summarize(runs);
  ASSERT_EQ(rows.size(), 7u);
  // Op first (first seen), size 64 before 1024, then naive, reference, student.
  EXPECT_EQ(rows[0].id.str(), "Op/reference/64");
  EXPECT_EQ(rows[1].id.str(), "Op/naive/1024");
  EXPECT_EQ(rows[2].id.str(), "Op/reference/1024");
  EXPECT_EQ(rows[3].id.str(), "Op/student/1024");
  EXPECT_EQ(rows[2].runs, 3);
  EXPECT_DOUBLE_EQ(rows[2].seconds, 3.0);  // the median shrugs off the 100 s outlier
  EXPECT_DOUBLE_EQ(rows[2].bytes, 8e9);
  EXPECT_DOUBLE_EQ(rows[2].gbps(), 8.0 / 3.0);
  EXPECT_DOUBLE_EQ(*rows[1].ratio, 4.0 / 3.0);
  EXPECT_DOUBLE_EQ(*rows[2].ratio, 1.0);
  EXPECT_EQ(rows[3].runs, 0);
  EXPECT_EQ(rows[3].error, "not implemented: 01.2 squared_loss");
  EXPECT_FALSE(rows[3].ratio);
  EXPECT_EQ(rows[4].id.implementation, "reference");  // Gpu: reference, cublas, memcpy_d2d
  EXPECT_EQ(rows[5].id.implementation, "cublas");
  EXPECT_EQ(rows[6].id.implementation, kCeilingImplementation);
  EXPECT_DOUBLE_EQ(*rows[4].ceiling_share, 0.5);
  EXPECT_DOUBLE_EQ(*rows[6].ceiling_share, 1.0);
  EXPECT_EQ(rows[5].error, "no GPU (fixture)");
}

TEST(Format, SizesAndTimes) {
  EXPECT_EQ(format_size("1048576"), "2^20");
  EXPECT_EQ(format_size("16384/64"), "2^14×64");
  EXPECT_EQ(format_size("1000"), "1000");
  EXPECT_EQ(format_size("512"), "512");
  EXPECT_EQ(format_seconds(617e-6), "617 µs");
  EXPECT_EQ(format_seconds(1.234e-3), "1.23 ms");
  EXPECT_EQ(format_seconds(12e-9), "12.0 ns");
  EXPECT_DOUBLE_EQ(size_volume("16384/64"), 1048576.0);
  EXPECT_DOUBLE_EQ(median({3, 1, 2, 10}), 2.5);
}

TEST(BenchReport, HeaderTableAndNoGpuNote) {
  auto run = *parse_benchmark_json(read_text_file(test::test_data("benchmark_report.json")));
  run.variant = "solution";
  std::vector<BenchRun> runs{run};
  runs.push_back(run_of("solution", {{"Gpu/reference/8", -1.0, 0}, {"Gpu/cublas/8", -1.0, 0}}));
  const BenchMachine m = describe_machine(runs);
  EXPECT_EQ(m.compiler, "GNU 12.2.0");
  EXPECT_EQ(m.build, "Release (-O3 -DNDEBUG)");
  EXPECT_FALSE(m.has_gpu);
  EXPECT_NE(m.threads.find("OpenBLAS 1, libtorch 1"), std::string::npos) << m.threads;
  EXPECT_NE(m.benchmark.find("1.7.1"), std::string::npos);
  EXPECT_NE(m.benchmark.find("debug build"), std::string::npos);
  BenchReportOptions o;
  o.rounds = 3;
  const std::string md = bench_markdown(m, summarize(runs), o);
  EXPECT_NE(md.find("| op "), std::string::npos) << md;
  EXPECT_NE(md.find("| SquaredLoss "), std::string::npos) << md;
  EXPECT_NE(md.find("617 µs"), std::string::npos) << md;
  EXPECT_NE(md.find("skipped: not implemented: 01.2 squared_loss"), std::string::npos) << md;
  EXPECT_NE(md.find("% of D2D"), std::string::npos) << md;
  EXPECT_NE(md.find("2 GPU rows skipped: no GPU (fixture)"), std::string::npos) << md;
  EXPECT_EQ(md.find("| Gpu "), std::string::npos) << md;  // collapsed into the note
  EXPECT_NE(md.find("debug build"), std::string::npos) << md;
  const auto j = bench_results_json(m, runs, summarize(runs), o);
  EXPECT_EQ(j["rounds"], 3);
  EXPECT_EQ(j["runs"].size(), 2u);
  EXPECT_FALSE(j["rows"].empty());
}

TEST(BenchReport, CeilingTargetsAreChecked) {
  std::vector<BenchRun> runs;
  runs.push_back(run_of("solution", {{"Gpu/reference/8", 1.25, 4e9}, {"Gpu/memcpy_d2d/8", 1.0, 4e9},
                                     {"Red/reference/8", 2.0, 4e9}, {"Red/memcpy_d2d/8", 1.0, 4e9},
                                     {"Off/reference/8", -1.0, 0}}));
  runs[0].context["nnlab_ceiling_target:Gpu/reference/8"] = "0.80";
  runs[0].context["nnlab_ceiling_target:Red/reference/8"] = "0.75";
  runs[0].context["nnlab_ceiling_target:Off/reference/8"] = "0.75";  // not measured: no GPU
  runs[0].context["nnlab_ceiling_target:Gone/reference/8"] = "0.75";
  const auto targets = bench_targets(runs);
  ASSERT_EQ(targets.size(), 4u);
  EXPECT_DOUBLE_EQ(targets.at("Gpu/reference/8").share, 0.8);
  EXPECT_EQ(targets.at("Gpu/reference/8").against, "memcpy_d2d");
  const auto lines = target_lines(summarize(runs), targets);
  // Gone/... was not run (filtered out) and Off/... skipped for want of a GPU: no lines.
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "target: Gpu/reference at 8 reaches 80% of the D2D copy (at least 80%): met");
  EXPECT_EQ(lines[1], "target: Red/reference at 8 reaches 50% of the D2D copy (at least 75%): NOT met");
}

// A share of another implementation's speed: Mm/regblocked takes 1.6 s where cublas takes
// 1.0 s, 62.5% of its speed; Mm/reference 4.0 s, 25%.
TEST(BenchReport, ShareTargetsCompareWithAnotherImplementation) {
  std::vector<BenchRun> runs;
  runs.push_back(run_of("solution", {{"Mm/reference/4", 4.0, 0}, {"Mm/regblocked/4", 1.6, 0},
                                     {"Mm/cublas/4", 1.0, 0}, {"Nn/reference/4", 1.0, 0}}));
  runs[0].context["nnlab_share_target:Mm/regblocked/4"] = "cublas 0.60";
  runs[0].context["nnlab_share_target:Mm/reference/4"] = "cublas 0.30";
  runs[0].context["nnlab_share_target:Nn/reference/4"] = "cudnn 0.40";  // no cudnn row
  runs[0].context["nnlab_share_target:Mm/student/4"] = "cublas";         // malformed: ignored
  const auto targets = bench_targets(runs);
  ASSERT_EQ(targets.size(), 3u);
  EXPECT_EQ(targets.at("Mm/regblocked/4").against, "cublas");
  EXPECT_DOUBLE_EQ(targets.at("Mm/regblocked/4").share, 0.6);
  const auto lines = target_lines(summarize(runs), targets);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "target: Mm/reference at 4 reaches 25% of cublas (at least 30%): NOT met");
  EXPECT_EQ(lines[1], "target: Mm/regblocked at 4 reaches 62% of cublas (at least 60%): met");
  EXPECT_EQ(lines[2], "target: Nn/reference at 4: not measured (no cudnn row); it must reach 40% of cudnn");
}

TEST(BenchReport, CpuModelFromCpuinfo) {
  test::TempDir dir;
  test::write_file(dir / "cpuinfo", "processor\t: 0\nmodel name\t: AMD EPYC 9654 96-Core Processor\n");
  EXPECT_EQ(cpu_model(dir / "cpuinfo"), "AMD EPYC 9654 96-Core Processor");
  EXPECT_EQ(cpu_model(dir / "missing"), "unknown CPU");
}

TEST(RowFilter, AnchorsOpImplementationAndSize) {
  EXPECT_EQ(row_filter("SquaredLoss", "student", "1048576"), "^SquaredLoss/student/1048576(/|$)");
  EXPECT_EQ(row_filter("Op", "reference"), "^Op/reference/");
  EXPECT_EQ(row_filter("A.B", "x"), "^A\\.B/x/");
}

#if NNLAB_TOOL_HAVE_BENCH_FIXTURES
TEST(BenchRunner, ListsRowsOfAProgram) {
  const auto rows = list_rows(test::fixture("fixture_bench_reference"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].str(), "Work/reference/1024");
  EXPECT_EQ(rows[1].str(), "Work/reference/4096");
  EXPECT_EQ(list_rows(test::fixture("fixture_bench_fast"), row_filter("Work", "student", "4096")).size(), 1u);
}

TEST(BenchRunner, RoundsAreInterleavedAndAlternateTheirOrder) {
  test::TempDir dir;
  BenchRunOptions o;
  o.programs = {{test::fixture("fixture_bench_reference"), "ref", "solution", false, ""},
                {test::fixture("fixture_bench_nogpu"), "stu", "exercise", false, ""}};
  o.rounds = 3;
  o.min_time = 0.001;
  o.work_dir = dir.path();
  const auto r = run_benchmarks(o);
  EXPECT_TRUE(r.problems.empty());
  ASSERT_EQ(r.runs.size(), 6u);
  const char* order[] = {"ref", "stu", "stu", "ref", "ref", "stu"};
  for (int i = 0; i < 6; ++i) EXPECT_EQ(r.runs[i].program, order[i]) << i;
  EXPECT_EQ(r.runs[0].round, 0);
  EXPECT_EQ(r.runs[5].round, 2);
  const auto rows = summarize(r.runs);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].runs, 3);
  EXPECT_EQ(rows[1].error, "no GPU (fixture)");
  EXPECT_GT(rows[0].bytes, 0);
}

TEST(BenchRunner, AProgramThatCannotRunIsAProblemNotACrash) {
  test::TempDir dir;
  BenchRunOptions o;
  o.programs = {{dir / "missing", "missing", "solution", false, ""}};
  o.rounds = 1;
  o.work_dir = dir.path();
  const auto r = run_benchmarks(o);
  EXPECT_TRUE(r.runs.empty());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].find("missing, round 1"), std::string::npos) << r.problems[0];
}
#endif

}  // namespace
}  // namespace nnlab::tool
