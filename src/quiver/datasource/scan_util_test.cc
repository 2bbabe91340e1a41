#include <arrow/api.h>
#include <arrow/json/from_string.h>
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

std::shared_ptr<arrow::Array> Json(const std::shared_ptr<arrow::DataType>& type,
                                   const std::string& json) {
  return arrow::json::ArrayFromJSONString(type, json).ValueOrDie();
}

TEST(DecodeStringDictionaryTest, DecodesWithNullsAndOffsets) {
  auto type = arrow::dictionary(arrow::int32(), arrow::utf8());
  auto dictionary = Json(arrow::utf8(), R"(["A", "NN", ""])");
  auto indices = Json(arrow::int32(), "[0, 1, null, 2, 1, 0, 7]");
  // The null row's index is past the dictionary on purpose: it must not be read.
  auto raw = indices->data()->Copy();
  reinterpret_cast<int32_t*>(raw->buffers[1]->mutable_data())[2] = 99;
  auto array = std::make_shared<arrow::DictionaryArray>(type, arrow::MakeArray(raw), dictionary);
  auto sliced = array->Slice(1, 5);  // 1, null, 2, 1, 0
  auto out = DecodeStringDictionary(*sliced, arrow::default_memory_pool());
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_TRUE(*out);
  ASSERT_TRUE((*out)->ValidateFull().ok());
  auto expected = Json(arrow::utf8(), R"(["NN", null, "", "NN", "A"])");
  EXPECT_TRUE((*out)->Equals(*expected)) << (*out)->ToString();

  // A non-null index out of range is an error, not a read past the dictionary.
  auto bad = DecodeStringDictionary(*array, arrow::default_memory_pool());
  EXPECT_TRUE(bad.status().IsInvalid()) << bad.status().ToString();
  // Other types are left to the caller.
  auto plain = DecodeStringDictionary(*dictionary, arrow::default_memory_pool());
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*plain, nullptr);
  auto binary_dict = std::make_shared<arrow::DictionaryArray>(
      arrow::dictionary(arrow::int32(), arrow::binary()), Json(arrow::int32(), "[0]"),
      Json(arrow::binary(), R"(["x"])"));
  EXPECT_EQ(*DecodeStringDictionary(*binary_dict, arrow::default_memory_pool()), nullptr);
}

}  // namespace
}  // namespace quiver::scan_util
