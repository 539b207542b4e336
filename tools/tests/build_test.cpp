// The build function: a broken file is reported by name and line; compiler output parsing.
#include <gtest/gtest.h>

#include "nnlab/tool/build.hpp"
#include "nnlab/tool/process.hpp"
#include "test_util.hpp"

namespace nnlab::tool {
namespace {

TEST(Build, BrokenFixtureIsABuildErrorNamingTheFile) {
  test::TempDir dir;
  BuildOptions o;
  o.build_dir = NNLAB_TOOL_BINARY_DIR;
  o.targets = {"fixture_broken"};
  o.log = dir / "build.log";
  o.root = NNLAB_TOOL_SOURCE_DIR;
  const auto r = build_targets(o);
  EXPECT_FALSE(r.ok);
  ASSERT_FALSE(r.errors.empty()) << read_text_file(r.log);
  EXPECT_EQ(r.errors.front().file, "tools/tests/fixtures/broken.cpp");
  EXPECT_TRUE(r.errors.front().line == 4 || r.errors.front().line == 5);  // GCC: 5, Clang: 4
  EXPECT_NE(r.excerpt.find("tools/tests/fixtures/broken.cpp:"), std::string::npos) << r.excerpt;
}

TEST(CompilerErrors, ParsesGccDiagnosticsWithContext) {
  const std::string log =
      "[1/3] Building CXX object chapters/CMakeFiles/linear_exercise.dir/exercises/a.cpp.o\n"
      "FAILED: chapters/CMakeFiles/linear_exercise.dir/exercises/a.cpp.o\n"
      "/usr/bin/c++ -I/src/chapters ... -c /src/chapters/01_linear/exercises/a.cpp\n"
      "/src/chapters/01_linear/exercises/a.cpp: In function 'Tensor f()':\n"
      "/src/chapters/01_linear/exercises/a.cpp:12:5: error: 'foo' was not declared in this scope\n"
      "   12 |     foo();\n"
      "      |     ^~~\n"
      "/src/chapters/01_linear/exercises/a.cpp:12:5: note: suggested alternative: 'for'\n"
      "In file included from /src/chapters/01_linear/exercises/b.cpp:1:\n"
      "/src/chapters/01_linear/include/nnlab/linear/b.hpp:3:1: fatal error: missing.hpp: No such file\n"
      "ninja: build stopped: subcommand failed.\n";
  const auto errors = parse_compiler_errors(log, "/src");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].file, "chapters/01_linear/exercises/a.cpp");
  EXPECT_EQ(errors[0].line, 12);
  EXPECT_EQ(errors[0].column, 5);
  EXPECT_EQ(errors[0].message, "'foo' was not declared in this scope");
  EXPECT_EQ(errors[0].context, "   12 |     foo();\n      |     ^~~\n");
  EXPECT_EQ(errors[1].file, "chapters/01_linear/include/nnlab/linear/b.hpp");
  EXPECT_EQ(errors[1].message, "missing.hpp: No such file");
}

TEST(CompilerErrors, LinkerErrorsAreFound) {
  const auto errors = parse_compiler_errors(
      "/usr/bin/ld: liblinear_exercise.a(a.cpp.o): in function `f':\n"
      "a.cpp:(.text+0x1): undefined reference to `nnlab::linear::g()'\n"
      "collect2: error: ld returned 1 exit status\n",
      "");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].file, "(linker)");
  EXPECT_NE(errors[0].message.find("undefined reference"), std::string::npos);
}

TEST(CompilerErrors, FormatPrefersTheExerciseFile) {
  std::vector<CompilerError> errors{{"chapters/x/exercises/other.cpp", 1, 1, "first", ""},
                                    {"chapters/x/exercises/mine.cpp", 7, 2, "second", "  ctx\n"}};
  const auto text = format_errors(errors, 1, "mine.cpp");
  EXPECT_EQ(text.rfind("chapters/x/exercises/mine.cpp:7:2: error: second\n  ctx\n", 0), 0u);
  EXPECT_NE(text.find("1 more"), std::string::npos);
}

}  // namespace
}  // namespace nnlab::tool
