// main() of every nnlab test binary: GoogleTest, plus `--nnlab_list`, which prints the graded
// tests with their points (and every test name) as JSON for the grader, without running any.
#include <cstring>
#include <iostream>

#include <nlohmann/json.hpp>

#include "nnlab/testing.hpp"

extern "C" void openblas_set_num_threads(int);

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--nnlab_list") != 0) continue;
    nlohmann::json graded = nlohmann::json::array(), all = nlohmann::json::array();
    for (const auto& t : nnlab::testing::graded_tests()) {
      graded.push_back({{"suite", t.suite}, {"name", t.name}, {"points", t.points},
                        {"file", t.file}, {"line", t.line}});
    }
    const auto* unit = ::testing::UnitTest::GetInstance();
    for (int s = 0; s < unit->total_test_suite_count(); ++s) {
      const auto* suite = unit->GetTestSuite(s);
      for (int k = 0; k < suite->total_test_count(); ++k) {
        all.push_back(std::string(suite->name()) + "." + suite->GetTestInfo(k)->name());
      }
    }
    std::cout << nlohmann::json{{"graded", graded}, {"tests", all}}.dump(1) << "\n";
    return 0;
  }
  // Tests run one per process in parallel; several BLAS threads each would only contend.
  openblas_set_num_threads(1);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
