#include "nnlab/tool/build.hpp"

#include <algorithm>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "nnlab/tool/process.hpp"

namespace nnlab::tool {
namespace {

namespace fs = std::filesystem;

/// The generator of a configured build tree, from its CMakeCache.txt.
std::string generator_of(const fs::path& build_dir) {
  std::istringstream cache(read_text_file(build_dir / "CMakeCache.txt"));
  for (std::string line; std::getline(cache, line);) {
    if (line.rfind("CMAKE_GENERATOR:INTERNAL=", 0) == 0) return line.substr(25);
  }
  return {};
}

std::string strip_root(std::string s, const std::string& root) {
  if (root.empty()) return s;
  std::string prefix = root;
  if (prefix.back() != '/') prefix += '/';
  for (std::size_t pos; (pos = s.find(prefix)) != std::string::npos;) s.erase(pos, prefix.size());
  return s;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::vector<CompilerError> parse_compiler_errors(const std::string& log, const std::string& root) {
  static const std::regex diag(R"(^(.+?):(\d+):(\d+): (?:fatal )?error: (.*)$)");
  static const std::regex nvcc(R"(^(.+?)\((\d+)\): error: (.*)$)");
  static const std::regex link(R"(^(?:.*: )?(undefined reference to .*|multiple definition of .*)$)");
  static const std::regex other_diag(R"(^(.+?):(\d+):(\d+): (warning|note): .*$)");
  static const std::regex noise(
      R"(^(\[\d+/\d+\]|FAILED: |ninja: |make(\[\d+\])?: |gmake|collect2: |In file included from|\s+from |.*: In (member )?function|.*: At global scope).*)");

  std::vector<CompilerError> errors;
  std::istringstream in(log);
  CompilerError* current = nullptr;
  int context_lines = 0;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::smatch m;
    if (std::regex_match(line, m, diag)) {
      errors.push_back({strip_root(m[1], root), std::stoi(m[2]), std::stoi(m[3]), m[4], ""});
    } else if (std::regex_match(line, m, nvcc)) {
      errors.push_back({strip_root(m[1], root), std::stoi(m[2]), 0, m[3], ""});
    } else if (std::regex_match(line, m, link)) {
      errors.push_back({"(linker)", 0, 0, strip_root(m[1], root), ""});
    } else {
      if (current && context_lines < 4 && !std::regex_match(line, other_diag) &&
          !std::regex_match(line, noise) && !line.empty()) {
        current->context += line + "\n";
        ++context_lines;
      } else {
        current = nullptr;
      }
      continue;
    }
    current = &errors.back();
    context_lines = 0;
  }
  return errors;
}

std::string format_errors(const std::vector<CompilerError>& errors, std::size_t max_errors,
                          const std::string& prefer_file) {
  std::vector<const CompilerError*> order;
  for (const auto& e : errors) {
    if (!prefer_file.empty() && ends_with(e.file, prefer_file)) order.push_back(&e);
  }
  for (const auto& e : errors) {
    if (prefer_file.empty() || !ends_with(e.file, prefer_file)) order.push_back(&e);
  }
  std::string out;
  for (std::size_t i = 0; i < order.size() && i < max_errors; ++i) {
    const auto& e = *order[i];
    if (e.line > 0) {
      out += fmt::format("{}:{}:{}: error: {}\n", e.file, e.line, e.column, e.message);
    } else {
      out += fmt::format("{}: error: {}\n", e.file, e.message);
    }
    out += e.context;
  }
  if (order.size() > max_errors) {
    out += fmt::format("... and {} more error(s)\n", order.size() - max_errors);
  }
  return out;
}

BuildResult build_targets(const BuildOptions& o) {
  BuildResult result;
  result.log = o.log;
  ProcessOptions p;
  p.argv = {"cmake", "--build", o.build_dir.string()};
  if (!o.targets.empty()) {
    p.argv.push_back("--target");
    p.argv.insert(p.argv.end(), o.targets.begin(), o.targets.end());
  }
  if (o.jobs > 0) {
    p.argv.push_back("--parallel");
    p.argv.push_back(std::to_string(o.jobs));
  }
  if (o.keep_going) {
    const auto generator = generator_of(o.build_dir);
    if (generator == "Ninja" || generator == "Ninja Multi-Config") {
      p.argv.insert(p.argv.end(), {"--", "-k", "0"});
    } else if (generator.find("Makefiles") != std::string::npos) {
      p.argv.insert(p.argv.end(), {"--", "-k"});
    }
  }
  p.output = o.log;
  p.timeout_s = o.timeout_s;
  const auto r = run_process(p);
  result.seconds = r.seconds;
  result.ok = r.ok();
  const std::string log = read_text_file(o.log);
  if (!result.ok) {
    result.errors = parse_compiler_errors(log, o.root);
    if (!result.errors.empty()) {
      result.excerpt = format_errors(result.errors);
    } else {
      result.excerpt = strip_root(tail_of_file(o.log, 20), o.root);
      if (!r.started) result.excerpt = r.describe() + "\n" + result.excerpt;
    }
  }
  return result;
}

}  // namespace nnlab::tool
