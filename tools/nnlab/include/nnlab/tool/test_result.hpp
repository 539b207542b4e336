#pragma once
/// @file
/// The result of one test, and reading GoogleTest's JSON report and `--nnlab_list` output.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace nnlab::tool {

/// What happened to one test.
enum class TestStatus {
  passed,
  failed,
  not_implemented,  ///< failed, and a failure message carries "[not implemented]"
  crashed,          ///< its process died (signal) or vanished without a report
  timed_out,
  skipped,          ///< GTEST_SKIP (e.g. a GPU test without a GPU) or disabled
  build_error,      ///< never ran: its chapter did not compile
  unavailable,      ///< never ran: this build cannot build it (CUDA off)
};

/// "passed", "failed", "not_implemented", ... (the names used in report.json).
std::string to_string(TestStatus s);
/// Inverse of to_string; std::nullopt for an unknown name.
std::optional<TestStatus> test_status_from_string(const std::string& s);

/// One test's outcome.
struct TestResult {
  std::string suite, name;
  TestStatus status = TestStatus::failed;
  std::string message;   ///< failure text (trimmed), or why it crashed / timed out
  double seconds = 0;
  std::string full_name() const { return suite + "." + name; }
};

/// The marker every NotImplemented message starts with.
inline constexpr const char* kNotImplementedMarker = "[not implemented]";

/// Parses a GoogleTest JSON report (`--gtest_output=json:FILE`), keyed by "Suite.Name".
/// Returns std::nullopt when the text is not a complete report (a crashed run).
std::optional<std::map<std::string, TestResult>> parse_gtest_json(const std::string& text);

/// The reasons of skipped tests, keyed by "Suite.Name", from a test binary's console output
/// (GoogleTest's JSON report does not carry them): the lines between `file:line: Skipped` and
/// `[  SKIPPED ] Suite.Name`, e.g. "no GPU (cudaErrorNoDevice: no CUDA-capable device ...)".
std::map<std::string, std::string> parse_skip_messages(const std::string& output);

/// A graded test as listed by `--nnlab_list`.
struct GradedTest {
  std::string suite, name;
  double points = 0;
  std::string file;
  int line = 0;
  std::string full_name() const { return suite + "." + name; }
};

/// The output of `<test binary> --nnlab_list`.
struct TestListing {
  std::vector<GradedTest> graded;
  std::vector<std::string> tests;  ///< every test, "Suite.Name", graded or not
};

/// Parses `--nnlab_list` output. Returns std::nullopt when it is not the expected JSON.
std::optional<TestListing> parse_test_listing(const std::string& text);

/// Shortens a failure text for people: at most `max_lines` lines and `max_chars` characters,
/// `root/` stripped from paths.
std::string trim_message(const std::string& text, const std::string& root = "",
                         std::size_t max_lines = 24, std::size_t max_chars = 2000);

}  // namespace nnlab::tool
