#pragma once
/// @file
/// Terminal output: colour only when stdout is a terminal (and NO_COLOR is unset), aligned
/// tables, and progress lines that several threads may print.

#include <string>
#include <vector>

#include "nnlab/tool/scoring.hpp"

namespace nnlab::tool {

/// Text styles.
enum class Style { plain, bold, dim, green, red, yellow, magenta, cyan };

/// Whether colour is on (decided once: stdout is a tty and NO_COLOR is unset).
bool colour_enabled();
/// Forces colour on or off (tests, --no-color).
void set_colour(bool on);

/// `text` wrapped in the style's escape codes when colour is on.
std::string styled(const std::string& text, Style style);

/// The style of an exercise status (passed green, failing red, ...).
Style style_of(ExerciseStatus status);

/// Prints one progress line to stderr, whole, under a lock.
void progress_line(const std::string& line);

/// A table with aligned columns; cells may hold escape codes (widths ignore them).
class Table {
 public:
  explicit Table(std::vector<std::string> header);
  void add(std::vector<std::string> row);
  /// A horizontal rule before the next row.
  void rule();
  /// Column `i` is right-aligned.
  void align_right(std::size_t column);
  std::string render() const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;  ///< empty row = rule
  std::vector<bool> right_;
};

/// Visible width of a string: UTF-8 code points, escape sequences excluded.
std::size_t display_width(const std::string& s);

}  // namespace nnlab::tool
