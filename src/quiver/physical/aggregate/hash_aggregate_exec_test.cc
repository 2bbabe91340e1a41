#include <gtest/gtest.h>
#include <quiver/physical/aggregate/hash_aggregate_exec.h>
#include <quiver/physical/expressions/binary_expr.h>
#include <quiver/physical/repartition/coalesce_partitions_exec.h>
#include <quiver/physical/repartition/repartition_exec.h>
#include <quiver/physical/testing/batch_source_exec.h>
#include <quiver/physical/testing/test_util.h>

namespace quiver {
namespace {

using namespace quiver::testing;  // NOLINT

std::shared_ptr<arrow::Schema> Schema() {
  return arrow::schema({arrow::field("k", arrow::utf8()), arrow::field("q", arrow::int64()),
                        arrow::field("p", arrow::decimal128(15, 2)),
                        arrow::field("f", arrow::float64())});
}

// Rows (k, q, p, f):
//   a 1 1.10 0.5 | b 2 2.00 1.5 | a null 3.30 2.5 | c 4 null null     (partition 0)
//   b 5 0.25 3.0 | a 6 4.00 null | null 7 1.00 1.0                    (partition 1)
std::shared_ptr<BatchSourceExec> Source() {
  auto s = Schema();
  return std::make_shared<BatchSourceExec>(
      s, BatchSourceExec::Partitions{
             {MakeBatch(s, {R"(["a", "b"])", "[1, 2]", R"(["1.10", "2.00"])", "[0.5, 1.5]"}),
              MakeBatch(s, {R"(["a", "c"])", "[null, 4]", R"(["3.30", null])", "[2.5, null]"})},
             {MakeBatch(s, {R"(["b", "a", null])", "[5, 6, 7]", R"(["0.25", "4.00", "1.00"])",
                            "[3.0, null, 1.0]"})}});
}

// Single mode aggregates each partition on its own: gather the source into one first.
ExecutionPlanPtr OnePartition() { return std::make_shared<CoalescePartitionsExec>(Source()); }

std::vector<AggregateExpr> AllAggs(const TaskContextPtr& ctx) {
  return {
      MakeAggregate(*ctx->functions(), "count", {}, {}, "count(*)"),
      MakeAggregate(*ctx->functions(), "count", {Col("q", 1)}, {arrow::int64()}, "count(q)"),
      MakeAggregate(*ctx->functions(), "sum", {Col("q", 1)}, {arrow::int64()}, "sum(q)"),
      MakeAggregate(*ctx->functions(), "sum", {Col("p", 2)}, {arrow::decimal128(15, 2)}, "sum(p)"),
      MakeAggregate(*ctx->functions(), "avg", {Col("p", 2)}, {arrow::decimal128(15, 2)}, "avg(p)"),
      MakeAggregate(*ctx->functions(), "min", {Col("f", 3)}, {arrow::float64()}, "min(f)"),
      MakeAggregate(*ctx->functions(), "max", {Col("k", 0)}, {arrow::utf8()}, "max(k)")};
}

TEST(HashAggregateExecTest, SingleGroupedWithNulls) {
  InitCompute();
  auto ctx = MakeContext();
  auto agg = HashAggregateExec::Make(AggregateMode::kSingle, {{Col("k", 0), "k"}}, AllAggs(ctx),
                                     OnePartition());
  ASSERT_TRUE(agg.ok()) << agg.status().ToString();
  auto& schema = *(*agg)->schema();
  EXPECT_TRUE(schema.field(4)->type()->Equals(*arrow::decimal128(38, 2)));  // sum(p)
  EXPECT_TRUE(schema.field(5)->type()->Equals(*arrow::float64()));          // avg(p)
  auto table = SortedTable(CollectTable(*agg, ctx));
  ASSERT_EQ(table->num_rows(), 4);  // a, b, c, null (sorted nulls last)
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::utf8(), R"(["a", "b", "c", null])"), Column(table, 0));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[3, 2, 1, 1]"), Column(table, 1));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[2, 2, 1, 1]"), Column(table, 2));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[7, 7, 4, 7]"), Column(table, 3));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::decimal128(38, 2), R"(["8.40", "2.25", null, "1.00"])"),
                         Column(table, 4));
  // avg(p): a = 8.40 / 3 = 2.8, b = 2.25 / 2 = 1.125, c = null, null-key = 1.0
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::float64(), "[2.8, 1.125, null, 1.0]"), Column(table, 5));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::float64(), "[0.5, 1.5, null, 1.0]"), Column(table, 6));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::utf8(), R"(["a", "b", "c", null])"), Column(table, 7));
}

TEST(HashAggregateExecTest, PartialRepartitionFinalEqualsSingle) {
  InitCompute();
  auto ctx = MakeContext(/*batch_size=*/2);  // forces several output batches
  auto aggs = AllAggs(ctx);
  auto single =
      HashAggregateExec::Make(AggregateMode::kSingle, {{Col("k", 0), "k"}}, aggs, OnePartition());
  ASSERT_TRUE(single.ok());
  auto partial =
      HashAggregateExec::Make(AggregateMode::kPartial, {{Col("k", 0), "k"}}, aggs, Source());
  ASSERT_TRUE(partial.ok()) << partial.status().ToString();
  EXPECT_EQ((*partial)->schema()->field(1)->name(), "count(*)[0]");
  EXPECT_EQ((*partial)->schema()->num_fields(), 1 + 8);  // avg has two states
  auto shuffle = std::make_shared<RepartitionExec>(*partial, Partitioning::Hash({Col("k", 0)}, 3));
  auto final_agg =
      HashAggregateExec::Make(AggregateMode::kFinal, {{Col("k", 0), "k"}}, aggs, shuffle);
  ASSERT_TRUE(final_agg.ok()) << final_agg.status().ToString();
  EXPECT_EQ((*final_agg)->output_partition_count(), 3);
  auto expected = SortedTable(CollectTable(*single, ctx));
  auto actual = SortedTable(CollectTable(*final_agg, ctx));
  EXPECT_TRUE(expected->Equals(*actual)) << expected->ToString() << "\nvs\n" << actual->ToString();
  EXPECT_EQ((*partial)->to_string(),
            "HashAggregateExec: mode=Partial, gby=[k@0 as k], aggr=[count(*), count(q), sum(q), "
            "sum(p), avg(p), min(f), max(k)]");
}

// A Partial aggregate whose groups are nearly as many as its rows stops grouping after the
// probe: it emits what it holds and then one state per row, and the Final result is unchanged.
TEST(HashAggregateExecTest, PartialAggregationSkipsWhenItDoesNotReduce) {
  InitCompute();
  auto base = MakeContext();
  auto aggs = AllAggs(base);
  auto single =
      HashAggregateExec::Make(AggregateMode::kSingle, {{Col("k", 0), "k"}}, aggs, OnePartition());
  ASSERT_TRUE(single.ok());
  auto expected = SortedTable(CollectTable(*single, base));
  // Probe after 2 rows: partition 0's first batch has 2 groups in 2 rows, partition 1's 3 in 3.
  // With ratio 0.5 both skip (7 partial rows, the input's); with 0.9 and a probe after 4 rows,
  // partition 0 (3 groups in 4 rows) keeps grouping (6 partial rows).
  for (auto [probe_rows, ratio, want_rows] :
       {std::tuple<const char*, const char*, int64_t>{"2", "0.5", 7}, {"4", "0.9", 6}}) {
    SCOPED_TRACE(std::string("probe ") + probe_rows + ", ratio " + ratio);
    SessionConfig config = base->config();
    config.extensions["quiver.skip_partial_aggregation_probe_rows"] = probe_rows;
    config.extensions["quiver.skip_partial_aggregation_ratio"] = ratio;
    auto ctx = std::make_shared<TaskContext>(config, base->functions());
    auto partial =
        HashAggregateExec::Make(AggregateMode::kPartial, {{Col("k", 0), "k"}}, aggs, Source());
    ASSERT_TRUE(partial.ok());
    EXPECT_EQ(CollectTable(*partial, ctx)->num_rows(), want_rows);
    auto shuffle =
        std::make_shared<RepartitionExec>(*partial, Partitioning::Hash({Col("k", 0)}, 3));
    auto final_agg =
        HashAggregateExec::Make(AggregateMode::kFinal, {{Col("k", 0), "k"}}, aggs, shuffle);
    ASSERT_TRUE(final_agg.ok());
    auto actual = SortedTable(CollectTable(*final_agg, ctx));
    EXPECT_TRUE(expected->Equals(*actual)) << expected->ToString() << "\nvs\n"
                                           << actual->ToString();
  }
}

TEST(HashAggregateExecTest, PartialAggregationSkipSettingsMustParse) {
  InitCompute();
  auto base = MakeContext();
  auto partial = HashAggregateExec::Make(AggregateMode::kPartial, {{Col("k", 0), "k"}},
                                         AllAggs(base), Source());
  ASSERT_TRUE(partial.ok());
  for (auto [key, value] :
       {std::pair<const char*, const char*>{"quiver.skip_partial_aggregation_probe_rows", "lots"},
        {"quiver.skip_partial_aggregation_probe_rows", "-1"},
        {"quiver.skip_partial_aggregation_ratio", "1.5"},
        {"quiver.skip_partial_aggregation_ratio", "most"}}) {
    SessionConfig config = base->config();
    config.extensions[key] = value;
    auto ctx = std::make_shared<TaskContext>(config, base->functions());
    auto stream = (*partial)->execute(0, ctx);
    EXPECT_TRUE(stream.status().IsInvalid()) << key << " = " << value;
  }
}

TEST(HashAggregateExecTest, NoKeysGivesOneRowEvenWhenEmpty) {
  InitCompute();
  auto ctx = MakeContext();
  auto s = Schema();
  auto empty = std::make_shared<BatchSourceExec>(s, BatchSourceExec::Partitions{{}});
  auto agg = HashAggregateExec::Make(
      AggregateMode::kSingle, {},
      {MakeAggregate(*ctx->functions(), "count", {Lit(arrow::MakeScalar(int64_t{1}))},
                     {arrow::int64()}, "count(1)"),
       MakeAggregate(*ctx->functions(), "sum", {Col("q", 1)}, {arrow::int64()}, "sum(q)")},
      empty);
  ASSERT_TRUE(agg.ok());
  auto table = CollectTable(*agg, ctx);
  ASSERT_EQ(table->num_rows(), 1);
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[0]"), Column(table, 0));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[null]"), Column(table, 1));
  // And over the real data, count(*) via a literal counts every row.
  auto all = HashAggregateExec::Make(
      AggregateMode::kSingle, {},
      {MakeAggregate(*ctx->functions(), "count", {Lit(arrow::MakeScalar(int64_t{1}))},
                     {arrow::int64()}, "count(1)")},
      OnePartition());
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[7]"), Column(CollectTable(*all, ctx), 0));
}

TEST(HashAggregateExecTest, CountAndSumDistinct) {
  InitCompute();
  auto ctx = MakeContext();
  auto s = arrow::schema({arrow::field("g", arrow::int32()), arrow::field("v", arrow::int64())});
  auto source = std::make_shared<BatchSourceExec>(
      s, BatchSourceExec::Partitions{{MakeBatch(s, {"[1, 1, 1, 2]", "[5, 5, 6, null]"}),
                                      MakeBatch(s, {"[2, 2, 1, 2]", "[7, 7, 6, 8]"})}});
  auto agg = HashAggregateExec::Make(AggregateMode::kSingle, {{Col("g", 0), "g"}},
                                     {MakeAggregate(*ctx->functions(), "count", {Col("v", 1)},
                                                    {arrow::int64()}, "count(DISTINCT v)", true),
                                      MakeAggregate(*ctx->functions(), "sum", {Col("v", 1)},
                                                    {arrow::int64()}, "sum(DISTINCT v)", true)},
                                     source);
  ASSERT_TRUE(agg.ok()) << agg.status().ToString();
  auto table = SortedTable(CollectTable(*agg, ctx));
  // g=1: {5, 6} → count 2, sum 11; g=2: {null, 7, 8} → count 2, sum 15
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[2, 2]"), Column(table, 1));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[11, 15]"), Column(table, 2));
  auto partial = HashAggregateExec::Make(
      AggregateMode::kPartial, {{Col("g", 0), "g"}},
      {MakeAggregate(*ctx->functions(), "count", {Col("v", 1)}, {arrow::int64()}, "c", true)},
      source);
  ASSERT_FALSE(partial.ok());
  EXPECT_TRUE(partial.status().IsNotImplemented());
}

TEST(HashAggregateExecTest, SumOverflowIsAnError) {
  InitCompute();
  auto ctx = MakeContext();
  auto s = arrow::schema({arrow::field("v", arrow::int64())});
  auto source = std::make_shared<BatchSourceExec>(
      s, BatchSourceExec::Partitions{{MakeBatch(s, {"[9223372036854775807, 1]"})}});
  auto agg = HashAggregateExec::Make(
      AggregateMode::kSingle, {},
      {MakeAggregate(*ctx->functions(), "sum", {Col("v", 0)}, {arrow::int64()}, "s")}, source);
  ASSERT_TRUE(agg.ok());
  EXPECT_FALSE(CollectPlan(*agg, ctx).ok());
  // A type the function cannot take is a planning error.
  auto bad = HashAggregateExec::Make(
      AggregateMode::kSingle, {},
      {MakeAggregate(*ctx->functions(), "sum", {Col("v", 0)}, {arrow::utf8()}, "s")}, source);
  EXPECT_FALSE(bad.ok());
}

}  // namespace
}  // namespace quiver

namespace quiver {
namespace {

using namespace quiver::testing;  // NOLINT

// Short string keys start in the small-key grouper; the first longer key moves the groups to
// Arrow's Grouper, which numbers them in its own order (from 71 groups on for these keys):
// every group must keep its own accumulator state across the switch.
TEST(HashAggregateExecTest, GroupsKeepTheirStatesAcrossTheGrouperSwitch) {
  InitCompute();
  auto schema =
      arrow::schema({arrow::field("s", arrow::utf8()), arrow::field("q", arrow::int64())});
  auto batch = [&](int from, int to, int64_t scale) {
    arrow::StringBuilder s;
    arrow::Int64Builder q;
    for (int i = from; i < to; ++i) {
      EXPECT_TRUE(s.Append("row-" + std::to_string(i)).ok());
      EXPECT_TRUE(q.Append(i * scale).ok());
    }
    return arrow::RecordBatch::Make(schema, to - from,
                                    {s.Finish().ValueOrDie(), q.Finish().ValueOrDie()});
  };
  // "row-999" is 7 bytes (small grouper), "row-1000" is 8 (the switch).
  auto source = std::make_shared<BatchSourceExec>(
      schema, BatchSourceExec::Partitions{{batch(0, 1000, 1), batch(0, 1100, 10)}});
  auto ctx = MakeContext();
  auto agg = std::make_shared<HashAggregateExec>(
      AggregateMode::kSingle, std::vector<HashAggregateExec::NamedExpr>{{Col("s", 0), "s"}},
      std::vector<AggregateExpr>{
          MakeAggregate(*ctx->functions(), "sum", {Col("q", 1)}, {arrow::int64()}, "sum(q)")},
      source);
  auto table = CollectTable(agg, ctx);
  ASSERT_NE(table, nullptr);
  ASSERT_EQ(table->num_rows(), 1100);
  auto keys = std::static_pointer_cast<arrow::StringArray>(Column(table, 0));
  auto sums = std::static_pointer_cast<arrow::Int64Array>(Column(table, 1));
  for (int64_t r = 0; r < 1100; ++r) {
    const int i = std::stoi(keys->GetString(r).substr(4));
    ASSERT_EQ(sums->Value(r), i < 1000 ? 11 * i : 10 * i) << keys->GetString(r);
  }
}

}  // namespace
}  // namespace quiver
