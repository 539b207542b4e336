#pragma once
/// @file
/// Line plots of a CSV file as PNG, through gnuplot when it is installed (`gnuplot-nox`).
/// Demos write their curves as CSV always and as PNG where gnuplot exists.

#include <string>
#include <vector>

namespace nnlab {

/// What to draw from a CSV file whose first row names the columns.
struct PlotSpec {
  std::string title = "";
  std::string xlabel = "";
  std::string ylabel = "";
  std::string x_column = "";                ///< the column on the x axis
  std::vector<std::string> y_columns = {};  ///< one line per column
  bool log_y = false;                       ///< logarithmic y axis (losses spanning decades)
};

/// Draws `csv_path` into `png_path` (800x500). Returns false, with `why` set, when gnuplot is
/// not installed or fails; a missing plot is never an error for a demo.
/// @throws DataError when the CSV cannot be read or a named column does not exist.
bool plot_csv(const std::string& csv_path, const std::string& png_path, const PlotSpec& spec,
              std::string* why = nullptr);

}  // namespace nnlab
