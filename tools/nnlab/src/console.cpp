#include "nnlab/tool/console.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>

#include <fmt/format.h>

namespace nnlab::tool {
namespace {

int g_colour = -1;  // -1: undecided
std::mutex g_print_mutex;

}  // namespace

bool colour_enabled() {
  if (g_colour < 0) g_colour = ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
  return g_colour == 1;
}

void set_colour(bool on) { g_colour = on ? 1 : 0; }

std::string styled(const std::string& text, Style style) {
  if (!colour_enabled() || style == Style::plain) return text;
  const char* code = "";
  switch (style) {
    case Style::bold: code = "1"; break;
    case Style::dim: code = "2"; break;
    case Style::green: code = "32"; break;
    case Style::red: code = "31"; break;
    case Style::yellow: code = "33"; break;
    case Style::magenta: code = "35"; break;
    case Style::cyan: code = "36"; break;
    case Style::plain: break;
  }
  return fmt::format("\033[{}m{}\033[0m", code, text);
}

Style style_of(ExerciseStatus status) {
  switch (status) {
    case ExerciseStatus::passed: return Style::green;
    case ExerciseStatus::failing: return Style::red;
    case ExerciseStatus::build_error: return Style::red;
    case ExerciseStatus::crashed: return Style::magenta;
    case ExerciseStatus::timed_out: return Style::magenta;
    case ExerciseStatus::not_implemented: return Style::yellow;
    case ExerciseStatus::skipped: return Style::cyan;
    case ExerciseStatus::unavailable: return Style::dim;
    case ExerciseStatus::not_graded: return Style::dim;
  }
  return Style::plain;
}

void progress_line(const std::string& line) {
  std::lock_guard lock(g_print_mutex);
  std::fflush(stdout);  // keep the order when both streams go to one file
  std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}

std::size_t display_width(const std::string& s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0x1b) {  // skip "ESC [ ... m"
      while (i < s.size() && s[i] != 'm') ++i;
      continue;
    }
    if ((c & 0xC0) != 0x80) ++width;  // count lead bytes only
  }
  return width;
}

Table::Table(std::vector<std::string> header)
    : header_(std::move(header)), right_(header_.size(), false) {}

void Table::add(std::vector<std::string> row) {
  row.resize(header_.size());
  rows_.push_back(std::move(row));
}

void Table::rule() { rows_.emplace_back(); }

void Table::align_right(std::size_t column) {
  if (column < right_.size()) right_[column] = true;
}

std::string Table::render() const {
  std::vector<std::size_t> width(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], display_width(row[i]));
  };
  measure(header_);
  for (const auto& r : rows_) measure(r);
  auto line = [&](const std::vector<std::string>& row) {
    std::string out;
    for (std::size_t i = 0; i < row.size(); ++i) {
      const std::string pad(width[i] - display_width(row[i]), ' ');
      out += right_[i] ? pad + row[i] : row[i] + (i + 1 < row.size() ? pad : "");
      if (i + 1 < row.size()) out += "  ";
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::size_t total = 0;
  for (auto w : width) total += w + 2;
  const std::string rule_line = std::string(total > 2 ? total - 2 : 0, '-') + "\n";
  std::string out = styled(line(header_), Style::bold);
  out += rule_line;
  for (const auto& r : rows_) out += r.empty() ? rule_line : line(r);
  return out;
}

}  // namespace nnlab::tool
