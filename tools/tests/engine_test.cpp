// The engine on misbehaving binaries: a crash and an endless loop are pinned on the one test
// that causes them; every other test keeps its real result.
#include <gtest/gtest.h>

#include "nnlab/tool/engine.hpp"
#include "test_util.hpp"

namespace nnlab::tool {
namespace {

BinaryOutcome run_fixture(const std::string& name, const test::TempDir& dir, double timeout,
                          bool graded_only = true) {
  EngineOptions o;
  o.binary = test::fixture(name);
  o.label = name;
  o.work_dir = dir.path();
  o.timeout_s = timeout;
  o.graded_only = graded_only;
  return run_test_binary(o);
}

TEST(Engine, CrashIsIsolatedToTheCulprit) {
  test::TempDir dir;
  const auto out = run_fixture("fixture_crash", dir, 30);
  ASSERT_TRUE(out.listed) << out.list_problem;
  EXPECT_EQ(out.listing.graded.size(), 5u);
  EXPECT_EQ(out.listing.tests.size(), 6u);
  EXPECT_FALSE(out.whole_run_clean);
  EXPECT_TRUE(out.isolated);
  // "killed by signal 11"; under the sanitizers' SEGV handler, an exit without a report.
  EXPECT_EQ(out.whole_run_problem.rfind("crashed: ", 0), 0u) << out.whole_run_problem;
  ASSERT_EQ(out.results.size(), 5u);  // graded tests only
  EXPECT_EQ(out.results.at("CrashFixture.Passes").status, TestStatus::passed);
  EXPECT_EQ(out.results.at("CrashFixture.Fails").status, TestStatus::failed);
  EXPECT_NE(out.results.at("CrashFixture.Fails").message.find("arithmetic is hard"),
            std::string::npos);
  EXPECT_EQ(out.results.at("CrashFixture.Segfaults").status, TestStatus::crashed);
  EXPECT_EQ(out.results.at("CrashFixture.Segfaults").message.rfind("crashed: ", 0), 0u);
  EXPECT_EQ(out.results.at("CrashFixture.NotImplemented").status, TestStatus::not_implemented);
  EXPECT_EQ(out.results.at("CrashFixture.PassesToo").status, TestStatus::passed);
}

TEST(Engine, PointsComeFromTheListing) {
  test::TempDir dir;
  const auto out = run_fixture("fixture_crash", dir, 30);
  ASSERT_TRUE(out.listed);
  double total = 0;
  for (const auto& g : out.listing.graded) total += g.points;
  EXPECT_DOUBLE_EQ(total, 15);
}

TEST(Engine, AllTestsWhenNotGradedOnly) {
  test::TempDir dir;
  const auto out = run_fixture("fixture_crash", dir, 30, false);
  ASSERT_EQ(out.results.size(), 6u);
  EXPECT_EQ(out.results.at("CrashFixture.Ungraded").status, TestStatus::passed);
}

TEST(Engine, EndlessLoopTimesOutAndOthersAreGraded) {
  test::TempDir dir;
  const auto out = run_fixture("fixture_loop", dir, 2);
  ASSERT_TRUE(out.listed) << out.list_problem;
  EXPECT_TRUE(out.isolated);
  ASSERT_EQ(out.results.size(), 3u);
  EXPECT_EQ(out.results.at("LoopFixture.Passes").status, TestStatus::passed);
  EXPECT_EQ(out.results.at("LoopFixture.LoopsForever").status, TestStatus::timed_out);
  EXPECT_EQ(out.results.at("LoopFixture.Fails").status, TestStatus::failed);
  EXPECT_LT(out.seconds, 10.0);
}

TEST(Engine, MissingBinaryIsNotListed) {
  test::TempDir dir;
  EngineOptions o;
  o.binary = dir / "no_such_binary";
  o.label = "missing";
  o.work_dir = dir.path();
  const auto out = run_test_binary(o);
  EXPECT_FALSE(out.listed);
  EXPECT_FALSE(out.list_problem.empty());
}

}  // namespace
}  // namespace nnlab::tool
