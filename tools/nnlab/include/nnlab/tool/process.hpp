#pragma once
/// @file
/// The one place where the tool starts other programs: fork/exec in a new process group,
/// output captured to a file, an optional time limit that kills the whole group.

#include <filesystem>
#include <string>
#include <vector>

namespace nnlab::tool {

/// What to run and how.
struct ProcessOptions {
  /// Program and arguments; `argv[0]` is looked up on PATH when it has no slash.
  std::vector<std::string> argv;
  /// stdout and stderr both go here (truncated first); empty: inherit the tool's.
  std::filesystem::path output;
  /// Working directory; empty: the tool's.
  std::filesystem::path cwd;
  /// Seconds before the process group is killed with SIGKILL; 0 or less: no limit.
  double timeout_s = 0;
  /// Extra environment variables, `NAME=value`.
  std::vector<std::string> env;
};

/// How a process ended.
struct ProcessResult {
  bool started = false;     ///< false: fork or exec failed (see `error`)
  int exit_code = -1;       ///< the exit status when it exited normally, else -1
  int signal = 0;           ///< the signal that killed it, else 0
  bool timed_out = false;   ///< killed by us after `timeout_s`
  double seconds = 0;       ///< wall-clock time
  std::string error;        ///< why it could not start

  /// Exited normally with status 0.
  bool ok() const { return started && !timed_out && signal == 0 && exit_code == 0; }
  /// One line: "exit status 1", "killed by signal 11 (Segmentation fault)", "timed out ...".
  std::string describe() const;
};

/// Runs a program to completion (or to its time limit). Thread-safe: the grader runs several
/// at once. Each child leads its own process group, and a time-out kills the group.
ProcessResult run_process(const ProcessOptions& options);

/// Replaces the tool with `argv` (execvp); returns only on failure, with the reason.
std::string exec_replace(const std::vector<std::string>& argv);

/// Installs SIGINT/SIGTERM handlers that kill the process groups of running children before
/// the tool exits, so an interrupted grade leaves no test binary or compiler behind.
void install_interrupt_handler();

/// The last `max_lines` lines of a text file (at most `max_bytes` read from its end).
std::string tail_of_file(const std::filesystem::path& file, std::size_t max_lines,
                         std::size_t max_bytes = 64 * 1024);

/// The whole content of a file; empty when it cannot be read.
std::string read_text_file(const std::filesystem::path& file);

/// Writes `text` to `file` (via a temporary file and rename), creating parent folders.
void write_text_file(const std::filesystem::path& file, const std::string& text);

}  // namespace nnlab::tool
