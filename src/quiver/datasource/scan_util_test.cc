#include <gtest/gtest.h>
#include <quiver/datasource/scan_util.h>

#include <numeric>

namespace quiver::scan_util {
namespace {

int64_t Sum(const std::vector<int64_t>& weights, const std::vector<int>& run) {
  int64_t total = 0;
  for (int i : run) total += weights[i];
  return total;
}

/// Runs are in order, contiguous, and cover 0..n-1 exactly once.
void ExpectCovers(const std::vector<std::vector<int>>& runs, int n) {
  int next = 0;
  for (const auto& run : runs) {
    for (int i : run) EXPECT_EQ(i, next++);
  }
  EXPECT_EQ(next, n);
}

TEST(SplitContiguousTest, EqualWeightsSplitEvenly) {
  std::vector<int64_t> weights(12, 100);
  auto runs = SplitContiguous(weights, 4, false);
  ASSERT_EQ(runs.size(), 4u);
  ExpectCovers(runs, 12);
  for (const auto& run : runs) EXPECT_EQ(run.size(), 3u);
}

TEST(SplitContiguousTest, UnevenWeightsBalance) {
  // Total 1000; 3 runs should hold about 333 each: [400], [100,100,100], [100,100,100].
  std::vector<int64_t> weights = {400, 100, 100, 100, 100, 100, 100};
  auto runs = SplitContiguous(weights, 3, false);
  ASSERT_EQ(runs.size(), 3u);
  ExpectCovers(runs, 7);
  EXPECT_EQ(Sum(weights, runs[0]), 400);
  EXPECT_EQ(Sum(weights, runs[1]), 300);
  EXPECT_EQ(Sum(weights, runs[2]), 300);
}

TEST(SplitContiguousTest, EveryRunNonEmptyWithoutAllowEmpty) {
  // A heavy tail must not starve the first runs.
  std::vector<int64_t> weights = {1, 1, 1, 1000};
  auto runs = SplitContiguous(weights, 4, false);
  ASSERT_EQ(runs.size(), 4u);
  ExpectCovers(runs, 4);
  for (const auto& run : runs) EXPECT_EQ(run.size(), 1u);
  // Fewer units than runs: one run per unit.
  EXPECT_EQ(SplitContiguous({5, 5}, 4, false).size(), 2u);
  // No units: one empty run.
  auto none = SplitContiguous({}, 4, false);
  ASSERT_EQ(none.size(), 1u);
  EXPECT_TRUE(none[0].empty());
}

TEST(SplitContiguousTest, AllowEmptyKeepsRunCount) {
  auto runs = SplitContiguous({7, 7}, 5, true);
  ASSERT_EQ(runs.size(), 5u);
  ExpectCovers(runs, 2);
  int empty = 0;
  for (const auto& run : runs) empty += run.empty();
  EXPECT_EQ(empty, 3);
}

TEST(SplitContiguousTest, ZeroWeightsStillSpread) {
  std::vector<int64_t> weights(6, 0);
  auto runs = SplitContiguous(weights, 3, false);
  ASSERT_EQ(runs.size(), 3u);
  ExpectCovers(runs, 6);
  for (const auto& run : runs) EXPECT_EQ(run.size(), 2u);
}

}  // namespace
}  // namespace quiver::scan_util
