#include "nnlab/tool/state.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "nnlab/tool/process.hpp"

namespace nnlab::tool {
namespace {

nlohmann::json read_json_object(const std::filesystem::path& file) {
  const auto text = read_text_file(file);
  if (text.empty()) return nlohmann::json::object();
  try {
    auto j = nlohmann::json::parse(text);
    return j.is_object() ? j : nlohmann::json::object();
  } catch (const nlohmann::json::exception&) {
    return nlohmann::json::object();  // a damaged file only loses progress records
  }
}

}  // namespace

StateFile::StateFile(std::filesystem::path file) : file_(std::move(file)) {
  const auto j = read_json_object(file_);
  if (!j.contains("exercises") || !j["exercises"].is_object()) return;
  for (const auto& [id, s] : j["exercises"].items()) {
    ExerciseState st;
    st.status = exercise_status_from_string(s.value("status", std::string()));
    st.points = s.value("points", 0.0);
    st.max_points = s.value("max_points", 0.0);
    st.time = s.value("time", 0LL);
    states_[id] = st;
  }
}

const ExerciseState* StateFile::find(const std::string& id) const {
  auto it = states_.find(id);
  return it == states_.end() ? nullptr : &it->second;
}

void StateFile::record(const ExerciseResult& r, long long time) {
  if (time == 0) time = static_cast<long long>(std::time(nullptr));
  states_[r.id] = {r.status, r.points, r.max_points, time};
}

void StateFile::save() const {
  nlohmann::json ex = nlohmann::json::object();
  for (const auto& [id, s] : states_) {
    ex[id] = {{"status", to_string(s.status)},
              {"points", s.points},
              {"max_points", s.max_points},
              {"time", s.time}};
  }
  write_text_file(file_, nlohmann::json{{"exercises", ex}}.dump(2) + "\n");
}

HintBook::HintBook(std::filesystem::path file) : file_(std::move(file)) {
  const auto j = read_json_object(file_);
  for (const auto& [id, n] : j.items()) {
    if (n.is_number_integer()) shown_[id] = n.get<int>();
  }
}

int HintBook::shown(const std::string& id) const {
  auto it = shown_.find(id);
  return it == shown_.end() ? 0 : it->second;
}

int HintBook::advance(const std::string& id, int count) {
  if (count <= 0) return 0;
  const int k = std::clamp(shown(id) + 1, 1, count);
  shown_[id] = k;
  return k;
}

void HintBook::reset(const std::string& id) { shown_.erase(id); }

void HintBook::save() const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [id, n] : shown_) j[id] = n;
  write_text_file(file_, j.dump(2) + "\n");
}

long long file_mtime(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return 0;
  return static_cast<long long>(st.st_mtim.tv_sec);
}

}  // namespace nnlab::tool
