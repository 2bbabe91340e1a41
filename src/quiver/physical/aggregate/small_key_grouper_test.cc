#include <arrow/api.h>
#include <gtest/gtest.h>
#include <quiver/physical/aggregate/hash_aggregate_exec.h>
#include <quiver/physical/aggregate/small_key_grouper.h>
#include <quiver/physical/testing/batch_source_exec.h>
#include <quiver/physical/testing/test_util.h>

namespace quiver {
namespace {

using namespace quiver::testing;  // NOLINT

std::vector<uint32_t> Ids(SmallKeyGrouper* grouper, const std::vector<std::string>& json,
                          const std::vector<std::shared_ptr<arrow::DataType>>& types) {
  std::vector<std::shared_ptr<arrow::ArrayData>> keys;
  for (size_t c = 0; c < json.size(); ++c) keys.push_back(MakeArray(types[c], json[c])->data());
  std::vector<uint32_t> ids;
  auto fits = grouper->Consume(keys, keys[0]->length, &ids);
  EXPECT_TRUE(fits.ok()) << fits.status().ToString();
  EXPECT_TRUE(fits.ok() && *fits);
  return ids;
}

TEST(SmallKeyGrouperTest, IdsInOrderOfFirstAppearanceAcrossBatches) {
  std::vector<std::shared_ptr<arrow::DataType>> types = {arrow::utf8(), arrow::binary()};
  ASSERT_TRUE(SmallKeyGrouper::Supports(types));
  SmallKeyGrouper grouper(types);
  // ("ab","c") and ("a","bc") differ; "" differs from null; 7 bytes is the longest that fits.
  EXPECT_EQ(Ids(&grouper,
                {R"(["ab", "a", "ab", "", null, "1234567", "ab"])",
                 R"(["c", "bc", "c", "", "", "x", "c"])"},
                types),
            (std::vector<uint32_t>{0, 1, 0, 2, 3, 4, 0}));
  EXPECT_EQ(Ids(&grouper, {R"(["a", null, "zz"])", R"(["bc", "", null])"}, types),
            (std::vector<uint32_t>{1, 3, 5}));
  EXPECT_EQ(grouper.num_groups(), 6u);
  auto uniques = grouper.uniques().ValueOrDie();
  ASSERT_EQ(uniques.size(), 2u);
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::utf8(), R"(["ab", "a", "", null, "1234567", "zz"])"),
                         uniques[0]);
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::binary(), R"(["c", "bc", "", "", "x", null])"),
                         uniques[1]);
}

TEST(SmallKeyGrouperTest, ManyGroupsGrowTheTableAndSlicesReadTheirOwnRows) {
  std::vector<std::shared_ptr<arrow::DataType>> types = {arrow::utf8()};
  SmallKeyGrouper grouper(types);
  arrow::StringBuilder builder;
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(builder.Append(std::to_string(i % 500)).ok());
  auto values = builder.Finish().ValueOrDie();
  std::vector<uint32_t> ids;
  // A slice: rows 250..999 are keys 250..499 then 0..499.
  auto fits = grouper.Consume({values->Slice(250)->data()}, 750, &ids);
  ASSERT_TRUE(fits.ok() && *fits);
  EXPECT_EQ(grouper.num_groups(), 500u);
  for (int i = 0; i < 750; ++i) {
    const int key = (250 + i) % 500;
    const uint32_t want = key >= 250 ? key - 250 : key + 250;
    ASSERT_EQ(ids[i], want) << i;
  }
  auto uniques = grouper.uniques().ValueOrDie();
  EXPECT_EQ(std::static_pointer_cast<arrow::StringArray>(uniques[0])->GetString(0), "250");
  EXPECT_EQ(std::static_pointer_cast<arrow::StringArray>(uniques[0])->GetString(499), "249");
}

TEST(SmallKeyGrouperTest, LongValueDeclinesWithoutConsuming) {
  std::vector<std::shared_ptr<arrow::DataType>> types = {arrow::utf8()};
  SmallKeyGrouper grouper(types);
  EXPECT_EQ(Ids(&grouper, {R"(["a"])"}, types), (std::vector<uint32_t>{0}));
  std::vector<uint32_t> ids;
  auto fits = grouper.Consume({MakeArray(arrow::utf8(), R"(["b", "12345678"])")->data()}, 2, &ids);
  ASSERT_TRUE(fits.ok());
  EXPECT_FALSE(*fits);
  EXPECT_EQ(grouper.num_groups(), 1u);  // "b" was not added
  EXPECT_FALSE(SmallKeyGrouper::Supports({arrow::int64()}));
  EXPECT_FALSE(SmallKeyGrouper::Supports({}));
  EXPECT_FALSE(SmallKeyGrouper::Supports(
      {arrow::utf8(), arrow::utf8(), arrow::utf8(), arrow::utf8(), arrow::utf8()}));
}

TEST(SmallKeyGrouperTest, AggregateSwitchesToArrowGrouperMidStreamKeepingIds) {
  InitCompute();
  auto ctx = MakeContext();
  auto s = arrow::schema({arrow::field("k", arrow::utf8()), arrow::field("v", arrow::int64())});
  // Batch 1 fits the small grouper; batch 2 has a long key, so the stream switches to Arrow's
  // Grouper, which must keep a/b/null's ids; batch 3 goes to Arrow's Grouper directly.
  auto source = std::make_shared<BatchSourceExec>(
      s, BatchSourceExec::Partitions{
             {MakeBatch(s, {R"(["a", "b", null, "a"])", "[1, 2, 3, 4]"}),
              MakeBatch(s, {R"(["a long key", "b", null])", "[10, 20, 30]"}),
              MakeBatch(s, {R"(["a", "a long key", "c"])", "[100, 200, 300]"})}});
  auto sum = MakeAggregate(*ctx->functions(), "sum", {Col("v", 1)}, {arrow::int64()}, "sum(v)");
  auto agg = HashAggregateExec::Make(AggregateMode::kSingle, {{Col("k", 0), "k"}}, {sum}, source);
  ASSERT_TRUE(agg.ok()) << agg.status().ToString();
  auto table = CollectTable(*agg, ctx);
  // Groups in order of first appearance: a, b, null, "a long key", c (worked by hand).
  ASSERT_EQ(table->num_rows(), 5);
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::utf8(), R"(["a", "b", null, "a long key", "c"])"),
                         Column(table, 0));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[105, 22, 33, 210, 300]"), Column(table, 1));
}

}  // namespace
}  // namespace quiver
