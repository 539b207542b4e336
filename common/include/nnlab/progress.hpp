#pragma once
/// @file
/// A progress bar for training loops:
/// `epoch 3/10 [##########..........] 120/200 loss 0.4312 acc 0.912  1843 it/s  ETA 0:04`.
///
/// @code
/// ProgressBar bar(fmt::format("epoch {}/{}", epoch, epochs), batches);
/// for (std::size_t step = 1; step <= batches; ++step) {
///   ...
///   bar.update(step, {{"loss", loss}, {"acc", acc}});
/// }
/// bar.finish({{"loss", mean_loss}, {"acc", mean_acc}});
/// @endcode

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace nnlab {

/// Named numbers shown after the counter, in order: `{{"loss", 0.43}, {"acc", 0.91}}`.
using Metrics = std::vector<std::pair<std::string, double>>;

/// A duration as `m:ss` under an hour and `h:mm:ss` from one hour on, rounded to the nearest
/// second: `0:04`, `12:30`, `1:02:03`. Negative or non-finite durations give `?`.
std::string format_duration(double seconds);

/// One line of progress, with no line ending:
/// `<label> [<bar>] <step>/<total>[ <name> <value>]...  <rate>  ETA <duration>`.
/// - the bar has `width` cells, `floor(width * step / total)` of them `#`, the rest `.`;
/// - values are printed with 4 significant digits (`{:.4g}`);
/// - the rate is `step / elapsed_seconds` as `1843 it/s` (no decimals from 100 on, one from
///   10, two below), or `2.50 s/it` when below one step per second;
/// - the ETA is `(total - step) / rate`; once `step >= total` it becomes `done in <elapsed>`.
/// When nothing can be estimated yet (`step == 0` or `elapsed_seconds <= 0`) the rate is
/// `? it/s` and the ETA `ETA ?`. `total == 0` shows a full bar. An empty label is left out.
std::string format_progress(const std::string& label, std::size_t step, std::size_t total,
                            const Metrics& metrics, double elapsed_seconds, std::size_t width = 20);

/// How a `ProgressBar` writes.
enum class ProgressMode {
  automatic,  ///< `in_place` when the output is a terminal, `lines` otherwise
  in_place,   ///< one line redrawn with `\r` (at most 10 times a second)
  lines,      ///< plain lines for logs: at each tenth of the way, or after 5 s without output
};

/// Draws training progress on `out`, timing with `std::chrono::steady_clock` from construction.
/// On a terminal the line is redrawn in place; into a pipe or a file it prints at most about
/// ten plain lines per bar (each tenth of the way, or every 5 s when steps are slow), so logs
/// stay readable. `finish` always prints the final line.
class ProgressBar {
 public:
  /// A bar for `total_steps` steps, labelled e.g. `"epoch 3/10"`.
  ProgressBar(std::string label, std::size_t total_steps, std::FILE* out = stderr,
              ProgressMode mode = ProgressMode::automatic);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  /// Reports that `step` of `total_steps` steps are done (counting from 1), with the current
  /// metrics; draws only when due.
  void update(std::size_t step, const Metrics& metrics = {});
  /// Wipes an in-place bar off the terminal so that other output (a log line) can be printed;
  /// the next `update` draws it again below. Does nothing in `lines` mode.
  void clear();
  /// Prints the final line (at `step == total_steps`, with the time taken) and a newline.
  /// Later calls to `update` or `finish` do nothing.
  void finish(const Metrics& metrics = {});

 private:
  using Clock = std::chrono::steady_clock;
  double seconds_since(Clock::time_point t) const;
  void draw(const std::string& line, bool final);

  std::string label_;
  std::size_t total_;
  std::FILE* out_;
  bool in_place_;
  Clock::time_point start_;
  Clock::time_point last_draw_;
  std::size_t last_tenth_ = 0;  // lines mode: the last tenth of the way printed
  std::size_t last_width_ = 0;  // in-place mode: length of the line on screen
  bool drawn_ = false;
  bool finished_ = false;
};

}  // namespace nnlab
