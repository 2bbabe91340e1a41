#include <arrow/api.h>
#include <gtest/gtest.h>
#include <quiver/physical/testing/batch_source_exec.h>
#include <quiver/physical/testing/test_util.h>
#include <quiver/physical/union/union_exec.h>

namespace quiver {
namespace {

using namespace quiver::testing;  // NOLINT

std::shared_ptr<BatchSourceExec> Source(std::shared_ptr<arrow::Schema> schema,
                                        std::vector<std::vector<std::string>> partitions) {
  BatchSourceExec::Partitions parts;
  for (const auto& p : partitions) {
    std::vector<std::shared_ptr<arrow::RecordBatch>> batches;
    for (size_t i = 0; i < p.size(); i += 2) batches.push_back(MakeBatch(schema, {p[i], p[i + 1]}));
    parts.push_back(std::move(batches));
  }
  return std::make_shared<BatchSourceExec>(schema, std::move(parts));
}

TEST(UnionExecTest, ConcatenatesPartitionsInInputOrder) {
  InitCompute();
  auto s1 = arrow::schema(
      {arrow::field("a", arrow::int64(), false), arrow::field("b", arrow::utf8(), false)});
  auto s2 = arrow::schema(
      {arrow::field("x", arrow::int64(), true), arrow::field("y", arrow::utf8(), false)});
  auto in1 = Source(s1, {{"[1, 2]", R"(["p", "q"])"}, {"[3]", R"(["r"])"}});
  auto in2 = Source(s2, {{"[null]", R"(["s"])", "[5]", R"(["t"])"}});
  auto u = UnionExec::Make({in1, in2}).ValueOrDie();
  EXPECT_EQ(u->output_partition_count(), 3);
  // Names from input 0; nullable where any input is.
  EXPECT_EQ(u->schema()->ToString(), "a: int64\nb: string not null");
  auto table = CollectTable(u, MakeContext());
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[1, 2, 3, null, 5]"), Column(table, 0));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::utf8(), R"(["p", "q", "r", "s", "t"])"),
                         Column(table, 1));
  // Partition 2 is input 1's partition 0.
  auto stream = u->execute(2, MakeContext()).ValueOrDie();
  std::shared_ptr<arrow::RecordBatch> batch;
  ASSERT_TRUE(stream->ReadNext(&batch).ok());
  ASSERT_NE(batch, nullptr);
  EXPECT_TRUE(batch->schema()->Equals(*u->schema()));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::utf8(), R"(["s"])"), batch->column(1));
  EXPECT_TRUE(u->execute(3, MakeContext()).status().IsInvalid());
  EXPECT_EQ(u->maintains_input_order(), (std::vector<bool>{true, true}));
}

TEST(UnionExecTest, RejectsDifferentTypes) {
  auto s1 = arrow::schema({arrow::field("a", arrow::int64())});
  auto s2 = arrow::schema({arrow::field("a", arrow::int32())});
  auto s3 = arrow::schema({arrow::field("a", arrow::int64()), arrow::field("b", arrow::int64())});
  auto a = std::make_shared<BatchSourceExec>(s1, BatchSourceExec::Partitions(1));
  auto b = std::make_shared<BatchSourceExec>(s2, BatchSourceExec::Partitions(1));
  auto c = std::make_shared<BatchSourceExec>(s3, BatchSourceExec::Partitions(1));
  EXPECT_TRUE(UnionExec::Make({a, b}).status().IsInvalid());
  EXPECT_TRUE(UnionExec::Make({a, c}).status().IsInvalid());
  EXPECT_TRUE(UnionExec::Make({}).status().IsInvalid());
  auto u = UnionExec::Make({a, a}).ValueOrDie();
  EXPECT_TRUE(u->with_new_children({a}).status().IsInvalid());
  EXPECT_EQ(u->with_new_children({a, a}).ValueOrDie()->output_partition_count(), 2);
}

class StatsExec : public BatchSourceExec {
 public:
  StatsExec(std::shared_ptr<arrow::Schema> schema, Statistics stats)
      : BatchSourceExec(std::move(schema), BatchSourceExec::Partitions(2)), stats_(stats) {}
  Statistics statistics() const override { return stats_; }

 private:
  Statistics stats_;
};

TEST(UnionExecTest, StatisticsAreSummed) {
  auto s = arrow::schema({arrow::field("a", arrow::int64())});
  auto a = std::make_shared<StatsExec>(s, Statistics{10, 80, true});
  auto b = std::make_shared<StatsExec>(s, Statistics{5, 40, false});
  auto stats = UnionExec::Make({a, b}).ValueOrDie()->statistics();
  EXPECT_EQ(stats.num_rows, 15);
  EXPECT_EQ(stats.total_byte_size, 120);
  EXPECT_FALSE(stats.exact);
  EXPECT_TRUE(UnionExec::Make({a, a}).ValueOrDie()->statistics().exact);
  auto unknown = std::make_shared<StatsExec>(s, Statistics::Unknown());
  EXPECT_FALSE(UnionExec::Make({a, unknown}).ValueOrDie()->statistics().num_rows.has_value());
  EXPECT_EQ(UnionExec::Make({a, b}).ValueOrDie()->output_partition_count(), 4);
}

}  // namespace
}  // namespace quiver
