#include <arrow/compute/initialize.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <gtest/gtest.h>
#include <quiver/logical/logical_aggregate.h>
#include <quiver/logical/logical_filter.h>
#include <quiver/logical/logical_join.h>
#include <quiver/logical/logical_limit.h>
#include <quiver/logical/logical_projection.h>
#include <quiver/logical/logical_sort.h>
#include <quiver/logical/logical_table_scan.h>
#include <quiver/logical/logical_union.h>
#include <quiver/logical/testing/test_tables.h>
#include <quiver/optimizer/push_down_filter.h>
#include <quiver/optimizer/testing/rule_test_util.h>

namespace quiver {
namespace {

using testing::And;
using testing::Eq;
using testing::Gt;
using testing::Int32Lit;
using testing::Int64Lit;
using testing::Lt;
using testing::Must;
using testing::Or;

// Plans over t(a int32, b int64, c utf8, d float64, e date32), scanned as t, u and v.
class PushDownFilterTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(arrow::compute::Initialize().ok()); }

  LogicalPlanPtr Scan(const std::string& name) { return Must(LogicalTableScan::Make(name, t_)); }
  static LogicalExprPtr Col(const std::string& relation, const std::string& name) {
    return LogicalExpr::Col(relation, name);
  }
  static LogicalPlanPtr Filter(LogicalExprPtr predicate, LogicalPlanPtr input) {
    return Must(LogicalFilter::Make(std::move(predicate), std::move(input)));
  }
  static LogicalPlanPtr Join(LogicalPlanPtr l, LogicalPlanPtr r, JoinType type, JoinKeys on = {},
                             LogicalExprPtr filter = nullptr) {
    return Must(LogicalJoin::Make(std::move(l), std::move(r), type, std::move(on), filter));
  }
  static LogicalExprPtr Exists(LogicalPlanPtr plan) {
    return LogicalExpr::Exists(std::move(plan), /*negated=*/false);
  }

  static std::string Push(const LogicalPlanPtr& plan) {
    auto out = testing::RewriteKeepingSchema(PushDownFilter(), plan);
    return out ? DisplayLogicalPlan(out) : "";
  }

  TableProviderPtr t_ = *testing::MakeTestCatalog()->table("t");
};

TEST_F(PushDownFilterTest, InnerJoinConjunctsGoToTheirSideOrTheCondition) {
  auto plan = Filter(And(And(Gt(Col("t", "a"), Int32Lit(1)), Lt(Col("u", "b"), Int64Lit(5))),
                         Eq(Col("t", "b"), Col("u", "b"))),
                     Join(Scan("t"), Scan("u"), JoinType::kInner));
  EXPECT_EQ(Push(plan),
            "Join: type=Inner, filter=t.b = u.b\n"
            "  Filter: t.a > 1\n"
            "    TableScan: t filters=[t.a > 1]\n"
            "  Filter: u.b < 5\n"
            "    TableScan: u filters=[u.b < 5]\n");
}

TEST_F(PushDownFilterTest, InnerJoinOnConjunctsFilterEachSide) {
  // ON t.a = u.a AND t.b > 1 AND u.b < 5: the one-sided conjuncts filter the inputs first.
  auto plan = Join(Scan("t"), Scan("u"), JoinType::kInner, {},
                   And(And(Eq(Col("t", "a"), Col("u", "a")), Gt(Col("t", "b"), Int64Lit(1))),
                       Lt(Col("u", "b"), Int64Lit(5))));
  EXPECT_EQ(Push(plan),
            "Join: type=Inner, filter=t.a = u.a\n"
            "  Filter: t.b > 1\n"
            "    TableScan: t filters=[t.b > 1]\n"
            "  Filter: u.b < 5\n"
            "    TableScan: u filters=[u.b < 5]\n");
}

TEST_F(PushDownFilterTest, ComparisonOfBothSidesOverCrossJoinBecomesItsCondition) {
  // A comma join: WHERE t.a = u.a AND (t.b > 1 OR u.b > 1) — both conjuncts span both sides.
  auto either = Or(Gt(Col("t", "b"), Int64Lit(1)), Gt(Col("u", "b"), Int64Lit(1)));
  auto plan = Filter(And(Eq(Col("t", "a"), Col("u", "a")), either),
                     Join(Scan("t"), Scan("u"), JoinType::kInner));
  EXPECT_EQ(Push(plan),
            "Join: type=Inner, filter=t.a = u.a AND (t.b > 1 OR u.b > 1)\n"
            "  TableScan: t\n"
            "  TableScan: u\n");
}

TEST_F(PushDownFilterTest, LeftJoinWherePushesOnlyThePreservedSide) {
  // WHERE t.a > 1 AND u.a > 2 over t LEFT JOIN u: u.a > 2 must see the NULL-padded rows (it
  // removes them), so it stays above the join; t.a > 1 filters t first.
  auto plan = Filter(And(Gt(Col("t", "a"), Int32Lit(1)), Gt(Col("u", "a"), Int32Lit(2))),
                     Join(Scan("t"), Scan("u"), JoinType::kLeft, {{Col("t", "a"), Col("u", "a")}}));
  EXPECT_EQ(Push(plan),
            "Filter: u.a > 2\n"
            "  Join: type=Left, on=[t.a = u.a]\n"
            "    Filter: t.a > 1\n"
            "      TableScan: t filters=[t.a > 1]\n"
            "    TableScan: u\n");
}

TEST_F(PushDownFilterTest, LeftJoinOnConjunctOfThePaddedSideFiltersIt) {
  // ON t.a = u.a AND t.b > 1 AND u.b > 2: u.b > 2 only decides which u rows match (pushed
  // into u); t.b > 1 must stay — t rows failing it are still emitted, NULL-padded.
  auto plan = Join(Scan("t"), Scan("u"), JoinType::kLeft, {{Col("t", "a"), Col("u", "a")}},
                   And(Gt(Col("t", "b"), Int64Lit(1)), Gt(Col("u", "b"), Int64Lit(2))));
  EXPECT_EQ(Push(plan),
            "Join: type=Left, on=[t.a = u.a], filter=t.b > 1\n"
            "  TableScan: t\n"
            "  Filter: u.b > 2\n"
            "    TableScan: u filters=[u.b > 2]\n");
}

TEST_F(PushDownFilterTest, RightJoinMirrorsLeftJoin) {
  auto join = Join(Scan("t"), Scan("u"), JoinType::kRight, {{Col("t", "a"), Col("u", "a")}},
                   And(Gt(Col("t", "b"), Int64Lit(1)), Gt(Col("u", "b"), Int64Lit(2))));
  auto plan = Filter(And(Gt(Col("t", "a"), Int32Lit(3)), Gt(Col("u", "a"), Int32Lit(4))), join);
  EXPECT_EQ(Push(plan),
            "Filter: t.a > 3\n"
            "  Join: type=Right, on=[t.a = u.a], filter=u.b > 2\n"
            "    Filter: t.b > 1\n"
            "      TableScan: t filters=[t.b > 1]\n"
            "    Filter: u.a > 4\n"
            "      TableScan: u filters=[u.a > 4]\n");
}

TEST_F(PushDownFilterTest, FullJoinKeepsEverything) {
  // Both sides may be padded: no conjunct of WHERE or ON can move.
  auto join = Join(Scan("t"), Scan("u"), JoinType::kFull, {{Col("t", "a"), Col("u", "a")}},
                   And(Gt(Col("t", "b"), Int64Lit(1)), Gt(Col("u", "b"), Int64Lit(2))));
  auto plan = Filter(And(Gt(Col("t", "a"), Int32Lit(3)), Gt(Col("u", "a"), Int32Lit(4))), join);
  EXPECT_EQ(Push(plan),
            "Filter: t.a > 3 AND u.a > 4\n"
            "  Join: type=Full, on=[t.a = u.a], filter=t.b > 1 AND u.b > 2\n"
            "    TableScan: t\n"
            "    TableScan: u\n");
}

TEST_F(PushDownFilterTest, SemiJoinFiltersBothInputs) {
  // A semi join emits left rows as they are: WHERE on them goes below; an ON conjunct on
  // either side only restricts which pairs match.
  auto join = Join(Scan("t"), Scan("u"), JoinType::kLeftSemi, {{Col("t", "a"), Col("u", "a")}},
                   And(Gt(Col("t", "b"), Int64Lit(1)), Gt(Col("u", "b"), Int64Lit(2))));
  auto plan = Filter(Gt(Col("t", "a"), Int32Lit(3)), join);
  EXPECT_EQ(Push(plan),
            "Join: type=LeftSemi, on=[t.a = u.a]\n"
            "  Filter: t.a > 3 AND t.b > 1\n"
            "    TableScan: t filters=[t.a > 3, t.b > 1]\n"
            "  Filter: u.b > 2\n"
            "    TableScan: u filters=[u.b > 2]\n");
}

TEST_F(PushDownFilterTest, AntiJoinKeepsOnConjunctOfTheLeftSide) {
  // NOT EXISTS (... WHERE t.b > 1 ...): a t row failing t.b > 1 has no match and IS emitted,
  // so that conjunct cannot filter t; the right side's conjunct can filter u.
  auto join = Join(Scan("t"), Scan("u"), JoinType::kLeftAnti, {{Col("t", "a"), Col("u", "a")}},
                   And(Gt(Col("t", "b"), Int64Lit(1)), Gt(Col("u", "b"), Int64Lit(2))));
  auto plan = Filter(Gt(Col("t", "a"), Int32Lit(3)), join);
  EXPECT_EQ(Push(plan),
            "Join: type=LeftAnti, on=[t.a = u.a], filter=t.b > 1\n"
            "  Filter: t.a > 3\n"
            "    TableScan: t filters=[t.a > 3]\n"
            "  Filter: u.b > 2\n"
            "    TableScan: u filters=[u.b > 2]\n");
}

TEST_F(PushDownFilterTest, MarkJoinFiltersLeftButNotOnItsMark) {
  // Every left row is emitted with its mark: a WHERE on the left columns moves below, one on
  // the mark column stays; the ON conjunct on the left side stays (it decides the mark).
  auto join = Must(LogicalJoin::Make(
      Scan("t"), Scan("u"), JoinType::kLeftMark, {{Col("t", "a"), Col("u", "a")}},
      And(Gt(Col("t", "b"), Int64Lit(1)), Gt(Col("u", "b"), Int64Lit(2))), false, false, "m"));
  auto plan = Filter(And(Gt(Col("t", "a"), Int32Lit(3)), Col("", "m")), join);
  EXPECT_EQ(Push(plan),
            "Filter: m\n"
            "  Join: type=LeftMark, on=[t.a = u.a], filter=t.b > 1\n"
            "    Filter: t.a > 3\n"
            "      TableScan: t filters=[t.a > 3]\n"
            "    Filter: u.b > 2\n"
            "      TableScan: u filters=[u.b > 2]\n");
}

TEST_F(PushDownFilterTest, NullAwareJoinConditionStays) {
  // t.a NOT IN (...): the null-aware anti join's condition is left alone.
  auto join = Must(LogicalJoin::Make(Scan("t"), Scan("u"), JoinType::kLeftAnti,
                                     {{Col("t", "a"), Col("u", "a")}},
                                     Gt(Col("u", "b"), Int64Lit(2)), false, /*null_aware=*/true));
  EXPECT_EQ(Push(join),
            "Join: type=LeftAnti, on=[t.a = u.a], filter=u.b > 2, null_aware\n"
            "  TableScan: t\n"
            "  TableScan: u\n");
}

TEST_F(PushDownFilterTest, ThroughProjectionColumnsAreReplacedByTheirDefinitions) {
  auto projection = Must(LogicalProjection::Make(
      {LogicalExpr::Alias(Col("t", "a"), "x"),
       LogicalExpr::Alias(LogicalExpr::Binary(Col("t", "b"), BinaryOperator::kPlus, Int64Lit(1)),
                          "y")},
      Scan("t")));
  auto plan =
      Filter(And(Gt(Col("", "x"), Int32Lit(1)), Lt(Col("", "y"), Int64Lit(10))), projection);
  EXPECT_EQ(Push(plan),
            "Projection: t.a AS x, t.b + 1 AS y\n"
            "  Filter: t.a > 1 AND t.b + 1 < 10\n"
            "    TableScan: t filters=[t.a > 1, t.b + 1 < 10]\n");
}

TEST_F(PushDownFilterTest, ThroughSubqueryAliasAndSort) {
  auto sort = Must(LogicalSort::Make(Scan("t"), {SortExpr{Col("t", "b"), true, false}}));
  auto alias = Must(LogicalSubqueryAlias::Make(sort, "s"));
  auto plan = Filter(Gt(Col("s", "a"), Int32Lit(1)), alias);
  EXPECT_EQ(Push(plan),
            "SubqueryAlias: s\n"
            "  Sort: t.b ASC NULLS LAST\n"
            "    Filter: t.a > 1\n"
            "      TableScan: t filters=[t.a > 1]\n");
}

TEST_F(PushDownFilterTest, IntoEveryUnionInput) {
  auto u = Must(LogicalUnion::Make({Scan("t"), Scan("u")}));
  auto plan = Filter(Gt(Col("", "a"), Int32Lit(1)), u);
  EXPECT_EQ(Push(plan),
            "Union\n"
            "  Filter: t.a > 1\n"
            "    TableScan: t filters=[t.a > 1]\n"
            "  Filter: u.a > 1\n"
            "    TableScan: u filters=[u.a > 1]\n");
}

TEST_F(PushDownFilterTest, ThroughAggregateOnlyOnPlainGroupColumns) {
  auto functions = FunctionRegistry::MakeDefault();
  auto sum = LogicalExpr::AggregateFn(*functions->aggregate("sum"), {Col("t", "b")}, false);
  auto k = LogicalExpr::Alias(
      LogicalExpr::Binary(Col("t", "b"), BinaryOperator::kPlus, Int64Lit(1)), "k");
  auto agg = Must(LogicalAggregate::Make(Scan("t"), {Col("t", "a"), k}, {sum}));
  // t.a: a group column (goes below); k: a computed group key, sum(t.b): an aggregate (stay).
  auto plan = Filter(And(And(Gt(Col("t", "a"), Int32Lit(1)), Gt(Col("", "k"), Int64Lit(2))),
                         Gt(Col("", "sum(t.b)"), Int64Lit(10))),
                     agg);
  EXPECT_EQ(Push(plan),
            "Filter: k > 2 AND sum(t.b) > 10\n"
            "  Aggregate: groupBy=[t.a, t.b + 1 AS k], aggr=[sum(t.b)]\n"
            "    Filter: t.a > 1\n"
            "      TableScan: t filters=[t.a > 1]\n");
}

TEST_F(PushDownFilterTest, ConstantConjunctStaysAboveAnAggregateWithoutGroups) {
  // HAVING <constant> over an aggregate without GROUP BY: false above it gives no row, but
  // below it the aggregate still yields its one row (count = 0). With groups it may move
  // (no input rows, no groups).
  auto functions = FunctionRegistry::MakeDefault();
  auto count = LogicalExpr::AggregateFn(*functions->aggregate("count"), {}, false);
  auto never = Eq(Int64Lit(1), Int64Lit(0));
  auto global = Must(LogicalAggregate::Make(Scan("t"), {}, {count}));
  EXPECT_EQ(Push(Filter(never, global)),
            "Filter: 1 = 0\n"
            "  Aggregate: groupBy=[], aggr=[count(*)]\n"
            "    TableScan: t\n");
  auto grouped = Must(LogicalAggregate::Make(Scan("t"), {Col("t", "a")}, {count}));
  EXPECT_EQ(Push(Filter(never, grouped)),
            "Aggregate: groupBy=[t.a], aggr=[count(*)]\n"
            "  Filter: 1 = 0\n"
            "    TableScan: t filters=[1 = 0]\n");
}

TEST_F(PushDownFilterTest, NotPastALimit) {
  // Filtering before LIMIT 5 would return other rows.
  auto plan = Filter(Gt(Col("t", "a"), Int32Lit(1)), Must(LogicalLimit::Make(Scan("t"), 0, 5)));
  EXPECT_EQ(Push(plan),
            "Filter: t.a > 1\n"
            "  Limit: skip=0, fetch=5\n"
            "    TableScan: t\n");
}

TEST_F(PushDownFilterTest, BelowALimitFiltersArePushedInside) {
  // A filter under the limit still moves down to the scan.
  auto plan = Must(LogicalLimit::Make(
      Filter(Gt(Col("s", "a"), Int32Lit(1)), Must(LogicalSubqueryAlias::Make(Scan("t"), "s"))), 0,
      5));
  EXPECT_EQ(Push(plan),
            "Limit: skip=0, fetch=5\n"
            "  SubqueryAlias: s\n"
            "    Filter: t.a > 1\n"
            "      TableScan: t filters=[t.a > 1]\n");
}

TEST_F(PushDownFilterTest, NonDeterministicAndSubqueryConjunctsStay) {
  auto random =
      ScalarUDF::Make("random", arrow::float64(), [](const std::vector<arrow::Datum>&, int64_t) {
        return arrow::Result<arrow::Datum>(arrow::Datum(0.5));
      });
  auto coin = LogicalExpr::Binary(LogicalExpr::ScalarFn(random, {}), BinaryOperator::kLt,
                                  LogicalExpr::Lit(std::make_shared<arrow::DoubleScalar>(0.5)));
  auto exists = Exists(Scan("v"));
  auto plan =
      Filter(And(And(coin, exists), Gt(Col("t", "a"), Int32Lit(1))),
             Join(Scan("t"), Scan("u"), JoinType::kInner, {{Col("t", "a"), Col("u", "a")}}));
  EXPECT_EQ(Push(plan),
            "Filter: random() < 0.5 AND EXISTS (TableScan: v)\n"
            "  Join: type=Inner, on=[t.a = u.a]\n"
            "    Filter: t.a > 1\n"
            "      TableScan: t filters=[t.a > 1]\n"
            "    TableScan: u\n");
  // Nor through a projection.
  auto projection = Must(LogicalProjection::Make({Col("t", "a")}, Scan("t")));
  EXPECT_EQ(Push(Filter(coin, projection)),
            "Filter: random() < 0.5\n"
            "  Projection: t.a\n"
            "    TableScan: t\n");
  // A condition on a projected random() value would draw other values below the projection.
  auto drawn = Must(LogicalProjection::Make(
      {LogicalExpr::Alias(LogicalExpr::ScalarFn(random, {}), "r"), Col("t", "a")}, Scan("t")));
  auto half = LogicalExpr::Lit(std::make_shared<arrow::DoubleScalar>(0.5));
  EXPECT_EQ(Push(Filter(And(LogicalExpr::Binary(Col("", "r"), BinaryOperator::kLt, half),
                            Gt(Col("t", "a"), Int32Lit(1))),
                        drawn)),
            "Filter: r < 0.5\n"
            "  Projection: random() AS r, t.a\n"
            "    Filter: t.a > 1\n"
            "      TableScan: t filters=[t.a > 1]\n");
}

TEST_F(PushDownFilterTest, StackedFiltersMergeWithoutDuplicates) {
  auto inner = Filter(Gt(Col("t", "a"), Int32Lit(1)), Scan("t"));
  auto plan = Filter(And(Gt(Col("t", "a"), Int32Lit(1)), Lt(Col("t", "b"), Int64Lit(9))), inner);
  EXPECT_EQ(Push(plan),
            "Filter: t.a > 1 AND t.b < 9\n"
            "  TableScan: t filters=[t.a > 1, t.b < 9]\n");
}

TEST_F(PushDownFilterTest, ThroughNestedJoins) {
  // (t JOIN u ON t.a = u.a) LEFT JOIN v ON u.b = v.b, WHERE u.c = 'x' AND v.d > 1.5:
  // u.c = 'x' reaches u through both joins; v.d > 1.5 stays above the left join.
  auto inner = Join(Scan("t"), Scan("u"), JoinType::kInner, {{Col("t", "a"), Col("u", "a")}});
  auto left = Join(inner, Scan("v"), JoinType::kLeft, {{Col("u", "b"), Col("v", "b")}});
  auto plan =
      Filter(And(Eq(Col("u", "c"), testing::Utf8Lit("x")),
                 Gt(Col("v", "d"), LogicalExpr::Lit(std::make_shared<arrow::DoubleScalar>(1.5)))),
             left);
  EXPECT_EQ(Push(plan),
            "Filter: v.d > 1.5\n"
            "  Join: type=Left, on=[u.b = v.b]\n"
            "    Join: type=Inner, on=[t.a = u.a]\n"
            "      TableScan: t\n"
            "      Filter: u.c = 'x'\n"
            "        TableScan: u filters=[u.c = 'x']\n"
            "    TableScan: v\n");
}

}  // namespace
}  // namespace quiver
