#include <arrow/type.h>
#include <gtest/gtest.h>
#include <quiver/datasource/memory_table.h>
#include <quiver/execution/physical_planner.h>
#include <quiver/logical/testing/test_tables.h>
#include <quiver/optimizer/optimizer.h>
#include <quiver/physical/testing/test_util.h>
#include <quiver/sql/parser.h>
#include <quiver/sql/sql_to_rel.h>

#include <algorithm>

namespace quiver {
namespace {

constexpr const char* kQ1 =
    "select l_returnflag, l_linestatus, sum(l_quantity) as sum_qty, sum(l_extendedprice) as "
    "sum_base_price, sum(l_extendedprice * (1 - l_discount)) as sum_disc_price, "
    "sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) as sum_charge, avg(l_quantity) as "
    "avg_qty, avg(l_extendedprice) as avg_price, avg(l_discount) as avg_disc, count(*) as "
    "count_order from lineitem where l_shipdate <= date '1998-12-01' - interval '90' day "
    "group by l_returnflag, l_linestatus order by l_returnflag, l_linestatus;";
constexpr const char* kQ6 =
    "select sum(l_extendedprice * l_discount) as revenue from lineitem where l_shipdate >= "
    "date '1994-01-01' and l_shipdate < date '1994-01-01' + interval '1' year and l_discount "
    "between 0.06 - 0.01 and 0.06 + 0.01 and l_quantity < 24;";

// One lineitem batch from rows of (qty, price, disc, tax, flag, status, shipdate as days
// since the epoch).
std::shared_ptr<arrow::RecordBatch> Lineitem(const std::vector<std::string>& qty,
                                             const std::vector<std::string>& price,
                                             const std::vector<std::string>& disc,
                                             const std::vector<std::string>& tax,
                                             const std::vector<std::string>& flag,
                                             const std::vector<std::string>& status,
                                             const std::vector<std::string>& ship) {
  auto join = [](const std::vector<std::string>& v, bool quote) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) {
      if (i > 0) out += ",";
      out += quote ? "\"" + v[i] + "\"" : v[i];
    }
    return out + "]";
  };
  std::string ints = "[";
  std::string strs = "[";
  for (size_t i = 0; i < qty.size(); ++i) {
    ints += (i > 0 ? "," : "") + std::to_string(i + 1);
    strs += std::string(i > 0 ? "," : "") + "\"x\"";
  }
  ints += "]";
  strs += "]";
  return testing::MakeBatch(
      testing::LineitemSchema(),
      {ints, ints, ints, ints, join(qty, true), join(price, true), join(disc, true),
       join(tax, true), join(flag, true), join(status, true), join(ship, false), join(ship, false),
       join(ship, false), strs, strs, strs});
}

class PhysicalPlannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::InitCompute();
    // Two partitions; row 3 (1998-10-01) is past Q1's cutoff. Ship dates in days since the
    // epoch: 8825 = 1994-03-01, 10500 = 1998-10-01, 8917 = 1994-06-01, 9131 = 1995-01-01,
    // 9130 = 1994-12-31.
    auto p0 = Lineitem({"10.00", "30.00"}, {"100.00", "300.00"}, {"0.05", "0.07"}, {"0.01", "0.00"},
                       {"A", "N"}, {"F", "O"}, {"8825", "10500"});
    auto p1 = Lineitem({"20.00", "5.00", "25.00"}, {"200.00", "50.00", "250.00"},
                       {"0.06", "0.08", "0.06"}, {"0.02", "0.03", "0.00"}, {"A", "R", "N"},
                       {"F", "F", "O"}, {"8917", "9131", "9130"});
    table_ = std::make_shared<testing::InMemoryTable>(
        testing::LineitemSchema(), testing::BatchSourceExec::Partitions{{p0}, {p1}});
    catalog_ = std::make_shared<Catalog>();
    ASSERT_TRUE(catalog_->register_table("lineitem", table_).ok());
  }

  arrow::Result<ExecutionPlanPtr> Plan(const std::string& sql) {
    ARROW_ASSIGN_OR_RAISE(auto statements, ParseSql(sql));
    SqlToRel binder(catalog_, functions_);
    ARROW_ASSIGN_OR_RAISE(auto logical, binder.plan_statement(statements.at(0)));
    ARROW_ASSIGN_OR_RAISE(auto optimized, Optimizer().optimize(logical, config_));
    return PhysicalPlanner().create_physical_plan(optimized, config_, *functions_);
  }

  // Node names from the root down the first-child chain.
  static std::vector<std::string> Spine(const ExecutionPlanPtr& plan) {
    std::vector<std::string> out;
    for (auto node = plan; node; node = node->children().empty() ? nullptr : node->children()[0]) {
      out.emplace_back(node->name());
    }
    return out;
  }

  static std::string Cell(const std::shared_ptr<arrow::Table>& t, int col, int row) {
    return testing::Column(t, col)->GetScalar(row).ValueOrDie()->ToString();
  }

  SessionConfig config_;
  std::shared_ptr<FunctionRegistry> functions_ = FunctionRegistry::MakeDefault();
  std::shared_ptr<testing::InMemoryTable> table_;
  std::shared_ptr<Catalog> catalog_;
};

TEST_F(PhysicalPlannerTest, Q1PlanShapeAndResult) {
  auto plan = Plan(kQ1);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(Spine(*plan),
            (std::vector<std::string>{"SortPreservingMergeExec", "SortExec", "ProjectionExec",
                                      "HashAggregateExec", "RepartitionExec", "HashAggregateExec",
                                      "FilterExec", "BatchSourceExec"}))
      << DisplayPlan(**plan);
  // The scan read only the 7 columns Q1 uses and got the folded date filter.
  ASSERT_TRUE(table_->last_args().projection.has_value());
  EXPECT_EQ(table_->last_args().projection->size(), 7u);
  ASSERT_EQ(table_->last_args().filters.size(), 1u);
  EXPECT_NE(table_->last_args().filters[0]->to_string().find("1998-09-02"), std::string::npos)
      << table_->last_args().filters[0]->to_string();

  auto table = testing::CollectTable(*plan, testing::MakeContext());
  ASSERT_TRUE(table);
  ASSERT_EQ(table->num_rows(), 3);
  // Groups in order A/F, N/O, R/F; values computed by hand from the rows above.
  EXPECT_EQ(Cell(table, 0, 0), "A");
  EXPECT_EQ(Cell(table, 1, 0), "F");
  EXPECT_EQ(Cell(table, 2, 0), "30.00");
  EXPECT_EQ(Cell(table, 3, 0), "300.00");
  EXPECT_EQ(Cell(table, 4, 0), "283.0000");    // 100*.95 + 200*.94
  EXPECT_EQ(Cell(table, 5, 0), "287.710000");  // 95*1.01 + 188*1.02
  EXPECT_EQ(Cell(table, 6, 0), "15");
  EXPECT_EQ(Cell(table, 7, 0), "150");
  EXPECT_EQ(Cell(table, 8, 0), "0.055");
  EXPECT_EQ(Cell(table, 9, 0), "2");
  EXPECT_EQ(Cell(table, 0, 1), "N");
  EXPECT_EQ(Cell(table, 4, 1), "235.0000");
  EXPECT_EQ(Cell(table, 9, 1), "1");
  EXPECT_EQ(Cell(table, 0, 2), "R");
  EXPECT_EQ(Cell(table, 5, 2), "47.380000");  // 50*.92*1.03
}

TEST_F(PhysicalPlannerTest, Q6PlanShapeAndResult) {
  auto plan = Plan(kQ6);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(Spine(*plan), (std::vector<std::string>{"ProjectionExec", "HashAggregateExec",
                                                    "CoalescePartitionsExec", "HashAggregateExec",
                                                    "FilterExec", "BatchSourceExec"}))
      << DisplayPlan(**plan);
  EXPECT_EQ(table_->last_args().filters.size(), 5u);
  auto table = testing::CollectTable(*plan, testing::MakeContext());
  ASSERT_TRUE(table);
  ASSERT_EQ(table->num_rows(), 1);
  EXPECT_EQ(Cell(table, 0, 0), "17.0000");  // 100*.05 + 200*.06
}

TEST_F(PhysicalPlannerTest, SortedLimitIsTopK) {
  auto plan = Plan("select l_quantity from lineitem order by l_quantity desc limit 2");
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(Spine(*plan),
            (std::vector<std::string>{"SortPreservingMergeExec", "SortExec", "BatchSourceExec"}))
      << DisplayPlan(**plan);
  EXPECT_NE(DisplayPlan(**plan).find("fetch=2"), std::string::npos) << DisplayPlan(**plan);
  auto table = testing::CollectTable(*plan, testing::MakeContext());
  ASSERT_EQ(table->num_rows(), 2);
  EXPECT_EQ(Cell(table, 0, 0), "30.00");
  EXPECT_EQ(Cell(table, 0, 1), "25.00");

  auto offset = Plan("select l_quantity from lineitem order by l_quantity limit 2 offset 1");
  ASSERT_TRUE(offset.ok()) << offset.status().ToString();
  EXPECT_EQ(Spine(*offset).front(), "GlobalLimitExec");
  auto t2 = testing::CollectTable(*offset, testing::MakeContext());
  ASSERT_EQ(t2->num_rows(), 2);
  EXPECT_EQ(Cell(t2, 0, 0), "10.00");
  EXPECT_EQ(Cell(t2, 0, 1), "20.00");
}

TEST_F(PhysicalPlannerTest, LimitWithoutSortAndDistinct) {
  auto plan = Plan("select l_returnflag from lineitem limit 3");
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(Spine(*plan), (std::vector<std::string>{"GlobalLimitExec", "CoalescePartitionsExec",
                                                    "LocalLimitExec", "BatchSourceExec"}))
      << DisplayPlan(**plan);
  EXPECT_EQ(testing::CollectTable(*plan, testing::MakeContext())->num_rows(), 3);

  auto distinct = Plan("select count(distinct l_returnflag) as n from lineitem");
  ASSERT_TRUE(distinct.ok()) << distinct.status().ToString();
  EXPECT_EQ(Spine(*distinct),
            (std::vector<std::string>{"ProjectionExec", "HashAggregateExec",
                                      "CoalescePartitionsExec", "BatchSourceExec"}))
      << DisplayPlan(**distinct);
  auto t = testing::CollectTable(*distinct, testing::MakeContext());
  EXPECT_EQ(Cell(t, 0, 0), "3");
}

TEST_F(PhysicalPlannerTest, SelectWithoutFromAndExplainIsRejected) {
  auto plan = Plan("select 1 + 2 as three");
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  auto t = testing::CollectTable(*plan, testing::MakeContext());
  ASSERT_EQ(t->num_rows(), 1);
  EXPECT_EQ(Cell(t, 0, 0), "3");
  auto explain = Plan("explain select 1");
  EXPECT_TRUE(explain.status().IsInvalid()) << explain.status().ToString();
}

// Joins, subqueries and set operations run end to end (bind → optimize → plan → execute) over
// small in-memory tables, the rows checked against answers worked out by hand (and by DuckDB):
//   t1(k int32, v int64, s utf8): (1, 10, a) (2, 20, b) (3, 30, c) (NULL, 40, d)
//   t2(k int64, w int64):         (1, 100) (1, 101) (3, 300) (NULL, 999) (5, 500)
class JoinSemanticsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::InitCompute();
    auto s1 = arrow::schema({arrow::field("k", arrow::int32()), arrow::field("v", arrow::int64()),
                             arrow::field("s", arrow::utf8())});
    // Two batches each, so scans have two partitions.
    auto t1 =
        MemoryTable::Make(s1, {testing::MakeBatch(s1, {"[1, 2]", "[10, 20]", R"(["a", "b"])"}),
                               testing::MakeBatch(s1, {"[3, null]", "[30, 40]", R"(["c", "d"])"})});
    auto s2 = arrow::schema({arrow::field("k", arrow::int64()), arrow::field("w", arrow::int64())});
    auto t2 = MemoryTable::Make(s2, {testing::MakeBatch(s2, {"[1, 1, 3]", "[100, 101, 300]"}),
                                     testing::MakeBatch(s2, {"[null, 5]", "[999, 500]"})});
    ASSERT_TRUE(t1.ok() && t2.ok());
    ASSERT_TRUE(catalog_->register_table("t1", *t1).ok());
    ASSERT_TRUE(catalog_->register_table("t2", *t2).ok());
  }

  arrow::Result<std::shared_ptr<arrow::Table>> Run(const std::string& sql) {
    ARROW_ASSIGN_OR_RAISE(auto statements, ParseSql(sql));
    SqlToRel binder(catalog_, functions_);
    ARROW_ASSIGN_OR_RAISE(auto logical, binder.plan_statement(statements.at(0)));
    ARROW_ASSIGN_OR_RAISE(auto optimized, Optimizer().optimize(logical, config_));
    ARROW_ASSIGN_OR_RAISE(auto physical,
                          PhysicalPlanner().create_physical_plan(optimized, config_, *functions_));
    ARROW_ASSIGN_OR_RAISE(auto batches, CollectPlan(physical, testing::MakeContext()));
    ARROW_ASSIGN_OR_RAISE(auto table, arrow::Table::FromRecordBatches(physical->schema(), batches));
    return table->CombineChunks();
  }

  // The rows of the answer as "v1|v2|...", sorted (NULL as NULL).
  std::vector<std::string> Rows(const std::string& sql) {
    auto table = Run(sql);
    EXPECT_TRUE(table.ok()) << sql << "\n" << table.status().ToString();
    if (!table.ok()) return {"<error>"};
    std::vector<std::string> rows;
    for (int64_t r = 0; r < (*table)->num_rows(); ++r) {
      std::string row;
      for (int c = 0; c < (*table)->num_columns(); ++c) {
        auto scalar = (*table)->column(c)->GetScalar(r).ValueOrDie();
        row += (c > 0 ? "|" : "") + (scalar->is_valid ? scalar->ToString() : std::string("NULL"));
      }
      rows.push_back(std::move(row));
    }
    std::sort(rows.begin(), rows.end());
    return rows;
  }

  using R = std::vector<std::string>;
  SessionConfig config_;
  std::shared_ptr<FunctionRegistry> functions_ = FunctionRegistry::MakeDefault();
  std::shared_ptr<Catalog> catalog_ = std::make_shared<Catalog>();
};

TEST_F(JoinSemanticsTest, LeftJoinOnVersusWhere) {
  // ON t2.w > 100 picks which t2 rows match; every t1 row is still there.
  EXPECT_EQ(Rows("select t1.k, t2.w from t1 left join t2 on t1.k = t2.k and t2.w > 100"),
            (R{"1|101", "2|NULL", "3|300", "NULL|NULL"}));
  // WHERE t2.w > 100 removes the padded rows too.
  EXPECT_EQ(Rows("select t1.k, t2.w from t1 left join t2 on t1.k = t2.k where t2.w > 100"),
            (R{"1|101", "3|300"}));
  EXPECT_EQ(Rows("select t1.s, t2.w from t1 left join t2 on t1.k = t2.k where t2.w is null"),
            (R{"b|NULL", "d|NULL"}));
  // ON t1.v > 10 (the preserved side): k = 1 (v = 10) finds no match but stays, padded.
  EXPECT_EQ(Rows("select t1.k, t2.w from t1 left join t2 on t1.k = t2.k and t1.v > 10"),
            (R{"1|NULL", "2|NULL", "3|300", "NULL|NULL"}));
  // WHERE t1.v > 10 drops k = 1 altogether.
  EXPECT_EQ(Rows("select t1.k, t2.w from t1 left join t2 on t1.k = t2.k where t1.v > 10"),
            (R{"2|NULL", "3|300", "NULL|NULL"}));
  EXPECT_EQ(Rows("select t1.s, t2.w from t1 right join t2 on t1.k = t2.k and t1.v > 10"),
            (R{"NULL|100", "NULL|101", "NULL|500", "NULL|999", "c|300"}));
  EXPECT_EQ(Rows("select t1.s, t2.w from t1 full join t2 on t1.k = t2.k and t2.w > 100 "
                 "where t1.v > 10 or t2.w > 400"),
            (R{"NULL|500", "NULL|999", "b|NULL", "c|300", "d|NULL"}));
}

TEST_F(JoinSemanticsTest, SemiAntiAndNullAwareJoins) {
  EXPECT_EQ(Rows("select s from t1 where exists (select 1 from t2 where t2.k = t1.k and "
                 "t2.w > 100)"),
            (R{"a", "c"}));
  EXPECT_EQ(Rows("select s from t1 where not exists (select 1 from t2 where t2.k = t1.k)"),
            (R{"b", "d"}));
  // t2.k holds a NULL: `k NOT IN (...)` is never true.
  EXPECT_EQ(Rows("select s from t1 where k not in (select k from t2)"), R{});
  EXPECT_EQ(Rows("select s from t1 where k not in (select k from t2 where k is not null)"),
            (R{"b"}));
  // As values (mark joins): NULL when unknown.
  EXPECT_EQ(Rows("select s, k in (select k from t2) as m from t1"),
            (R{"a|true", "b|NULL", "c|true", "d|NULL"}));
  EXPECT_EQ(Rows("select s, k not in (select k from t2 where k is not null) as m from t1"),
            (R{"a|false", "b|true", "c|false", "d|NULL"}));
  EXPECT_EQ(Rows("select s from t1 where exists (select 1 from t2 where t2.k = t1.k) or v = 20"),
            (R{"a", "b", "c"}));
}

TEST_F(JoinSemanticsTest, ScalarSubqueries) {
  // count(*) of no rows is 0 (b and d have no t2 rows), also inside an expression.
  EXPECT_EQ(Rows("select s, (select count(*) from t2 where t2.k = t1.k) as n from t1"),
            (R{"a|2", "b|0", "c|1", "d|0"}));
  EXPECT_EQ(Rows("select s, (select count(*) + 1 from t2 where t2.k = t1.k) as n from t1"),
            (R{"a|3", "b|1", "c|2", "d|1"}));
  // A non-equality correlation under an aggregate (the domain join).
  EXPECT_EQ(Rows("select s, (select max(w) from t2 where t2.k < t1.k) as m from t1"),
            (R{"a|NULL", "b|101", "c|101", "d|NULL"}));
  // Without an aggregate: the single value per key, NULL without rows ...
  EXPECT_EQ(Rows("select s, (select w from t2 where t2.k = t1.k and t2.w <> 101) as m from t1"),
            (R{"a|100", "b|NULL", "c|300", "d|NULL"}));
  // ... and an error when a key has two (k = 1).
  auto two = Run("select s, (select w from t2 where t2.k = t1.k) as m from t1");
  ASSERT_FALSE(two.ok());
  EXPECT_NE(two.status().message().find("more than one row"), std::string::npos)
      << two.status().ToString();
  // Uncorrelated: one row, no row (NULL), two rows (an error).
  EXPECT_EQ(Rows("select s, (select w from t2 where w > 400 and w < 600) as m from t1"),
            (R{"a|500", "b|500", "c|500", "d|500"}));
  EXPECT_EQ(Rows("select s, (select w from t2 where w > 1000) as m from t1"),
            (R{"a|NULL", "b|NULL", "c|NULL", "d|NULL"}));
  auto many = Run("select s, (select w from t2 where w > 200) as m from t1");
  ASSERT_FALSE(many.ok());
  EXPECT_NE(many.status().message().find("more than one row"), std::string::npos)
      << many.status().ToString();
  // An aggregate over no rows is one NULL row: the comparison is unknown for every t1 row.
  EXPECT_EQ(Rows("select s from t1 where v < (select max(w) from t2 where w < 100)"), R{});
  // Nested, correlated one level down.
  EXPECT_EQ(Rows("select s from t1 where k in (select k from t2 where w > (select min(w) from "
                 "t2 as x where x.k = t2.k))"),
            (R{"a"}));
}

TEST_F(JoinSemanticsTest, ReorderedCommaJoinAndSetOperations) {
  EXPECT_EQ(Rows("select a.s, b.w, c.s from t1 a, t2 b, t1 c where a.k = b.k and b.k = c.k"),
            (R{"a|100|a", "a|101|a", "c|300|c"}));
  // FULL JOIN USING: the key is whichever side has it (int32 and int64 keys meet as int64).
  EXPECT_EQ(Rows("select k, v, w from t1 full join t2 using (k)"),
            (R{"1|10|100", "1|10|101", "2|20|NULL", "3|30|300", "5|NULL|500", "NULL|40|NULL",
               "NULL|NULL|999"}));
  // Set operations treat NULLs as equal.
  EXPECT_EQ(Rows("select k from t1 intersect select k from t2"), (R{"1", "3", "NULL"}));
  EXPECT_EQ(Rows("select k from t1 except select k from t2"), (R{"2"}));
  EXPECT_EQ(Rows("select k from t2 except select k from t1"), (R{"5"}));
}

TEST_F(JoinSemanticsTest, FiltersThroughDerivedTablesAndUnions) {
  // A WHERE on the padded side of a LEFT JOIN inside a derived table still sees the padding.
  EXPECT_EQ(Rows("select * from (select t1.s, t2.w from t1 left join t2 on t1.k = t2.k) x "
                 "where x.w is null"),
            (R{"b|NULL", "d|NULL"}));
  EXPECT_EQ(Rows("select t1.s, t2.w from t1 left join t2 on t1.k = t2.k "
                 "where coalesce(t2.w, 0) = 0"),
            (R{"b|NULL", "d|NULL"}));
  EXPECT_EQ(Rows("select t2.k, t2.w from t1 full join t2 on t1.k = t2.k where t1.s is null"),
            (R{"5|500", "NULL|999"}));
  EXPECT_EQ(Rows("select * from (select k from t1 union all select k from t2) u where k > 2"),
            (R{"3", "3", "5"}));
  EXPECT_EQ(Rows("select * from (select k from t1 intersect select k from t2) u where k is null"),
            (R{"NULL"}));
  // Four tables, each join on keys after reordering; a residual condition over two tables.
  EXPECT_EQ(Rows("select count(*) from t1 a, t2 b, t1 c, t2 d "
                 "where a.k = b.k and c.k = d.k and a.k = c.k"),
            (R{"5"}));
  EXPECT_EQ(Rows("select a.s, b.w from t1 a, t2 b where a.k = b.k and a.v + b.w > 120"),
            (R{"c|300"}));
}

TEST_F(JoinSemanticsTest, ExistsOverAnAggregateWithoutGroupBy) {
  // An aggregate without GROUP BY always yields one row: EXISTS is true for every t1 row
  // and NOT EXISTS for none, correlated or not.
  EXPECT_EQ(Rows("select s from t1 where exists (select count(*) from t2 where t2.k = t1.k)"),
            (R{"a", "b", "c", "d"}));
  EXPECT_EQ(Rows("select s from t1 where not exists (select count(*) from t2 where t2.k = t1.k)"),
            R{});
}

TEST_F(JoinSemanticsTest, ExistsOverAnAggregateWithHaving) {
  // With HAVING it may yield none.
  EXPECT_EQ(Rows("select s from t1 where exists (select max(w) from t2 where t2.k = t1.k "
                 "having max(w) > 100)"),
            (R{"a", "c"}));
}

TEST_F(JoinSemanticsTest, CorrelatedScalarWithGroupByIsNullWithoutRows) {
  // With GROUP BY a key without rows has no group: the value is NULL, even for count(*).
  EXPECT_EQ(Rows("select s, (select max(w) from t2 where t2.k = t1.k group by t2.k) as n from t1"),
            (R{"a|101", "b|NULL", "c|300", "d|NULL"}));
  EXPECT_EQ(Rows("select s, (select count(*) from t2 where t2.k = t1.k group by t2.k) as n "
                 "from t1"),
            (R{"a|2", "b|NULL", "c|1", "d|NULL"}));
}

TEST_F(JoinSemanticsTest, CorrelatedScalarWithTwoGroupsForAKeyIsAnError) {
  // k = 1 has two groups (w = 100 and w = 101): an error, not two rows for 'a'.
  auto two =
      Run("select s, (select count(*) from t2 where t2.k = t1.k group by t2.w) as n "
          "from t1");
  EXPECT_FALSE(two.ok()) << (two.ok() ? (*two)->ToString() : "");
  if (!two.ok()) {
    EXPECT_NE(two.status().message().find("more than one row"), std::string::npos)
        << two.status().ToString();
  }
}

TEST_F(JoinSemanticsTest, SubqueryColumnsNamedLikeOuterColumns) {
  // The outer query's unqualified count(*) and the subquery's count(*) are different columns.
  EXPECT_EQ(Rows("select count(*) as n, (select count(*) from t1) as m from t2"), (R{"5|4"}));
  EXPECT_EQ(Rows("select k, count(*) from t2 group by k having count(*) > "
                 "(select count(*) from t1 where v > 30)"),
            (R{"1|2"}));
  EXPECT_EQ(Rows("select k, count(*) as n from t2 group by k having count(*) > "
                 "(select count(*) from t1 where t1.k = t2.k)"),
            (R{"1|2", "5|1", "NULL|1"}));
}

TEST_F(JoinSemanticsTest, UsingKeysOfEachSideStayNameable) {
  // After LEFT JOIN USING, t2.k is NULL where t1's row found no match; the merged k is not.
  EXPECT_EQ(Rows("select t1.k, t2.k, k from t1 left join t2 using (k)"),
            (R{"1|1|1", "1|1|1", "2|NULL|2", "3|3|3", "NULL|NULL|NULL"}));
  EXPECT_EQ(Rows("select k, t1.k, t2.k from t1 full join t2 using (k) where t1.k is null"),
            (R{"5|NULL|5", "NULL|NULL|NULL", "NULL|NULL|NULL"}));  // t1's NULL key, t2's
  // `*` shows the key once.
  EXPECT_EQ(Rows("select * from t1 join t2 using (k)"),
            (R{"1|10|a|100", "1|10|a|101", "3|30|c|300"}));
}

TEST_F(JoinSemanticsTest, SelfJoinsWithoutAliases) {
  // The same table twice or three times under one name (DuckDB answers 16 and 64).
  EXPECT_EQ(Rows("select count(*) from t1, t1"), (R{"16"}));
  EXPECT_EQ(Rows("select count(*) from t1, t1, t1"), (R{"64"}));
}

}  // namespace
}  // namespace quiver
