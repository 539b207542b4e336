// plot_csv: a PNG where gnuplot exists, a reason where it does not, DataError for bad CSVs.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "nnlab/plot.hpp"
#include "nnlab/testing.hpp"

using namespace nnlab;

TEST(Plot, DrawsAPngOrSaysWhyNot) {
  nnlab::testing::TempDir dir;
  std::ofstream(dir.file("c.csv")) << "step,loss,acc\n0,1.0,0.1\n1,0.5,\n2,0.25,0.9\n";
  std::string why;
  const PlotSpec spec{.title = "it's a title", .xlabel = "step", .ylabel = "loss",
                      .x_column = "step", .y_columns = {"loss", "acc"}, .log_y = true};
  if (plot_csv(dir.file("c.csv"), dir.file("c.png"), spec, &why)) {
    std::ifstream png(dir.file("c.png"), std::ios::binary);
    char magic[4] = {};
    png.read(magic, 4);
    EXPECT_EQ(std::string(magic + 1, 3), "PNG");
  } else {
    EXPECT_FALSE(why.empty());
    EXPECT_FALSE(std::filesystem::exists(dir.file("c.png")) &&
                 std::filesystem::file_size(dir.file("c.png")) > 0)
        << "a failed plot leaves no PNG behind";
  }
}

TEST(Plot, UnknownColumnOrMissingFileIsADataError) {
  nnlab::testing::TempDir dir;
  std::ofstream(dir.file("c.csv")) << "step,loss\n0,1\n";
  PlotSpec spec{.x_column = "step", .y_columns = {"accuracy"}};
  EXPECT_TRUE(nnlab::testing::throws_with<DataError>(
      [&] { plot_csv(dir.file("c.csv"), dir.file("c.png"), spec); },
      {"c.csv", "no column 'accuracy'", "step, loss"}));
  EXPECT_THROW(plot_csv(dir.file("none.csv"), dir.file("c.png"), spec), DataError);
}
