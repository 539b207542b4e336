// The testing library itself: tolerant comparison, its messages, gradient checks, golden files.
#include <gtest/gtest.h>

#include "nnlab/testing.hpp"

using namespace nnlab;
using namespace nnlab::testing;

TEST(Allclose, UsesAtolPlusRtolTimesExpected) {
  EXPECT_TRUE(all_close(Tensor{1.0f, 100.0f}, Tensor{1.05f, 101.0f}, 0.1, 0.01));
  EXPECT_FALSE(all_close(Tensor{1.0f, 100.0f}, Tensor{1.05f, 101.0f}, 0.01, 0.001));
}

TEST(Allclose, FailureNamesWorstIndexValuesAndShareOfTolerance) {
  const auto r = all_close(Tensor{{0.0f, 1.0f}, {2.0f, 3.5f}}, Tensor{{0.0f, 1.0f}, {2.0f, 3.0f}},
                          0.1, 0.0);
  ASSERT_FALSE(r);
  const std::string msg = r.message();
  for (const char* part : {"1 of 4 elements", "(1, 1)", "actual 3.5", "expected 3", "5x"}) {
    EXPECT_NE(msg.find(part), std::string::npos) << "missing '" << part << "' in: " << msg;
  }
}

TEST(Allclose, ShapesMustMatchAndNanNeverMatches) {
  const auto r = all_close(Tensor{1.0f, 2.0f}, Tensor{{1.0f, 2.0f}}, 1, 1);
  ASSERT_FALSE(r);
  EXPECT_NE(std::string(r.message()).find("actual (2), expected (1, 2)"), std::string::npos)
      << r.message();
  EXPECT_FALSE(all_close(Tensor{NAN}, Tensor{NAN}, 1, 1));
  EXPECT_TRUE(all_close(Tensor{INFINITY}, Tensor{INFINITY}, 0, 0));
}

TEST(Equal, NamesTheFirstDifference) {
  EXPECT_TRUE(labels_equal(Labels{1, 2, 3}, Labels{1, 2, 3}));
  const auto r = labels_equal(Labels{1, 2, 3}, Labels{1, 5, 3});
  ASSERT_FALSE(r);
  EXPECT_NE(std::string(r.message()).find("(1): actual 2, expected 5"), std::string::npos);
}

TEST(Gradcheck, CentralDifferencesOfAKnownFunction) {
  // f(x) = sum(x^3): df/dx = 3 x^2.
  auto f = [](const Tensor& x) { return double(xt::sum(x * x * x)()); };
  const Tensor x = {1.0f, -2.0f, 0.5f};
  EXPECT_TRUE(all_close(numerical_gradient(f, x), xt::xarray<double>{3.0, 12.0, 0.75}, 1e-3, 1e-3));
  EXPECT_TRUE(gradcheck(f, x, Tensor{3.0f, 12.0f, 0.75f}, 1e-3, 1e-3));
  EXPECT_FALSE(gradcheck(f, x, Tensor{3.0f, 12.0f, 0.80f}, 1e-3, 1e-3));
  EXPECT_FALSE(gradcheck(f, x, Tensor{3.0f, 12.0f}, 1e-3, 1e-3));
}

TEST(Golden, MissingFileNamesItAndTheScript) {
  EXPECT_TRUE(throws_with<DataError>([] { golden("99_nothing", "x"); },
                                     {"tests/99_nothing/golden/x.npy",
                                      "tools/golden/99_nothing.py"}));
}

TEST(Errors, MessagesNameFunctionShapesAndRule) {
  const ShapeError two("linreg_forward", "x", Shape{4, 3}, "w", Shape{2}, "w must have length D");
  EXPECT_STREQ(two.what(),
               "linreg_forward: x has shape (4, 3) and w has shape (2): w must have length D");
  EXPECT_STREQ(DataError("a.npy", "truncated").what(), "a.npy: truncated");
  const std::string ni = NotImplemented("01.1 linreg_forward").what();
  EXPECT_EQ(ni.rfind("[not implemented] 01.1 linreg_forward", 0), 0u) << ni;
  EXPECT_EQ(shape_str(Shape{}), "()");
}

namespace {
int listed_points_test_helper = 0;
}
NNLAB_TEST(GradedRegistry, IsListed, 3) { ++listed_points_test_helper; }

TEST(GradedRegistry, RecordsSuiteNameAndPoints) {
  bool found = false;
  for (const auto& t : graded_tests()) {
    if (t.suite == "GradedRegistry" && t.name == "IsListed") {
      found = true;
      EXPECT_EQ(t.points, 3.0);
    }
  }
  EXPECT_TRUE(found);
}
