#include "nnlab/tool/manifest.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "nnlab/tool/process.hpp"

namespace nnlab::tool {
namespace {

std::vector<std::string> string_list(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  if (!j.contains(key)) return out;
  for (const auto& v : j.at(key)) {
    out.push_back(v.is_string() ? v.get<std::string>() : v.dump());
  }
  return out;
}

PerfSpec parse_perf(const nlohmann::json& j, const std::string& id) {
  PerfSpec p;
  p.points = j.at("points").get<double>();
  p.benchmark = j.at("benchmark").get<std::string>();
  p.max_ratio = j.at("max_ratio").get<double>();
  if (j.contains("size")) {
    p.size = j["size"].is_string() ? j["size"].get<std::string>() : j["size"].dump();
  }
  p.description = j.value("description", std::string());
  if (!(p.points > 0) || !(p.max_ratio > 0) || p.benchmark.empty() ||
      p.benchmark.find('/') != std::string::npos) {
    throw std::runtime_error(fmt::format(
        "exercise {}: \"perf\" needs points > 0, max_ratio > 0 and a benchmark op name "
        "without '/' (got points {:g}, max_ratio {:g}, benchmark \"{}\")",
        id, p.points, p.max_ratio, p.benchmark));
  }
  return p;
}

}  // namespace

double Manifest::perf_points() const {
  double sum = 0;
  for (const auto& e : exercises) sum += e.perf ? e.perf->points : 0.0;
  return sum;
}

const Exercise* Manifest::find(const std::string& id) const {
  for (const auto& e : exercises) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

std::vector<const Exercise*> Manifest::exercises_with_suite(const std::string& suite) const {
  std::vector<const Exercise*> out;
  for (const auto& e : exercises) {
    if (std::find(e.suites.begin(), e.suites.end(), suite) != e.suites.end()) out.push_back(&e);
  }
  return out;
}

Manifest parse_manifest(const std::string& text, const std::string& chapter) {
  Manifest m;
  try {
    const auto j = nlohmann::json::parse(text);
    m.chapter = j.value("chapter", chapter);
    m.title = j.value("title", m.chapter);
    for (const auto& e : j.at("exercises")) {
      Exercise ex;
      ex.id = e.at("id").get<std::string>();
      ex.title = e.value("title", ex.id);
      ex.file = e.at("file").get<std::string>();
      ex.suites = string_list(e, "suites");
      ex.points = e.value("points", 0.0);
      ex.hints = string_list(e, "hints");
      ex.references = string_list(e, "references");
      if (e.contains("perf") && !e["perf"].is_null()) ex.perf = parse_perf(e["perf"], ex.id);
      m.exercises.push_back(std::move(ex));
    }
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(fmt::format("malformed manifest of {}: {}", chapter, e.what()));
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(fmt::format("malformed manifest of {}: {}", chapter, e.what()));
  }
  return m;
}

Manifest load_manifest(const std::filesystem::path& root, const std::string& chapter) {
  const auto file = root / "chapters" / chapter / "exercises.json";
  if (!std::filesystem::exists(file)) {
    throw std::runtime_error(fmt::format("{} does not exist", file.string()));
  }
  return parse_manifest(read_text_file(file), chapter);
}

std::vector<Manifest> load_manifests(const std::filesystem::path& root,
                                     const std::vector<std::string>& chapters) {
  std::vector<Manifest> out;
  for (const auto& c : chapters) out.push_back(load_manifest(root, c));
  return out;
}

std::filesystem::path exercise_path(const std::filesystem::path& root, const std::string& chapter,
                                    const Exercise& ex) {
  return root / "chapters" / chapter / ex.file;
}

std::filesystem::path solution_path(const std::filesystem::path& root, const std::string& chapter,
                                    const Exercise& ex) {
  return root / "solutions" / chapter / std::filesystem::path(ex.file).filename();
}

}  // namespace nnlab::tool
