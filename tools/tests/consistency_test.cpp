// Manifest consistency on small chapters written to a temporary directory.
#include <gtest/gtest.h>

#include "nnlab/tool/consistency.hpp"
#include "test_util.hpp"

namespace nnlab::tool {
namespace {

const char* kManifest = R"({
  "chapter": "09_toy", "title": "Toy",
  "exercises": [
    {"id": "09.1", "title": "Add", "file": "exercises/add.cpp", "suites": ["Add"], "points": 3,
     "hints": ["one", "two"], "references": ["a book"]},
    {"id": "09.2", "title": "Mul", "file": "exercises/mul.cpp", "suites": ["Mul", "MulGrad"],
     "points": 4, "hints": ["one", "two", "three"]}
  ]})";

/// A consistent toy chapter.
struct Toy {
  test::TempDir dir;
  Toy() {
    test::write_file(dir / "chapters/09_toy/exercises.json", kManifest);
    test::write_file(dir / "chapters/09_toy/exercises/add.cpp", "throw nnlab::NotImplemented(\"09.1 add\");");
    test::write_file(dir / "chapters/09_toy/exercises/mul.cpp", "throw nnlab::NotImplemented(\"09.2 mul\");");
    test::write_file(dir / "solutions/09_toy/add.cpp", "return a + b;");
    test::write_file(dir / "solutions/09_toy/mul.cpp", "return a * b;");
  }
  Manifest manifest() const { return load_manifest(dir.path(), "09_toy"); }
  std::vector<GradedTest> graded() const {
    return {{"Add", "Small", 1, "t.cpp", 1}, {"Add", "Golden", 2, "t.cpp", 2},
            {"Mul", "Small", 2, "t.cpp", 3}, {"MulGrad", "Fd", 2, "t.cpp", 4}};
  }
};

std::vector<Check> failures(const std::vector<Check>& checks) {
  std::vector<Check> out;
  for (const auto& c : checks) {
    if (!c.ok) out.push_back(c);
  }
  return out;
}

std::string names(const std::vector<Check>& checks) {
  std::string s;
  for (const auto& c : checks) s += c.name + ": " + c.message + "\n";
  return s;
}

TEST(Consistency, ConsistentChapterPassesEveryCheck) {
  Toy toy;
  const auto checks = check_manifest(toy.manifest(), toy.dir.path(), toy.graded());
  EXPECT_TRUE(failures(checks).empty()) << names(failures(checks));
  // ids + 4 graded tests + 4 checks for each of 2 exercises
  EXPECT_EQ(checks.size(), 1u + 4u + 8u);
}

TEST(Consistency, SuiteOfNoExerciseFails) {
  Toy toy;
  auto graded = toy.graded();
  graded.push_back({"Orphan", "T", 1, "t.cpp", 9});
  const auto bad = failures(check_manifest(toy.manifest(), toy.dir.path(), graded));
  ASSERT_EQ(bad.size(), 1u) << names(bad);
  EXPECT_NE(bad[0].name.find("Orphan.T"), std::string::npos);
}

TEST(Consistency, PointsMismatchFails) {
  Toy toy;
  auto graded = toy.graded();
  graded[0].points = 5;
  const auto bad = failures(check_manifest(toy.manifest(), toy.dir.path(), graded));
  ASSERT_EQ(bad.size(), 1u) << names(bad);
  EXPECT_NE(bad[0].name.find("09.1"), std::string::npos);
  EXPECT_NE(bad[0].message.find("7"), std::string::npos);  // 5 + 2
}

TEST(Consistency, SuiteWithoutTestsFails) {
  Toy toy;
  auto graded = toy.graded();
  graded.pop_back();  // MulGrad has no test now
  graded[2].points = 4;
  const auto bad = failures(check_manifest(toy.manifest(), toy.dir.path(), graded));
  ASSERT_EQ(bad.size(), 1u) << names(bad);
  EXPECT_NE(bad[0].message.find("MulGrad"), std::string::npos);
}

TEST(Consistency, StubWithoutNotImplementedFails) {
  Toy toy;
  test::write_file(toy.dir / "chapters/09_toy/exercises/add.cpp", "return a + b;");
  const auto bad = failures(check_manifest(toy.manifest(), toy.dir.path(), toy.graded()));
  ASSERT_EQ(bad.size(), 1u) << names(bad);
  EXPECT_NE(bad[0].name.find("NotImplemented"), std::string::npos);
}

TEST(Consistency, MissingSolutionAndFewHintsFail) {
  Toy toy;
  std::filesystem::remove(toy.dir / "solutions/09_toy/mul.cpp");
  auto m = toy.manifest();
  m.exercises[0].hints.pop_back();
  const auto bad = failures(check_manifest(m, toy.dir.path(), toy.graded()));
  ASSERT_EQ(bad.size(), 2u) << names(bad);
}

TEST(Consistency, DuplicateOrMisnumberedIdsFail) {
  Toy toy;
  auto m = toy.manifest();
  m.exercises[1].id = "08.2";
  const auto bad = failures(check_manifest(m, toy.dir.path(), toy.graded()));
  ASSERT_GE(bad.size(), 1u);
  EXPECT_NE(bad[0].message.find("08.2"), std::string::npos);
}

TEST(Consistency, UnavailableExerciseSkipsThePointsCheck) {
  Toy toy;
  auto graded = toy.graded();
  graded.resize(2);  // the binary of 09.2 was not built here
  const auto checks = check_manifest(toy.manifest(), toy.dir.path(), graded, {"09.2"});
  EXPECT_TRUE(failures(checks).empty()) << names(failures(checks));
  int skipped = 0;
  for (const auto& c : checks) skipped += c.skipped;
  EXPECT_EQ(skipped, 1);
}

TEST(Manifest, ParsesFieldsAndPaths) {
  Toy toy;
  const auto m = toy.manifest();
  EXPECT_EQ(m.chapter, "09_toy");
  EXPECT_EQ(m.title, "Toy");
  ASSERT_EQ(m.exercises.size(), 2u);
  EXPECT_EQ(m.exercises[1].suites.size(), 2u);
  EXPECT_EQ(m.exercises[0].references.size(), 1u);
  EXPECT_EQ(m.exercises_with_suite("MulGrad").front()->id, "09.2");
  EXPECT_EQ(solution_path("/r", "09_toy", m.exercises[0]), "/r/solutions/09_toy/add.cpp");
  EXPECT_EQ(exercise_path("/r", "09_toy", m.exercises[0]), "/r/chapters/09_toy/exercises/add.cpp");
}

TEST(Manifest, MalformedManifestThrowsNamingTheChapter) {
  try {
    parse_manifest("{\"exercises\": [{\"title\": \"no id\"}]}", "09_toy");
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("09_toy"), std::string::npos);
  }
}

}  // namespace
}  // namespace nnlab::tool
