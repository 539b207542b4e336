#include "nnlab/tool/context.hpp"

#include <cstdlib>
#include <stdexcept>

#include <fmt/format.h>

namespace nnlab::tool {

namespace fs = std::filesystem;

const std::vector<Manifest>& Context::manifests() const {
  if (!loaded_) {
    std::vector<std::string> chapters;
    for (const auto& c : index.chapters) chapters.push_back(c.chapter);
    manifests_ = load_manifests(root, chapters);
    loaded_ = true;
  }
  return manifests_;
}

std::pair<const Manifest*, const Exercise*> Context::find_exercise(const std::string& id) const {
  std::string valid;
  for (const auto& m : manifests()) {
    for (const auto& e : m.exercises) {
      if (e.id == id) return {&m, &e};
      valid += fmt::format("\n  {:<6} {}", e.id, e.title);
    }
  }
  throw std::runtime_error(
      fmt::format("unknown exercise \"{}\". Valid exercises:{}", id,
                  valid.empty() ? std::string(" none (no chapters in the index)") : valid));
}

fs::path resolve_build_dir(const std::string& explicit_dir) {
  if (!explicit_dir.empty()) return fs::absolute(explicit_dir).lexically_normal();
  if (const char* env = std::getenv("NNLAB_BUILD_DIR"); env && *env) {
    return fs::absolute(env).lexically_normal();
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path candidate = exe.parent_path().parent_path();
    if (fs::exists(candidate / "nnlab_index.json")) return candidate;
  }
  return fs::absolute("build").lexically_normal();
}

Context load_context(const std::string& build_dir, const std::string& root) {
  Context ctx;
  ctx.build_dir = resolve_build_dir(build_dir);
  ctx.index = load_index(ctx.build_dir);
  ctx.root = root.empty() ? ctx.index.source_dir : fs::absolute(root).lexically_normal();
  if (ctx.root.empty()) ctx.root = fs::current_path();
  return ctx;
}

}  // namespace nnlab::tool
