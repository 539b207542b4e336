#include "nnlab/demo.hpp"

#include <filesystem>
#include <regex>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "nnlab/errors.hpp"

namespace nnlab {

int run_demo(const std::string& name, int argc, char** argv, DemoOptions defaults,
             const std::function<int(const DemoOptions&)>& body) {
  DemoOptions o = defaults;
  if (o.out.empty()) o.out = "build/runs/" + name;
  CLI::App app("nnlab demo: " + name, name);
  app.add_option("--out", o.out, "folder for the CSV and PNG files")->capture_default_str();
  app.add_option("--seed", o.seed, "random seed")->capture_default_str();
  app.add_option("--epochs", o.epochs, "training epochs")->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  app.add_option("--data", o.data, "folder of real data files (where supported)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    std::filesystem::create_directories(o.out);
    return body(o);
  } catch (const NotImplemented& e) {
    // "[not implemented] 01.3 linreg_backward: ..." -> "exercise 01.3 (linreg_backward)"
    const std::string msg = e.what();
    std::smatch m;
    std::string which = msg;
    if (std::regex_search(msg, m, std::regex("([0-9]{2}\\.[0-9]+) ([A-Za-z_0-9]+(?:::[A-Za-z_0-9]+)*)"))) {
      which = fmt::format("exercise {} ({})", m[1].str(), m[2].str());
    }
    fmt::print("This demo needs {}: implement it, or run `./nnlab run {} --solution` to see the "
               "reference.\n",
               which, name);
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}: {}\n", name, e.what());
    return 1;
  }
}

}  // namespace nnlab
