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
#include <quiver/optimizer/decorrelate_subqueries.h>
#include <quiver/optimizer/optimizer.h>

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

// Subqueries as the binder builds them, over t(a int32, b int64, c utf8, d float64, e date32)
// scanned as t (the outer query), u, v and w.
class DecorrelateSubqueriesTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(arrow::compute::Initialize().ok()); }

  LogicalPlanPtr Scan(const std::string& name) { return Must(LogicalTableScan::Make(name, t_)); }
  static LogicalExprPtr Col(const std::string& relation, const std::string& name) {
    return LogicalExpr::Col(relation, name);
  }
  // A column of the enclosing query t.
  static LogicalExprPtr Outer(const std::string& relation, const std::string& name) {
    auto type = name == "a" ? arrow::int32() : arrow::int64();
    return LogicalExpr::OuterCol(Column(relation, name), type, true);
  }
  static LogicalPlanPtr Filter(LogicalExprPtr predicate, LogicalPlanPtr input) {
    return Must(LogicalFilter::Make(std::move(predicate), std::move(input)));
  }
  static LogicalPlanPtr Project(std::vector<LogicalExprPtr> exprs, LogicalPlanPtr input) {
    return Must(LogicalProjection::Make(std::move(exprs), std::move(input)));
  }
  LogicalExprPtr Agg(const std::string& fn, std::vector<LogicalExprPtr> args) {
    return LogicalExpr::AggregateFn(*functions_->aggregate(fn), std::move(args), false);
  }
  // SELECT <fn>(<arg>) FROM <input> [GROUP BY groups], as the binder plans it: a projection of
  // the aggregate's output column.
  LogicalPlanPtr Aggregated(const std::string& fn, std::vector<LogicalExprPtr> args,
                            LogicalPlanPtr input, std::vector<LogicalExprPtr> groups = {}) {
    auto call = Agg(fn, std::move(args));
    auto agg = Must(LogicalAggregate::Make(std::move(input), std::move(groups), {call}));
    return Project({Col("", call->to_string())}, agg);
  }

  static arrow::Result<LogicalPlanPtr> Decorrelate(const LogicalPlanPtr& plan) {
    ARROW_ASSIGN_OR_RAISE(auto out, DecorrelateSubqueries().rewrite(plan, SessionConfig{}));
    // Names and types stay (nullability may not: a mark column is nullable).
    const auto& before = *plan->schema();
    const auto& after = *out->schema();
    bool same = before.num_fields() == after.num_fields();
    for (int i = 0; same && i < before.num_fields(); ++i) {
      same = before.field(i)->name() == after.field(i)->name() &&
             before.field(i)->type()->Equals(*after.field(i)->type());
    }
    if (!same) {
      return arrow::Status::Invalid("schema changed: ", after.ToString(), " vs ",
                                    before.ToString());
    }
    return out;
  }
  static std::string Display(const LogicalPlanPtr& plan) {
    auto out = Decorrelate(plan);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? DisplayLogicalPlan(*out) : "";
  }
  static std::string Error(const LogicalPlanPtr& plan) {
    auto out = Decorrelate(plan);
    EXPECT_FALSE(out.ok());
    if (out.ok()) return "";
    EXPECT_TRUE(out.status().IsNotImplemented()) << out.status().ToString();
    return out.status().message();
  }

  TableProviderPtr t_ = *testing::MakeTestCatalog()->table("t");
  std::shared_ptr<FunctionRegistry> functions_ = FunctionRegistry::MakeDefault();
};

TEST_F(DecorrelateSubqueriesTest, ExistsBecomesSemiJoinOnTheCorrelation) {
  // select * from t where exists (select u.a from u where u.a = t.a and u.b > 1)
  auto sub = Project(
      {Col("u", "a")},
      Filter(And(Eq(Col("u", "a"), Outer("t", "a")), Gt(Col("u", "b"), Int64Lit(1))), Scan("u")));
  auto plan = Filter(LogicalExpr::Exists(sub, false), Scan("t"));
  EXPECT_EQ(Display(plan),
            "Join: type=LeftSemi, filter=__sq_1.a = t.a\n"
            "  TableScan: t\n"
            "  SubqueryAlias: __sq_1\n"
            "    Projection: u.a\n"
            "      Filter: u.b > 1\n"
            "        TableScan: u\n");
}

TEST_F(DecorrelateSubqueriesTest, NotExistsBecomesAntiJoinAndCarriesTheColumnsItCompares) {
  // not exists (select u.a from u where u.b > t.b): the subquery also outputs u.b for the
  // condition.
  auto sub = Project({Col("u", "a")}, Filter(Gt(Col("u", "b"), Outer("t", "b")), Scan("u")));
  auto plan = Filter(LogicalExpr::Exists(sub, true), Scan("t"));
  EXPECT_EQ(Display(plan),
            "Join: type=LeftAnti, filter=__sq_1.b > t.b\n"
            "  TableScan: t\n"
            "  SubqueryAlias: __sq_1\n"
            "    Projection: u.a, u.b\n"
            "      TableScan: u\n");
}

TEST_F(DecorrelateSubqueriesTest, InAndNotIn) {
  auto sub = Project({Col("u", "b")}, Scan("u"));
  EXPECT_EQ(Display(Filter(LogicalExpr::InSubquery(Col("t", "b"), sub, false), Scan("t"))),
            "Join: type=LeftSemi, on=[t.b = __sq_1.b]\n"
            "  TableScan: t\n"
            "  SubqueryAlias: __sq_1\n"
            "    Projection: u.b\n"
            "      TableScan: u\n");
  // NOT IN: one NULL in the subquery makes it never true — a null-aware anti join.
  auto not_in = Decorrelate(Filter(LogicalExpr::InSubquery(Col("t", "b"), sub, true), Scan("t")));
  ASSERT_TRUE(not_in.ok()) << not_in.status().ToString();
  ASSERT_EQ((*not_in)->kind(), LogicalPlanKind::kJoin);
  const auto& join = static_cast<const LogicalJoin&>(**not_in);
  EXPECT_EQ(join.join_type(), JoinType::kLeftAnti);
  EXPECT_TRUE(join.null_aware());
  EXPECT_EQ(join.to_string(), "Join: type=LeftAnti, on=[t.b = __sq_1.b], null_aware");
}

TEST_F(DecorrelateSubqueriesTest, CorrelatedInIsASemiJoinWithKeyAndCondition) {
  // t.b in (select u.b from u where u.a = t.a)
  auto sub = Project({Col("u", "b")}, Filter(Eq(Col("u", "a"), Outer("t", "a")), Scan("u")));
  EXPECT_EQ(Display(Filter(LogicalExpr::InSubquery(Col("t", "b"), sub, false), Scan("t"))),
            "Join: type=LeftSemi, on=[t.b = __sq_1.b], filter=__sq_1.a = t.a\n"
            "  TableScan: t\n"
            "  SubqueryAlias: __sq_1\n"
            "    Projection: u.b, u.a\n"
            "      TableScan: u\n");
}

TEST_F(DecorrelateSubqueriesTest, ExistsUnderOrBecomesMarkJoin) {
  // where exists (select u.a from u where u.a = t.a) or t.a > 5
  auto sub = Project({Col("u", "a")}, Filter(Eq(Col("u", "a"), Outer("t", "a")), Scan("u")));
  auto plan =
      Filter(Or(LogicalExpr::Exists(sub, false), Gt(Col("t", "a"), Int32Lit(5))), Scan("t"));
  EXPECT_EQ(Display(plan),
            "Projection: t.a, t.b, t.c, t.d, t.e\n"
            "  Filter: __mark_2 OR t.a > 5\n"
            "    Join: type=LeftMark, filter=__sq_1.a = t.a\n"
            "      TableScan: t\n"
            "      SubqueryAlias: __sq_1\n"
            "        Projection: u.a\n"
            "          TableScan: u\n");
  // NOT EXISTS there is the mark negated.
  auto negated =
      Filter(Or(LogicalExpr::Exists(sub, true), Gt(Col("t", "a"), Int32Lit(5))), Scan("t"));
  auto out = Decorrelate(negated);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)->inputs()[0]->to_string(), "Filter: NOT __mark_2 OR t.a > 5");
}

TEST_F(DecorrelateSubqueriesTest, InUnderOrIsANullAwareMarkJoin) {
  auto sub = Project({Col("u", "b")}, Scan("u"));
  auto plan =
      Filter(Or(LogicalExpr::InSubquery(Col("t", "b"), sub, false), Gt(Col("t", "a"), Int32Lit(5))),
             Scan("t"));
  auto out = Decorrelate(plan);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  auto join = (*out)->inputs()[0]->inputs()[0];
  EXPECT_EQ(join->to_string(), "Join: type=LeftMark, on=[t.b = __sq_1.b], null_aware");
}

TEST_F(DecorrelateSubqueriesTest, ExistsInTheSelectListIsAMarkColumn) {
  auto sub = Project({Col("u", "a")}, Filter(Eq(Col("u", "a"), Outer("t", "a")), Scan("u")));
  auto plan =
      Project({Col("t", "a"), LogicalExpr::Alias(LogicalExpr::Exists(sub, false), "x")}, Scan("t"));
  auto out = Decorrelate(plan);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)->schema()->field(1)->name(), "x");
  EXPECT_TRUE((*out)->schema()->field(1)->type()->Equals(*arrow::boolean()));
  EXPECT_EQ((*out)->inputs()[0]->to_string(), "Join: type=LeftMark, filter=__sq_1.a = t.a");
}

TEST_F(DecorrelateSubqueriesTest, UncorrelatedScalarIsACrossJoinWithMaxOneRow) {
  // where t.b > (select u.b from u where u.a > 1): at most one row, checked at run time.
  auto sub = Project({Col("u", "b")}, Filter(Gt(Col("u", "a"), Int32Lit(1)), Scan("u")));
  auto plan = Filter(Gt(Col("t", "b"), LogicalExpr::ScalarSubquery(sub)), Scan("t"));
  EXPECT_EQ(Display(plan),
            "Projection: t.a, t.b, t.c, t.d, t.e\n"
            "  Filter: t.b > __sq_1.b\n"
            "    Join: type=Inner\n"
            "      TableScan: t\n"
            "      MaxOneRow\n"
            "        SubqueryAlias: __sq_1\n"
            "          Projection: u.b\n"
            "            Filter: u.a > 1\n"
            "              TableScan: u\n");
}

TEST_F(DecorrelateSubqueriesTest, UngroupedAggregateNeedsNoMaxOneRow) {
  // (select max(u.b) from u) always yields exactly one row; with GROUP BY it may not.
  auto one = Filter(
      Gt(Col("t", "b"), LogicalExpr::ScalarSubquery(Aggregated("max", {Col("u", "b")}, Scan("u")))),
      Scan("t"));
  EXPECT_EQ(Display(one),
            "Projection: t.a, t.b, t.c, t.d, t.e\n"
            "  Filter: t.b > __sq_1.max(u.b)\n"
            "    Join: type=Inner\n"
            "      TableScan: t\n"
            "      SubqueryAlias: __sq_1\n"
            "        Projection: max(u.b)\n"
            "          Aggregate: groupBy=[], aggr=[max(u.b)]\n"
            "            TableScan: u\n");
  auto grouped = Filter(Gt(Col("t", "b"), LogicalExpr::ScalarSubquery(Aggregated(
                                              "max", {Col("u", "b")}, Scan("u"), {Col("u", "a")}))),
                        Scan("t"));
  auto out = Decorrelate(grouped);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  auto join = (*out)->inputs()[0]->inputs()[0];
  ASSERT_EQ(join->kind(), LogicalPlanKind::kJoin);
  EXPECT_EQ(join->inputs()[1]->kind(), LogicalPlanKind::kMaxOneRow);
}

TEST_F(DecorrelateSubqueriesTest, CorrelatedAggregateIsALeftJoinGroupedByTheCorrelation) {
  // where t.b > (select sum(u.b) from u where u.a = t.a)
  auto sub =
      Aggregated("sum", {Col("u", "b")}, Filter(Eq(Col("u", "a"), Outer("t", "a")), Scan("u")));
  auto plan = Filter(Gt(Col("t", "b"), LogicalExpr::ScalarSubquery(sub)), Scan("t"));
  EXPECT_EQ(Display(plan),
            "Projection: t.a, t.b, t.c, t.d, t.e\n"
            "  Filter: t.b > __sq_1.sum(u.b)\n"
            "    Join: type=Left, filter=__sq_1.a = t.a\n"
            "      TableScan: t\n"
            "      SubqueryAlias: __sq_1\n"
            "        Projection: sum(u.b), u.a\n"
            "          Aggregate: groupBy=[u.a], aggr=[sum(u.b)]\n"
            "            TableScan: u\n");
}

TEST_F(DecorrelateSubqueriesTest, CountOfNoRowsIsZeroNotNull) {
  // where t.b < (select count(*) from u where u.a = t.a): a t row without u rows compares
  // with 0, which the left join alone would make NULL.
  auto sub = Aggregated("count", {}, Filter(Eq(Col("u", "a"), Outer("t", "a")), Scan("u")));
  auto plan = Filter(Lt(Col("t", "b"), LogicalExpr::ScalarSubquery(sub)), Scan("t"));
  EXPECT_EQ(Display(plan),
            "Projection: t.a, t.b, t.c, t.d, t.e\n"
            "  Filter: t.b < CASE WHEN __sq_1.__always_true_2 IS NULL THEN 0 ELSE __sq_1.count(*) "
            "END\n"
            "    Join: type=Left, filter=__sq_1.a = t.a\n"
            "      TableScan: t\n"
            "      SubqueryAlias: __sq_1\n"
            "        Projection: __sq_1.count(*), __sq_1.a, true AS __always_true_2\n"
            "          SubqueryAlias: __sq_1\n"
            "            Projection: count(*), u.a\n"
            "              Aggregate: groupBy=[u.a], aggr=[count(*)]\n"
            "                TableScan: u\n");
}

TEST_F(DecorrelateSubqueriesTest, ExpressionOverCountIsFixedUpToItsValueForNoRows) {
  // (select count(u.b) + 1 as n from u where u.a = t.a) is 1 for a t row without u rows.
  auto call = Agg("count", {Col("u", "b")});
  auto agg = Must(
      LogicalAggregate::Make(Filter(Eq(Col("u", "a"), Outer("t", "a")), Scan("u")), {}, {call}));
  auto sub = Project(
      {LogicalExpr::Alias(
          LogicalExpr::Binary(Col("", "count(u.b)"), BinaryOperator::kPlus, Int64Lit(1)), "n")},
      agg);
  auto plan = Filter(Lt(Col("t", "b"), LogicalExpr::ScalarSubquery(sub)), Scan("t"));
  auto out = Decorrelate(plan);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)->inputs()[0]->to_string(),
            "Filter: t.b < CASE WHEN __sq_1.__always_true_2 IS NULL THEN 1 ELSE __sq_1.n END");
  // sum and max of no rows are NULL: no fix-up.
  auto max =
      Aggregated("max", {Col("u", "b")}, Filter(Eq(Col("u", "a"), Outer("t", "a")), Scan("u")));
  auto with_max =
      Decorrelate(Filter(Lt(Col("t", "b"), LogicalExpr::ScalarSubquery(max)), Scan("t")));
  ASSERT_TRUE(with_max.ok()) << with_max.status().ToString();
  EXPECT_EQ(DisplayLogicalPlan(*with_max).find("__always_true"), std::string::npos);
}

TEST_F(DecorrelateSubqueriesTest, NonAggregatedCorrelatedScalarTakesTheSingleValue) {
  // where t.b = (select u.b from u where u.a = t.a): one value per u.a, a second row is an
  // error at run time (__scalar_subquery_value).
  auto sub = Project({Col("u", "b")}, Filter(Eq(Col("u", "a"), Outer("t", "a")), Scan("u")));
  auto plan = Filter(Eq(Col("t", "b"), LogicalExpr::ScalarSubquery(sub)), Scan("t"));
  EXPECT_EQ(Display(plan),
            "Projection: t.a, t.b, t.c, t.d, t.e\n"
            "  Filter: t.b = __sq_2.b\n"
            "    Join: type=Left, filter=__sq_2.a = t.a\n"
            "      TableScan: t\n"
            "      SubqueryAlias: __sq_2\n"
            "        Aggregate: groupBy=[u.a], aggr=[__scalar_subquery_value(u.b) AS b]\n"
            "          Projection: u.b, u.a\n"
            "            TableScan: u\n");
}

TEST_F(DecorrelateSubqueriesTest, NonEqualityUnderAggregateUsesTheDomainOfOuterValues) {
  // where t.b = (select max(u.b) from u where u.a < t.a): max over u.a < d for every
  // distinct d of t.a, joined back on t.a = d.
  auto sub =
      Aggregated("max", {Col("u", "b")}, Filter(Lt(Col("u", "a"), Outer("t", "a")), Scan("u")));
  auto plan = Filter(Eq(Col("t", "b"), LogicalExpr::ScalarSubquery(sub)), Scan("t"));
  EXPECT_EQ(Display(plan),
            "Projection: t.a, t.b, t.c, t.d, t.e\n"
            "  Filter: t.b = __sq_2.max(u.b)\n"
            "    Join: type=Left, filter=t.a = __sq_2.d0\n"
            "      TableScan: t\n"
            "      SubqueryAlias: __sq_2\n"
            "        Projection: max(u.b), __domain_1.d0\n"
            "          Aggregate: groupBy=[__domain_1.d0], aggr=[max(u.b)]\n"
            "            Filter: u.a < __domain_1.d0\n"
            "              Join: type=Inner\n"
            "                TableScan: u\n"
            "                SubqueryAlias: __domain_1\n"
            "                  Aggregate: groupBy=[d0], aggr=[]\n"
            "                    Projection: t.a AS d0\n"
            "                      TableScan: t\n");
}

TEST_F(DecorrelateSubqueriesTest, NestedSubqueriesQ20Shape) {
  // select * from t where t.a in (
  //   select u.a from u where u.a in (select v.a from v)
  //     and u.b > (select sum(w.b) from w where w.a = u.a and w.c = u.c))
  auto innermost_in = Project({Col("v", "a")}, Scan("v"));
  auto w_filter =
      Filter(And(Eq(Col("w", "a"), Outer("u", "a")),
                 Eq(Col("w", "c"), LogicalExpr::OuterCol(Column("u", "c"), arrow::utf8(), true))),
             Scan("w"));
  auto innermost_sum = Aggregated("sum", {Col("w", "b")}, w_filter);
  auto middle = Project({Col("u", "a")},
                        Filter(And(LogicalExpr::InSubquery(Col("u", "a"), innermost_in, false),
                                   Gt(Col("u", "b"), LogicalExpr::ScalarSubquery(innermost_sum))),
                               Scan("u")));
  auto plan = Filter(LogicalExpr::InSubquery(Col("t", "a"), middle, false), Scan("t"));
  EXPECT_EQ(Display(plan),
            "Join: type=LeftSemi, on=[t.a = __sq_3.a]\n"
            "  TableScan: t\n"
            "  SubqueryAlias: __sq_3\n"
            "    Projection: u.a\n"
            "      Projection: u.a, u.b, u.c, u.d, u.e\n"
            "        Filter: u.b > __sq_2.sum(w.b)\n"
            "          Join: type=Left, filter=__sq_2.a = u.a AND __sq_2.c = u.c\n"
            "            Join: type=LeftSemi, on=[u.a = __sq_1.a]\n"
            "              TableScan: u\n"
            "              SubqueryAlias: __sq_1\n"
            "                Projection: v.a\n"
            "                  TableScan: v\n"
            "            SubqueryAlias: __sq_2\n"
            "              Projection: sum(w.b), w.a, w.c\n"
            "                Aggregate: groupBy=[w.a, w.c], aggr=[sum(w.b)]\n"
            "                  TableScan: w\n");
}

TEST_F(DecorrelateSubqueriesTest, SeveralSubqueriesInOneFilter) {
  // exists (...) and not exists (...) and t.a > 1: two joins, distinct aliases, the plain
  // conjunct kept.
  auto s1 = Project({Col("u", "a")}, Filter(Eq(Col("u", "a"), Outer("t", "a")), Scan("u")));
  auto s2 = Project({Col("v", "b")}, Filter(Eq(Col("v", "b"), Outer("t", "b")), Scan("v")));
  auto plan = Filter(And(And(LogicalExpr::Exists(s1, false), LogicalExpr::Exists(s2, true)),
                         Gt(Col("t", "a"), Int32Lit(1))),
                     Scan("t"));
  EXPECT_EQ(Display(plan),
            "Filter: t.a > 1\n"
            "  Join: type=LeftAnti, filter=__sq_2.b = t.b\n"
            "    Join: type=LeftSemi, filter=__sq_1.a = t.a\n"
            "      TableScan: t\n"
            "      SubqueryAlias: __sq_1\n"
            "        Projection: u.a\n"
            "          TableScan: u\n"
            "    SubqueryAlias: __sq_2\n"
            "      Projection: v.b\n"
            "        TableScan: v\n");
}

TEST_F(DecorrelateSubqueriesTest, FormsItCannotRewriteAreNotImplemented) {
  auto correlated = Project({Col("u", "b")}, Filter(Eq(Col("u", "a"), Outer("t", "a")), Scan("u")));
  // Correlated NOT IN.
  EXPECT_EQ(Error(Filter(LogicalExpr::InSubquery(Col("t", "b"), correlated, true), Scan("t"))),
            "NOT IN over a correlated subquery cannot be decorrelated");
  // A correlated IN under OR.
  EXPECT_EQ(Error(Filter(Or(LogicalExpr::InSubquery(Col("t", "b"), correlated, false),
                            Gt(Col("t", "a"), Int32Lit(1))),
                         Scan("t"))),
            "IN over a correlated subquery inside an expression cannot be decorrelated");
  // A correlation under LIMIT: exists (select u.a from u where u.a = t.a limit 1).
  auto limited = Must(LogicalLimit::Make(
      Project({Col("u", "a")}, Filter(Eq(Col("u", "a"), Outer("t", "a")), Scan("u"))), 0, 1));
  EXPECT_EQ(Error(Filter(LogicalExpr::Exists(limited, false), Scan("t"))),
            "a correlated subquery with an outer reference under Limit cannot be decorrelated");
  // A scalar subquery without an aggregate correlated by a non-equality.
  auto range = Project({Col("u", "b")}, Filter(Lt(Col("u", "a"), Outer("t", "a")), Scan("u")));
  EXPECT_EQ(Error(Filter(Eq(Col("t", "b"), LogicalExpr::ScalarSubquery(range)), Scan("t"))),
            "a correlated scalar subquery without an aggregate, correlated by u.a < outer(t.a) "
            "(only equalities), cannot be decorrelated");
  // Through the optimizer the failing rule is named and the code kept.
  auto status =
      Optimizer()
          .optimize(Filter(LogicalExpr::Exists(limited, false), Scan("t")), SessionConfig{})
          .status();
  EXPECT_TRUE(status.IsNotImplemented()) << status.ToString();
  EXPECT_EQ(status.message().rfind("optimizer rule 'decorrelate_subqueries' failed: ", 0), 0u)
      << status.message();
}

TEST_F(DecorrelateSubqueriesTest, SubqueryOutputNamedLikeAnOuterColumn) {
  // select count(*), (select count(*) from u) as m from t: the outer count(*) is an
  // unqualified aggregate output; the subquery's count(*) must not be confused with it.
  auto outer = Must(LogicalAggregate::Make(Scan("t"), {}, {Agg("count", {})}));
  auto plan = Project(
      {Col("", "count(*)"),
       LogicalExpr::Alias(LogicalExpr::ScalarSubquery(Aggregated("count", {}, Scan("u"))), "m")},
      outer);
  auto out = Decorrelate(plan);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ((*out)->inputs()[0]->kind(), LogicalPlanKind::kJoin) << DisplayLogicalPlan(*out);
  EXPECT_EQ((*out)->inputs()[0]->to_string(), "Join: type=Inner");
}

TEST_F(DecorrelateSubqueriesTest, PlansWithoutSubqueriesAreUnchanged) {
  auto plan = Filter(Gt(Col("t", "a"), Int32Lit(1)), Scan("t"));
  auto out = DecorrelateSubqueries().rewrite(plan, SessionConfig{});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, plan);
}

}  // namespace
}  // namespace quiver
