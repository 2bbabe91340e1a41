#include <arrow/compute/initialize.h>
#include <arrow/type.h>
#include <gtest/gtest.h>
#include <quiver/logical/logical_filter.h>
#include <quiver/logical/logical_join.h>
#include <quiver/logical/logical_projection.h>
#include <quiver/logical/logical_table_scan.h>
#include <quiver/logical/logical_union.h>
#include <quiver/logical/testing/test_tables.h>
#include <quiver/optimizer/reorder_joins.h>
#include <quiver/optimizer/testing/rule_test_util.h>

#include <functional>

namespace quiver {
namespace {

using testing::And;
using testing::Eq;
using testing::Int64Lit;
using testing::Lt;
using testing::Must;

// Tables known by their row counts only (no distinct-value bounds: joins are estimated as
// foreign-key joins), each with columns k, j, m (int64).
class ReorderJoinsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(arrow::compute::Initialize().ok()); }

  static LogicalPlanPtr Table(const std::string& name, int64_t rows) {
    auto schema =
        arrow::schema({arrow::field("k", arrow::int64()), arrow::field("j", arrow::int64()),
                       arrow::field("m", arrow::int64())});
    return Must(LogicalTableScan::Make(name, std::make_shared<testing::SizedTable>(schema, rows)));
  }
  static LogicalExprPtr Col(const std::string& relation, const std::string& name) {
    return LogicalExpr::Col(relation, name);
  }
  static LogicalPlanPtr Cross(LogicalPlanPtr l, LogicalPlanPtr r, LogicalExprPtr filter = nullptr) {
    return Must(LogicalJoin::Make(std::move(l), std::move(r), JoinType::kInner, {}, filter));
  }

  static LogicalPlanPtr Reorder(const LogicalPlanPtr& plan) {
    return testing::RewriteKeepingSchema(ReorderJoins(), plan);  // same columns, same order
  }

  // Every join of the tree below `plan`.
  static void Joins(const LogicalPlanPtr& plan, std::vector<const LogicalJoin*>* out) {
    if (plan->kind() == LogicalPlanKind::kJoin) {
      out->push_back(static_cast<const LogicalJoin*>(plan.get()));
    }
    for (const auto& in : plan->inputs()) Joins(in, out);
  }
};

TEST_F(ReorderJoinsTest, CommaJoinOfFourNeverCrossJoins) {
  // from a, b, c, d where a.k = c.k and c.j = d.j and d.m = b.m: written in that order the
  // first join (a, b) would be a cross product.
  auto a = Table("a", 100), b = Table("b", 10), c = Table("c", 1000), d = Table("d", 10000);
  auto where = And(And(Eq(Col("a", "k"), Col("c", "k")), Eq(Col("c", "j"), Col("d", "j"))),
                   Eq(Col("d", "m"), Col("b", "m")));
  auto plan = Cross(Cross(Cross(a, b), c), d, where);
  auto out = Reorder(plan);
  ASSERT_TRUE(out);
  std::vector<const LogicalJoin*> joins;
  Joins(out, &joins);
  ASSERT_EQ(joins.size(), 3u);
  for (const auto* j : joins) EXPECT_NE(j->filter(), nullptr) << "cross join: " << j->to_string();
  // By hand (foreign-key estimates: the larger side's rows, shrunk by how much the smaller
  // side was filtered — nothing is filtered here): a ⋈ c ≈ 1000, c ⋈ d ≈ 10000, d ⋈ b ≈ 10000,
  // so a ⋈ c first; then (a ⋈ c) ⋈ d (tied with d ⋈ b, the first pair wins); then b. The larger
  // input of each join on the left.
  EXPECT_EQ(DisplayLogicalPlan(*out),
            "Projection: a.k, a.j, a.m, b.k, b.j, b.m, c.k, c.j, c.m, d.k, d.j, d.m\n"
            "  Join: type=Inner, filter=d.m = b.m\n"
            "    Join: type=Inner, filter=c.j = d.j\n"
            "      TableScan: d\n"
            "      Join: type=Inner, filter=a.k = c.k\n"
            "        TableScan: c\n"
            "        TableScan: a\n"
            "    TableScan: b\n");
}

TEST_F(ReorderJoinsTest, SmallFilteredTableJoinsFirst) {
  // from f, d1, d2 where f.k = d1.k and f.j = d2.k and d2.m = 5: d2 keeps a tenth of its rows
  // (one equality), so f ⋈ d2 ≈ 1e5 rows while f ⋈ d1 ≈ 1e6.
  auto f = Table("f", 1000000), d1 = Table("d1", 10000);
  auto d2 = Must(LogicalFilter::Make(Eq(Col("d2", "m"), Int64Lit(5)), Table("d2", 10000)));
  auto plan =
      Cross(Cross(f, d1, Eq(Col("f", "k"), Col("d1", "k"))), d2, Eq(Col("f", "j"), Col("d2", "k")));
  auto out = Reorder(plan);
  ASSERT_TRUE(out);
  EXPECT_EQ(DisplayLogicalPlan(*out),
            "Projection: f.k, f.j, f.m, d1.k, d1.j, d1.m, d2.k, d2.j, d2.m\n"
            "  Join: type=Inner, filter=f.k = d1.k\n"
            "    Join: type=Inner, filter=f.j = d2.k\n"
            "      TableScan: f\n"
            "      Filter: d2.m = 5\n"
            "        TableScan: d2\n"
            "    TableScan: d1\n");
}

TEST_F(ReorderJoinsTest, UnconnectedTableIsCrossJoinedLast) {
  // from c, a, b where a.k = b.k: c (10 rows) shares no condition; a cross product with it
  // would be estimated small (10 × 100) but connected pairs go first.
  auto c = Table("c", 10), a = Table("a", 100), b = Table("b", 1000);
  auto plan = Cross(Cross(c, a), b, Eq(Col("a", "k"), Col("b", "k")));
  auto out = Reorder(plan);
  ASSERT_TRUE(out);
  EXPECT_EQ(DisplayLogicalPlan(*out),
            "Projection: c.k, c.j, c.m, a.k, a.j, a.m, b.k, b.j, b.m\n"
            "  Join: type=Inner\n"
            "    Join: type=Inner, filter=a.k = b.k\n"
            "      TableScan: b\n"
            "      TableScan: a\n"
            "    TableScan: c\n");
}

TEST_F(ReorderJoinsTest, NonEqualityConditionsGoWhereTheirColumnsMeet) {
  // where a.k = b.k and b.j = c.j and a.m < c.m: the inequality needs a and c, which meet
  // only at the last join.
  auto a = Table("a", 100), b = Table("b", 1000), c = Table("c", 10);
  auto where = And(And(Eq(Col("a", "k"), Col("b", "k")), Eq(Col("b", "j"), Col("c", "j"))),
                   Lt(Col("a", "m"), Col("c", "m")));
  auto out = Reorder(Cross(Cross(a, b), c, where));
  ASSERT_TRUE(out);
  // a ⋈ b ≈ 1000, b ⋈ c ≈ 1000 (tie: the first pair); then c.
  EXPECT_EQ(DisplayLogicalPlan(*out),
            "Projection: a.k, a.j, a.m, b.k, b.j, b.m, c.k, c.j, c.m\n"
            "  Join: type=Inner, filter=b.j = c.j AND a.m < c.m\n"
            "    Join: type=Inner, filter=a.k = b.k\n"
            "      TableScan: b\n"
            "      TableScan: a\n"
            "    TableScan: c\n");
}

TEST_F(ReorderJoinsTest, TreesUnderOuterJoinsAndInDerivedTablesAreReorderedToo) {
  auto three = [&](const std::string& p) {
    // p1 (1000) ⋈ p2 (10) written first as a cross product, p3 (100) connected to both.
    auto x = Table(p + "1", 1000), y = Table(p + "2", 10), z = Table(p + "3", 100);
    return Cross(
        Cross(x, y), z,
        And(Eq(Col(p + "1", "k"), Col(p + "3", "k")), Eq(Col(p + "2", "j"), Col(p + "3", "j"))));
  };
  // ... LEFT JOIN (select s1.k from s1, s2, s3 where ...) as s ON l1.k = s.k
  auto derived = Must(
      LogicalSubqueryAlias::Make(Must(LogicalProjection::Make({Col("s1", "k")}, three("s"))), "s"));
  auto plan = Must(
      LogicalJoin::Make(three("l"), derived, JoinType::kLeft, {{Col("l1", "k"), Col("s", "k")}}));
  auto out = Reorder(plan);
  ASSERT_TRUE(out);
  ASSERT_EQ(out->kind(), LogicalPlanKind::kJoin);
  // No cross product left anywhere; each tree is under a projection restoring its columns.
  std::vector<const LogicalJoin*> joins;
  Joins(out, &joins);
  ASSERT_EQ(joins.size(), 5u);
  for (const auto* j : joins) {
    EXPECT_TRUE(j->filter() || !j->on().empty()) << "cross join: " << j->to_string();
  }
  EXPECT_EQ(out->inputs()[0]->kind(), LogicalPlanKind::kProjection);
  EXPECT_EQ(out->inputs()[1]->kind(), LogicalPlanKind::kSubqueryAlias);
  EXPECT_EQ(out->inputs()[1]->inputs()[0]->inputs()[0]->kind(), LogicalPlanKind::kProjection);
  EXPECT_EQ(out->to_string(), "Join: type=Left, on=[l1.k = s.k]");
}

TEST_F(ReorderJoinsTest, TwoInputJoinsAndOuterJoinsKeepTheirOrder) {
  auto two = Cross(Table("a", 10), Table("b", 1000), Eq(Col("a", "k"), Col("b", "k")));
  auto out = ReorderJoins().rewrite(two, SessionConfig{});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, two);
  // A left join is not an inner-join tree: its inputs stay where they are.
  auto left = Must(
      LogicalJoin::Make(Must(LogicalJoin::Make(Table("a", 10), Table("b", 1000), JoinType::kLeft,
                                               {{Col("a", "k"), Col("b", "k")}})),
                        Table("c", 100000), JoinType::kLeft, {{Col("b", "j"), Col("c", "j")}}));
  auto kept = ReorderJoins().rewrite(left, SessionConfig{});
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(*kept, LogicalPlanPtr(left));
}

TEST_F(ReorderJoinsTest, SameTableTwiceUnderOneNameKeepsItsOrder) {
  // from a, b, a: two inputs are both `a`, so no name tells their columns apart and no
  // projection could restore the column order of another tree; the tree stays as written.
  auto plan = Cross(Cross(Table("a", 100), Table("b", 10)), Table("a", 100));
  auto out = Reorder(plan);
  ASSERT_TRUE(out);
  EXPECT_EQ(DisplayLogicalPlan(*out), DisplayLogicalPlan(plan));
}

TEST_F(ReorderJoinsTest, AnOrderedTreeIsKept) {
  // Reordering the output of reordering changes nothing (no second projection).
  auto a = Table("a", 100), b = Table("b", 10), c = Table("c", 1000);
  auto where = And(Eq(Col("a", "k"), Col("c", "k")), Eq(Col("c", "j"), Col("b", "j")));
  auto once = Reorder(Cross(Cross(a, b), c, where));
  ASSERT_TRUE(once);
  auto twice = Reorder(once);
  ASSERT_TRUE(twice);
  EXPECT_EQ(DisplayLogicalPlan(*twice), DisplayLogicalPlan(*once));
}

}  // namespace
}  // namespace quiver
