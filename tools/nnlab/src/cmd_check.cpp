#include <ctime>

#include <fmt/format.h>

#include "nnlab/tool/commands.hpp"
#include "nnlab/tool/console.hpp"
#include "nnlab/tool/grade.hpp"
#include "nnlab/tool/parallel.hpp"

namespace nnlab::tool {
namespace {

std::string indent(const std::string& text, const std::string& prefix) {
  std::string out = prefix;
  for (char c : text) {
    out += c;
    if (c == '\n') out += prefix;
  }
  return out;
}

/// The NotImplemented message in a failure text: from the marker to the end of its line
/// (or the quote GoogleTest puts around an exception's description).
std::string not_implemented_line(const std::string& message) {
  const auto pos = message.find(kNotImplementedMarker);
  if (pos == std::string::npos) return {};
  const auto end = message.find_first_of("\"\n", pos);
  return message.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
}

/// A failure text for people: GoogleTest's "unknown file" line (for exceptions) dropped.
std::string readable_message(const std::string& message) {
  if (message.rfind("unknown file\n", 0) == 0) return message.substr(13);
  return message;
}

}  // namespace

int cmd_check(const Context& ctx, const std::string& id, double timeout_s) {
  const auto [manifest, exercise] = ctx.find_exercise(id);
  const std::string file = "chapters/" + manifest->chapter + "/" + exercise->file;
  fmt::print("{} {}  ({})\n", styled(id, Style::bold), exercise->title, file);
  if (const auto* u = ctx.index.unavailable_exercise(id)) {
    fmt::print("This exercise is not available in this build: {}.\n", u->reason);
    return 1;
  }

  GradeOptions o;
  o.variant = "exercise";
  o.timeout_s = timeout_s;
  o.chapters = {manifest->chapter};
  o.exercise = id;
  o.jobs = hardware_jobs();
  o.isolation_jobs = hardware_jobs();  // one binary: re-run a hanging one's tests side by side
  o.work_dir = ctx.build_dir / "check";
  o.progress = progress_line;
  const auto started = static_cast<long long>(std::time(nullptr));
  const GradeReport report = grade(ctx.index, ctx.build_dir, ctx.root, o);
  const auto all = report.all_exercises();
  if (all.empty()) throw std::runtime_error("exercise " + id + " was not graded");
  const ExerciseResult& r = all.front();

  if (r.status == ExerciseStatus::build_error) {
    const auto& build = report.chapters.front().build;
    const std::string own = std::filesystem::path(exercise->file).filename().string();
    bool in_own_file = false;
    for (const auto& e : build.errors) {
      in_own_file = in_own_file || std::filesystem::path(e.file).filename() == own;
    }
    fmt::print("\n{} {}:\n\n{}\nfull log: {}\n", styled("Build error:", Style::red),
               in_own_file || build.errors.empty()
                   ? "the exercise does not compile"
                   : "chapter " + manifest->chapter + " does not compile because of another file",
               r.detail, build.log.string());
  } else if (r.tests.empty()) {
    fmt::print("\n{}: {}\n", to_string(r.status), r.detail.empty() ? "no graded tests ran" : r.detail);
  } else {
    fmt::print("\n");
    std::string stub_message;
    for (const auto& t : r.tests) {
      const auto s = t.result.status;
      const std::string mark =
          s == TestStatus::passed    ? styled("PASS", Style::green)
          : s == TestStatus::skipped ? styled("SKIP", Style::cyan)
          : s == TestStatus::not_implemented ? styled("TODO", Style::yellow)
          : s == TestStatus::failed  ? styled("FAIL", Style::red)
                                     : styled(s == TestStatus::crashed ? "CRASH" : "TIMEOUT",
                                              Style::magenta);
      fmt::print("  {} {} ({:g}/{:g})\n", mark, t.result.full_name(), t.earned(), t.points);
      if (s == TestStatus::not_implemented) {
        if (stub_message.empty()) stub_message = not_implemented_line(t.result.message);
      } else if (s != TestStatus::passed && s != TestStatus::skipped && !t.result.message.empty()) {
        fmt::print("{}\n", indent(readable_message(t.result.message), "       "));
      }
    }
    if (!stub_message.empty()) {
      fmt::print("\n  TODO: the code under test still throws NotImplemented:\n    {}\n", stub_message);
    }
  }
  fmt::print("\n{}: {:g}/{:g} points, {}\n", id, r.points, r.max_points,
             styled(to_string(r.status), style_of(r.status)));
  if (r.ungraded_points > 0) {
    std::string why = r.detail;
    if (why.rfind("not graded: ", 0) == 0) why.erase(0, 12);
    fmt::print("({:g} points not graded here, counted neither earned nor possible: {})\n",
               r.ungraded_points, why);
  }

  StateFile state(state_file(ctx));
  state.record(r, started);
  state.save();

  if (r.status == ExerciseStatus::passed) {
    const auto [nm, ne] = next_exercise(ctx, state);
    if (ne) {
      fmt::print("Well done. Next: {} {}  ./nnlab check {}\n", ne->id, ne->title, ne->id);
    } else {
      fmt::print("Well done: every exercise passes.\n");
    }
    return 0;
  }
  if (r.status == ExerciseStatus::not_implemented) {
    fmt::print("Edit {}; stuck? ./nnlab hint {}\n", file, id);
  }
  return 1;
}

}  // namespace nnlab::tool
