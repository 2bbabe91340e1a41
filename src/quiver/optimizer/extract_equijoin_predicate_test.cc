#include <arrow/compute/initialize.h>
#include <arrow/type.h>
#include <gtest/gtest.h>
#include <quiver/logical/logical_join.h>
#include <quiver/logical/logical_projection.h>
#include <quiver/logical/logical_table_scan.h>
#include <quiver/logical/testing/test_tables.h>
#include <quiver/optimizer/extract_equijoin_predicate.h>

namespace quiver {
namespace {

using testing::And;
using testing::Eq;
using testing::Gt;
using testing::Int32Lit;
using testing::Int64Lit;
using testing::Must;
using testing::Or;

// Joins of t(a int32, b int64, c utf8, d float64, e date32) scanned as t and u.
class ExtractEquijoinPredicateTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(arrow::compute::Initialize().ok()); }

  LogicalPlanPtr Scan(const std::string& name) { return Must(LogicalTableScan::Make(name, t_)); }
  static LogicalExprPtr Col(const std::string& relation, const std::string& name) {
    return LogicalExpr::Col(relation, name);
  }
  LogicalPlanPtr Join(JoinType type, LogicalExprPtr filter, JoinKeys on = {}) {
    return Must(LogicalJoin::Make(Scan("t"), Scan("u"), type, std::move(on), std::move(filter)));
  }

  static std::shared_ptr<LogicalJoin> Extract(const LogicalPlanPtr& plan) {
    auto out = ExtractEquijoinPredicate().rewrite(plan, SessionConfig{});
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    if (!out.ok() || (*out)->kind() != LogicalPlanKind::kJoin) return nullptr;
    EXPECT_TRUE((*out)->schema()->Equals(*plan->schema()));
    return std::static_pointer_cast<LogicalJoin>(*out);
  }

  TableProviderPtr t_ = *testing::MakeTestCatalog()->table("t");
};

TEST_F(ExtractEquijoinPredicateTest, EqualitiesBetweenSidesBecomeKeys) {
  auto join = Extract(Join(
      JoinType::kInner, And(Eq(Col("t", "a"), Col("u", "a")), Eq(Col("t", "c"), Col("u", "c")))));
  ASSERT_TRUE(join);
  EXPECT_EQ(join->to_string(), "Join: type=Inner, on=[t.a = u.a, t.c = u.c]");
  EXPECT_EQ(join->filter(), nullptr);
}

TEST_F(ExtractEquijoinPredicateTest, KeysAreOrientedLeftThenRight) {
  // u.b = t.b: the key's first expression is over the left input.
  auto join = Extract(Join(JoinType::kInner, Eq(Col("u", "b"), Col("t", "b"))));
  ASSERT_TRUE(join);
  EXPECT_EQ(join->to_string(), "Join: type=Inner, on=[t.b = u.b]");
}

TEST_F(ExtractEquijoinPredicateTest, KeysOfDifferentTypesAreCastToACommonType) {
  // int32 t.a = int64 u.b: both keys int64, so -1 hashes alike on both sides.
  auto join = Extract(Join(JoinType::kInner, Eq(Col("t", "a"), Col("u", "b"))));
  ASSERT_TRUE(join);
  ASSERT_EQ(join->on().size(), 1u);
  EXPECT_EQ(join->to_string(), "Join: type=Inner, on=[CAST(t.a AS int64) = u.b]");
  const auto& [l, r] = join->on()[0];
  EXPECT_TRUE((*l->data_type(join->left()->logical_schema()))->Equals(*arrow::int64()));
  EXPECT_TRUE((*r->data_type(join->right()->logical_schema()))->Equals(*arrow::int64()));
}

TEST_F(ExtractEquijoinPredicateTest, ConstantAndOneSidedEqualitiesStayFilters) {
  // t.a = 5 and 7 = u.b compare one side with a constant; t.b = CAST(t.a) is one side only;
  // an equality under OR is not a conjunct.
  auto one_sided = Eq(Col("t", "b"), LogicalExpr::Cast(Col("t", "a"), arrow::int64()));
  auto either = Or(Eq(Col("t", "a"), Col("u", "a")), Eq(Col("t", "b"), Col("u", "b")));
  auto plan =
      Join(JoinType::kInner,
           And(And(And(Eq(Col("t", "a"), Int32Lit(5)), Eq(Int64Lit(7), Col("u", "b"))), one_sided),
               either));
  auto out = ExtractEquijoinPredicate().rewrite(plan, SessionConfig{});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  // Nothing to extract: the very same node comes back.
  EXPECT_EQ(*out, plan);
}

TEST_F(ExtractEquijoinPredicateTest, MixedConjunctsSplitIntoKeysAndFilter) {
  auto join = Extract(Join(
      JoinType::kInner, And(And(Gt(Col("t", "b"), Col("u", "b")), Eq(Col("t", "a"), Col("u", "a"))),
                            Eq(Col("t", "a"), Int32Lit(3)))));
  ASSERT_TRUE(join);
  EXPECT_EQ(join->to_string(), "Join: type=Inner, on=[t.a = u.a], filter=t.b > u.b AND t.a = 3");
}

TEST_F(ExtractEquijoinPredicateTest, ExpressionKeysAndExistingKeys) {
  // t.b + 1 = u.b joins on a computed left key; the existing key comes first.
  auto plus = LogicalExpr::Binary(Col("t", "b"), BinaryOperator::kPlus, Int64Lit(1));
  auto join =
      Extract(Join(JoinType::kInner, Eq(plus, Col("u", "b")), {{Col("t", "a"), Col("u", "a")}}));
  ASSERT_TRUE(join);
  EXPECT_EQ(join->to_string(), "Join: type=Inner, on=[t.a = u.a, t.b + 1 = u.b]");
}

TEST_F(ExtractEquijoinPredicateTest, OuterJoinConditionsToo) {
  // An ON equality of a LEFT JOIN is a key as well; the one-sided conjunct stays the filter.
  auto join = Extract(
      Join(JoinType::kLeft, And(Eq(Col("t", "a"), Col("u", "a")), Gt(Col("t", "b"), Int64Lit(1)))));
  ASSERT_TRUE(join);
  EXPECT_EQ(join->to_string(), "Join: type=Left, on=[t.a = u.a], filter=t.b > 1");
  // The padded side stays nullable.
  EXPECT_TRUE(join->schema()->field(5)->nullable());
}

TEST_F(ExtractEquijoinPredicateTest, NullAwareJoinIsLeftAlone) {
  auto plan = Must(LogicalJoin::Make(Scan("t"), Scan("u"), JoinType::kLeftAnti,
                                     {{Col("t", "a"), Col("u", "a")}},
                                     Eq(Col("t", "b"), Col("u", "b")), false,
                                     /*null_aware=*/true));
  auto out = ExtractEquijoinPredicate().rewrite(plan, SessionConfig{});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, LogicalPlanPtr(plan));
}

TEST_F(ExtractEquijoinPredicateTest, JoinsBelowOtherNodes) {
  auto join = Join(JoinType::kInner, Eq(Col("t", "a"), Col("u", "a")));
  auto projection = Must(LogicalProjection::Make({Col("t", "a")}, join));
  auto out = ExtractEquijoinPredicate().rewrite(projection, SessionConfig{});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(DisplayLogicalPlan(*out),
            "Projection: t.a\n"
            "  Join: type=Inner, on=[t.a = u.a]\n"
            "    TableScan: t\n"
            "    TableScan: u\n");
}

}  // namespace
}  // namespace quiver
