// The process helper: exit codes, signals, time-outs that kill the whole group, output capture.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "nnlab/tool/process.hpp"
#include "test_util.hpp"

namespace nnlab::tool {
namespace {

ProcessResult sh(const std::string& script, const std::filesystem::path& out, double timeout = 0) {
  ProcessOptions o;
  o.argv = {"/bin/sh", "-c", script};
  o.output = out;
  o.timeout_s = timeout;
  return run_process(o);
}

TEST(Process, ReportsExitCodeAndCapturesOutput) {
  test::TempDir dir;
  const auto r = sh("echo hello; echo oops >&2; exit 3", dir / "out.log");
  EXPECT_TRUE(r.started);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(read_text_file(dir / "out.log"), "hello\noops\n");
  EXPECT_EQ(r.describe(), "exit status 3");
}

TEST(Process, ReportsTheKillingSignal) {
  test::TempDir dir;
  const auto r = sh("kill -SEGV $$", dir / "out.log");
  EXPECT_EQ(r.signal, 11);
  EXPECT_NE(r.describe().find("signal 11"), std::string::npos);
}

TEST(Process, TimeoutKillsTheWholeGroup) {
  test::TempDir dir;
  const auto marker = dir / "survived";
  // A grandchild that would write the marker after 1 s: the group kill must take it too.
  const auto start = std::chrono::steady_clock::now();
  const auto r = sh("(sleep 1; touch " + marker.string() + ") & sleep 30", dir / "out.log", 0.3);
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(r.timed_out);
  EXPECT_LT(took, 5.0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_FALSE(std::filesystem::exists(marker));
}

TEST(Process, MissingProgramDoesNotStart) {
  ProcessOptions o;
  o.argv = {"/nonexistent/program"};
  const auto r = run_process(o);
  EXPECT_FALSE(r.started);
  EXPECT_NE(r.error.find("/nonexistent/program"), std::string::npos);
}

TEST(Process, ExtraEnvironmentReachesTheChild) {
  test::TempDir dir;
  ProcessOptions o;
  o.argv = {"/bin/sh", "-c", "echo $NNLAB_PROBE"};
  o.output = dir / "out.log";
  o.env = {"NNLAB_PROBE=42"};
  EXPECT_TRUE(run_process(o).ok());
  EXPECT_EQ(read_text_file(dir / "out.log"), "42\n");
}

TEST(Process, TailOfFile) {
  test::TempDir dir;
  test::write_file(dir / "f.txt", "a\nb\nc\nd\n");
  EXPECT_EQ(tail_of_file(dir / "f.txt", 2), "c\nd");
  EXPECT_EQ(tail_of_file(dir / "f.txt", 10), "a\nb\nc\nd");
  EXPECT_EQ(tail_of_file(dir / "missing.txt", 2), "");
}

}  // namespace
}  // namespace nnlab::tool
