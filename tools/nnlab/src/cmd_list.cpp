#include <fmt/format.h>

#include "nnlab/tool/commands.hpp"
#include "nnlab/tool/console.hpp"

namespace nnlab::tool {

bool changed_since(const Context& ctx, const Manifest& m, const Exercise& e,
                   const ExerciseState& s) {
  return file_mtime(exercise_path(ctx.root, m.chapter, e)) > s.time;
}

std::pair<const Manifest*, const Exercise*> next_exercise(const Context& ctx,
                                                          const StateFile& state) {
  for (const auto& m : ctx.manifests()) {
    for (const auto& e : m.exercises) {
      if (ctx.index.unavailable_exercise(e.id)) continue;
      const auto* s = state.find(e.id);
      if (!s || s->status != ExerciseStatus::passed || changed_since(ctx, m, e, *s)) {
        return {&m, &e};
      }
    }
  }
  return {nullptr, nullptr};
}

int cmd_list(const Context& ctx) {
  const StateFile state(state_file(ctx));
  const auto [next_m, next_e] = next_exercise(ctx, state);
  for (const auto& m : ctx.manifests()) {
    fmt::print("\n{}\n", styled(fmt::format("{}  {}", m.chapter, m.title), Style::bold));
    Table table({"", "id", "title", "points", "state"});
    table.align_right(3);
    for (const auto& e : m.exercises) {
      std::string points = fmt::format("-/{:g}", e.points);
      std::string st;
      if (const auto* u = ctx.index.unavailable_exercise(e.id)) {
        st = styled("unavailable (" + u->reason + ")", Style::dim);
      } else if (const auto* s = state.find(e.id)) {
        points = fmt::format("{:g}/{:g}", s->points, e.points);
        st = styled(to_string(s->status), style_of(s->status));
        if (changed_since(ctx, m, e, *s)) st += styled(" (changed since)", Style::yellow);
      } else {
        st = styled(to_string(ExerciseStatus::not_graded), Style::dim);
      }
      const bool is_next = &e == next_e;
      table.add({is_next ? styled(">", Style::bold) : "",
                 is_next ? styled(e.id, Style::bold) : e.id,
                 is_next ? styled(e.title, Style::bold) : e.title, points, st});
    }
    fmt::print("{}", table.render());
  }
  fmt::print("\n");
  if (next_e) {
    fmt::print("{} {} {}  ({})   ./nnlab check {}\n", styled("Next:", Style::bold), next_e->id,
               next_e->title, "chapters/" + next_m->chapter + "/" + next_e->file, next_e->id);
  } else {
    fmt::print("{}\n", styled("Every exercise passes. Well done.", Style::green));
  }
  return 0;
}

}  // namespace nnlab::tool
