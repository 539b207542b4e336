// The progress bar: the formatted line for known inputs, durations, and how often it prints.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "nnlab/progress.hpp"

using namespace nnlab;

namespace {
/// Everything written to `f` so far.
std::string contents(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string out;
  for (int c; (c = std::fgetc(f)) != EOF;) out += static_cast<char>(c);
  return out;
}
/// A bar of `hashes` '#' and `dots` '.', built with fmt (GCC 12 warns falsely on
/// `"..." + std::string(n, c)`).
std::string bar(std::size_t hashes, std::size_t dots) {
  return fmt::format("[{}{}]", std::string(hashes, '#'), std::string(dots, '.'));
}
std::size_t count(const std::string& s, char c) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), c));
}
}  // namespace

TEST(Progress, FormatsAKnownLine) {
  EXPECT_EQ(
      format_progress("epoch 3/10", 120, 200, {{"loss", 0.43121}, {"acc", 0.912}}, 60.0),
      "epoch 3/10 [############........] 120/200 loss 0.4312 acc 0.912  2.00 it/s  ETA 0:40");
  EXPECT_EQ(format_progress("train", 1000, 5000, {{"loss", 12345.6}}, 0.5, 10),
            "train [##........] 1000/5000 loss 1.235e+04  2000 it/s  ETA 0:02");
  EXPECT_EQ(format_progress("eval", 50, 100, {}, 2.0, 4),
            "eval [##..] 50/100  25.0 it/s  ETA 0:02");
}

TEST(Progress, SlowStepsShowSecondsPerStep) {
  EXPECT_EQ(format_progress("e", 3, 10, {}, 6.0, 10), "e [###.......] 3/10  2.00 s/it  ETA 0:14");
}

TEST(Progress, TheLastStepShowsTheTimeTaken) {
  EXPECT_EQ(format_progress("epoch 1/1", 8, 8, {{"loss", 0.5}}, 64.0, 8),
            "epoch 1/1 [########] 8/8 loss 0.5  8.00 s/it  done in 1:04");
  EXPECT_EQ(format_progress("", 8, 8, {}, 0.25, 8), "[########] 8/8  32.0 it/s  done in 0:00");
}

TEST(Progress, ZeroElapsedTimeOrZeroStepsDoNotDivideByZero) {
  EXPECT_EQ(format_progress("e", 5, 10, {}, 0.0, 10), "e [#####.....] 5/10  ? it/s  ETA ?");
  EXPECT_EQ(format_progress("e", 0, 10, {}, 3.0, 10), "e [..........] 0/10  ? it/s  ETA ?");
  EXPECT_EQ(format_progress("e", 0, 0, {}, 0.0, 4), "e [####] 0/0  ? it/s  done in 0:00");
  EXPECT_EQ(format_progress("e", 12, 10, {}, 1.0, 4), "e [####] 12/10  12.0 it/s  done in 0:01");
}

TEST(Progress, FormatsDurationsInSecondsMinutesAndHours) {
  EXPECT_EQ(format_duration(0), "0:00");
  EXPECT_EQ(format_duration(4.4), "0:04");
  EXPECT_EQ(format_duration(59.6), "1:00");
  EXPECT_EQ(format_duration(754), "12:34");
  EXPECT_EQ(format_duration(3599.4), "59:59");
  EXPECT_EQ(format_duration(3723), "1:02:03");
  EXPECT_EQ(format_duration(360000), "100:00:00");
  EXPECT_EQ(format_duration(-1), "?");
  EXPECT_EQ(format_duration(std::numeric_limits<double>::infinity()), "?");
  EXPECT_EQ(format_duration(std::nan("")), "?");
}

TEST(Progress, IntoAFilePrintsAboutTenPlainLines) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  {
    ProgressBar bar("epoch 1/2", 200, f);  // a file is not a terminal: plain lines
    for (std::size_t step = 1; step <= 200; ++step) bar.update(step, {{"loss", 1.0 / step}});
    bar.finish({{"loss", 0.25}});
    bar.update(200, {});  // after finish: nothing
    bar.finish({});
  }
  const std::string out = contents(f);
  std::fclose(f);
  EXPECT_EQ(count(out, '\r'), 0u);
  EXPECT_EQ(count(out, '\n'), 10u) << out;  // at 10%, 20%, ..., 90%, and the final line
  EXPECT_EQ(out.rfind(fmt::format("epoch 1/2 {} 20/200 loss 0.05  ", bar(2, 18)), 0), 0u) << out;
  const std::string last = out.substr(out.rfind('\n', out.size() - 2) + 1);
  EXPECT_EQ(last.rfind(fmt::format("epoch 1/2 {} 200/200 loss 0.25  ", bar(20, 0)), 0), 0u) << last;
  EXPECT_NE(last.find("done in 0:00\n"), std::string::npos) << last;
}

TEST(Progress, InPlaceRedrawsOneLineWithCarriageReturns) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  {
    ProgressBar bar("e", 1000, f, ProgressMode::in_place);
    for (std::size_t step = 1; step <= 1000; ++step) bar.update(step, {{"loss", 0.5}});
    bar.finish({{"loss", 0.5}});
  }
  const std::string out = contents(f);
  std::fclose(f);
  EXPECT_EQ(out.front(), '\r');
  EXPECT_EQ(count(out, '\n'), 1u);
  EXPECT_EQ(out.back(), '\n');
  EXPECT_GE(count(out, '\r'), 2u);    // the first step, the last, and the final line
  EXPECT_LE(count(out, '\r'), 100u);  // throttled: not one draw per step
  const std::string last = out.substr(out.rfind('\r') + 1);
  EXPECT_EQ(last.rfind(fmt::format("e {} 1000/1000 loss 0.5  ", bar(20, 0)), 0), 0u) << last;
}

TEST(Progress, InPlaceEndsTheLineWhenNotFinished) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  { ProgressBar(std::string("e"), 10, f, ProgressMode::in_place).update(3, {}); }
  const std::string out = contents(f);
  std::fclose(f);
  EXPECT_EQ(out.rfind(fmt::format("\re {} 3/10", bar(6, 14)), 0), 0u) << out;
  EXPECT_EQ(out.back(), '\n');
}

// clear() wipes the drawn line (so a log line can be printed) and the next update redraws at
// once, even within the redraw throttle; in lines mode it writes nothing.
TEST(Progress, ClearWipesTheLineAndTheNextUpdateRedraws) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  std::size_t first_width = 0;
  {
    ProgressBar bar("e", 10, f, ProgressMode::in_place);
    bar.update(1, {});
    first_width = contents(f).size() - 1;  // "\r" + the line
    bar.clear();
    bar.update(2, {});  // immediately after: drawn although throttled
    bar.finish({});
  }
  const std::string out = contents(f);
  std::fclose(f);
  const std::string wipe = fmt::format("\r{:{}}\r", "", first_width);
  EXPECT_NE(out.find(wipe), std::string::npos) << out;
  EXPECT_NE(out.find(fmt::format("e {} 2/10", bar(4, 16))), std::string::npos) << out;

  std::FILE* g = std::tmpfile();
  ASSERT_NE(g, nullptr);
  {
    ProgressBar lines("e", 10, g, ProgressMode::lines);
    lines.update(1, {});
    const std::size_t before = contents(g).size();
    lines.clear();
    EXPECT_EQ(contents(g).size(), before);
  }
  std::fclose(g);
}
