#include "nnlab/tool/test_result.hpp"

#include <array>
#include <cstdlib>
#include <utility>

#include <nlohmann/json.hpp>

namespace nnlab::tool {
namespace {

constexpr std::array<std::pair<TestStatus, const char*>, 8> kNames{{
    {TestStatus::passed, "passed"},
    {TestStatus::failed, "failed"},
    {TestStatus::not_implemented, "not_implemented"},
    {TestStatus::crashed, "crashed"},
    {TestStatus::timed_out, "timed_out"},
    {TestStatus::skipped, "skipped"},
    {TestStatus::build_error, "build_error"},
    {TestStatus::unavailable, "unavailable"},
}};

/// GoogleTest writes durations as "0.012s".
double parse_seconds(const nlohmann::json& j) {
  if (j.is_number()) return j.get<double>();
  if (!j.is_string()) return 0;
  return std::strtod(j.get<std::string>().c_str(), nullptr);
}

}  // namespace

std::string to_string(TestStatus s) {
  for (const auto& [status, name] : kNames) {
    if (status == s) return name;
  }
  return "unknown";
}

std::optional<TestStatus> test_status_from_string(const std::string& s) {
  for (const auto& [status, name] : kNames) {
    if (s == name) return status;
  }
  return std::nullopt;
}

std::optional<std::map<std::string, TestResult>> parse_gtest_json(const std::string& text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  if (!j.is_object() || !j.contains("testsuites") || !j["testsuites"].is_array()) {
    return std::nullopt;
  }
  std::map<std::string, TestResult> out;
  try {
    for (const auto& suite : j["testsuites"]) {
      const auto suite_name = suite.value("name", std::string());
      for (const auto& t : suite.value("testsuite", nlohmann::json::array())) {
        TestResult r;
        r.suite = suite_name;
        r.name = t.value("name", std::string());
        r.seconds = t.contains("time") ? parse_seconds(t["time"]) : 0.0;
        std::string messages;
        for (const auto& f : t.value("failures", nlohmann::json::array())) {
          if (!messages.empty()) messages += "\n";
          messages += f.value("failure", std::string());
        }
        const auto status = t.value("status", std::string("RUN"));
        const auto result = t.value("result", std::string("COMPLETED"));
        if (status == "NOTRUN" || result == "SKIPPED" || result == "SUPPRESSED") {
          r.status = TestStatus::skipped;
        } else if (t.contains("failures") && !t["failures"].empty()) {
          r.status = messages.find(kNotImplementedMarker) != std::string::npos
                         ? TestStatus::not_implemented
                         : TestStatus::failed;
        } else {
          r.status = TestStatus::passed;
        }
        r.message = messages;
        out[r.full_name()] = std::move(r);
      }
    }
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  return out;
}

std::map<std::string, std::string> parse_skip_messages(const std::string& output) {
  std::map<std::string, std::string> out;
  const std::string run = "[ RUN      ] ", skipped = "[  SKIPPED ] ";
  std::string current, message;
  bool in_skip = false;
  std::size_t start = 0;
  while (start < output.size()) {
    auto end = output.find('\n', start);
    if (end == std::string::npos) end = output.size();
    std::string line = output.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind(run, 0) == 0) {
      current = line.substr(run.size());
      message.clear();
      in_skip = false;
    } else if (line.rfind(skipped, 0) == 0) {
      std::string name = line.substr(skipped.size());
      name = name.substr(0, name.find(' '));
      if (name == current && !message.empty()) out[name] = message;
      in_skip = false;
      current.clear();
    } else if (!current.empty() && line.size() >= 9 &&
               line.compare(line.size() - 9, 9, ": Skipped") == 0) {
      in_skip = true;
    } else if (in_skip) {
      message += (message.empty() ? "" : "\n") + line;
    }
  }
  return out;
}

std::optional<TestListing> parse_test_listing(const std::string& text) {
  // The binary may print other things before the JSON (a library's banner): start at '{'.
  const auto brace = text.find('{');
  if (brace == std::string::npos) return std::nullopt;
  try {
    const auto j = nlohmann::json::parse(text.substr(brace));
    TestListing listing;
    for (const auto& g : j.at("graded")) {
      listing.graded.push_back({g.at("suite").get<std::string>(), g.at("name").get<std::string>(),
                                g.value("points", 0.0), g.value("file", std::string()),
                                g.value("line", 0)});
    }
    for (const auto& t : j.value("tests", nlohmann::json::array())) {
      listing.tests.push_back(t.get<std::string>());
    }
    return listing;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

std::string trim_message(const std::string& text, const std::string& root, std::size_t max_lines,
                         std::size_t max_chars) {
  std::string s = text;
  if (!root.empty()) {
    std::string prefix = root;
    if (prefix.back() != '/') prefix += '/';
    for (std::size_t pos; (pos = s.find(prefix)) != std::string::npos;) s.erase(pos, prefix.size());
  }
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  std::size_t lines = 0, pos = 0;
  bool cut = false;
  for (; pos < s.size(); ++pos) {
    if (s[pos] == '\n' && ++lines >= max_lines) {
      cut = true;
      break;
    }
    if (pos >= max_chars) {
      cut = true;
      break;
    }
  }
  if (cut) {
    s.resize(pos);
    s += "\n  [...]";
  }
  return s;
}

}  // namespace nnlab::tool
