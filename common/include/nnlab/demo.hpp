#pragma once
/// @file
/// What every demo (`./nnlab run NAME`) shares: its options and its `main`.
///
/// @code
/// int main(int argc, char** argv) {
///   return nnlab::run_demo("linreg", argc, argv, {.epochs = 3}, [](const nnlab::DemoOptions& o) {
///     ... train, print progress, write o.out + "/loss.csv" ...
///     return 0;
///   });
/// }
/// @endcode

#include <cstdint>
#include <functional>
#include <string>

namespace nnlab {

/// Options every demo accepts: `--out DIR --seed S --epochs E [--data DIR]`.
struct DemoOptions {
  std::string out = "";    ///< where CSV and PNG files go; default `build/runs/<demo>`
  std::uint64_t seed = 42;
  int epochs = 1;
  std::string data = "";   ///< a folder of real data files, where the demo supports them
};

/// Parses the options (CLI11; `--help` prints them), creates `out`, runs `body`, and returns
/// its exit code. An exercise that is still a stub ends the demo with a pointer to it and the
/// reference (`./nnlab run NAME --solution`), exit code 2; any other error prints
/// `NAME: message`, exit code 1.
int run_demo(const std::string& name, int argc, char** argv, DemoOptions defaults,
             const std::function<int(const DemoOptions&)>& body);

}  // namespace nnlab
