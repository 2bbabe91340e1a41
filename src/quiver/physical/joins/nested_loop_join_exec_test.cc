#include <arrow/api.h>
#include <gtest/gtest.h>
#include <quiver/physical/expressions/binary_expr.h>
#include <quiver/physical/joins/join_test_util.h>
#include <quiver/physical/joins/nested_loop_join_exec.h>

#include <numeric>
#include <string>
#include <tuple>

namespace quiver {
namespace {

using namespace quiver::testing;  // NOLINT

// Filters over the intermediate schema [lk, lv, rk, rv] (left columns 0, 1; right 0, 1).
JoinFilter ExampleFilter(bool with_lv_lt_rv) {
  JoinFilter filter;
  filter.schema =
      arrow::schema({arrow::field("lk", arrow::int64()), arrow::field("lv", arrow::int64()),
                     arrow::field("rk", arrow::int64()), arrow::field("rv", arrow::int64())});
  filter.column_indices = {
      {0, JoinSide::kLeft}, {1, JoinSide::kLeft}, {0, JoinSide::kRight}, {1, JoinSide::kRight}};
  PhysicalExprPtr eq =
      std::make_shared<BinaryExpr>(BinaryOperator::kEq, Col("lk", 0), Col("rk", 2));
  if (with_lv_lt_rv) {
    eq = std::make_shared<BinaryExpr>(
        BinaryOperator::kAnd, eq,
        std::make_shared<BinaryExpr>(BinaryOperator::kLt, Col("lv", 1), Col("rv", 3)));
  }
  filter.expression = eq;
  return filter;
}

std::shared_ptr<NestedLoopJoinExec> MakeJoin(ExecutionPlanPtr left, ExecutionPlanPtr right,
                                             std::optional<JoinFilter> filter, JoinType type) {
  auto join = NestedLoopJoinExec::Make(std::move(left), std::move(right), std::move(filter), type);
  EXPECT_TRUE(join.ok()) << join.status().ToString();
  return join.ok() ? *join : nullptr;
}

class NestedLoopJoinExampleTest
    : public ::testing::TestWithParam<std::tuple<ExampleCase, int64_t>> {
 protected:
  void SetUp() override { InitCompute(); }
};

// With `lk = rk` as its condition, a nested loop join answers like the hash join on lk = rk
// (NULL = NULL is not true), over three probe partitions sharing one build side.
TEST_P(NestedLoopJoinExampleTest, EqualityCondition) {
  const auto& [c, batch_size] = GetParam();
  auto join = MakeJoin(ExampleLeft(), ExampleRight(), ExampleFilter(false), c.type);
  ASSERT_NE(join, nullptr);
  EXPECT_EQ(join->output_partition_count(), 3);
  ExpectRows(join, MakeContext(batch_size), c.on_keys);
}

TEST_P(NestedLoopJoinExampleTest, EqualityAndRangeCondition) {
  const auto& [c, batch_size] = GetParam();
  auto join = MakeJoin(ExampleLeft(), ExampleRight(), ExampleFilter(true), c.type);
  ExpectRows(join, MakeContext(batch_size), c.on_keys_and_lv_lt_rv);
}

INSTANTIATE_TEST_SUITE_P(
    AllJoinTypes, NestedLoopJoinExampleTest,
    ::testing::Combine(::testing::ValuesIn(ExampleCases()), ::testing::Values<int64_t>(1, 3, 8192)),
    [](const ::testing::TestParamInfo<std::tuple<ExampleCase, int64_t>>& info) {
      return std::string(JoinTypeName(std::get<0>(info.param).type)) + "_batch" +
             std::to_string(std::get<1>(info.param));
    });

TEST(NestedLoopJoinExecTest, NoFilterMatchesEveryPair) {
  InitCompute();
  auto s = arrow::schema({arrow::field("a", arrow::int64())});
  auto t = arrow::schema({arrow::field("b", arrow::utf8())});
  auto left = JsonSource(s, {{{"[1, 2]"}}});
  auto right = JsonSource(t, {{{R"(["x"])"}}, {{R"(["y", "z"])"}}});
  ExpectRows(MakeJoin(left, right, std::nullopt, JoinType::kInner), MakeContext(1),
             {"[1, 2, 1, 2, 1, 2]", R"(["x", "x", "y", "y", "z", "z"])"});
  ExpectRows(MakeJoin(left, right, std::nullopt, JoinType::kLeftAnti), MakeContext(), {"[]"});
  ExpectRows(MakeJoin(left, right, std::nullopt, JoinType::kRightMark), MakeContext(),
             {R"(["x", "y", "z"])", "[true, true, true]"});
  // No right rows: every left row unmatched.
  auto empty = JsonSource(t, {{}});
  ExpectRows(MakeJoin(left, empty, std::nullopt, JoinType::kLeft), MakeContext(),
             {"[1, 2]", "[null, null]"});
  ExpectRows(MakeJoin(left, empty, std::nullopt, JoinType::kLeftMark), MakeContext(),
             {"[1, 2]", "[false, false]"});
  // No left rows.
  auto no_left = JsonSource(s, {{}});
  ExpectRows(MakeJoin(no_left, right, std::nullopt, JoinType::kFull), MakeContext(),
             {"[null, null, null]", R"(["x", "y", "z"])"});
  ExpectRows(MakeJoin(no_left, right, std::nullopt, JoinType::kInner), MakeContext(), {"[]", "[]"});
}

TEST(NestedLoopJoinExecTest, ChunksOfAboutBatchSizePairs) {
  InitCompute();
  // 30 build rows x 100 probe rows, every pair matching: 3000 rows in batches of 64.
  auto s = arrow::schema({arrow::field("a", arrow::int64())});
  arrow::Int64Builder lb, rb;
  for (int64_t i = 0; i < 30; ++i) ASSERT_TRUE(lb.Append(i).ok());
  for (int64_t i = 0; i < 100; ++i) ASSERT_TRUE(rb.Append(i).ok());
  auto la = lb.Finish().ValueOrDie();
  auto ra = rb.Finish().ValueOrDie();
  auto left = std::make_shared<BatchSourceExec>(
      s, BatchSourceExec::Partitions{{arrow::RecordBatch::Make(s, 30, {la})}});
  auto right = std::make_shared<BatchSourceExec>(
      s, BatchSourceExec::Partitions{{arrow::RecordBatch::Make(s, 100, {ra})}});
  auto sizes = BatchSizes(MakeJoin(left, right, std::nullopt, JoinType::kInner), MakeContext(64));
  EXPECT_EQ(std::accumulate(sizes.begin(), sizes.end(), int64_t{0}), 3000);
  for (size_t i = 0; i + 1 < sizes.size(); ++i) EXPECT_EQ(sizes[i], 64) << "batch " << i;
  // a < b over [a, b]: pairs (i, j) with i < j: sum over j of min(j, 30).
  JoinFilter less;
  less.schema =
      arrow::schema({arrow::field("a", arrow::int64()), arrow::field("b", arrow::int64())});
  less.column_indices = {{0, JoinSide::kLeft}, {0, JoinSide::kRight}};
  less.expression = std::make_shared<BinaryExpr>(BinaryOperator::kLt, Col("a", 0), Col("b", 1));
  int64_t expected = 0;
  for (int64_t j = 0; j < 100; ++j) expected += std::min<int64_t>(j, 30);
  sizes = BatchSizes(MakeJoin(left, right, less, JoinType::kInner), MakeContext(64));
  EXPECT_EQ(std::accumulate(sizes.begin(), sizes.end(), int64_t{0}), expected);
  for (auto size : sizes) EXPECT_LE(size, 64);
}

TEST(NestedLoopJoinExecTest, PlanProperties) {
  InitCompute();
  auto join = MakeJoin(ExampleLeft(), ExampleRight(), ExampleFilter(true), JoinType::kRight);
  EXPECT_EQ(join->to_string(),
            "NestedLoopJoinExec: join_type=Right, filter=lk@0 = rk@2 AND lv@1 < rv@3");
  auto dist = join->required_input_distribution();
  EXPECT_EQ(dist[0].to_string(), "Broadcast");
  EXPECT_EQ(dist[1].to_string(), "Unspecified");
  for (JoinType t : {JoinType::kLeft, JoinType::kFull, JoinType::kLeftSemi, JoinType::kLeftAnti,
                     JoinType::kLeftMark}) {
    dist = MakeJoin(ExampleLeft(), ExampleRight(), std::nullopt, t)->required_input_distribution();
    EXPECT_EQ(dist[0].to_string(), "SinglePartition") << JoinTypeName(t);
    EXPECT_EQ(dist[1].to_string(), "SinglePartition") << JoinTypeName(t);
  }
  for (JoinType t :
       {JoinType::kInner, JoinType::kRightSemi, JoinType::kRightAnti, JoinType::kRightMark}) {
    dist = MakeJoin(ExampleLeft(), ExampleRight(), std::nullopt, t)->required_input_distribution();
    EXPECT_EQ(dist[0].to_string(), "Broadcast") << JoinTypeName(t);
  }
  EXPECT_EQ(MakeJoin(ExampleLeft(), ExampleRight(), std::nullopt, JoinType::kInner)->to_string(),
            "NestedLoopJoinExec: join_type=Inner");
  auto copy = join->with_new_children({ExampleLeft(), ExampleRight()}).ValueOrDie();
  EXPECT_EQ(copy->to_string(), join->to_string());
  // A filter naming a column the input does not have.
  JoinFilter bad = ExampleFilter(false);
  bad.column_indices[2].index = 7;
  EXPECT_TRUE(NestedLoopJoinExec::Make(ExampleLeft(), ExampleRight(), bad, JoinType::kInner)
                  .status()
                  .IsInvalid());
  // The build side must be one partition.
  auto two = JsonSource(ExampleLeftSchema(), {{{"[1]", "[1]"}}, {{"[2]", "[2]"}}});
  EXPECT_TRUE(MakeJoin(two, ExampleRight(), std::nullopt, JoinType::kInner)
                  ->execute(0, MakeContext())
                  .status()
                  .IsInvalid());
}

}  // namespace
}  // namespace quiver
