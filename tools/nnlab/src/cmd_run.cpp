#include <cstdio>

#include <fmt/format.h>

#include "nnlab/tool/build.hpp"
#include "nnlab/tool/commands.hpp"
#include "nnlab/tool/console.hpp"
#include "nnlab/tool/process.hpp"

namespace nnlab::tool {

int cmd_run(const Context& ctx, const std::string& name, bool solution,
            const std::vector<std::string>& args) {
  const std::string variant = solution ? "solution" : "exercise";
  const DemoEntry* demo = nullptr;
  for (const auto& d : ctx.index.demos) {
    if (d.variant == variant && (d.name == name || d.chapter + "/" + d.name == name)) demo = &d;
  }
  if (!demo) {
    std::string list;
    for (const auto& d : ctx.index.demos) {
      if (d.variant == variant) list += fmt::format("\n  {:<24} ({})", d.name, d.chapter);
    }
    fmt::print(stderr, "unknown demo \"{}\". Demos ({} variant):{}\n", name, variant,
               list.empty() ? std::string(" none yet") : list);
    return 2;
  }

  BuildOptions b;
  b.build_dir = ctx.build_dir;
  b.targets = {demo->target};
  b.log = ctx.build_dir / "run" / ("build-" + demo->target + ".log");
  b.root = ctx.root.string();
  progress_line(fmt::format("building {} ...", demo->target));
  const auto built = build_targets(b);
  if (!built.ok) {
    fmt::print(stderr, "{} {} does not build:\n{}full log: {}\n", styled("Build error:", Style::red),
               demo->target, built.excerpt, built.log.string());
    return 1;
  }
  std::vector<std::string> argv{demo->path.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::fflush(stdout);
  std::fflush(stderr);
  const std::string error = exec_replace(argv);
  fmt::print(stderr, "cannot run {}: {}\n", demo->path.string(), error);
  return 1;
}

}  // namespace nnlab::tool
