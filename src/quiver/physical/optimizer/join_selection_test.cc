#include <gtest/gtest.h>
#include <quiver/physical/expressions/binary_expr.h>
#include <quiver/physical/joins/cross_join_exec.h>
#include <quiver/physical/joins/hash_join_exec.h>
#include <quiver/physical/joins/join_test_util.h>
#include <quiver/physical/joins/nested_loop_join_exec.h>
#include <quiver/physical/optimizer/enforce_distribution.h>
#include <quiver/physical/optimizer/join_selection.h>
#include <quiver/physical/projection/projection_exec.h>
#include <quiver/physical/repartition/coalesce_partitions_exec.h>

#include <string>
#include <tuple>

namespace quiver {
namespace {

using namespace quiver::testing;  // NOLINT

// The join example of join_test_util.h with made-up statistics: JoinSelection only looks at
// estimates, so each test says how big each side claims to be.
class SizedSource : public BatchSourceExec {
 public:
  SizedSource(const BatchSourceExec& source, Statistics stats)
      : BatchSourceExec(source), stats_(stats) {}
  Statistics statistics() const override { return stats_; }
  arrow::Result<ExecutionPlanPtr> with_new_children(std::vector<ExecutionPlanPtr>) const override {
    return std::make_shared<SizedSource>(*this);
  }
  std::string to_string() const override { return "SizedSource: " + stats_.to_string(); }

 private:
  Statistics stats_;
};

Statistics Bytes(int64_t bytes, int64_t rows = 5) {
  Statistics s;
  s.total_byte_size = bytes;
  s.num_rows = rows;
  return s;
}

Statistics RowsOnly(int64_t rows) {
  Statistics s;
  s.num_rows = rows;
  return s;
}

ExecutionPlanPtr Left(Statistics stats) {
  return std::make_shared<SizedSource>(*ExampleLeft(), stats);
}
ExecutionPlanPtr Right(Statistics stats) {
  return std::make_shared<SizedSource>(*ExampleRight(), stats);
}

// Default thresholds: 1 MiB, 128 Ki rows.
constexpr int64_t kSmall = 1000;
constexpr int64_t kLarge = 8 << 20;
constexpr int64_t kLess = 4 << 20;  // above the threshold, below kLarge

// lv < rv over the intermediate schema [lv, rv].
JoinFilter LvLessThanRv() {
  JoinFilter filter;
  filter.schema =
      arrow::schema({arrow::field("lv", arrow::int64()), arrow::field("rv", arrow::int64())});
  filter.column_indices = {{1, JoinSide::kLeft}, {1, JoinSide::kRight}};
  filter.expression = std::make_shared<BinaryExpr>(BinaryOperator::kLt, Col("lv", 0), Col("rv", 1));
  return filter;
}

ExecutionPlanPtr Join(ExecutionPlanPtr left, ExecutionPlanPtr right, JoinType type,
                      bool with_filter = false, PartitionMode mode = PartitionMode::kPartitioned) {
  std::optional<JoinFilter> filter;
  if (with_filter) filter = LvLessThanRv();
  auto join = HashJoinExec::Make(std::move(left), std::move(right), {{Col("lk", 0), Col("rk", 0)}},
                                 std::move(filter), type, mode);
  EXPECT_TRUE(join.ok()) << join.status().ToString();
  return join.ok() ? *join : nullptr;
}

ExecutionPlanPtr Select(const ExecutionPlanPtr& plan, const SessionConfig& config = {}) {
  auto out = JoinSelection().optimize(plan, config);
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  return out.ok() ? *out : nullptr;
}

// The plan made runnable: the exchanges its joins ask for, three partitions a hash side.
ExecutionPlanPtr Runnable(const ExecutionPlanPtr& plan) {
  SessionConfig config;
  config.target_partitions = 3;
  auto out = EnforceDistribution().optimize(plan, config);
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  return out.ok() ? *out : nullptr;
}

// The join at the top of `plan`, below the projection restoring the column order if any
// (shared, so it outlives a temporary plan).
std::shared_ptr<const HashJoinExec> JoinOf(const ExecutionPlanPtr& plan,
                                           bool* projected = nullptr) {
  ExecutionPlanPtr node = plan;
  if (projected) *projected = false;
  if (auto* projection = dynamic_cast<const ProjectionExec*>(node.get())) {
    if (projected) *projected = true;
    node = projection->input();
  }
  return std::dynamic_pointer_cast<const HashJoinExec>(node);
}

// Each join type, its mirror image (by hand), whether the output has both sides' columns (so
// a swap needs a projection) and whether it can share its build side across probe partitions
// (never emits unmatched build rows by itself).
struct TypeCase {
  JoinType type;
  JoinType mirrored;
  bool both_sides;
  bool collect_safe;
};

const std::vector<TypeCase>& TypeCases() {
  static const std::vector<TypeCase> cases = {
      {JoinType::kInner, JoinType::kInner, true, true},
      {JoinType::kLeft, JoinType::kRight, true, false},
      {JoinType::kRight, JoinType::kLeft, true, true},
      {JoinType::kFull, JoinType::kFull, true, false},
      {JoinType::kLeftSemi, JoinType::kRightSemi, false, false},
      {JoinType::kLeftAnti, JoinType::kRightAnti, false, false},
      {JoinType::kRightSemi, JoinType::kLeftSemi, false, true},
      {JoinType::kRightAnti, JoinType::kLeftAnti, false, true},
      {JoinType::kLeftMark, JoinType::kRightMark, false, false},
      {JoinType::kRightMark, JoinType::kLeftMark, false, true},
  };
  return cases;
}

TypeCase CaseOf(JoinType type) {
  for (const auto& c : TypeCases()) {
    if (c.type == type) return c;
  }
  ADD_FAILURE() << "no case for " << JoinTypeName(type);
  return {};
}

// The rows the example must give for `type` (hand-computed in join_test_util.h).
JsonBatch ExpectedRows(JoinType type, bool with_filter) {
  for (const auto& c : ExampleCases()) {
    if (c.type == type) return with_filter ? c.on_keys_and_lv_lt_rv : c.on_keys;
  }
  ADD_FAILURE() << "no example for " << JoinTypeName(type);
  return {};
}

class JoinSelectionTypeTest : public ::testing::TestWithParam<std::tuple<JoinType, bool>> {
 protected:
  void SetUp() override { InitCompute(); }
};

std::string TypeCaseName(const ::testing::TestParamInfo<std::tuple<JoinType, bool>>& info) {
  return std::string(JoinTypeName(std::get<0>(info.param))) +
         (std::get<1>(info.param) ? "WithFilter" : "");
}

// Both sides too big to collect, the right one smaller: it becomes the build side.
TEST_P(JoinSelectionTypeTest, SmallerRightSideBecomesTheBuildSide) {
  const auto [type, with_filter] = GetParam();
  const TypeCase c = CaseOf(type);
  auto original = Join(Left(Bytes(kLarge)), Right(Bytes(kLess)), type, with_filter);
  auto selected = Select(original);
  ASSERT_NE(selected, original) << DisplayPlan(*selected);
  bool projected = false;
  auto join = JoinOf(selected, &projected);
  ASSERT_NE(join, nullptr) << DisplayPlan(*selected);
  EXPECT_EQ(projected, c.both_sides) << DisplayPlan(*selected);
  EXPECT_EQ(join->join_type(), c.mirrored) << DisplayPlan(*selected);
  EXPECT_EQ(join->mode(), PartitionMode::kPartitioned);
  EXPECT_EQ(join->left()->to_string(), "SizedSource: rows=5, bytes=" + std::to_string(kLess));
  EXPECT_EQ(join->left()->schema()->field(0)->name(), "rk");
  EXPECT_EQ(join->on()[0].first->to_string(), "rk@0");
  EXPECT_EQ(join->on()[0].second->to_string(), "lk@0");
  if (with_filter) {
    ASSERT_TRUE(join->filter().has_value());
    EXPECT_EQ(join->filter()->column_indices[0].side, JoinSide::kRight);  // lv: now the probe
    EXPECT_EQ(join->filter()->column_indices[1].side, JoinSide::kLeft);   // rv: now the build
  }
  // Columns (names, types, nullability) as the original join had them.
  EXPECT_TRUE(selected->schema()->Equals(*original->schema()))
      << selected->schema()->ToString() << "\nvs\n"
      << original->schema()->ToString();
  ExpectRows(Runnable(selected), MakeContext(), ExpectedRows(type, with_filter));
}

// The left side is under the threshold: collected (a broadcast when distributed) where the
// type allows it, otherwise still the build side of a partitioned join.
TEST_P(JoinSelectionTypeTest, SmallLeftSideIsCollectedOnlyWhereSafe) {
  const auto [type, with_filter] = GetParam();
  const TypeCase c = CaseOf(type);
  auto original = Join(Left(Bytes(kSmall)), Right(Bytes(kLarge)), type, with_filter);
  auto selected = Select(original);
  bool projected = true;
  auto join = JoinOf(selected, &projected);
  ASSERT_NE(join, nullptr) << DisplayPlan(*selected);
  EXPECT_FALSE(projected) << DisplayPlan(*selected);
  EXPECT_EQ(join->join_type(), type) << DisplayPlan(*selected);
  EXPECT_EQ(join->left()->schema()->field(0)->name(), "lk");
  EXPECT_EQ(join->mode(),
            c.collect_safe ? PartitionMode::kCollectLeft : PartitionMode::kPartitioned)
      << DisplayPlan(*selected);
  if (!c.collect_safe) EXPECT_EQ(selected, original);  // nothing to change
  ExpectRows(Runnable(selected), MakeContext(), ExpectedRows(type, with_filter));
}

// The right side is under the threshold: collected after a swap where the mirrored type
// allows it; otherwise swapped for size only and partitioned.
TEST_P(JoinSelectionTypeTest, SmallRightSideIsCollectedAfterASwapOnlyWhereSafe) {
  const auto [type, with_filter] = GetParam();
  const TypeCase c = CaseOf(type);
  const TypeCase mirrored = CaseOf(c.mirrored);
  auto original = Join(Left(Bytes(kLarge)), Right(Bytes(kSmall)), type, with_filter);
  auto selected = Select(original);
  bool projected = false;
  auto join = JoinOf(selected, &projected);
  ASSERT_NE(join, nullptr) << DisplayPlan(*selected);
  EXPECT_EQ(projected, c.both_sides);
  EXPECT_EQ(join->join_type(), c.mirrored) << DisplayPlan(*selected);
  EXPECT_EQ(join->left()->schema()->field(0)->name(), "rk");
  EXPECT_EQ(join->mode(),
            mirrored.collect_safe ? PartitionMode::kCollectLeft : PartitionMode::kPartitioned)
      << DisplayPlan(*selected);
  EXPECT_TRUE(selected->schema()->Equals(*original->schema()));
  ExpectRows(Runnable(selected), MakeContext(), ExpectedRows(type, with_filter));
}

// Both sides small: whichever collect is legal; a join that would have to emit unmatched build
// rows is never collected, whatever its sizes.
TEST_P(JoinSelectionTypeTest, BothSidesSmallNeverCollectsAnUnsafeType) {
  const auto [type, with_filter] = GetParam();
  const TypeCase c = CaseOf(type);
  const TypeCase mirrored = CaseOf(c.mirrored);
  const std::vector<std::pair<int64_t, int64_t>> sizes = {{kSmall, kSmall / 2},
                                                          {kSmall / 2, kSmall}};
  for (const auto& [left_bytes, right_bytes] : sizes) {
    auto selected =
        Select(Join(Left(Bytes(left_bytes)), Right(Bytes(right_bytes)), type, with_filter));
    auto join = JoinOf(selected);
    ASSERT_NE(join, nullptr) << DisplayPlan(*selected);
    if (join->mode() == PartitionMode::kCollectLeft) {
      EXPECT_TRUE(CaseOf(join->join_type()).collect_safe) << DisplayPlan(*selected);
    }
    const bool swapped = join->left()->schema()->field(0)->name() == "rk";
    if (c.collect_safe && mirrored.collect_safe) {
      // Both collects legal: the smaller side is built.
      EXPECT_EQ(swapped, right_bytes < left_bytes) << DisplayPlan(*selected);
      EXPECT_EQ(join->mode(), PartitionMode::kCollectLeft);
    } else if (c.collect_safe || mirrored.collect_safe) {
      // Only one collect is legal: taken even if its side is the larger one.
      EXPECT_EQ(swapped, mirrored.collect_safe) << DisplayPlan(*selected);
      EXPECT_EQ(join->mode(), PartitionMode::kCollectLeft);
    } else {
      EXPECT_EQ(join->mode(), PartitionMode::kPartitioned) << DisplayPlan(*selected);  // Full
      EXPECT_EQ(swapped, right_bytes < left_bytes) << DisplayPlan(*selected);
    }
    ExpectRows(Runnable(selected), MakeContext(), ExpectedRows(type, with_filter));
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllTypes, JoinSelectionTypeTest,
    ::testing::Combine(::testing::Values(JoinType::kInner, JoinType::kLeft, JoinType::kRight,
                                         JoinType::kFull, JoinType::kLeftSemi, JoinType::kLeftAnti,
                                         JoinType::kRightSemi, JoinType::kRightAnti,
                                         JoinType::kLeftMark, JoinType::kRightMark),
                       ::testing::Bool()),
    TypeCaseName);

// Rows and per-column value ranges (lk / rk, then lv / rv).
Statistics WithRanges(int64_t rows, ColumnStatistics key, ColumnStatistics value = {}) {
  Statistics s;
  s.num_rows = rows;
  s.total_byte_size = rows * 16;
  s.columns = {key, value};
  return s;
}

// The estimate that q10 needs: orders (filtered to 60 000 rows, o_custkey over 150 000 values)
// joined with customer (150 000 rows, c_custkey unique) keeps about orders' rows, so the join
// is the smaller side of the next join; without ranges the estimate is the larger input.
TEST(JoinSelectionTest, AKeyJoinedWithAUniqueKeyEstimatesTheOtherSidesRows) {
  const ColumnStatistics custkey{1, 150000};
  auto fk_pk =
      Join(Left(WithRanges(60000, custkey)), Right(WithRanges(150000, custkey)), JoinType::kInner);
  Statistics s = fk_pk->statistics();
  ASSERT_TRUE(s.num_rows.has_value());
  EXPECT_EQ(*s.num_rows, 60000);
  ASSERT_EQ(s.columns.size(), 4u);  // left's columns, then right's
  EXPECT_EQ(s.columns[2].max, 150000);
  EXPECT_EQ(s.max_distinct(0), 60000);  // capped by the rows

  // A left join keeps every left row; a full join every row of both.
  auto left_join =
      Join(Left(WithRanges(200000, custkey)), Right(WithRanges(150000, custkey)), JoinType::kLeft);
  EXPECT_EQ(*left_join->statistics().num_rows, 200000);

  // Unknown ranges: the larger side, as before.
  auto unknown = Join(Left(RowsOnly(60000)), Right(RowsOnly(150000)), JoinType::kInner);
  EXPECT_EQ(*unknown->statistics().num_rows, 150000);
  EXPECT_TRUE(unknown->statistics().columns.empty());

  // Many-to-many on a small domain: 1000 x 1000 rows over 10 values each is 100 000.
  const ColumnStatistics ten{0, 9};
  auto many = Join(Left(WithRanges(1000, ten)), Right(WithRanges(1000, ten)), JoinType::kInner);
  EXPECT_EQ(*many->statistics().num_rows, 100000);
}

TEST(JoinSelectionTest, ProjectionsCarryTheRangesOfColumnsTheyPassThrough) {
  auto source = Left(WithRanges(100, ColumnStatistics{1, 100}, ColumnStatistics{5, 7}));
  auto projection = std::make_shared<ProjectionExec>(
      std::vector<ProjectionExec::NamedExpr>{
          {Col("lv", 1), "lv"},
          {std::make_shared<BinaryExpr>(BinaryOperator::kPlus, Col("lk", 0), Col("lv", 1)), "sum"},
          {Col("lk", 0), "lk"}},
      source);
  Statistics s = projection->statistics();
  ASSERT_EQ(s.columns.size(), 3u);
  EXPECT_EQ(s.columns[0].min, 5);
  EXPECT_FALSE(s.columns[1].min.has_value());  // computed
  EXPECT_EQ(s.columns[2].max, 100);
}

TEST(JoinSelectionTest, ByteThresholdIsInclusiveAndConfigurable) {
  InitCompute();
  SessionConfig config;
  config.hash_join_single_partition_threshold = 5000;
  auto at = JoinOf(Select(Join(Left(Bytes(5000)), Right(Bytes(kLarge)), JoinType::kInner), config));
  ASSERT_NE(at, nullptr);
  EXPECT_EQ(at->mode(), PartitionMode::kCollectLeft);
  auto above =
      JoinOf(Select(Join(Left(Bytes(5001)), Right(Bytes(kLarge)), JoinType::kInner), config));
  ASSERT_NE(above, nullptr);
  EXPECT_EQ(above->mode(), PartitionMode::kPartitioned);
  EXPECT_EQ(above->left()->schema()->field(0)->name(), "lk");  // still the smaller side
}

TEST(JoinSelectionTest, RowThresholdDecidesWhenBytesAreUnknown) {
  InitCompute();
  SessionConfig config;
  config.hash_join_single_partition_threshold_rows = 100;
  auto at =
      JoinOf(Select(Join(Left(RowsOnly(100)), Right(RowsOnly(1000)), JoinType::kInner), config));
  ASSERT_NE(at, nullptr);
  EXPECT_EQ(at->mode(), PartitionMode::kCollectLeft);
  auto above = Select(Join(Left(RowsOnly(101)), Right(RowsOnly(1000)), JoinType::kInner), config);
  ASSERT_NE(JoinOf(above), nullptr);
  EXPECT_EQ(JoinOf(above)->mode(), PartitionMode::kPartitioned);
  // Sizes compared by rows: the 900-row right side is built.
  auto swapped = Select(Join(Left(RowsOnly(1000)), Right(RowsOnly(900)), JoinType::kInner), config);
  ASSERT_NE(JoinOf(swapped), nullptr) << DisplayPlan(*swapped);
  EXPECT_EQ(JoinOf(swapped)->left()->schema()->field(0)->name(), "rk") << DisplayPlan(*swapped);
  EXPECT_EQ(JoinOf(swapped)->mode(), PartitionMode::kPartitioned);
  ExpectRows(Runnable(swapped), MakeContext(), ExpectedRows(JoinType::kInner, false));
}

TEST(JoinSelectionTest, BroadcastJoinsOffMeansPartitioned) {
  InitCompute();
  SessionConfig config;
  config.distributed_broadcast_joins = false;
  // Left small: kept as the build side, but partitioned.
  auto kept = Join(Left(Bytes(kSmall)), Right(Bytes(kLarge)), JoinType::kInner);
  EXPECT_EQ(Select(kept, config), kept);
  // Right small: swapped for size, still partitioned.
  auto selected = Select(Join(Left(Bytes(kLarge)), Right(Bytes(kSmall)), JoinType::kInner), config);
  bool projected = false;
  auto join = JoinOf(selected, &projected);
  ASSERT_NE(join, nullptr);
  EXPECT_TRUE(projected);
  EXPECT_EQ(join->mode(), PartitionMode::kPartitioned);
  EXPECT_EQ(join->left()->schema()->field(0)->name(), "rk");
  ExpectRows(Runnable(selected), MakeContext(), ExpectedRows(JoinType::kInner, false));
  // The same join with broadcasts on is collected.
  auto on = JoinOf(Select(Join(Left(Bytes(kLarge)), Right(Bytes(kSmall)), JoinType::kInner)));
  ASSERT_NE(on, nullptr);
  EXPECT_EQ(on->mode(), PartitionMode::kCollectLeft);
}

TEST(JoinSelectionTest, UnknownStatisticsLeaveTheJoinAlone) {
  InitCompute();
  // Neither side knows its size; then only one side does.
  auto unknown = Join(ExampleLeft(), ExampleRight(), JoinType::kLeft);
  EXPECT_EQ(Select(unknown), unknown);
  auto half = Join(Left(Statistics::Unknown()), Right(Bytes(kSmall)), JoinType::kInner);
  EXPECT_EQ(Select(half), half);
  auto other_half = Join(Left(Bytes(kSmall)), ExampleRight(), JoinType::kInner);
  EXPECT_EQ(Select(other_half), other_half);
}

TEST(JoinSelectionTest, JoinsAlreadyCollectingAreLeftAlone) {
  InitCompute();
  auto collect = Join(Left(Bytes(kLarge)), Right(Bytes(kSmall)), JoinType::kInner, false,
                      PartitionMode::kCollectLeft);
  EXPECT_EQ(Select(collect), collect);
}

TEST(JoinSelectionTest, JoinsInsideAPlanAreRewrittenBottomUp) {
  InitCompute();
  // A join under a coalesce: the rule reaches it and the parent gets the new child.
  auto join = Join(Left(Bytes(kLarge)), Right(Bytes(kSmall)), JoinType::kInner);
  auto plan = std::make_shared<CoalescePartitionsExec>(join);
  auto selected = Select(plan);
  ASSERT_EQ(selected->name(), "CoalescePartitionsExec");
  auto inner = JoinOf(selected->children()[0]);
  ASSERT_NE(inner, nullptr) << DisplayPlan(*selected);
  EXPECT_EQ(inner->mode(), PartitionMode::kCollectLeft);
  // Once chosen, choosing again changes nothing.
  EXPECT_EQ(DisplayPlan(*Select(selected)), DisplayPlan(*selected));
}

TEST(JoinSelectionTest, CrossJoinBuildsOnItsSmallerSide) {
  InitCompute();
  auto original = std::make_shared<CrossJoinExec>(Left(Bytes(kLarge)), Right(Bytes(kSmall)));
  auto selected = Select(original);
  auto* projection = dynamic_cast<const ProjectionExec*>(selected.get());
  ASSERT_NE(projection, nullptr) << DisplayPlan(*selected);
  auto* cross = dynamic_cast<const CrossJoinExec*>(projection->input().get());
  ASSERT_NE(cross, nullptr) << DisplayPlan(*selected);
  EXPECT_EQ(cross->children()[0]->schema()->field(0)->name(), "rk");
  EXPECT_TRUE(selected->schema()->Equals(*original->schema()));
  // 5 × 5 rows, every left row with every right row, left columns first as before.
  auto table = SortedTable(CollectTable(Runnable(selected), MakeContext()));
  auto expected = SortedTable(CollectTable(Runnable(original), MakeContext()));
  ASSERT_TRUE(table && expected);
  EXPECT_EQ(table->num_rows(), 25);
  EXPECT_TRUE(table->Equals(*expected)) << table->ToString() << "\nvs\n" << expected->ToString();
  // Each lv five times (lk sorts nulls last, so lv follows lk's order 1, 2, 2, 4, null).
  EXPECT_EQ(Column(table, 1)->ToString(),
            MakeArray(arrow::int64(),
                      "[10, 10, 10, 10, 10, 20, 20, 20, 20, 20, 21, 21, 21, 21, 21, 40, 40, 40, "
                      "40, 40, 30, 30, 30, 30, 30]")
                ->ToString());
}

TEST(JoinSelectionTest, NestedLoopJoinSwapsOnlyIntoASafeType) {
  InitCompute();
  // Inner with a smaller right: swapped (Inner stays Inner, projection restores the order).
  auto inner = NestedLoopJoinExec::Make(Left(Bytes(kLarge)), Right(Bytes(kSmall)), LvLessThanRv(),
                                        JoinType::kInner)
                   .ValueOrDie();
  auto selected = Select(inner);
  auto* projection = dynamic_cast<const ProjectionExec*>(selected.get());
  ASSERT_NE(projection, nullptr) << DisplayPlan(*selected);
  auto* nlj = dynamic_cast<const NestedLoopJoinExec*>(projection->input().get());
  ASSERT_NE(nlj, nullptr);
  EXPECT_EQ(nlj->children()[0]->schema()->field(0)->name(), "rk");
  // lv < rv over all 25 pairs (nulls in keys do not matter here), by hand: lv=10 < {25,15,35,
  // 45} (4), 20 < {25,35,45} (3), 21 < {25,35,45} (3), 30 < {35,45} (2), 40 < {45} (1).
  auto table = CollectTable(Runnable(selected), MakeContext());
  ASSERT_TRUE(table);
  EXPECT_EQ(table->num_rows(), 13);
  EXPECT_TRUE(selected->schema()->Equals(*inner->schema()));
  // Right with a smaller right would become Left: unsafe to share, so left as it is.
  auto right = NestedLoopJoinExec::Make(Left(Bytes(kLarge)), Right(Bytes(kSmall)), LvLessThanRv(),
                                        JoinType::kRight)
                   .ValueOrDie();
  EXPECT_EQ(Select(right), right);
}

}  // namespace
}  // namespace quiver
