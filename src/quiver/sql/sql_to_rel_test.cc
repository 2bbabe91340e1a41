#include <arrow/compute/initialize.h>
#include <arrow/type.h>
#include <gtest/gtest.h>
#include <quiver/common/limits.h>
#include <quiver/logical/logical_aggregate.h>
#include <quiver/logical/logical_filter.h>
#include <quiver/logical/logical_projection.h>
#include <quiver/logical/logical_sort.h>
#include <quiver/logical/testing/test_tables.h>
#include <quiver/sql/parser.h>
#include <quiver/sql/sql_to_rel.h>

namespace quiver {
namespace {

class SqlToRelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(arrow::compute::Initialize().ok());
    // s(a int64, f utf8): joins with t(a int32, ...) on a column of another type.
    auto s = arrow::schema({arrow::field("a", arrow::int64()), arrow::field("f", arrow::utf8())});
    ASSERT_TRUE(catalog_
                    ->register_table("s", std::make_shared<testing::InMemoryTable>(
                                              s, testing::BatchSourceExec::Partitions(1)))
                    .ok());
  }

  arrow::Result<LogicalPlanPtr> Plan(const std::string& sql) {
    ARROW_ASSIGN_OR_RAISE(auto statements, ParseSql(sql));
    SqlToRel binder(catalog_, functions_);
    return binder.plan_statement(statements.at(0));
  }

  LogicalPlanPtr PlanOk(const std::string& sql) {
    auto plan = Plan(sql);
    EXPECT_TRUE(plan.ok()) << sql << "\n" << plan.status().ToString();
    return plan.ok() ? *plan : nullptr;
  }

  std::string Error(const std::string& sql) {
    auto plan = Plan(sql);
    EXPECT_FALSE(plan.ok()) << sql;
    return plan.ok() ? "" : plan.status().ToString();
  }

  // The WHERE predicate of `select * from <table> where <pred>`.
  std::string Where(const std::string& table, const std::string& pred) {
    auto plan = PlanOk("select * from " + table + " where " + pred);
    if (!plan) return "";
    auto filter = std::static_pointer_cast<LogicalFilter>(plan->inputs()[0]);
    return filter->predicate()->to_string();
  }

  std::shared_ptr<Catalog> catalog_ = testing::MakeTestCatalog();
  std::shared_ptr<FunctionRegistry> functions_ = FunctionRegistry::MakeDefault();
};

TEST_F(SqlToRelTest, ComparisonCoercion) {
  // Integer literal against int32 column: the literal takes the column's type.
  EXPECT_EQ(Where("t", "a = 5"), "t.a = 5");
  auto plan = PlanOk("select * from t where a = 5");
  auto pred = std::static_pointer_cast<LogicalFilter>(plan->inputs()[0])->predicate();
  EXPECT_TRUE(pred->right()->value()->type->Equals(*arrow::int32()));
  // int32 column vs int64 column → int64.
  EXPECT_EQ(Where("t", "a < b"), "CAST(t.a AS int64) < t.b");
  // Integer literal vs decimal(15,2) column: exact cast of the literal.
  EXPECT_EQ(Where("lineitem", "l_quantity < 24"), "lineitem.l_quantity < 24.00");
  // Decimal literal vs decimal column.
  EXPECT_EQ(Where("lineitem", "l_discount >= 0.05"), "lineitem.l_discount >= 0.05");
  // A string literal against a date column becomes a date.
  EXPECT_EQ(Where("t", "e < '1995-03-15'"), "t.e < DATE '1995-03-15'");
}

TEST_F(SqlToRelTest, ArithmeticTypes) {
  auto plan = PlanOk(
      "select l_extendedprice * (1 - l_discount) as a, "
      "l_extendedprice * (1 - l_discount) * (1 + l_tax) as b, l_quantity / l_discount as c, "
      "l_quantity + 1.5e0 as d from lineitem");
  ASSERT_TRUE(plan);
  auto schema = plan->schema();
  // 1 → decimal(1,0); 1 - decimal(15,2) → decimal(16,2); × decimal(15,2) → decimal(32,4).
  EXPECT_TRUE(schema->field(0)->type()->Equals(*arrow::decimal128(32, 4)))
      << schema->field(0)->type()->ToString();
  // A product needing 49 digits is narrowed to decimal(38, 6).
  EXPECT_TRUE(schema->field(1)->type()->Equals(*arrow::decimal128(38, 6)))
      << schema->field(1)->type()->ToString();
  EXPECT_TRUE(schema->field(2)->type()->Equals(*arrow::float64()));
  EXPECT_TRUE(schema->field(3)->type()->Equals(*arrow::float64()));

  // An explicit CAST of a literal that drops fraction digits rounds (at run time, folded by
  // the optimizer) instead of failing to bind.
  auto rounded = PlanOk("select cast(2.5 as integer) as a, cast(1.005 as decimal(5, 2)) as b");
  ASSERT_TRUE(rounded);
  EXPECT_TRUE(rounded->schema()->field(0)->type()->Equals(*arrow::int32()));
  EXPECT_TRUE(rounded->schema()->field(1)->type()->Equals(*arrow::decimal128(5, 2)));
  EXPECT_NE(Error("select cast('abc' as integer) as a").find("cannot cast 'abc'"),
            std::string::npos);

  // DATE - DATE is a number of days, not a duration.
  auto days = PlanOk("select l_receiptdate - l_shipdate as d from lineitem");
  ASSERT_TRUE(days);
  EXPECT_TRUE(days->schema()->field(0)->type()->Equals(*arrow::int64()))
      << days->schema()->field(0)->type()->ToString();

  auto t = PlanOk("select a + b as x, a * 2 as y, -a as z, d + a as w from t");
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->schema()->field(0)->type()->Equals(*arrow::int64()));
  EXPECT_TRUE(t->schema()->field(1)->type()->Equals(*arrow::int64()));
  EXPECT_TRUE(t->schema()->field(2)->type()->Equals(*arrow::int32()));
  EXPECT_TRUE(t->schema()->field(3)->type()->Equals(*arrow::float64()));
}

TEST_F(SqlToRelTest, AggregateResultTypes) {
  auto plan = PlanOk(
      "select count(*) as n, sum(a) as s, avg(a) as av, min(c) as mn, max(e) as mx, "
      "sum(d) as sd from t");
  ASSERT_TRUE(plan);
  auto s = plan->schema();
  EXPECT_TRUE(s->field(0)->type()->Equals(*arrow::int64()));
  EXPECT_TRUE(s->field(1)->type()->Equals(*arrow::int64()));
  EXPECT_TRUE(s->field(2)->type()->Equals(*arrow::float64()));
  EXPECT_TRUE(s->field(3)->type()->Equals(*arrow::utf8()));
  EXPECT_TRUE(s->field(4)->type()->Equals(*arrow::date32()));
  EXPECT_TRUE(s->field(5)->type()->Equals(*arrow::float64()));
  auto l = PlanOk("select sum(l_quantity) as q from lineitem");
  EXPECT_TRUE(l->schema()->field(0)->type()->Equals(*arrow::decimal128(38, 2)));
}

TEST_F(SqlToRelTest, UnknownNamesAreReportedWithPositions) {
  EXPECT_EQ(Error("select nope from t"),
            "Invalid: SQL error at line 1, column 8: column 'nope' not found");
  EXPECT_EQ(Error("select a\nfrom missing"),
            "Invalid: SQL error at line 2, column 6: table 'missing' not found");
  EXPECT_EQ(Error("select frob(a) from t"),
            "Invalid: SQL error at line 1, column 8: unknown function 'frob'");
  EXPECT_EQ(Error("select x.a from t"),
            "Invalid: SQL error at line 1, column 8: table 'x' not found (referenced by 'x.a')");
  EXPECT_EQ(Error("select a from t where c + 1 > 2").substr(0, 51),
            "Invalid: SQL error at line 1, column 25: cannot app");
  EXPECT_EQ(Error("select a from t, t as u"),
            "Invalid: SQL error at line 1, column 8: column reference 'a' is ambiguous");
  EXPECT_EQ(Error("select u.a from t join t as u on t.a = u.nope"),
            "Invalid: SQL error at line 1, column 40: column 'u.nope' not found");
  EXPECT_EQ(Error("select a from t where a in (select a, b from t)"),
            "Invalid: SQL error at line 1, column 25: the subquery of IN must return one column, "
            "it returns 2");
}

TEST_F(SqlToRelTest, GroupByValidation) {
  EXPECT_EQ(Error("select a, b, count(*) from t group by a"),
            "Invalid: SQL error at line 1, column 11: column 'b' must appear in the GROUP BY "
            "clause or be used in an aggregate function");
  EXPECT_EQ(Error("select a, sum(b) from t"),
            "Invalid: SQL error at line 1, column 8: column 'a' must appear in the GROUP BY "
            "clause or be used in an aggregate function");
  EXPECT_EQ(Error("select a from t where sum(b) > 1"),
            "Invalid: SQL error at line 1, column 23: aggregate functions are not allowed in "
            "WHERE");
  EXPECT_EQ(Error("select sum(sum(b)) from t"),
            "Invalid: SQL error at line 1, column 12: aggregate function calls cannot be nested");
  EXPECT_EQ(Error("select a from t group by 3"),
            "Invalid: SQL error at line 1, column 26: GROUP BY position 3 is not in the select "
            "list");
  // Ordinals, aliases and expressions over group keys are fine.
  EXPECT_TRUE(PlanOk("select a as k, count(*) from t group by 1"));
  EXPECT_TRUE(PlanOk("select a + 1 as k, count(*) from t group by k"));
  EXPECT_TRUE(PlanOk("select a + 1, count(*) from t group by a + 1 having count(*) > 1"));
  EXPECT_TRUE(PlanOk("select a * 2, sum(b) from t group by a order by sum(b) desc"));
}

TEST_F(SqlToRelTest, GroupByPlanShape) {
  auto plan = PlanOk(
      "select a, sum(b) as s from t where d > 1 group by a having sum(b) > 10 "
      "order by s desc");
  ASSERT_TRUE(plan);
  EXPECT_EQ(DisplayLogicalPlan(plan),
            "Sort: s DESC NULLS FIRST\n"
            "  Projection: t.a, sum(t.b) AS s\n"
            "    Filter: sum(t.b) > 10\n"
            "      Aggregate: groupBy=[t.a], aggr=[sum(t.b)]\n"
            "        Filter: t.d > 1\n"
            "          TableScan: t\n");
}

TEST_F(SqlToRelTest, OrderByVariants) {
  // A column that is not selected is carried as a hidden column and dropped after the sort.
  auto plan = PlanOk("select a from t order by b, 1 desc");
  ASSERT_TRUE(plan);
  EXPECT_EQ(DisplayLogicalPlan(plan),
            "Projection: t.a\n"
            "  Sort: t.b ASC NULLS LAST, t.a DESC NULLS FIRST\n"
            "    Projection: t.a, t.b\n"
            "      TableScan: t\n");
  EXPECT_EQ(plan->schema()->num_fields(), 1);
  auto alias = PlanOk("select a as x from t order by x nulls first limit 3 offset 1");
  EXPECT_EQ(DisplayLogicalPlan(alias),
            "Limit: skip=1, fetch=3\n"
            "  Sort: x ASC NULLS FIRST\n"
            "    Projection: t.a AS x\n"
            "      TableScan: t\n");
  EXPECT_EQ(Error("select distinct a from t order by b"),
            "Invalid: SQL error at line 1, column 35: for SELECT DISTINCT, ORDER BY expressions "
            "must appear in the select list");
}

TEST_F(SqlToRelTest, DistinctIsAnAggregate) {
  auto plan = PlanOk("select distinct c, a from t");
  ASSERT_TRUE(plan);
  EXPECT_EQ(DisplayLogicalPlan(plan),
            "Aggregate: groupBy=[t.c, t.a], aggr=[]\n"
            "  Projection: t.c, t.a\n"
            "    TableScan: t\n");
}

TEST_F(SqlToRelTest, SelectWithoutFrom) {
  auto plan = PlanOk("select 1 + 2 as three, 'x'");
  ASSERT_TRUE(plan);
  EXPECT_EQ(DisplayLogicalPlan(plan),
            "Projection: 1 + 2 AS three, 'x'\n"
            "  EmptyRelation: rows=1\n");
}

TEST_F(SqlToRelTest, TpchQ1Binds) {
  auto plan = PlanOk(
      "select l_returnflag, l_linestatus, sum(l_quantity) as sum_qty, sum(l_extendedprice) as "
      "sum_base_price, sum(l_extendedprice * (1 - l_discount)) as sum_disc_price, "
      "sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) as sum_charge, avg(l_quantity) as "
      "avg_qty, avg(l_extendedprice) as avg_price, avg(l_discount) as avg_disc, count(*) as "
      "count_order from lineitem where l_shipdate <= date '1998-12-01' - interval '90' day "
      "group by l_returnflag, l_linestatus order by l_returnflag, l_linestatus;");
  ASSERT_TRUE(plan);
  auto s = plan->schema();
  ASSERT_EQ(s->num_fields(), 10);
  std::vector<std::string> names = {"l_returnflag",   "l_linestatus", "sum_qty", "sum_base_price",
                                    "sum_disc_price", "sum_charge",   "avg_qty", "avg_price",
                                    "avg_disc",       "count_order"};
  for (int i = 0; i < 10; ++i) EXPECT_EQ(s->field(i)->name(), names[i]);
  EXPECT_TRUE(s->field(2)->type()->Equals(*arrow::decimal128(38, 2)));
  EXPECT_TRUE(s->field(4)->type()->Equals(*arrow::decimal128(38, 4)));
  EXPECT_TRUE(s->field(5)->type()->Equals(*arrow::decimal128(38, 6)));
  EXPECT_TRUE(s->field(6)->type()->Equals(*arrow::float64()));
  EXPECT_TRUE(s->field(9)->type()->Equals(*arrow::int64()));
  EXPECT_EQ(plan->kind(), LogicalPlanKind::kSort);
}

TEST_F(SqlToRelTest, TpchQ6Binds) {
  auto plan = PlanOk(
      "select sum(l_extendedprice * l_discount) as revenue from lineitem where l_shipdate >= "
      "date '1994-01-01' and l_shipdate < date '1994-01-01' + interval '1' year and l_discount "
      "between 0.06 - 0.01 and 0.06 + 0.01 and l_quantity < 24;");
  ASSERT_TRUE(plan);
  EXPECT_TRUE(plan->schema()->field(0)->type()->Equals(*arrow::decimal128(38, 4)));
  auto agg = std::static_pointer_cast<LogicalAggregate>(plan->inputs()[0]);
  auto filter = std::static_pointer_cast<LogicalFilter>(agg->input());
  EXPECT_EQ(filter->predicate()->to_string(),
            "lineitem.l_shipdate >= DATE '1994-01-01' AND lineitem.l_shipdate < DATE "
            "'1994-01-01' + INTERVAL '12 months 0 days 0 nanos' AND lineitem.l_discount >= 0.06 "
            "- 0.01 AND lineitem.l_discount <= 0.06 + 0.01 AND lineitem.l_quantity < 24.00");
}

// ---- joins ----------------------------------------------------------------------------------

TEST_F(SqlToRelTest, JoinOnIsTheJoinCondition) {
  auto plan = PlanOk("select t.a, u.b from t join t as u on t.a = u.a and u.b > 1");
  ASSERT_TRUE(plan);
  EXPECT_EQ(DisplayLogicalPlan(plan),
            "Projection: t.a, u.b\n"
            "  Join: type=Inner, filter=t.a = u.a AND u.b > 1\n"
            "    TableScan: t\n"
            "    TableScan: u\n");
  // The ON comparison is coerced like any other: int32 t.a vs int64 s.a.
  auto left = PlanOk("select * from t left join s on t.a = s.a");
  ASSERT_TRUE(left);
  EXPECT_EQ(left->inputs()[0]->to_string(), "Join: type=Left, filter=CAST(t.a AS int64) = s.a");
  // The padded side's columns are nullable in the output.
  auto schema = left->schema();
  ASSERT_EQ(schema->num_fields(), 7);
  EXPECT_TRUE(schema->field(5)->nullable());
  EXPECT_EQ(schema->field(6)->name(), "f");
  auto right = PlanOk("select * from t right join s on t.a = s.a");
  EXPECT_EQ(right->inputs()[0]->to_string(), "Join: type=Right, filter=CAST(t.a AS int64) = s.a");
  auto full = PlanOk("select * from t full outer join s on t.a = s.a");
  EXPECT_EQ(full->inputs()[0]->to_string(), "Join: type=Full, filter=CAST(t.a AS int64) = s.a");
}

TEST_F(SqlToRelTest, CrossAndCommaJoins) {
  auto cross = PlanOk("select t.a, s.f from t cross join s");
  ASSERT_TRUE(cross);
  EXPECT_EQ(DisplayLogicalPlan(cross),
            "Projection: t.a, s.f\n"
            "  Join: type=Inner\n"
            "    TableScan: t\n"
            "    TableScan: s\n");
  // Commas are cross joins, left to right; WHERE stays above them for the optimizer.
  auto comma = PlanOk("select t.a from t, s, t as u where t.b = s.a and u.a = t.a");
  ASSERT_TRUE(comma);
  EXPECT_EQ(DisplayLogicalPlan(comma),
            "Projection: t.a\n"
            "  Filter: t.b = s.a AND u.a = t.a\n"
            "    Join: type=Inner\n"
            "      Join: type=Inner\n"
            "        TableScan: t\n"
            "        TableScan: s\n"
            "      TableScan: u\n");
}

TEST_F(SqlToRelTest, UsingJoinsOnKeysOfOneTypeAndOutputsTheColumnOnce) {
  auto plan = PlanOk("select * from t join s using (a)");
  ASSERT_TRUE(plan);
  EXPECT_EQ(DisplayLogicalPlan(plan),
            "Projection: a, t.b, t.c, t.d, t.e, s.f\n"
            "  Projection: CAST(t.a AS int64) AS a, t.a, t.b, t.c, t.d, t.e, s.a, s.f\n"
            "    Join: type=Inner, on=[CAST(t.a AS int64) = s.a]\n"
            "      TableScan: t\n"
            "      TableScan: s\n");
  EXPECT_TRUE(plan->schema()->field(0)->type()->Equals(*arrow::int64()));
  // The USING column is referenced without a qualifier (no ambiguity).
  EXPECT_TRUE(PlanOk("select a, f from t join s using (a)"));
  // Same types: the preserved side's column, kept as it is (the other side's hidden, which
  // `*` skips).
  auto self = PlanOk("select * from t left join t as u using (a, c)");
  ASSERT_TRUE(self);
  EXPECT_EQ(self->to_string(), "Projection: t.a, t.c, t.b, t.d, t.e, u.b, u.d, u.e");
  EXPECT_EQ(self->inputs()[0]->to_string(),
            "Projection: t.a, t.c, t.b, t.d, t.e, u.a, u.b, u.c, u.d, u.e");
  EXPECT_EQ(self->inputs()[0]->inputs()[0]->to_string(),
            "Join: type=Left, on=[t.a = u.a, t.c = u.c]");
  auto right = PlanOk("select * from t right join t as u using (a)");
  EXPECT_EQ(right->inputs()[0]->to_string(),
            "Projection: u.a, t.a, t.b, t.c, t.d, t.e, u.b, u.c, u.d, u.e");
}

TEST_F(SqlToRelTest, FullJoinUsingCoalescesTheKeys) {
  // Either side may be missing: the USING column is the first non-NULL of the two.
  auto plan = PlanOk("select a from t full join s using (a)");
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->inputs()[0]->to_string(),
            "Projection: coalesce(CAST(t.a AS int64), s.a) AS a, t.a, t.b, t.c, t.d, t.e, s.a, "
            "s.f");
  auto star = PlanOk("select * from t full join s using (a)");
  ASSERT_TRUE(star);
  EXPECT_EQ(star->to_string(), "Projection: a, t.b, t.c, t.d, t.e, s.f");
  EXPECT_TRUE(plan->schema()->field(0)->type()->Equals(*arrow::int64()));
}

TEST_F(SqlToRelTest, QualifiedReferencesToUsingColumns) {
  // SQL keeps each side's column visible under its own qualifier (t.a, s.a) next to the
  // merged `a` (DuckDB and PostgreSQL accept this).
  auto both = PlanOk("select t.a, s.a, a from t join s using (a)");
  ASSERT_TRUE(both);
  EXPECT_EQ(both->to_string(), "Projection: t.a, s.a, a");
  EXPECT_TRUE(both->schema()->field(0)->type()->Equals(*arrow::int32()));  // t's own type
  EXPECT_TRUE(both->schema()->field(2)->type()->Equals(*arrow::int64()));  // the merged key
  auto self = PlanOk("select t.a, u.a from t join t as u using (a)");
  ASSERT_TRUE(self);
  EXPECT_EQ(self->to_string(), "Projection: t.a, u.a");
  // `s.*` lists s's own key; a nested USING join on the same name still finds one `a`.
  auto qualified_star = PlanOk("select s.* from t join s using (a)");
  ASSERT_TRUE(qualified_star);
  EXPECT_EQ(qualified_star->to_string(), "Projection: s.a, s.f");  // s's own order
  EXPECT_TRUE(PlanOk("select a, t.a, s.a, u.a from t join s using (a) join t as u using (a)"));
  // Under an alias the join's columns are the visible ones only.
  EXPECT_EQ(Error("select x.f, s.a from (t join s using (a)) as x"),
            "Invalid: SQL error at line 1, column 13: table 's' not found (referenced by 's.a')");
}

TEST_F(SqlToRelTest, NaturalJoinUsesTheSharedNames) {
  auto plan = PlanOk("select * from t natural join s");
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->inputs()[0]->inputs()[0]->to_string(),
            "Join: type=Inner, on=[CAST(t.a AS int64) = s.a]");
  EXPECT_EQ(plan->schema()->num_fields(), 6);
  // No shared name: a cross join.
  auto none = PlanOk("select * from s natural join (select c from t) as x");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->inputs()[0]->to_string(), "Join: type=Inner");
}

TEST_F(SqlToRelTest, UsingErrors) {
  EXPECT_EQ(Error("select * from t join s using (b)"),
            "Invalid: SQL error at line 1, column 31: column 'b' of USING is not on the right "
            "side of the join");
  EXPECT_EQ(Error("select * from t join s using (f)"),
            "Invalid: SQL error at line 1, column 31: column 'f' of USING is not on the left "
            "side of the join");
  EXPECT_EQ(Error("select * from (t join t as u on t.a = u.a) join s using (a)"),
            "Invalid: SQL error at line 1, column 58: column 'a' of USING is ambiguous on the "
            "left side");
}

// ---- derived tables and CTEs ------------------------------------------------------------------

TEST_F(SqlToRelTest, DerivedTableWithColumnAliases) {
  auto plan = PlanOk("select x.p, q from (select a, b from t) as x(p, q) where x.p > 1");
  ASSERT_TRUE(plan);
  EXPECT_EQ(DisplayLogicalPlan(plan),
            "Projection: x.p, x.q\n"
            "  Filter: x.p > 1\n"
            "    SubqueryAlias: x\n"
            "      Projection: t.a AS p, t.b AS q\n"
            "        Projection: t.a, t.b\n"
            "          TableScan: t\n");
  // Fewer aliases than columns rename the first ones; more is an error.
  auto partial = PlanOk("select * from (select a, b from t) as x(p)");
  ASSERT_TRUE(partial);
  EXPECT_EQ(partial->schema()->field(0)->name(), "p");
  EXPECT_EQ(partial->schema()->field(1)->name(), "b");
  EXPECT_EQ(Error("select * from (select a from t) as x(p, q)"),
            "Invalid: SQL error at line 1, column 15: 2 column names given for 1 columns");
  // The derived table's own columns are gone behind the alias.
  EXPECT_EQ(Error("select t.a from (select a from t) as x"),
            "Invalid: SQL error at line 1, column 8: table 't' not found (referenced by 't.a')");
}

TEST_F(SqlToRelTest, CteUsedTwiceAndShadowingATable) {
  auto twice = PlanOk(
      "with c as (select a, b from t where a > 0) "
      "select c.a, d.b from c join c as d on c.a = d.a");
  ASSERT_TRUE(twice);
  auto join = twice->inputs()[0];
  EXPECT_EQ(join->to_string(), "Join: type=Inner, filter=c.a = d.a");
  // Both sides are the one plan of c, seen as c and as d.
  ASSERT_EQ(join->inputs()[0]->kind(), LogicalPlanKind::kSubqueryAlias);
  ASSERT_EQ(join->inputs()[1]->kind(), LogicalPlanKind::kSubqueryAlias);
  EXPECT_EQ(join->inputs()[0]->to_string(), "SubqueryAlias: c");
  EXPECT_EQ(join->inputs()[1]->to_string(), "SubqueryAlias: d");
  EXPECT_EQ(join->inputs()[0]->inputs()[0], join->inputs()[1]->inputs()[0]);
  EXPECT_EQ(DisplayLogicalPlan(join->inputs()[1]->inputs()[0]),
            "SubqueryAlias: c\n"
            "  Projection: t.a, t.b\n"
            "    Filter: t.a > 0\n"
            "      TableScan: t\n");
  // A CTE named t hides the table t, also for the CTEs after it.
  auto shadow = PlanOk(
      "with t as (select 1 as z), u as (select z + 1 as y from t) "
      "select y from u");
  ASSERT_TRUE(shadow);
  std::string text = DisplayLogicalPlan(shadow);
  EXPECT_EQ(text.find("TableScan"), std::string::npos) << text;
  EXPECT_NE(text.find("Projection: t.z + 1 AS y\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Projection: 1 AS z\n"), std::string::npos) << text;
  EXPECT_EQ(Error("with t as (select 1 as z) select a from t"),
            "Invalid: SQL error at line 1, column 34: column 'a' not found");
  // CTE column names.
  auto named = PlanOk("with c(x, y) as (select a, b from t) select x from c");
  ASSERT_TRUE(named);
  EXPECT_EQ(named->schema()->field(0)->name(), "x");
}

TEST_F(SqlToRelTest, CteFromASubquery) {
  // The CTE is visible inside subqueries of the body and of later CTEs.
  auto plan = PlanOk("with c as (select b from t) select a from t where b in (select b from c)");
  ASSERT_TRUE(plan);
  auto filter = std::static_pointer_cast<LogicalFilter>(plan->inputs()[0]);
  EXPECT_EQ(filter->predicate()->to_string(), "t.b IN (Projection: c.b)");
  std::string sub = DisplayLogicalPlan(filter->predicate()->subquery());
  EXPECT_NE(sub.find("SubqueryAlias: c\n"), std::string::npos) << sub;
  EXPECT_NE(sub.find("Projection: t.b\n"), std::string::npos) << sub;
  EXPECT_TRUE(
      PlanOk("with c as (select b from t), d as (select * from t where b in (select b "
             "from c)) select count(*) from d"));
  // A CTE defined inside the subquery is not visible outside it.
  EXPECT_EQ(Error("select * from t where exists (with c as (select 1 as z) select z from c) "
                  "and a in (select z from c)"),
            "Invalid: SQL error at line 1, column 98: table 'c' not found");
}

// ---- set operations --------------------------------------------------------------------------

TEST_F(SqlToRelTest, SetOperationTypesAreCoerced) {
  // int32 a vs int64 b: both int64; names from the left side.
  auto plan = PlanOk("select a from t union all select b from t");
  ASSERT_TRUE(plan);
  EXPECT_EQ(DisplayLogicalPlan(plan),
            "Union\n"
            "  Projection: CAST(t.a AS int64) AS a\n"
            "    Projection: t.a\n"
            "      TableScan: t\n"
            "  Projection: t.b\n"
            "    TableScan: t\n");
  EXPECT_TRUE(plan->schema()->field(0)->type()->Equals(*arrow::int64()));
  EXPECT_EQ(plan->schema()->field(0)->name(), "a");
  // UNION (distinct) groups by every column; INTERSECT / EXCEPT are semi / anti joins in which
  // NULL equals NULL.
  auto distinct = PlanOk("select a from t union select a from t");
  EXPECT_EQ(distinct->to_string(), "Aggregate: groupBy=[a], aggr=[]");
  auto intersect = PlanOk("select b from t intersect select a from s");
  ASSERT_TRUE(intersect);
  EXPECT_EQ(intersect->inputs()[0]->to_string(),
            "Join: type=LeftSemi, on=[t.b = s.a], null_equals_null");
  auto except = PlanOk("select a from s except select b from t");
  EXPECT_EQ(except->inputs()[0]->to_string(),
            "Join: type=LeftAnti, on=[s.a = t.b], null_equals_null");
  // Chains of UNION ALL are one union.
  auto chain = PlanOk("select a from t union all select a from t union all select a from t");
  EXPECT_EQ(chain->inputs().size(), 3u);
}

TEST_F(SqlToRelTest, SetOperationErrors) {
  EXPECT_EQ(Error("select a, b from t union select a from t"),
            "Invalid: SQL error at line 1, column 20: each side of UNION must have the same "
            "number of columns: 2 and 1");
  EXPECT_EQ(Error("select a from t except select a, c from t"),
            "Invalid: SQL error at line 1, column 17: each side of EXCEPT must have the same "
            "number of columns: 1 and 2");
  EXPECT_EQ(Error("select c from t union all select a from t").substr(0, 68),
            "Invalid: SQL error at line 1, column 17: UNION column 1 ('c'): canno");
  auto all = Plan("select a from t\nintersect all select a from t");
  ASSERT_FALSE(all.ok());
  EXPECT_TRUE(all.status().IsNotImplemented());
  EXPECT_EQ(all.status().message(),
            "SQL error at line 2, column 1: INTERSECT ALL is not supported yet");
  auto except_all = Plan("select a from t except all select a from t");
  EXPECT_TRUE(except_all.status().IsNotImplemented()) << except_all.status().ToString();
}

// ---- subqueries ------------------------------------------------------------------------------

TEST_F(SqlToRelTest, SubqueriesSeeOuterColumns) {
  auto exists = PlanOk("select a from t where exists (select 1 from s where s.a = t.b)");
  ASSERT_TRUE(exists);
  auto filter = std::static_pointer_cast<LogicalFilter>(exists->inputs()[0]);
  ASSERT_TRUE(filter->predicate()->is(LogicalExprKind::kExists));
  EXPECT_EQ(DisplayLogicalPlan(filter->predicate()->subquery()),
            "Projection: 1\n"
            "  Filter: s.a = outer(t.b)\n"
            "    TableScan: s\n");
  // A bare name resolves in the innermost query first: a is s.a here, b is outer t.b.
  auto inner_first = PlanOk("select a from t where exists (select 1 from s where a = b)");
  ASSERT_TRUE(inner_first);
  auto f2 = std::static_pointer_cast<LogicalFilter>(inner_first->inputs()[0]);
  EXPECT_EQ(f2->predicate()->subquery()->inputs()[0]->to_string(), "Filter: s.a = outer(t.b)");
  // Scalar subquery in the select list, correlated through two levels.
  auto scalar = PlanOk(
      "select (select max(s.a) from s where s.f = t.c and exists "
      "(select 1 from t as u where u.a = t.a)) as m from t");
  ASSERT_TRUE(scalar);
  auto projection = std::static_pointer_cast<LogicalProjection>(scalar);
  const auto& m = Unalias(projection->exprs()[0]);
  ASSERT_TRUE(m->is(LogicalExprKind::kScalarSubquery));
  // select max(s.a) ... : Projection → Aggregate → Filter.
  auto middle = m->subquery()->inputs()[0]->inputs()[0];
  ASSERT_EQ(middle->kind(), LogicalPlanKind::kFilter) << DisplayLogicalPlan(m->subquery());
  auto conjuncts = SplitConjunction(std::static_pointer_cast<LogicalFilter>(middle)->predicate());
  ASSERT_EQ(conjuncts.size(), 2u);
  EXPECT_EQ(conjuncts[0]->to_string(), "s.f = outer(t.c)");
  ASSERT_TRUE(conjuncts[1]->is(LogicalExprKind::kExists));
  EXPECT_EQ(DisplayLogicalPlan(conjuncts[1]->subquery()),
            "Projection: 1\n"
            "  Filter: u.a = outer(t.a)\n"
            "    TableScan: u\n");
  EXPECT_TRUE(scalar->schema()->field(0)->type()->Equals(*arrow::int64()));
}

TEST_F(SqlToRelTest, InSubqueryCoercesBothSides) {
  // int32 t.a IN (select int64 s.a): both compared as int64.
  auto plan = PlanOk("select c from t where a in (select a from s)");
  ASSERT_TRUE(plan);
  auto filter = std::static_pointer_cast<LogicalFilter>(plan->inputs()[0]);
  const auto& in = filter->predicate();
  ASSERT_TRUE(in->is(LogicalExprKind::kInSubquery));
  EXPECT_EQ(in->arg()->to_string(), "CAST(t.a AS int64)");
  EXPECT_TRUE(in->subquery()->schema()->field(0)->type()->Equals(*arrow::int64()));
  auto not_in = PlanOk("select c from t where b not in (select a from s)");
  auto f = std::static_pointer_cast<LogicalFilter>(not_in->inputs()[0]);
  EXPECT_TRUE(f->predicate()->negated());
  EXPECT_EQ(Error("select c from t where a in (select f from s)").substr(0, 41),
            "Invalid: SQL error at line 1, column 25: ");
  EXPECT_EQ(Error("select (select a, f from s) from t"),
            "Invalid: SQL error at line 1, column 8: a scalar subquery must return one column, "
            "it returns 2");
}

// ---- errors with positions -------------------------------------------------------------------

TEST_F(SqlToRelTest, JoinErrorsNameLineAndColumn) {
  EXPECT_EQ(Error("select a\nfrom t join t as u on t.a = u.a"),
            "Invalid: SQL error at line 1, column 8: column reference 'a' is ambiguous");
  EXPECT_EQ(Error("select * from t join s\n  on x.a = s.a"),
            "Invalid: SQL error at line 2, column 6: table 'x' not found (referenced by 'x.a')");
  // ON sees only the two sides of its join, not later FROM items.
  EXPECT_EQ(Error("select * from t join s on t.a = u.a, t as u"),
            "Invalid: SQL error at line 1, column 33: table 'u' not found (referenced by 'u.a')");
  EXPECT_EQ(Error("select a from t where exists (select 1 from s where s.a = t.nope)"),
            "Invalid: SQL error at line 1, column 59: column 't.nope' not found");
  EXPECT_EQ(Error("select a from t where exists (select 1 from s where nope = 1)"),
            "Invalid: SQL error at line 1, column 53: column 'nope' not found");
  // A derived table does not see the query around it (no LATERAL).
  EXPECT_EQ(Error("select * from t, (select s.a from s where s.a = t.b) as x"),
            "Invalid: SQL error at line 1, column 49: table 't' not found (referenced by 't.b')");
}

// Depth of a logical expression tree (recursive: the trees here are shallow or bounded).
int Depth(const LogicalExprPtr& e) {
  int deepest = 0;
  for (const auto& child : e->children()) deepest = std::max(deepest, Depth(child));
  return deepest + 1;
}

TEST_F(SqlToRelTest, LongAndOrChainsBindAsBalancedTrees) {
  // 50,000 ORs: bound log2(n) deep, so the optimizer, codec and execution never recurse 50,000
  // levels (this overflowed the stack).
  std::string sql = "select * from t where a = 0";
  for (int i = 1; i < 50000; ++i) sql += " or a = " + std::to_string(i);
  auto plan = PlanOk(sql);
  ASSERT_NE(plan, nullptr);
  auto filter = std::static_pointer_cast<LogicalFilter>(plan->inputs()[0]);
  EXPECT_LE(Depth(filter->predicate()), 20);
  // Short chains keep the written order.
  EXPECT_EQ(Where("t", "a = 1 and a = 2 and a = 3"), "t.a = 1 AND t.a = 2 AND t.a = 3");
  // A non-boolean operand is still reported at its operator.
  EXPECT_NE(Error("select * from t where a = 1 or a = 2 or a or a = 3").find("line 1"),
            std::string::npos);
}

TEST_F(SqlToRelTest, ExpressionsDeeperThanTheLimitAreAnErrorWithALocation) {
  std::string sql = "select a";
  for (int i = 0; i < kMaxExpressionDepth + 10; ++i) sql += " + 1";
  sql += " from t";
  std::string error = Error(sql);
  EXPECT_NE(error.find("nested too deeply"), std::string::npos) << error;
  EXPECT_NE(error.find("line 1, column"), std::string::npos) << error;
  std::string ok = "select a";
  for (int i = 0; i < kMaxExpressionDepth - 10; ++i) ok += " + 1";
  EXPECT_NE(PlanOk(ok + " from t"), nullptr);
}

}  // namespace
}  // namespace quiver
