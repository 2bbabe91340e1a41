#include <arrow/compute/initialize.h>
#include <arrow/type.h>
#include <gtest/gtest.h>
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
  void SetUp() override { ASSERT_TRUE(arrow::compute::Initialize().ok()); }

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

}  // namespace
}  // namespace quiver
