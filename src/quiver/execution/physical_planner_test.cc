#include <arrow/type.h>
#include <gtest/gtest.h>
#include <quiver/execution/physical_planner.h>
#include <quiver/logical/testing/test_tables.h>
#include <quiver/optimizer/optimizer.h>
#include <quiver/physical/testing/test_util.h>
#include <quiver/sql/parser.h>
#include <quiver/sql/sql_to_rel.h>

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

}  // namespace
}  // namespace quiver
