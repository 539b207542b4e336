// Reading GoogleTest's JSON report and --nnlab_list output; not-implemented detection.
#include <gtest/gtest.h>

#include "nnlab/tool/process.hpp"
#include "nnlab/tool/test_result.hpp"
#include "test_util.hpp"

namespace nnlab::tool {
namespace {

TEST(GtestJson, ParsesEveryTestWithStatusAndTime) {
  const auto report = parse_gtest_json(read_text_file(test::test_data("gtest_report.json")));
  ASSERT_TRUE(report.has_value());
  ASSERT_EQ(report->size(), 5u);
  const auto& hand = report->at("LinregForward.HandComputed");
  EXPECT_EQ(hand.status, TestStatus::passed);
  EXPECT_EQ(hand.suite, "LinregForward");
  EXPECT_EQ(hand.name, "HandComputed");
  EXPECT_DOUBLE_EQ(hand.seconds, 0.012);
  EXPECT_TRUE(hand.message.empty());
}

TEST(GtestJson, FailureKeepsItsMessage) {
  const auto report = parse_gtest_json(read_text_file(test::test_data("gtest_report.json")));
  const auto& golden = report->at("LinregForward.Golden");
  EXPECT_EQ(golden.status, TestStatus::failed);
  EXPECT_NE(golden.message.find("worst element at (2)"), std::string::npos);
}

TEST(GtestJson, NotImplementedMarkerMakesNotImplemented) {
  const auto report = parse_gtest_json(read_text_file(test::test_data("gtest_report.json")));
  const auto& stub = report->at("LinregForward.Stub");
  EXPECT_EQ(stub.status, TestStatus::not_implemented);
  EXPECT_NE(stub.message.find("01.1 linreg_forward"), std::string::npos);
}

TEST(GtestJson, SkippedAndDisabledAreSkipped) {
  const auto report = parse_gtest_json(read_text_file(test::test_data("gtest_report.json")));
  EXPECT_EQ(report->at("Gpu.MatchesCpu").status, TestStatus::skipped);
  EXPECT_EQ(report->at("Gpu.DISABLED_Later").status, TestStatus::skipped);
}

TEST(GtestJson, TruncatedOrEmptyReportIsRejected) {
  const auto text = read_text_file(test::test_data("gtest_report.json"));
  EXPECT_FALSE(parse_gtest_json(text.substr(0, text.size() / 2)).has_value());
  EXPECT_FALSE(parse_gtest_json("").has_value());
  EXPECT_FALSE(parse_gtest_json("{\"tests\": 0}").has_value());
}

TEST(GtestJson, FailureWithoutMarkerIsFailed) {
  const std::string text = R"({"testsuites": [{"name": "S", "testsuite": [
      {"name": "T", "status": "RUN", "result": "COMPLETED", "time": "1.5s",
       "failures": [{"failure": "a.cpp:1\nExpected equality", "type": ""}]}]}]})";
  const auto report = parse_gtest_json(text);
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->at("S.T").status, TestStatus::failed);
  EXPECT_DOUBLE_EQ(report->at("S.T").seconds, 1.5);
}

TEST(TestListing, ParsesGradedAndAllTests) {
  const std::string text = R"({"graded": [
      {"suite": "LinregForward", "name": "HandComputed", "points": 2, "file": "x_test.cpp", "line": 12},
      {"suite": "LinregForward", "name": "Golden", "points": 1.5, "file": "x_test.cpp", "line": 30}],
    "tests": ["LinregForward.HandComputed", "LinregForward.Golden", "Helpers.Ungraded"]})";
  const auto listing = parse_test_listing(text);
  ASSERT_TRUE(listing.has_value());
  ASSERT_EQ(listing->graded.size(), 2u);
  EXPECT_EQ(listing->graded[0].full_name(), "LinregForward.HandComputed");
  EXPECT_DOUBLE_EQ(listing->graded[1].points, 1.5);
  EXPECT_EQ(listing->graded[0].line, 12);
  EXPECT_EQ(listing->tests.size(), 3u);
}

TEST(TestListing, RejectsGarbage) {
  EXPECT_FALSE(parse_test_listing("Segmentation fault").has_value());
  EXPECT_FALSE(parse_test_listing("{\"tests\": []}").has_value());
}

TEST(TestStatusNames, RoundTrip) {
  for (auto s : {TestStatus::passed, TestStatus::failed, TestStatus::not_implemented,
                 TestStatus::crashed, TestStatus::timed_out, TestStatus::skipped,
                 TestStatus::build_error, TestStatus::unavailable}) {
    EXPECT_EQ(test_status_from_string(to_string(s)), s);
  }
  EXPECT_FALSE(test_status_from_string("bogus").has_value());
}

TEST(TrimMessage, StripsRootAndLimitsLines) {
  std::string text = "/src/root/tests/a_test.cpp:3\n";
  for (int i = 0; i < 100; ++i) text += "line\n";
  const auto trimmed = trim_message(text, "/src/root", 5);
  EXPECT_EQ(trimmed.rfind("tests/a_test.cpp:3", 0), 0u);
  EXPECT_NE(trimmed.find("[...]"), std::string::npos);
  EXPECT_LT(trimmed.size(), 60u);
}

TEST(SkipMessages, AreReadFromTheConsoleOutput) {
  const std::string out =
      "[ RUN      ] Gpu.Info\n"
      "/src/tests/common/gpu/device_test.cpp:47: Skipped\n"
      "no GPU (cudaErrorInsufficientDriver: CUDA driver version is insufficient)\n"
      "[  SKIPPED ] Gpu.Info (0 ms)\n"
      "[ RUN      ] Gpu.Other\n"
      "[       OK ] Gpu.Other (0 ms)\n"
      "[ RUN      ] Gpu.Silent\n"
      "/src/x.cpp:3: Skipped\n"
      "\n"
      "[  SKIPPED ] Gpu.Silent (0 ms)\n"
      "[  SKIPPED ] 2 tests, listed below:\n"
      "[  SKIPPED ] Gpu.Info\n";
  const auto m = parse_skip_messages(out);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m.at("Gpu.Info"),
            "no GPU (cudaErrorInsufficientDriver: CUDA driver version is insufficient)");
}

}  // namespace
}  // namespace nnlab::tool
