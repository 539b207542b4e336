#include "nnlab/tool/index.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "nnlab/tool/process.hpp"

namespace nnlab::tool {
namespace {

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    const auto end = s.find_first_of(";,", start);
    auto item = s.substr(start, end == std::string::npos ? std::string::npos : end - start);
    item.erase(0, item.find_first_not_of(" \n\t"));
    item.erase(item.find_last_not_of(" \n\t") + 1);
    if (!item.empty()) out.push_back(item);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

std::string str(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

}  // namespace

bool ChapterEntry::has_variant(const std::string& v) const {
  return std::find(variants.begin(), variants.end(), v) != variants.end();
}

const ChapterEntry* Index::find_chapter(const std::string& chapter) const {
  for (const auto& c : chapters) {
    if (c.chapter == chapter) return &c;
  }
  return nullptr;
}

std::vector<const TestEntry*> Index::tests_of(const std::string& chapter,
                                              const std::string& variant) const {
  std::vector<const TestEntry*> out;
  for (const auto& t : tests) {
    if (t.chapter == chapter && t.variant == variant) out.push_back(&t);
  }
  return out;
}

std::string BenchEntry::stem() const { return std::filesystem::path(source).stem().string(); }

std::vector<const BenchEntry*> Index::benches_of(const std::string& chapter,
                                                 const std::string& variant) const {
  std::vector<const BenchEntry*> out;
  for (const auto& b : benches) {
    if (b.chapter == chapter && (variant.empty() || b.variant == variant)) out.push_back(&b);
  }
  return out;
}

const UnavailableEntry* Index::unavailable_exercise(const std::string& id) const {
  for (const auto& u : unavailable) {
    if (u.exercise == id) return &u;
  }
  return nullptr;
}

Index parse_index(const std::string& text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("malformed nnlab_index.json: ") + e.what());
  }
  Index index;
  index.source_dir = str(j, "source_dir");
  index.binary_dir = str(j, "binary_dir");
  index.cuda = j.value("cuda", false);
  index.chain = str(j, "chain");
  index.build_type = str(j, "build_type");
  for (const auto& e : j.value("entries", nlohmann::json::array())) {
    const std::string kind = str(e, "kind");
    if (kind == "chapter") {
      std::vector<std::string> variants;
      if (e.contains("variants") && e["variants"].is_array()) {
        variants = e["variants"].get<std::vector<std::string>>();
      } else {
        variants = split_list(str(e, "variants"));
      }
      index.chapters.push_back({str(e, "chapter"), str(e, "topic"), variants});
    } else if (kind == "test") {
      index.tests.push_back({str(e, "chapter"), str(e, "exercise"), str(e, "variant"),
                             str(e, "target"), str(e, "path"), str(e, "source")});
    } else if (kind == "demo") {
      index.demos.push_back(
          {str(e, "chapter"), str(e, "name"), str(e, "variant"), str(e, "target"), str(e, "path")});
    } else if (kind == "bench") {
      index.benches.push_back({str(e, "chapter"), str(e, "variant"), str(e, "target"),
                               str(e, "path"), str(e, "source"), e.value("gpu", false)});
    } else if (kind == "unavailable") {
      index.unavailable.push_back({str(e, "chapter"), str(e, "exercise"), str(e, "reason")});
    }
  }
  return index;
}

Index load_index(const std::filesystem::path& build_dir) {
  const auto file = build_dir / "nnlab_index.json";
  if (!std::filesystem::exists(file)) {
    throw std::runtime_error(fmt::format(
        "{} does not exist: the build is not configured yet. Run ./nnlab from the repository "
        "root (it configures and builds into build/), or configure with "
        "`cmake -S . -B {} -G Ninja`.",
        file.string(), build_dir.string()));
  }
  return parse_index(read_text_file(file));
}

}  // namespace nnlab::tool
