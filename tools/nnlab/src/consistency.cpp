#include "nnlab/tool/consistency.hpp"

#include <cmath>
#include <map>

#include <fmt/format.h>

#include "nnlab/tool/process.hpp"

namespace nnlab::tool {
namespace {

namespace fs = std::filesystem;

Check make(std::string name, bool ok, std::string message = "") {
  return {std::move(name), ok, false, ok ? std::string() : std::move(message)};
}

}  // namespace

std::vector<Check> check_manifest(const Manifest& m, const fs::path& root,
                                  const std::vector<GradedTest>& graded,
                                  const std::set<std::string>& unavailable) {
  std::vector<Check> checks;
  const std::string number = m.chapter.substr(0, m.chapter.find('_'));

  // Ids.
  std::set<std::string> seen;
  std::string problems;
  for (const auto& e : m.exercises) {
    if (!seen.insert(e.id).second) problems += fmt::format(" {} appears twice;", e.id);
    if (e.id.rfind(number + ".", 0) != 0) {
      problems += fmt::format(" {} does not start with \"{}.\";", e.id, number);
    }
  }
  checks.push_back(make(fmt::format("{}: exercise ids are unique and numbered {}.N", m.chapter, number),
                        problems.empty(), "exercises.json:" + problems));

  // Every graded test belongs to exactly one exercise.
  std::map<std::string, double> points_of;  // exercise id -> sum of its tests' points
  std::map<std::string, int> tests_of_suite;
  for (const auto& g : graded) {
    const auto owners = m.exercises_with_suite(g.suite);
    std::string owner_ids;
    for (const auto* o : owners) owner_ids += " " + o->id;
    checks.push_back(make(
        fmt::format("{}: graded test {} belongs to exactly one exercise", m.chapter, g.full_name()),
        owners.size() == 1,
        owners.empty()
            ? fmt::format("suite {} is listed under no exercise in exercises.json ({}:{})",
                          g.suite, g.file, g.line)
            : fmt::format("suite {} is listed under several exercises:{}", g.suite, owner_ids)));
    if (owners.size() == 1) points_of[owners.front()->id] += g.points;
    ++tests_of_suite[g.suite];
  }

  for (const auto& e : m.exercises) {
    const std::string who = fmt::format("{} {}", e.id, e.title);
    // Points.
    const std::string points_name = fmt::format("{}: points equal the sum of its graded tests", who);
    if (unavailable.count(e.id)) {
      checks.push_back({points_name, true, true, "not built here (its tests were not listed)"});
    } else {
      std::string missing;
      for (const auto& s : e.suites) {
        if (!tests_of_suite.count(s)) missing += " " + s;
      }
      const double sum = points_of[e.id];
      const bool ok = std::abs(sum - e.points) < 1e-9 && sum > 0 && missing.empty();
      checks.push_back(make(points_name, ok,
                            missing.empty()
                                ? fmt::format("exercises.json says {:g} points, its graded tests "
                                              "add up to {:g}", e.points, sum)
                                : fmt::format("suites with no graded test:{} (manifest {:g} "
                                              "points, tests {:g})", missing, e.points, sum)));
    }
    // The stub.
    const fs::path stub = exercise_path(root, m.chapter, e);
    const bool stub_exists = fs::exists(stub);
    const bool throws = stub_exists && read_text_file(stub).find("NotImplemented") != std::string::npos;
    checks.push_back(make(
        fmt::format("{}: stub {} exists and throws NotImplemented", who, e.file), throws,
        stub_exists ? fmt::format("{} does not mention NotImplemented", stub.string())
                    : fmt::format("{} does not exist", stub.string())));
    // The solution.
    const fs::path sol = solution_path(root, m.chapter, e);
    checks.push_back(make(fmt::format("{}: has a reference solution", who), fs::exists(sol),
                          fmt::format("{} does not exist", sol.string())));
    // Hints.
    checks.push_back(make(fmt::format("{}: has at least 2 hints", who), e.hints.size() >= 2,
                          fmt::format("it has {}", e.hints.size())));
  }
  return checks;
}

}  // namespace nnlab::tool
