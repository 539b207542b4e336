// report.json and Gradescope's results.json.
#include <gtest/gtest.h>

#include "nnlab/tool/report.hpp"

namespace nnlab::tool {
namespace {

GradeReport sample_report() {
  GradeReport r;
  r.variant = "exercise";
  r.timestamp = "2024-05-01T10:00:00Z";
  r.seconds = 12.6;
  ChapterResult ch;
  ch.chapter = "01_linear";
  ch.title = "Linear networks";

  ExerciseResult a;
  a.chapter = ch.chapter;
  a.id = "01.1";
  a.title = "Linear regression forward";
  a.max_points = 6;
  GradedTestResult t1;
  t1.result = {"LinregForward", "HandComputed", TestStatus::passed, "", 0.01};
  t1.points = 2;
  GradedTestResult t2;
  t2.result = {"LinregForward", "Golden", TestStatus::failed, "x_test.cpp:30\nmismatch", 0.02};
  t2.points = 4;
  a.tests = {t1, t2};
  score_exercise(a);

  ExerciseResult b;
  b.chapter = ch.chapter;
  b.id = "01.2";
  b.title = "Squared loss";
  b.max_points = 3;
  GradedTestResult t3;
  t3.result = {"SquaredLoss", "Value", TestStatus::passed, "", 0.0};
  t3.points = 3;
  b.tests = {t3};
  score_exercise(b);

  ch.exercises = {a, b};
  r.chapters = {ch};
  return r;
}

TEST(Gradescope, HasTheAutograderShape) {
  const auto j = gradescope_json(sample_report());
  ASSERT_TRUE(j.contains("score"));
  ASSERT_TRUE(j.contains("execution_time"));
  ASSERT_TRUE(j.contains("output"));
  ASSERT_TRUE(j["tests"].is_array());
  EXPECT_DOUBLE_EQ(j["score"].get<double>(), 5);
  EXPECT_EQ(j["execution_time"].get<int>(), 13);
  ASSERT_EQ(j["tests"].size(), 2u);
  const auto& t = j["tests"][0];
  EXPECT_EQ(t["name"], "01.1 Linear regression forward");
  EXPECT_EQ(t["number"], "01.1");
  EXPECT_DOUBLE_EQ(t["score"].get<double>(), 2);
  EXPECT_DOUBLE_EQ(t["max_score"].get<double>(), 6);
  EXPECT_EQ(t["status"], "failed");
  EXPECT_NE(t["output"].get<std::string>().find("LinregForward.Golden"), std::string::npos);
  EXPECT_NE(t["output"].get<std::string>().find("mismatch"), std::string::npos);
  EXPECT_EQ(j["tests"][1]["status"], "passed");
}

TEST(Report, HoldsEveryLevel) {
  const auto j = report_json(sample_report());
  EXPECT_EQ(j["variant"], "exercise");
  EXPECT_EQ(j["timestamp"], "2024-05-01T10:00:00Z");
  EXPECT_DOUBLE_EQ(j["points"].get<double>(), 5);
  EXPECT_DOUBLE_EQ(j["max_points"].get<double>(), 9);
  const auto& ex = j["chapters"][0]["exercises"][0];
  EXPECT_EQ(ex["status"], "failing");
  EXPECT_EQ(ex["tests"][1]["status"], "failed");
  EXPECT_EQ(ex["tests"][1]["message"], "x_test.cpp:30\nmismatch");
  EXPECT_DOUBLE_EQ(ex["tests"][0]["points"].get<double>(), 2);
  EXPECT_TRUE(j["chapters"][0]["build"]["ok"].get<bool>());
}

TEST(FailureSummary, ListsOnlyTestsThatDidNotPass) {
  const auto r = sample_report();
  const auto s = failure_summary(r.chapters[0].exercises[0]);
  EXPECT_NE(s.find("Golden"), std::string::npos);
  EXPECT_EQ(s.find("HandComputed"), std::string::npos);
}

}  // namespace
}  // namespace nnlab::tool
