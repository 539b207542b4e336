// Reading build/nnlab_index.json.
#include <gtest/gtest.h>

#include "nnlab/tool/grade.hpp"
#include "nnlab/tool/index.hpp"
#include "test_util.hpp"

namespace nnlab::tool {
namespace {

const char* kIndex = R"({
  "source_dir": "/src", "binary_dir": "/src/build", "cuda": false, "chain": "solution",
  "build_type": "Release",
  "entries": [
  {"kind": "chapter", "chapter": "01_linear", "topic": "linear", "variants": "exercise;solution"},
  {"kind": "unavailable", "chapter": "01_linear", "exercise": "01.9", "reason": "built without CUDA"},
  {"kind": "test", "chapter": "01_linear", "exercise": "01.1", "variant": "exercise", "target": "linear_linreg_forward_test_exercise", "path": "/src/build/bin/tests/01_linear/linreg_forward_test-exercise", "source": "tests/01_linear/linreg_forward_test.cpp"},
  {"kind": "test", "chapter": "01_linear", "exercise": "01.1", "variant": "solution", "target": "linear_linreg_forward_test_solution", "path": "/src/build/bin/tests/01_linear/linreg_forward_test-solution", "source": "tests/01_linear/linreg_forward_test.cpp"},
  {"kind": "demo", "chapter": "01_linear", "name": "linreg", "variant": "exercise", "target": "linear_demo_linreg_exercise", "path": "/src/build/bin/demos/linreg-exercise"},
  {"kind": "test", "chapter": "common", "exercise": "", "variant": "solution", "target": "common_tests", "path": "/src/build/bin/tests/common/common_tests", "source": "tests/common"},
  {"kind": "bench", "chapter": "01_linear", "variant": "solution", "target": "linear_linear_cuda_bench_solution", "path": "/src/build/bin/bench/01_linear/linear_cuda_bench-solution", "source": "bench/01_linear/linear_cuda_bench.cpp", "gpu": true},
  {"kind": "bench", "chapter": "01_linear", "variant": "exercise", "target": "linear_linear_bench_exercise", "path": "/src/build/bin/bench/01_linear/linear_bench-exercise", "source": "bench/01_linear/linear_bench.cpp", "gpu": false}
  ]
})";

TEST(Index, ParsesEveryKind) {
  const Index index = parse_index(kIndex);
  EXPECT_EQ(index.source_dir, "/src");
  EXPECT_FALSE(index.cuda);
  ASSERT_EQ(index.chapters.size(), 1u);
  EXPECT_EQ(index.chapters[0].topic, "linear");
  EXPECT_TRUE(index.chapters[0].has_variant("solution"));
  EXPECT_EQ(index.tests.size(), 3u);
  EXPECT_EQ(index.tests_of("01_linear", "exercise").size(), 1u);
  EXPECT_EQ(index.tests_of("common", "solution").front()->target, "common_tests");
  ASSERT_EQ(index.demos.size(), 1u);
  EXPECT_EQ(index.demos[0].path, "/src/build/bin/demos/linreg-exercise");
  ASSERT_EQ(index.benches.size(), 2u);
  EXPECT_TRUE(index.benches[0].gpu);
  EXPECT_EQ(index.benches[0].stem(), "linear_cuda_bench");
  EXPECT_EQ(index.benches_of("01_linear", "exercise").size(), 1u);
  EXPECT_EQ(index.benches_of("01_linear").size(), 2u);
  EXPECT_EQ(index.benches_of("01_linear", "exercise").front()->path,
            "/src/build/bin/bench/01_linear/linear_bench-exercise");
  ASSERT_NE(index.unavailable_exercise("01.9"), nullptr);
  EXPECT_EQ(index.unavailable_exercise("01.1"), nullptr);
}

TEST(Index, MissingIndexTellsToRunTheLauncher) {
  test::TempDir dir;
  try {
    load_index(dir.path());
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("./nnlab"), std::string::npos);
  }
}

TEST(Index, ChapterNamesResolve) {
  const Index index = parse_index(kIndex);
  EXPECT_EQ(resolve_chapter(index, "01_linear"), "01_linear");
  EXPECT_EQ(resolve_chapter(index, "01"), "01_linear");
  EXPECT_EQ(resolve_chapter(index, "linear"), "01_linear");
  EXPECT_EQ(resolve_chapter(index, "02"), "");
}

}  // namespace
}  // namespace nnlab::tool
