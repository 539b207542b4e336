#include "nnlab/plot.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "nnlab/errors.hpp"

namespace nnlab {
namespace {

std::vector<std::string> csv_header(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) throw DataError(path, "cannot read the CSV header");
  std::vector<std::string> cols;
  std::stringstream ss(line);
  for (std::string c; std::getline(ss, c, ',');) cols.push_back(c);
  return cols;
}

std::size_t column_index(const std::string& path, const std::vector<std::string>& cols,
                         const std::string& name) {
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (cols[i] == name) return i + 1;  // gnuplot counts columns from 1
  }
  throw DataError(path, fmt::format("no column '{}' (columns: {})", name, fmt::join(cols, ", ")));
}

/// A gnuplot string literal: single quotes, doubled inside.
std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += (c == '\'') ? std::string("''") : std::string(1, c);
  return out + "'";
}

}  // namespace

bool plot_csv(const std::string& csv_path, const std::string& png_path, const PlotSpec& spec,
              std::string* why) {
  const auto cols = csv_header(csv_path);
  const std::size_t x = column_index(csv_path, cols, spec.x_column);
  std::string lines;
  for (const auto& y : spec.y_columns) {
    lines += fmt::format("{}{} using {}:{} with lines linewidth 2 title {}",
                         lines.empty() ? "" : ", ", quoted(csv_path), x,
                         column_index(csv_path, cols, y), quoted(y));
  }
  const std::string script = fmt::format(
      "set terminal pngcairo size 800,500 noenhanced font ',11'\n"
      "set output {}\nset datafile separator ','\nset key autotitle columnhead\n"
      "set format y '%g'\nset title {}\nset xlabel {}\nset ylabel {}\nset grid\n{}plot {}\n",
      quoted(png_path), quoted(spec.title), quoted(spec.xlabel), quoted(spec.ylabel),
      spec.log_y ? "set logscale y\n" : "", lines);
  FILE* gp = popen("gnuplot 2>/dev/null", "w");
  if (!gp) {
    if (why) *why = "cannot start gnuplot";
    return false;
  }
  std::fputs(script.c_str(), gp);
  const int status = pclose(gp);
  if (status != 0) {
    if (why) *why = "gnuplot is not installed or failed (apt-get install gnuplot-nox)";
    return false;
  }
  return true;
}

}  // namespace nnlab
