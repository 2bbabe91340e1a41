#include <arrow/compute/initialize.h>
#include <arrow/scalar.h>
#include <gtest/gtest.h>
#include <quiver/logical/logical_aggregate.h>
#include <quiver/logical/logical_filter.h>
#include <quiver/logical/logical_join.h>
#include <quiver/logical/logical_limit.h>
#include <quiver/logical/logical_projection.h>
#include <quiver/logical/logical_table_scan.h>
#include <quiver/logical/logical_union.h>
#include <quiver/logical/testing/test_tables.h>
#include <quiver/optimizer/propagate_empty_relation.h>
#include <quiver/optimizer/testing/rule_test_util.h>

namespace quiver {
namespace {

using testing::BoolLit;
using testing::Gt;
using testing::Int32Lit;
using testing::Must;

// Plans over t(a int32, b int64, c utf8, d float64, e date32), scanned as t and u.
class PropagateEmptyRelationTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(arrow::compute::Initialize().ok()); }

  LogicalPlanPtr Scan(const std::string& name) { return Must(LogicalTableScan::Make(name, t_)); }
  static LogicalExprPtr Col(const std::string& relation, const std::string& name) {
    return LogicalExpr::Col(relation, name);
  }
  static LogicalPlanPtr Filter(LogicalExprPtr predicate, LogicalPlanPtr input) {
    return Must(LogicalFilter::Make(std::move(predicate), std::move(input)));
  }
  LogicalPlanPtr Never(const std::string& name) { return Filter(BoolLit(false), Scan(name)); }
  static LogicalPlanPtr Join(LogicalPlanPtr l, LogicalPlanPtr r, JoinType type) {
    return Must(LogicalJoin::Make(std::move(l), std::move(r), type,
                                  {{LogicalExpr::Col("t", "a"), LogicalExpr::Col("u", "a")}}));
  }
  static std::string Apply(const LogicalPlanPtr& plan) {
    auto out = testing::RewriteKeepingSchema(PropagateEmptyRelation(), plan);
    return out ? DisplayLogicalPlan(out) : "";
  }
  static bool IsEmptyRelation(const std::string& shown) {
    return shown.rfind("EmptyRelation", 0) == 0 && shown.find('\n') == shown.size() - 1;
  }

  TableProviderPtr t_ = *testing::MakeTestCatalog()->table("t");
};

TEST_F(PropagateEmptyRelationTest, FiltersThatAreNeverTrueReadNothing) {
  EXPECT_TRUE(IsEmptyRelation(Apply(Never("t")))) << Apply(Never("t"));
  auto null_filter = Filter(LogicalExpr::Lit(std::make_shared<arrow::BooleanScalar>()), Scan("t"));
  EXPECT_TRUE(IsEmptyRelation(Apply(null_filter))) << Apply(null_filter);
  // A predicate on the data is left alone.
  auto real = Filter(Gt(Col("t", "a"), Int32Lit(1)), Scan("t"));
  EXPECT_EQ(Apply(real), DisplayLogicalPlan(real));
}

TEST_F(PropagateEmptyRelationTest, EmptinessRisesThroughRowPreservingNodes) {
  auto projection = Must(LogicalProjection::Make({Col("t", "a")}, Never("t")));
  auto limit = Must(LogicalLimit::Make(projection, 0, 10));
  EXPECT_TRUE(IsEmptyRelation(Apply(limit))) << Apply(limit);
}

TEST_F(PropagateEmptyRelationTest, GroupedAggregatesAreEmptyUngroupedAnswerOneRow) {
  auto functions = FunctionRegistry::MakeDefault();
  auto count = LogicalExpr::AggregateFn(*functions->aggregate("count"), {Col("t", "b")}, false);
  auto grouped = Must(LogicalAggregate::Make(Never("t"), {Col("t", "a")}, {count}));
  EXPECT_TRUE(IsEmptyRelation(Apply(grouped))) << Apply(grouped);
  auto ungrouped = Must(LogicalAggregate::Make(Never("t"), {}, {count}));
  const std::string shown = Apply(ungrouped);
  EXPECT_EQ(shown.rfind("Aggregate", 0), 0u) << shown;  // count over no rows is one row: 0
  EXPECT_NE(shown.find("EmptyRelation"), std::string::npos) << shown;
}

TEST_F(PropagateEmptyRelationTest, JoinsAreEmptyOnlyWhenTheirPreservedSidesAre) {
  for (JoinType type : {JoinType::kInner, JoinType::kLeftSemi, JoinType::kRightSemi}) {
    SCOPED_TRACE(JoinTypeName(type));
    EXPECT_TRUE(IsEmptyRelation(Apply(Join(Scan("t"), Never("u"), type))));
    EXPECT_TRUE(IsEmptyRelation(Apply(Join(Never("t"), Scan("u"), type))));
  }
  // A LEFT join keeps its left rows (padded) when the right is empty, and an anti join all.
  for (JoinType type : {JoinType::kLeft, JoinType::kLeftAnti, JoinType::kFull}) {
    SCOPED_TRACE(JoinTypeName(type));
    const std::string shown = Apply(Join(Scan("t"), Never("u"), type));
    EXPECT_EQ(shown.rfind("Join", 0), 0u) << shown;
  }
  EXPECT_TRUE(IsEmptyRelation(Apply(Join(Never("t"), Scan("u"), JoinType::kLeft))));
  EXPECT_TRUE(IsEmptyRelation(Apply(Join(Scan("t"), Never("u"), JoinType::kRight))));
  EXPECT_TRUE(IsEmptyRelation(Apply(Join(Never("t"), Never("u"), JoinType::kFull))));
  const std::string right = Apply(Join(Never("t"), Scan("u"), JoinType::kRight));
  EXPECT_EQ(right.rfind("Join", 0), 0u) << right;
}

TEST_F(PropagateEmptyRelationTest, UnionIsEmptyWhenEveryInputIs) {
  auto both = Must(LogicalUnion::Make({Never("t"), Never("t")}));
  EXPECT_TRUE(IsEmptyRelation(Apply(both))) << Apply(both);
  auto one = Must(LogicalUnion::Make({Never("t"), Scan("t")}));
  EXPECT_EQ(Apply(one).rfind("Union", 0), 0u) << Apply(one);
}

}  // namespace
}  // namespace quiver
