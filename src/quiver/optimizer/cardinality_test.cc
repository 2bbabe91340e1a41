#include <arrow/compute/initialize.h>
#include <arrow/type.h>
#include <gtest/gtest.h>
#include <quiver/logical/logical_aggregate.h>
#include <quiver/logical/logical_filter.h>
#include <quiver/logical/logical_join.h>
#include <quiver/logical/logical_limit.h>
#include <quiver/logical/logical_projection.h>
#include <quiver/logical/logical_table_scan.h>
#include <quiver/logical/logical_union.h>
#include <quiver/logical/testing/test_tables.h>
#include <quiver/optimizer/cardinality.h>

namespace quiver {
namespace {

using testing::And;
using testing::Eq;
using testing::Gt;
using testing::Int64Lit;
using testing::Must;

// x: 1000 rows; k has at most 50 distinct values, j at most 5000 (more than rows), m unknown.
// y: 200 rows; k has at most 200 distinct values.
class CardinalityTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(arrow::compute::Initialize().ok()); }

  static std::shared_ptr<arrow::Schema> Schema() {
    return arrow::schema({arrow::field("k", arrow::int64()), arrow::field("j", arrow::int64()),
                          arrow::field("m", arrow::int64())});
  }
  LogicalPlanPtr X(std::optional<std::vector<int>> projection = std::nullopt) {
    return Must(LogicalTableScan::Make("x", x_, std::move(projection)));
  }
  LogicalPlanPtr Y() { return Must(LogicalTableScan::Make("y", y_)); }
  static LogicalExprPtr Col(const std::string& relation, const std::string& name) {
    return LogicalExpr::Col(relation, name);
  }
  static LogicalPlanPtr Filter(LogicalExprPtr predicate, LogicalPlanPtr input) {
    return Must(LogicalFilter::Make(std::move(predicate), std::move(input)));
  }

  TableProviderPtr x_ = std::make_shared<testing::SizedTable>(
      Schema(), 1000, std::map<int, int64_t>{{0, 50}, {1, 5000}});
  TableProviderPtr y_ =
      std::make_shared<testing::SizedTable>(Schema(), 200, std::map<int, int64_t>{{0, 200}});
};

TEST_F(CardinalityTest, ScansAndFilters) {
  auto scan = EstimateCardinality(*X());
  EXPECT_DOUBLE_EQ(scan.rows, 1000);
  EXPECT_DOUBLE_EQ(scan.base_rows, 1000);
  // An equality keeps a tenth, another conjunct a fifth; base_rows remembers the table.
  auto eq = EstimateCardinality(*Filter(Eq(Col("x", "m"), Int64Lit(1)), X()));
  EXPECT_DOUBLE_EQ(eq.rows, 100);
  EXPECT_DOUBLE_EQ(eq.base_rows, 1000);
  auto both = EstimateCardinality(
      *Filter(And(Eq(Col("x", "m"), Int64Lit(1)), Gt(Col("x", "j"), Int64Lit(3))), X()));
  EXPECT_DOUBLE_EQ(both.rows, 20);
  // Selectivity stops at 1/1000, and at least one row is left.
  LogicalExprPtr many = Eq(Col("x", "m"), Int64Lit(1));
  for (int i = 0; i < 4; ++i) many = And(many, Eq(Col("x", "j"), Int64Lit(i)));
  EXPECT_DOUBLE_EQ(EstimateCardinality(*Filter(many, X())).rows, 1);
  // A provider without statistics counts as 1000 rows.
  auto unknown = Must(LogicalTableScan::Make("t", *testing::MakeTestCatalog()->table("t")));
  EXPECT_DOUBLE_EQ(EstimateCardinality(*unknown).rows, 1000);
}

TEST_F(CardinalityTest, EqualitiesWithConstantsUseTheDistinctValues) {
  // k takes 50 values: `k = 1` keeps 1/50, `k IN (1, 2, 3)` 3/50, either side of the `=`.
  EXPECT_DOUBLE_EQ(EstimateCardinality(*Filter(Eq(Col("x", "k"), Int64Lit(1)), X())).rows, 20);
  EXPECT_DOUBLE_EQ(EstimateCardinality(*Filter(Eq(Int64Lit(1), Col("x", "k")), X())).rows, 20);
  auto in = LogicalExpr::InList(Col("x", "k"), {Int64Lit(1), Int64Lit(2), Int64Lit(3)}, false);
  EXPECT_DOUBLE_EQ(EstimateCardinality(*Filter(in, X())).rows, 60);
  // NOT IN, a column on both sides, an unknown column: the defaults (a fifth, a tenth).
  auto not_in = LogicalExpr::InList(Col("x", "k"), {Int64Lit(1)}, true);
  EXPECT_DOUBLE_EQ(EstimateCardinality(*Filter(not_in, X())).rows, 200);
  EXPECT_DOUBLE_EQ(EstimateCardinality(*Filter(Eq(Col("x", "k"), Col("x", "j")), X())).rows, 100);
  EXPECT_DOUBLE_EQ(EstimateCardinality(*Filter(Eq(Col("x", "m"), Int64Lit(1)), X())).rows, 100);
}

TEST_F(CardinalityTest, AggregatesLimitsJoinsAndUnions) {
  auto functions = FunctionRegistry::MakeDefault();
  auto count = LogicalExpr::AggregateFn(*functions->aggregate("count"), {}, false);
  EXPECT_DOUBLE_EQ(EstimateCardinality(*Must(LogicalAggregate::Make(X(), {}, {count}))).rows, 1);
  EXPECT_DOUBLE_EQ(
      EstimateCardinality(*Must(LogicalAggregate::Make(X(), {Col("x", "m")}, {count}))).rows, 100);
  EXPECT_DOUBLE_EQ(EstimateCardinality(*Must(LogicalLimit::Make(X(), 0, 7))).rows, 7);
  EXPECT_DOUBLE_EQ(EstimateCardinality(*Must(LogicalLimit::Make(X(), 0, 5000))).rows, 1000);
  // Cross join: the product; semi join: the left side.
  EXPECT_DOUBLE_EQ(
      EstimateCardinality(*Must(LogicalJoin::Make(X(), Y(), JoinType::kInner, {}))).rows, 200000);
  EXPECT_DOUBLE_EQ(EstimateCardinality(*Must(LogicalJoin::Make(X(), Y(), JoinType::kLeftSemi,
                                                               {{Col("x", "k"), Col("y", "k")}})))
                       .rows,
                   1000);
  // x ⋈ y on k: 1000 × 200 / max(50, 200) = 1000. x ⋈ (y where y.j = 1) on m (bounds
  // unknown): a foreign-key join, the larger side shrunk as y was: 1000 × 20 / 200 = 100.
  EXPECT_DOUBLE_EQ(EstimateCardinality(*Must(LogicalJoin::Make(X(), Y(), JoinType::kInner,
                                                               {{Col("x", "k"), Col("y", "k")}})))
                       .rows,
                   1000);
  EXPECT_DOUBLE_EQ(EstimateCardinality(
                       *Must(LogicalJoin::Make(X(), Filter(Eq(Col("y", "j"), Int64Lit(1)), Y()),
                                               JoinType::kInner, {{Col("x", "m"), Col("y", "m")}})))
                       .rows,
                   100);
  // A union adds its inputs.
  EXPECT_DOUBLE_EQ(EstimateCardinality(*Must(LogicalUnion::Make({X(), Y()}))).rows, 1200);
}

TEST_F(CardinalityTest, OuterJoinsKeepTheirPreservedRows) {
  // An outer join keeps every row of its preserved side, however few rows the other side
  // matches: x LEFT JOIN (y where y.j = 1) has at least x's 1000 rows (the inner join of the
  // same inputs is estimated at 100).
  auto left = Must(LogicalJoin::Make(X(), Filter(Eq(Col("y", "j"), Int64Lit(1)), Y()),
                                     JoinType::kLeft, {{Col("x", "m"), Col("y", "m")}}));
  EXPECT_GE(EstimateCardinality(*left).rows, 1000);
  auto right = Must(LogicalJoin::Make(Filter(Eq(Col("y", "j"), Int64Lit(1)), Y()), X(),
                                      JoinType::kRight, {{Col("y", "m"), Col("x", "m")}}));
  EXPECT_GE(EstimateCardinality(*right).rows, 1000);
  auto full = Must(LogicalJoin::Make(X(), Filter(Eq(Col("y", "j"), Int64Lit(1)), Y()),
                                     JoinType::kFull, {{Col("x", "m"), Col("y", "m")}}));
  EXPECT_GE(EstimateCardinality(*full).rows, 1000);
}

TEST_F(CardinalityTest, DistinctFromTheTableCappedByRows) {
  auto scan = X();
  EXPECT_EQ(EstimateDistinct(*scan, Col("x", "k")), 50);
  EXPECT_EQ(EstimateDistinct(*scan, Col("x", "j")), 1000);  // 5000 > rows
  EXPECT_EQ(EstimateDistinct(*scan, Col("x", "m")), std::nullopt);
  // A scan reading columns [m, k]: k is output 1 but table column 0.
  auto projected = X(std::vector<int>{2, 0});
  EXPECT_EQ(EstimateDistinct(*projected, Col("x", "k")), 50);
  EXPECT_EQ(EstimateDistinct(*projected, Col("x", "m")), std::nullopt);
  // Not a column of the plan, or a computed expression.
  EXPECT_EQ(EstimateDistinct(*scan, Col("y", "k")), std::nullopt);
  EXPECT_EQ(EstimateDistinct(
                *scan, LogicalExpr::Binary(Col("x", "k"), BinaryOperator::kPlus, Int64Lit(1))),
            std::nullopt);
}

TEST_F(CardinalityTest, DistinctThroughProjectionAliasAndFilter) {
  auto projection = Must(LogicalProjection::Make(
      {LogicalExpr::Alias(Col("x", "k"), "kk"),
       LogicalExpr::Alias(LogicalExpr::Binary(Col("x", "k"), BinaryOperator::kPlus, Int64Lit(1)),
                          "kp")},
      X()));
  EXPECT_EQ(EstimateDistinct(*projection, Col("", "kk")), 50);
  EXPECT_EQ(EstimateDistinct(*projection, Col("", "kp")), std::nullopt);
  auto alias = Must(LogicalSubqueryAlias::Make(X(), "s"));
  EXPECT_EQ(EstimateDistinct(*alias, Col("s", "k")), 50);
  EXPECT_EQ(EstimateDistinct(*alias, Col("s", "j")), 1000);
  // A filter keeping ~100 rows has at most 100 distinct j; k stays at 50.
  auto filter = Filter(Eq(Col("x", "m"), Int64Lit(1)), X());
  EXPECT_EQ(EstimateDistinct(*filter, Col("x", "j")), 100);
  EXPECT_EQ(EstimateDistinct(*filter, Col("x", "k")), 50);
  // Through an alias over a filter over a projection: `kk = 3` keeps 1/50 of the 1000 rows,
  // so kk has at most 20 distinct values there.
  auto stacked =
      Must(LogicalSubqueryAlias::Make(Filter(Eq(Col("", "kk"), Int64Lit(3)), projection), "q"));
  EXPECT_EQ(EstimateDistinct(*stacked, Col("q", "kk")), 20);
  // A join finds the column in its input (capped by the join's rows).
  auto join = Must(LogicalJoin::Make(X(), Y(), JoinType::kInner, {{Col("x", "k"), Col("y", "k")}}));
  EXPECT_EQ(EstimateDistinct(*join, Col("y", "k")), 200);
  EXPECT_EQ(EstimateDistinct(*join, Col("x", "k")), 50);
}

TEST_F(CardinalityTest, EquiJoinFromDistinctValues) {
  CardinalityEstimate a{1000, 1000}, b{100, 100};
  // |a| × |b| / max(ndv): every value of the side with more values matches |other| / ndv rows.
  auto e = EstimateEquiJoin(a, b, 50, 100);
  EXPECT_DOUBLE_EQ(e.rows, 1000);
  EXPECT_DOUBLE_EQ(e.base_rows, 1000);
  EXPECT_DOUBLE_EQ(EstimateEquiJoin(a, CardinalityEstimate{10, 100}, 10, 200).rows, 50);
  // Never below one row.
  EXPECT_DOUBLE_EQ(EstimateEquiJoin({2, 2}, {2, 2}, 100, 100).rows, 1);
  // An unknown bound falls back to the foreign-key estimate: the larger side, shrunk by how
  // much the smaller side was filtered (10 of 100 rows → a tenth).
  EXPECT_DOUBLE_EQ(EstimateEquiJoin(a, CardinalityEstimate{10, 100}, std::nullopt, 10).rows, 100);
  EXPECT_DOUBLE_EQ(EstimateJoin(a, CardinalityEstimate{10, 100}, true).rows, 100);
  EXPECT_DOUBLE_EQ(EstimateJoin(a, b, true).rows, 1000);
  EXPECT_DOUBLE_EQ(EstimateJoin(a, b, false).rows, 100000);
}

}  // namespace
}  // namespace quiver
