#include <fmt/format.h>

#include "nnlab/tool/commands.hpp"
#include "nnlab/tool/console.hpp"

namespace nnlab::tool {

int cmd_hint(const Context& ctx, const std::string& id, bool reset) {
  const auto [manifest, exercise] = ctx.find_exercise(id);
  HintBook book(hints_file(ctx));
  if (reset) {
    book.reset(id);
    book.save();
    fmt::print("Hints of {} reset: the next ./nnlab hint {} shows the first again.\n", id, id);
    return 0;
  }
  const int count = static_cast<int>(exercise->hints.size());
  fmt::print("{} {}  (chapters/{}/{})\n", styled(id, Style::bold), exercise->title,
             manifest->chapter, exercise->file);
  if (count == 0) {
    fmt::print("This exercise has no hints; see the chapter's README.md.\n");
  } else {
    const bool repeat = book.shown(id) >= count;
    const int k = book.advance(id, count);
    book.save();
    fmt::print("\n{}\n  {}\n\n", styled(fmt::format("Hint {} of {}:", k, count), Style::cyan),
               exercise->hints[static_cast<std::size_t>(k - 1)]);
    if (k < count) {
      fmt::print("Run ./nnlab hint {} again for the next one.\n", id);
    } else if (repeat) {
      fmt::print("That was the last hint: there are no more (./nnlab hint {} --reset starts "
                 "over).\n", id);
    } else {
      fmt::print("That was the last hint.\n");
    }
  }
  if ((count == 0 || book.shown(id) >= count) && !exercise->references.empty()) {
    fmt::print("References:\n");
    for (const auto& r : exercise->references) fmt::print("  - {}\n", r);
  }
  return 0;
}

}  // namespace nnlab::tool
