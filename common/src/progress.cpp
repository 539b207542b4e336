#include "nnlab/progress.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <unistd.h>

namespace nnlab {
namespace {

constexpr double kRedrawSeconds = 0.1;   // in-place mode: at most 10 redraws a second
constexpr double kQuietSeconds = 5.0;    // lines mode: a line at least this often
constexpr std::size_t kBarWidth = 20;

std::string format_rate(double rate) {
  if (rate < 1.0) return fmt::format("{:.2f} s/it", 1.0 / rate);
  if (rate < 10.0) return fmt::format("{:.2f} it/s", rate);
  if (rate < 100.0) return fmt::format("{:.1f} it/s", rate);
  return fmt::format("{:.0f} it/s", rate);
}

}  // namespace

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const long long s = std::llround(seconds);
  if (s < 3600) return fmt::format("{}:{:02}", s / 60, s % 60);
  return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

std::string format_progress(const std::string& label, std::size_t step, std::size_t total,
                            const Metrics& metrics, double elapsed_seconds, std::size_t width) {
  const std::size_t filled =
      total == 0 ? width : std::min(width, width * std::min(step, total) / total);
  std::string out = label.empty() ? "" : label + " ";
  out += '[';
  out.append(filled, '#');
  out.append(width - filled, '.');
  out += fmt::format("] {}/{}", step, total);
  for (const auto& [name, value] : metrics) out += fmt::format(" {} {:.4g}", name, value);

  const bool known = step > 0 && elapsed_seconds > 0;
  const double rate = known ? static_cast<double>(step) / elapsed_seconds : 0.0;
  out += "  ";
  out += known ? format_rate(rate) : "? it/s";
  out += "  ";
  if (step >= total) {
    out += "done in " + format_duration(elapsed_seconds);
  } else if (known) {
    out += "ETA " + format_duration(static_cast<double>(total - step) / rate);
  } else {
    out += "ETA ?";
  }
  return out;
}

ProgressBar::ProgressBar(std::string label, std::size_t total_steps, std::FILE* out,
                         ProgressMode mode)
    : label_(std::move(label)),
      total_(total_steps),
      out_(out),
      in_place_(mode == ProgressMode::in_place ||
                (mode == ProgressMode::automatic && out != nullptr && isatty(fileno(out)))),
      start_(Clock::now()),
      last_draw_(start_) {}

ProgressBar::~ProgressBar() {
  // Leave the cursor on a fresh line if the loop ended (or threw) before finish().
  if (in_place_ && drawn_ && !finished_ && out_ != nullptr) {
    std::fputc('\n', out_);
    std::fflush(out_);
  }
}

double ProgressBar::seconds_since(Clock::time_point t) const {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

void ProgressBar::update(std::size_t step, const Metrics& metrics) {
  if (finished_ || out_ == nullptr) return;
  const double quiet = seconds_since(last_draw_);
  if (in_place_) {
    if (drawn_ && quiet < kRedrawSeconds && step < total_) return;
  } else {
    // Tenths 1..9 only: the last line, at 100%, is finish()'s.
    const std::size_t tenth = total_ == 0 ? 0 : std::min<std::size_t>(10 * step / total_, 9);
    if (tenth <= last_tenth_ && quiet < kQuietSeconds) return;
    last_tenth_ = std::max(last_tenth_, tenth);
  }
  draw(format_progress(label_, step, total_, metrics, seconds_since(start_), kBarWidth), false);
}

void ProgressBar::clear() {
  if (finished_ || out_ == nullptr || !in_place_ || !drawn_) return;
  std::fprintf(out_, "\r%*s\r", static_cast<int>(last_width_), "");
  std::fflush(out_);
  drawn_ = false;  // the next update redraws at once
  last_width_ = 0;
}

void ProgressBar::finish(const Metrics& metrics) {
  if (finished_ || out_ == nullptr) return;
  draw(format_progress(label_, total_, total_, metrics, seconds_since(start_), kBarWidth), true);
  finished_ = true;
}

void ProgressBar::draw(const std::string& line, bool final) {
  if (in_place_) {
    // Pad with spaces to wipe the rest of a longer previous line.
    const std::size_t pad = last_width_ > line.size() ? last_width_ - line.size() : 0;
    std::fprintf(out_, "\r%s%*s%s", line.c_str(), static_cast<int>(pad), "", final ? "\n" : "");
    last_width_ = line.size();
  } else {
    std::fprintf(out_, "%s\n", line.c_str());
  }
  std::fflush(out_);
  last_draw_ = Clock::now();
  drawn_ = true;
}

}  // namespace nnlab
