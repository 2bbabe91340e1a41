#include <arrow/api.h>
#include <arrow/compute/api_vector.h>
#include <arrow/compute/row/grouper.h>
#include <gtest/gtest.h>
#include <quiver/physical/aggregate/hash_aggregate_exec.h>
#include <quiver/physical/aggregate/packed_key_grouper.h>
#include <quiver/physical/testing/batch_source_exec.h>
#include <quiver/physical/testing/test_util.h>

namespace quiver {
namespace {

using namespace quiver::testing;  // NOLINT

std::vector<uint32_t> Ids(PackedKeyGrouper* grouper, const std::vector<std::string>& json,
                          const std::vector<std::shared_ptr<arrow::DataType>>& types) {
  std::vector<std::shared_ptr<arrow::ArrayData>> keys;
  for (size_t c = 0; c < json.size(); ++c) keys.push_back(MakeArray(types[c], json[c])->data());
  std::vector<uint32_t> ids;
  auto fits = grouper->Consume(keys, keys[0]->length, &ids);
  EXPECT_TRUE(fits.ok()) << fits.status().ToString();
  EXPECT_TRUE(fits.ok() && *fits);
  return ids;
}

TEST(PackedKeyGrouperTest, IdsInOrderOfFirstAppearanceAcrossBatches) {
  std::vector<std::shared_ptr<arrow::DataType>> types = {arrow::utf8(), arrow::binary()};
  ASSERT_TRUE(PackedKeyGrouper::Supports(types));
  PackedKeyGrouper grouper(types);
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

TEST(PackedKeyGrouperTest, ManyGroupsGrowTheTableAndSlicesReadTheirOwnRows) {
  std::vector<std::shared_ptr<arrow::DataType>> types = {arrow::utf8()};
  PackedKeyGrouper grouper(types);
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

TEST(PackedKeyGrouperTest, LongValueDeclinesWithoutConsuming) {
  std::vector<std::shared_ptr<arrow::DataType>> types = {arrow::utf8()};
  PackedKeyGrouper grouper(types);
  EXPECT_EQ(Ids(&grouper, {R"(["a"])"}, types), (std::vector<uint32_t>{0}));
  std::vector<uint32_t> ids;
  auto fits = grouper.Consume({MakeArray(arrow::utf8(), R"(["b", "12345678"])")->data()}, 2, &ids);
  ASSERT_TRUE(fits.ok());
  EXPECT_FALSE(*fits);
  EXPECT_EQ(grouper.num_groups(), 1u);  // "b" was not added
  EXPECT_FALSE(PackedKeyGrouper::Supports({arrow::float64()}));
  EXPECT_FALSE(PackedKeyGrouper::Supports({arrow::decimal128(12, 2)}));
  EXPECT_FALSE(PackedKeyGrouper::Supports({arrow::int64(), arrow::large_utf8()}));
  EXPECT_FALSE(PackedKeyGrouper::Supports({}));
  EXPECT_FALSE(PackedKeyGrouper::Supports(
      {arrow::utf8(), arrow::utf8(), arrow::utf8(), arrow::utf8(), arrow::utf8()}));
}

TEST(PackedKeyGrouperTest, IntegerAndDateKeysKeepTheirTypesAndNullIsItsOwnGroup) {
  std::vector<std::shared_ptr<arrow::DataType>> types = {arrow::int64(), arrow::date32(),
                                                         arrow::int8()};
  ASSERT_TRUE(PackedKeyGrouper::Supports(types));
  PackedKeyGrouper grouper(types);
  // 0 differs from NULL; -1 in an int8 and -1 in an int64 pack to different words but each
  // column compares only with itself; a row like the one before it gets its id again.
  EXPECT_EQ(Ids(&grouper,
                {"[0, null, 0, -1, -1, 9223372036854775807, 0]", "[1, 1, 1, null, null, 2, 1]",
                 "[-1, -1, -1, 0, 0, 127, -1]"},
                types),
            (std::vector<uint32_t>{0, 1, 0, 2, 2, 3, 0}));
  EXPECT_EQ(Ids(&grouper, {"[-1, 5]", "[null, 1]", "[0, -128]"}, types),
            (std::vector<uint32_t>{2, 4}));
  auto uniques = grouper.uniques().ValueOrDie();
  ASSERT_EQ(uniques.size(), 3u);
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[0, null, -1, 9223372036854775807, 5]"),
                         uniques[0]);
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::date32(), "[1, 1, null, 2, 1]"), uniques[1]);
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int8(), "[-1, -1, 0, 127, -128]"), uniques[2]);
}

TEST(PackedKeyGrouperTest, ManyIntegerGroupsFromSlicedBatchesMatchArrowsGrouper) {
  std::vector<std::shared_ptr<arrow::DataType>> types = {arrow::int32(), arrow::utf8()};
  PackedKeyGrouper grouper(types);
  arrow::Int32Builder ints;
  arrow::StringBuilder strings;
  // 100 000 rows over 30 000 (int, string) groups, clustered in runs and with NULLs in both.
  for (int i = 0; i < 100000; ++i) {
    const int g = (i / 3) % 30000;
    if (g % 1000 == 7) {
      ASSERT_TRUE(ints.AppendNull().ok());
    } else {
      ASSERT_TRUE(ints.Append(g * 7919).ok());
    }
    if (g % 5000 == 3) {
      ASSERT_TRUE(strings.AppendNull().ok());
    } else {
      ASSERT_TRUE(strings.Append(std::to_string(g % 997)).ok());
    }
  }
  auto a = ints.Finish().ValueOrDie();
  auto b = strings.Finish().ValueOrDie();
  // Arrow's Grouper is the reference for which rows share a group; it numbers groups in its own
  // order within a batch, so compare through a map of our ids to its ids.
  auto arrow_grouper = arrow::compute::Grouper::Make({arrow::int32(), arrow::utf8()}).ValueOrDie();
  std::vector<uint32_t> ours_to_arrow;
  for (int64_t offset = 0; offset < a->length(); offset += 4096) {
    auto sa = a->Slice(offset, 4096);
    auto sb = b->Slice(offset, 4096);
    std::vector<uint32_t> ids;
    auto fits = grouper.Consume({sa->data(), sb->data()}, sa->length(), &ids);
    ASSERT_TRUE(fits.ok() && *fits);
    arrow::compute::ExecBatch batch({sa, sb}, sa->length());
    auto want = arrow_grouper->Consume(arrow::compute::ExecSpan(batch)).ValueOrDie();
    const uint32_t* want_ids = want.array()->GetValues<uint32_t>(1);
    for (int64_t i = 0; i < sa->length(); ++i) {
      if (ids[i] == ours_to_arrow.size()) {
        ours_to_arrow.push_back(want_ids[i]);  // a new group, numbered in order of appearance
      }
      ASSERT_LT(ids[i], ours_to_arrow.size()) << offset + i;
      ASSERT_EQ(ours_to_arrow[ids[i]], want_ids[i]) << offset + i;
    }
  }
  EXPECT_EQ(grouper.num_groups(), arrow_grouper->num_groups());
  EXPECT_EQ(grouper.num_groups(), 30000u);
  auto uniques = grouper.uniques().ValueOrDie();
  auto want = arrow_grouper->GetUniques().ValueOrDie();
  arrow::UInt32Builder order;
  ASSERT_TRUE(order.AppendValues(ours_to_arrow).ok());
  auto indices = order.Finish().ValueOrDie();
  for (int c = 0; c < 2; ++c) {
    auto in_our_order = arrow::compute::Take(want[c].make_array(), indices).ValueOrDie();
    QUIVER_EXPECT_ARRAY_EQ(in_our_order.make_array(), uniques[c]);
  }
}

TEST(PackedKeyGrouperTest, AggregateSwitchesToArrowGrouperMidStreamKeepingIds) {
  InitCompute();
  auto ctx = MakeContext();
  auto s = arrow::schema({arrow::field("k", arrow::utf8()), arrow::field("v", arrow::int64())});
  // Batch 1 fits the packed grouper; batch 2 has a long key, so the stream switches to Arrow's
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
