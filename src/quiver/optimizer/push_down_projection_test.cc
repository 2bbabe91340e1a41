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
#include <quiver/optimizer/push_down_projection.h>
#include <quiver/optimizer/testing/rule_test_util.h>

namespace quiver {
namespace {

using testing::Gt;
using testing::Int64Lit;
using testing::Must;

// Plans over t(a int32, b int64, c utf8, d float64, e date32), scanned as t and u.
class PushDownProjectionTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(arrow::compute::Initialize().ok()); }

  LogicalPlanPtr Scan(const std::string& name, std::vector<LogicalExprPtr> filters = {}) {
    return Must(LogicalTableScan::Make(name, t_, std::nullopt, std::move(filters)));
  }
  static LogicalExprPtr Col(const std::string& relation, const std::string& name) {
    return LogicalExpr::Col(relation, name);
  }
  static LogicalPlanPtr Project(std::vector<LogicalExprPtr> exprs, LogicalPlanPtr input) {
    return Must(LogicalProjection::Make(std::move(exprs), std::move(input)));
  }
  static LogicalExprPtr Double(double v) {
    return LogicalExpr::Lit(std::make_shared<arrow::DoubleScalar>(v));
  }

  static std::string Prune(const LogicalPlanPtr& plan) {
    auto out = testing::RewriteKeepingSchema(PushDownProjection(), plan);
    return out ? DisplayLogicalPlan(out) : "";
  }

  TableProviderPtr t_ = *testing::MakeTestCatalog()->table("t");
};

TEST_F(PushDownProjectionTest, EachJoinSideReadsWhatItNeeds) {
  // Output t.a, u.c; keys t.b = u.b; condition t.d > u.d.
  auto join =
      Must(LogicalJoin::Make(Scan("t"), Scan("u"), JoinType::kInner,
                             {{Col("t", "b"), Col("u", "b")}}, Gt(Col("t", "d"), Col("u", "d"))));
  EXPECT_EQ(Prune(Project({Col("t", "a"), Col("u", "c")}, join)),
            "Projection: t.a, u.c\n"
            "  Join: type=Inner, on=[t.b = u.b], filter=t.d > u.d\n"
            "    TableScan: t projection=[a, b, d]\n"
            "    TableScan: u projection=[b, c, d]\n");
}

TEST_F(PushDownProjectionTest, SemiAndMarkJoinsReadOnlyTheKeysOfTheirRightSide) {
  auto semi = Must(LogicalJoin::Make(Scan("t"), Scan("u"), JoinType::kLeftSemi,
                                     {{Col("t", "b"), Col("u", "b")}}));
  EXPECT_EQ(Prune(Project({Col("t", "a")}, semi)),
            "Projection: t.a\n"
            "  Join: type=LeftSemi, on=[t.b = u.b]\n"
            "    TableScan: t projection=[a, b]\n"
            "    TableScan: u projection=[b]\n");
  auto mark = Must(LogicalJoin::Make(Scan("t"), Scan("u"), JoinType::kLeftMark,
                                     {{Col("t", "b"), Col("u", "b")}}, nullptr, false, false, "m"));
  EXPECT_EQ(Prune(Project({Col("t", "c"), Col("", "m")}, mark)),
            "Projection: t.c, m\n"
            "  Join: type=LeftMark, on=[t.b = u.b]\n"
            "    TableScan: t projection=[b, c]\n"
            "    TableScan: u projection=[b]\n");
}

TEST_F(PushDownProjectionTest, ThroughSubqueryAliasDroppingUnusedOutputs) {
  // select s.x from (select t.a as x, t.b + 1 as y from t) s: y is never read.
  auto inner =
      Project({LogicalExpr::Alias(Col("t", "a"), "x"),
               LogicalExpr::Alias(
                   LogicalExpr::Binary(Col("t", "b"), BinaryOperator::kPlus, Int64Lit(1)), "y")},
              Scan("t"));
  auto alias = Must(LogicalSubqueryAlias::Make(inner, "s"));
  EXPECT_EQ(Prune(Project({Col("s", "x")}, alias)),
            "Projection: s.x\n"
            "  SubqueryAlias: s\n"
            "    Projection: t.a AS x\n"
            "      TableScan: t projection=[a]\n");
}

TEST_F(PushDownProjectionTest, AliasedJoinInputs) {
  // select s.a from (t as s) left join u on s.b = u.b
  auto join = Must(LogicalJoin::Make(Must(LogicalSubqueryAlias::Make(Scan("t"), "s")), Scan("u"),
                                     JoinType::kLeft, {{Col("s", "b"), Col("u", "b")}}));
  EXPECT_EQ(Prune(Project({Col("s", "a")}, join)),
            "Projection: s.a\n"
            "  Join: type=Left, on=[s.b = u.b]\n"
            "    SubqueryAlias: s\n"
            "      TableScan: t projection=[a, b]\n"
            "    TableScan: u projection=[b]\n");
}

TEST_F(PushDownProjectionTest, FiltersSortsAndLimitsKeepTheirOwnColumns) {
  auto filter = Must(LogicalFilter::Make(Gt(Col("t", "d"), Double(1.5)), Scan("t")));
  auto sort = Must(LogicalSort::Make(filter, {SortExpr{Col("t", "e"), true, false}}));
  auto limit = Must(LogicalLimit::Make(sort, 0, 3));
  EXPECT_EQ(Prune(Project({Col("t", "a")}, limit)),
            "Projection: t.a\n"
            "  Limit: skip=0, fetch=3\n"
            "    Sort: t.e ASC NULLS LAST\n"
            "      Filter: t.d > 1.5\n"
            "        TableScan: t projection=[a, d, e]\n");
}

TEST_F(PushDownProjectionTest, FiltersPushedIntoTheScanNeedNoColumn) {
  // The scan's filters are bound to the whole table.
  auto scan = Scan("t", {Gt(Col("t", "d"), Double(1.5))});
  EXPECT_EQ(Prune(Project({Col("t", "a")}, scan)),
            "Projection: t.a\n"
            "  TableScan: t projection=[a] filters=[t.d > 1.5]\n");
}

TEST_F(PushDownProjectionTest, AggregatesReadTheirArguments) {
  auto functions = FunctionRegistry::MakeDefault();
  auto sum = LogicalExpr::AggregateFn(*functions->aggregate("sum"), {Col("t", "b")}, false);
  auto agg = Must(LogicalAggregate::Make(Scan("t"), {Col("t", "c")}, {sum}));
  EXPECT_EQ(Prune(Project({Col("", "sum(t.b)")}, agg)),
            "Projection: sum(t.b)\n"
            "  Aggregate: groupBy=[t.c], aggr=[sum(t.b)]\n"
            "    TableScan: t projection=[b, c]\n");
}

TEST_F(PushDownProjectionTest, RootSchemaIsKept) {
  // A join at the root: its every column is the answer.
  auto join = Must(
      LogicalJoin::Make(Scan("t"), Scan("u"), JoinType::kInner, {{Col("t", "b"), Col("u", "b")}}));
  EXPECT_EQ(Prune(join),
            "Join: type=Inner, on=[t.b = u.b]\n"
            "  TableScan: t\n"
            "  TableScan: u\n");
  // A root projection keeps all its outputs, used or not; below it only what they read.
  EXPECT_EQ(Prune(Project({Col("t", "e"), Col("t", "a")}, Scan("t"))),
            "Projection: t.e, t.a\n"
            "  TableScan: t projection=[a, e]\n");
}

TEST_F(PushDownProjectionTest, UnionInputsStayAligned) {
  // Union inputs line up by position: each input keeps all of its columns.
  auto u = Must(LogicalUnion::Make({Scan("t"), Scan("u")}));
  auto out = PushDownProjection().rewrite(Project({Col("", "a")}, u), SessionConfig{});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  auto union_node = (*out)->inputs()[0];
  ASSERT_EQ(union_node->kind(), LogicalPlanKind::kUnion);
  for (const auto& in : union_node->inputs()) {
    EXPECT_EQ(in->schema()->num_fields(), 5) << DisplayLogicalPlan(*out);
  }
}

}  // namespace
}  // namespace quiver
