#include <arrow/api.h>
#include <gtest/gtest.h>
#include <quiver/physical/joins/cross_join_exec.h>
#include <quiver/physical/joins/join_test_util.h>
#include <quiver/physical/repartition/repartition_exec.h>

#include <numeric>

namespace quiver {
namespace {

using namespace quiver::testing;  // NOLINT

std::shared_ptr<arrow::Schema> LeftSchema() {
  return arrow::schema({arrow::field("a", arrow::int64(), /*nullable=*/false)});
}

std::shared_ptr<arrow::Schema> RightSchema() {
  return arrow::schema({arrow::field("b", arrow::utf8())});
}

TEST(CrossJoinExecTest, EveryPairOncePerProbePartition) {
  InitCompute();
  auto left = JsonSource(LeftSchema(), {{{"[1, 2]"}, {"[3]"}}});
  auto right = JsonSource(RightSchema(), {{{R"(["x", "y"])"}}, {{R"([null])"}}});
  auto join = std::make_shared<CrossJoinExec>(left, right);
  EXPECT_EQ(join->output_partition_count(), 2);
  EXPECT_EQ(join->schema()->ToString(), "a: int64 not null\nb: string");
  ExpectRows(
      join, MakeContext(2),
      {"[1, 2, 3, 1, 2, 3, 1, 2, 3]", R"(["x", "x", "x", "y", "y", "y", null, null, null])"});
  EXPECT_EQ(left->pulled(), 2);  // built once for both partitions
  for (auto size : BatchSizes(std::make_shared<CrossJoinExec>(left, right), MakeContext(2))) {
    EXPECT_LE(size, 2);
  }
}

TEST(CrossJoinExecTest, EmptySides) {
  InitCompute();
  auto left = JsonSource(LeftSchema(), {{{"[1, 2]"}}});
  auto no_right = JsonSource(RightSchema(), {{}});
  ExpectRows(std::make_shared<CrossJoinExec>(left, no_right), MakeContext(), {"[]", "[]"});
  auto no_left = JsonSource(LeftSchema(), {{}});
  auto right = JsonSource(RightSchema(), {{{R"(["x"])"}}});
  ExpectRows(std::make_shared<CrossJoinExec>(no_left, right), MakeContext(), {"[]", "[]"});
  EXPECT_EQ(right->pulled(), 0);  // nothing to pair with: the probe is never read
}

TEST(CrossJoinExecTest, BatchesOfBatchSizeRows) {
  InitCompute();
  arrow::Int64Builder lb;
  for (int64_t i = 0; i < 7; ++i) ASSERT_TRUE(lb.Append(i).ok());
  auto la = lb.Finish().ValueOrDie();
  auto left = std::make_shared<BatchSourceExec>(
      LeftSchema(), BatchSourceExec::Partitions{{arrow::RecordBatch::Make(LeftSchema(), 7, {la})}});
  auto right = JsonSource(RightSchema(), {{{R"(["a", "b", "c", "d", "e"])"}}});
  auto sizes = BatchSizes(std::make_shared<CrossJoinExec>(left, right), MakeContext(10));
  EXPECT_EQ(sizes, (std::vector<int64_t>{10, 10, 10, 5}));
}

class StatsExec : public BatchSourceExec {
 public:
  StatsExec(std::shared_ptr<arrow::Schema> schema, Statistics stats)
      : BatchSourceExec(std::move(schema), BatchSourceExec::Partitions(1)), stats_(stats) {}
  Statistics statistics() const override { return stats_; }

 private:
  Statistics stats_;
};

TEST(CrossJoinExecTest, PlanProperties) {
  InitCompute();
  auto left = std::make_shared<StatsExec>(LeftSchema(), Statistics{3, 24, true});
  auto right = std::make_shared<StatsExec>(RightSchema(), Statistics{5, 100, true});
  CrossJoinExec join(left, right);
  auto stats = join.statistics();
  EXPECT_EQ(stats.num_rows, 15);
  EXPECT_EQ(stats.total_byte_size, 24 * 5 + 100 * 3);
  EXPECT_TRUE(stats.exact);
  EXPECT_EQ(join.to_string(), "CrossJoinExec");
  auto dist = join.required_input_distribution();
  EXPECT_EQ(dist[0].to_string(), "Broadcast");
  EXPECT_EQ(dist[1].to_string(), "Unspecified");
  auto hashed = std::make_shared<RepartitionExec>(JsonSource(RightSchema(), {{}}),
                                                  Partitioning::Hash({Col("b", 0)}, 4));
  EXPECT_EQ(CrossJoinExec(left, hashed).output_partitioning().to_string(), "Hash([b@1], 4)");
  EXPECT_TRUE(join.with_new_children({left}).status().IsInvalid());
}

}  // namespace
}  // namespace quiver
