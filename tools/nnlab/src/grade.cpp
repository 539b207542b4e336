#include "nnlab/tool/grade.hpp"

#include <chrono>
#include <ctime>
#include <map>
#include <mutex>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "nnlab/tool/engine.hpp"
#include "nnlab/tool/parallel.hpp"

namespace nnlab::tool {
namespace {

namespace fs = std::filesystem;

void say(const GradeOptions& o, const std::string& line) {
  if (o.progress) o.progress(line);
}

std::string topic_of(const Index& index, const std::string& chapter) {
  const auto* c = index.find_chapter(chapter);
  return c ? c->topic : chapter;
}

std::string summary_of(const BinaryOutcome& out) {
  if (!out.listed) return "could not list its tests";
  int passed = 0;
  for (const auto& [name, r] : out.results) passed += r.status == TestStatus::passed;
  std::string s = fmt::format("{}/{} passed ({:.1f} s)", passed, out.results.size(), out.seconds);
  if (out.isolated) {
    s += ", re-ran test by test (whole run " +
         out.whole_run_problem.substr(0, out.whole_run_problem.find('\n')) + ")";
  }
  return s;
}

ChapterResult grade_chapter(const Index& index, const fs::path& build_dir, const fs::path& root,
                            const std::string& chapter, const GradeOptions& o) {
  ChapterResult ch;
  ch.chapter = chapter;
  const Manifest manifest = load_manifest(root, chapter);
  ch.title = manifest.title;

  std::map<std::string, std::size_t> position;  // exercise id -> index in ch.exercises
  for (const auto& ex : manifest.exercises) {
    if (!o.exercise.empty() && ex.id != o.exercise) continue;
    ExerciseResult r;
    r.chapter = chapter;
    r.id = ex.id;
    r.title = ex.title;
    r.file = "chapters/" + chapter + "/" + ex.file;
    r.max_points = ex.points;
    position[ex.id] = ch.exercises.size();
    ch.exercises.push_back(std::move(r));
  }
  auto pending = [&](const ExerciseResult& e) {
    return e.status == ExerciseStatus::not_graded;
  };
  for (auto& e : ch.exercises) {
    if (const auto* u = index.unavailable_exercise(e.id)) {
      mark_exercise(e, ExerciseStatus::unavailable, u->reason);
    }
  }
  const auto* entry = index.find_chapter(chapter);
  if (!entry || !entry->has_variant(o.variant)) {
    for (auto& e : ch.exercises) {
      if (pending(e)) mark_exercise(e, ExerciseStatus::unavailable,
                                    fmt::format("this chapter has no {} variant", o.variant));
    }
    return ch;
  }

  // The binaries to run: those of an exercise (of this one exercise, for `check`).
  auto binaries_of = [&](const Index& idx) {
    std::vector<TestEntry> out;
    for (const auto* t : idx.tests_of(chapter, o.variant)) {
      if (t->exercise.empty()) continue;
      if (!o.exercise.empty() && t->exercise != o.exercise) continue;
      out.push_back(*t);
    }
    return out;
  };
  std::vector<TestEntry> binaries = binaries_of(index);
  if (binaries.empty()) return ch;

  // Build first, and never run a binary left over from an earlier, successful build.
  BuildOptions b;
  b.build_dir = build_dir;
  if (o.exercise.empty()) {
    b.targets = {topic_of(index, chapter) + "_" + o.variant + "_tests"};
  } else {
    for (const auto& t : binaries) b.targets.push_back(t.target);
  }
  b.log = o.work_dir / fmt::format("build-{}.log", o.exercise.empty() ? chapter : o.exercise);
  b.jobs = o.build_jobs;
  b.root = root.string();
  say(o, fmt::format("building {} ({} variant) ...", chapter, o.variant));
  ch.build = build_targets(b);
  ch.build_ok = ch.build.ok;
  if (!ch.build_ok) {
    say(o, fmt::format("build of {} FAILED ({:.0f} s); log: {}", chapter, ch.build.seconds,
                       ch.build.log.string()));
    for (auto& e : ch.exercises) {
      if (!pending(e)) continue;
      const auto* ex = manifest.find(e.id);
      const std::string file = ex ? fs::path(ex->file).filename().string() : "";
      mark_exercise(e, ExerciseStatus::build_error,
                    ch.build.errors.empty() ? ch.build.excerpt
                                            : format_errors(ch.build.errors, 5, file));
    }
    return ch;
  }
  say(o, fmt::format("built {} ({:.0f} s)", chapter, ch.build.seconds));
  // The build may have re-run CMake (a new test file): use the index it wrote.
  if (o.reload_index) {
    try {
      binaries = binaries_of(load_index(build_dir));
    } catch (const std::exception&) {
      // keep the index we were given
    }
  }

  // Run the binaries, several at once.
  std::vector<BinaryOutcome> outcomes(binaries.size());
  parallel_for(binaries.size(), o.jobs, [&](std::size_t i) {
    EngineOptions e;
    e.binary = binaries[i].path;
    e.label = binaries[i].target;
    e.work_dir = o.work_dir;
    e.timeout_s = o.timeout_s;
    e.graded_only = true;
    e.isolation_jobs = o.isolation_jobs;
    e.root = root.string();
    outcomes[i] = run_test_binary(e);
    say(o, fmt::format("ran {}: {}", binaries[i].path.filename().string(), summary_of(outcomes[i])));
  });

  // Graded tests to exercises, by suite (the manifest), else by the binary's exercise.
  for (std::size_t i = 0; i < binaries.size(); ++i) {
    const auto& out = outcomes[i];
    if (!out.listed) {
      auto it = position.find(binaries[i].exercise);
      if (it != position.end() && pending(ch.exercises[it->second])) {
        auto& e = ch.exercises[it->second];
        e.status = ExerciseStatus::crashed;
        e.detail = out.list_problem;
      }
      continue;
    }
    for (const auto& g : out.listing.graded) {
      const auto owners = manifest.exercises_with_suite(g.suite);
      std::string id = owners.size() == 1 ? owners.front()->id : binaries[i].exercise;
      if (owners.size() != 1) {
        ch.warnings.push_back(fmt::format(
            "graded test {} is claimed by {} exercises in {}/exercises.json; counted under {}",
            g.full_name(), owners.size(), chapter, id));
      }
      auto it = position.find(id);
      if (it == position.end()) continue;
      auto& e = ch.exercises[it->second];
      GradedTestResult t;
      t.points = g.points;
      auto r = out.results.find(g.full_name());
      if (r != out.results.end()) {
        t.result = r->second;
      } else {
        t.result.suite = g.suite;
        t.result.name = g.name;
        t.result.status = TestStatus::crashed;
        t.result.message = "no result";
      }
      e.tests.push_back(std::move(t));
    }
  }
  for (auto& e : ch.exercises) {
    if (pending(e) && !e.tests.empty()) score_exercise(e);
  }
  return ch;
}

}  // namespace

std::vector<ExerciseResult> GradeReport::all_exercises() const {
  std::vector<ExerciseResult> out;
  for (const auto& c : chapters) out.insert(out.end(), c.exercises.begin(), c.exercises.end());
  return out;
}

std::string resolve_chapter(const Index& index, const std::string& name) {
  for (const auto& c : index.chapters) {
    if (c.chapter == name || c.topic == name || c.chapter.substr(0, c.chapter.find('_')) == name) {
      return c.chapter;
    }
  }
  return {};
}

std::string now_iso8601() {
  const std::time_t t = std::time(nullptr);
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(t));
}

GradeReport grade(const Index& index, const fs::path& build_dir, const fs::path& root,
                  const GradeOptions& options) {
  GradeOptions o = options;
  if (o.work_dir.empty()) o.work_dir = build_dir / "grade";
  fs::create_directories(o.work_dir);
  GradeReport report;
  report.variant = o.variant;
  report.timestamp = now_iso8601();
  report.timeout_s = o.timeout_s;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& c : index.chapters) {
    if (!o.chapters.empty() &&
        std::find(o.chapters.begin(), o.chapters.end(), c.chapter) == o.chapters.end()) {
      continue;
    }
    report.chapters.push_back(grade_chapter(index, build_dir, root, c.chapter, o));
  }
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace nnlab::tool
