#include <arrow/compute/initialize.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <gtest/gtest.h>
#include <quiver/logical/logical_filter.h>
#include <quiver/logical/logical_join.h>
#include <quiver/logical/logical_projection.h>
#include <quiver/logical/logical_table_scan.h>
#include <quiver/logical/testing/test_tables.h>
#include <quiver/optimizer/extract_equijoin_predicate.h>
#include <quiver/optimizer/simplify_expressions.h>

namespace quiver {
namespace {

using testing::And;
using testing::BoolLit;
using testing::Eq;
using testing::Gt;
using testing::Int32Lit;
using testing::Int64Lit;
using testing::Must;
using testing::Or;
using testing::Utf8Lit;

// Expressions over t(a int32, b int64, c utf8, d float64, e date32), scanned as t and u.
class SimplifyExpressionsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(arrow::compute::Initialize().ok()); }

  LogicalPlanPtr Scan(const std::string& name) { return Must(LogicalTableScan::Make(name, t_)); }
  static LogicalExprPtr Col(const std::string& relation, const std::string& name) {
    return LogicalExpr::Col(relation, name);
  }
  std::string Simplify(const LogicalExprPtr& e) {
    auto s = SimplifyExpressions::Simplify(e, Scan("t")->logical_schema());
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? (*s)->to_string() : "";
  }

  // t.a = 1, t.b = 2, t.c = 'x', t.d > 0: the conjuncts combined below.
  LogicalExprPtr A() { return Eq(Col("t", "a"), Int32Lit(1)); }
  LogicalExprPtr B() { return Eq(Col("t", "b"), Int64Lit(2)); }
  LogicalExprPtr C() { return Eq(Col("t", "c"), Utf8Lit("x")); }
  LogicalExprPtr D() {
    return Gt(Col("t", "d"), LogicalExpr::Lit(std::make_shared<arrow::DoubleScalar>(0.5)));
  }

  TableProviderPtr t_ = *testing::MakeTestCatalog()->table("t");
};

TEST_F(SimplifyExpressionsTest, OrFactorsOutTheCommonConjunct) {
  // (a AND b) OR (a AND c) → a AND (b OR c)
  EXPECT_EQ(Simplify(Or(And(A(), B()), And(A(), C()))), "t.a = 1 AND (t.b = 2 OR t.c = 'x')");
  // The common conjunct need not come first in every branch.
  EXPECT_EQ(Simplify(Or(And(B(), A()), And(C(), A()))), "t.a = 1 AND (t.b = 2 OR t.c = 'x')");
  // Three branches.
  EXPECT_EQ(Simplify(Or(Or(And(A(), B()), And(A(), C())), And(D(), A()))),
            "t.a = 1 AND (t.b = 2 OR t.c = 'x' OR t.d > 0.5)");
  // Two common conjuncts.
  EXPECT_EQ(Simplify(Or(And(And(A(), B()), C()), And(And(B(), A()), D()))),
            "t.a = 1 AND t.b = 2 AND (t.c = 'x' OR t.d > 0.5)");
}

TEST_F(SimplifyExpressionsTest, OrAbsorbsABranchImpliedByAnother) {
  // a OR (a AND b) → a; (a AND b) OR a → a; (a AND b) OR (b AND a) → a AND b
  EXPECT_EQ(Simplify(Or(A(), And(A(), B()))), "t.a = 1");
  EXPECT_EQ(Simplify(Or(And(A(), B()), A())), "t.a = 1");
  EXPECT_EQ(Simplify(Or(And(A(), B()), And(B(), A()))), "t.a = 1 AND t.b = 2");
}

TEST_F(SimplifyExpressionsTest, OrWithoutCommonConjunctIsKept) {
  EXPECT_EQ(Simplify(Or(And(A(), B()), And(C(), D()))),
            "t.a = 1 AND t.b = 2 OR t.c = 'x' AND t.d > 0.5");
  EXPECT_EQ(Simplify(Or(A(), B())), "t.a = 1 OR t.b = 2");
}

TEST_F(SimplifyExpressionsTest, LiteralsAdoptTheColumnType) {
  auto s =
      SimplifyExpressions::Simplify(Gt(Col("t", "b"), Int32Lit(7)), Scan("t")->logical_schema());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ((*s)->to_string(), "t.b > 7");
  EXPECT_TRUE((*s)->right()->value()->type->Equals(*arrow::int64()));
  // A cast to the type the column already has goes away.
  EXPECT_EQ(Simplify(Gt(LogicalExpr::Cast(Col("t", "b"), arrow::int64()), Col("t", "b"))),
            "t.b > t.b");
}

TEST_F(SimplifyExpressionsTest, JoinFilterIsSimplifiedOverBothSides) {
  // Q19's shape: ON (t.a = u.a AND t.b = 2) OR (t.a = u.a AND u.c = 'x') — the shared equality
  // is factored out, then becomes the join key.
  auto shared = Eq(Col("t", "a"), Col("u", "a"));
  auto filter = Or(And(shared, B()), And(shared, Eq(Col("u", "c"), Utf8Lit("x"))));
  auto join = Must(LogicalJoin::Make(Scan("t"), Scan("u"), JoinType::kInner, {}, filter));
  auto simplified = SimplifyExpressions().rewrite(join, SessionConfig{});
  ASSERT_TRUE(simplified.ok()) << simplified.status().ToString();
  EXPECT_EQ((*simplified)->to_string(),
            "Join: type=Inner, filter=t.a = u.a AND (t.b = 2 OR u.c = 'x')");
  auto keyed = ExtractEquijoinPredicate().rewrite(*simplified, SessionConfig{});
  ASSERT_TRUE(keyed.ok()) << keyed.status().ToString();
  EXPECT_EQ((*keyed)->to_string(), "Join: type=Inner, on=[t.a = u.a], filter=t.b = 2 OR u.c = 'x'");

  // A literal compared with a right-side column takes that column's type: the filter is
  // typed against left and right columns together.
  auto typed = Must(LogicalJoin::Make(Scan("t"), Scan("u"), JoinType::kInner, {},
                                      Gt(Col("u", "b"), Int32Lit(1))));
  auto out = SimplifyExpressions().rewrite(typed, SessionConfig{});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const auto& f = static_cast<const LogicalJoin&>(**out).filter();
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->right()->value()->type->Equals(*arrow::int64())) << f->to_string();
}

TEST_F(SimplifyExpressionsTest, TrueFiltersDisappear) {
  // A join whose condition folds to true is a cross join; a filter of true goes away.
  auto join = Must(LogicalJoin::Make(Scan("t"), Scan("u"), JoinType::kInner, {},
                                     And(BoolLit(true), Or(BoolLit(true), A()))));
  auto out = SimplifyExpressions().rewrite(join, SessionConfig{});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)->to_string(), "Join: type=Inner");
  auto filter = Must(LogicalFilter::Make(Or(A(), BoolLit(true)), Scan("t")));
  auto gone = SimplifyExpressions().rewrite(filter, SessionConfig{});
  ASSERT_TRUE(gone.ok()) << gone.status().ToString();
  EXPECT_EQ(DisplayLogicalPlan(*gone), "TableScan: t\n");
  // A false one stays (it empties the result).
  auto never = Must(LogicalFilter::Make(And(A(), BoolLit(false)), Scan("t")));
  auto kept = SimplifyExpressions().rewrite(never, SessionConfig{});
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(DisplayLogicalPlan(*kept), "Filter: false\n  TableScan: t\n");
}

TEST_F(SimplifyExpressionsTest, ProjectionKeepsOutputNames) {
  // 1 + 2 folds to 3, still named as written.
  auto plus = LogicalExpr::Binary(Int64Lit(1), BinaryOperator::kPlus, Int64Lit(2));
  auto projection = Must(LogicalProjection::Make({plus, Col("t", "a")}, Scan("t")));
  auto out = SimplifyExpressions().rewrite(projection, SessionConfig{});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)->to_string(), "Projection: 3 AS 1 + 2, t.a");
  EXPECT_TRUE((*out)->schema()->Equals(*projection->schema()));
}

}  // namespace
}  // namespace quiver
