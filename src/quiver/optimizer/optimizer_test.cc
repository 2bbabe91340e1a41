#include <arrow/compute/initialize.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <gtest/gtest.h>
#include <quiver/logical/logical_filter.h>
#include <quiver/logical/logical_projection.h>
#include <quiver/logical/logical_table_scan.h>
#include <quiver/logical/testing/test_tables.h>
#include <quiver/optimizer/optimizer.h>
#include <quiver/optimizer/simplify_expressions.h>

namespace quiver {
namespace {

class OptimizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(arrow::compute::Initialize().ok());
    auto provider = catalog_->table("lineitem");
    ASSERT_TRUE(provider.ok());
    lineitem_ = *provider;
    auto t = catalog_->table("t");
    ASSERT_TRUE(t.ok());
    t_ = *t;
  }

  LogicalPlanPtr Scan(const std::string& name, const TableProviderPtr& provider) {
    auto scan = LogicalTableScan::Make(name, provider);
    EXPECT_TRUE(scan.ok());
    return *scan;
  }

  static LogicalExprPtr Date(int32_t days) {
    return LogicalExpr::Lit(std::make_shared<arrow::Date32Scalar>(days));
  }
  static LogicalExprPtr Interval(int32_t months, int32_t days) {
    return LogicalExpr::Lit(std::make_shared<arrow::MonthDayNanoIntervalScalar>(
        arrow::MonthDayNanoIntervalType::MonthDayNanos{months, days, 0}));
  }
  std::string Fold(const LogicalExprPtr& e) {
    auto s = SimplifyExpressions::Simplify(e, Scan("t", t_)->logical_schema());
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? (*s)->to_string() : "";
  }

  std::shared_ptr<Catalog> catalog_ = testing::MakeTestCatalog();
  TableProviderPtr lineitem_;
  TableProviderPtr t_;
};

TEST_F(OptimizerTest, FoldsDateIntervalArithmetic) {
  // 1998-12-01 is day 10561 since the epoch.
  EXPECT_EQ(Fold(LogicalExpr::Binary(Date(10561), BinaryOperator::kMinus, Interval(0, 90))),
            "DATE '1998-09-02'");
  // 1994-01-01 (day 8766) + 1 year.
  EXPECT_EQ(Fold(LogicalExpr::Binary(Date(8766), BinaryOperator::kPlus, Interval(12, 0))),
            "DATE '1995-01-01'");
  // 2024-01-31 (day 19753) + 1 month clamps to 2024-02-29; 2023-03-31 - 1 month → 02-28.
  EXPECT_EQ(Fold(LogicalExpr::Binary(Date(19753), BinaryOperator::kPlus, Interval(1, 0))),
            "DATE '2024-02-29'");
  EXPECT_EQ(Fold(LogicalExpr::Binary(Date(19447), BinaryOperator::kMinus, Interval(1, 0))),
            "DATE '2023-02-28'");
  // Interval first.
  EXPECT_EQ(Fold(LogicalExpr::Binary(Interval(3, 0), BinaryOperator::kPlus, Date(8766))),
            "DATE '1994-04-01'");
}

TEST_F(OptimizerTest, FoldsBooleanIdentities) {
  auto col = LogicalExpr::Col("t", "a");
  auto pred = LogicalExpr::Binary(col, BinaryOperator::kGt,
                                  LogicalExpr::Lit(std::make_shared<arrow::Int32Scalar>(1)));
  auto t = LogicalExpr::Lit(std::make_shared<arrow::BooleanScalar>(true));
  auto f = LogicalExpr::Lit(std::make_shared<arrow::BooleanScalar>(false));
  EXPECT_EQ(Fold(LogicalExpr::Binary(pred, BinaryOperator::kAnd, t)), "t.a > 1");
  EXPECT_EQ(Fold(LogicalExpr::Binary(t, BinaryOperator::kAnd, pred)), "t.a > 1");
  EXPECT_EQ(Fold(LogicalExpr::Binary(pred, BinaryOperator::kAnd, f)), "false");
  EXPECT_EQ(Fold(LogicalExpr::Binary(pred, BinaryOperator::kOr, t)), "true");
  EXPECT_EQ(Fold(LogicalExpr::Binary(pred, BinaryOperator::kOr, f)), "t.a > 1");
  EXPECT_EQ(Fold(LogicalExpr::Not(LogicalExpr::Not(pred))), "t.a > 1");
}

TEST_F(OptimizerTest, Q6PlanIsFoldedAndPushedDown) {
  // Built by hand (the binder's own output is tested in the sql layer).
  auto scan = Scan("lineitem", lineitem_);
  const auto& schema = scan->logical_schema();
  auto col = [](const char* n) { return LogicalExpr::Col("lineitem", n); };
  auto dec = [](int64_t v, int p, int s) {
    return LogicalExpr::Lit(
        std::make_shared<arrow::Decimal128Scalar>(arrow::Decimal128(v), arrow::decimal128(p, s)));
  };
  // l_discount >= 0.06 - 0.01 AND l_shipdate < DATE '1994-01-01' + INTERVAL '1' YEAR
  auto lo =
      LogicalExpr::Binary(col("l_discount"), BinaryOperator::kGtEq,
                          LogicalExpr::Binary(dec(6, 2, 2), BinaryOperator::kMinus, dec(1, 2, 2)));
  auto ship =
      LogicalExpr::Binary(col("l_shipdate"), BinaryOperator::kLt,
                          LogicalExpr::Binary(Date(8766), BinaryOperator::kPlus, Interval(12, 0)));
  auto filter = LogicalFilter::Make(LogicalExpr::Binary(lo, BinaryOperator::kAnd, ship), scan);
  ASSERT_TRUE(filter.ok()) << filter.status().ToString();
  auto proj = LogicalProjection::Make(
      {LogicalExpr::Binary(col("l_extendedprice"), BinaryOperator::kMultiply, col("l_discount"))},
      *filter);
  ASSERT_TRUE(proj.ok()) << proj.status().ToString();
  (void)schema;

  Optimizer optimizer;
  auto optimized = optimizer.optimize(*proj, SessionConfig{});
  ASSERT_TRUE(optimized.ok()) << optimized.status().ToString();
  EXPECT_EQ(DisplayLogicalPlan(*optimized),
            "Projection: lineitem.l_extendedprice * lineitem.l_discount\n"
            "  Filter: lineitem.l_discount >= 0.05 AND lineitem.l_shipdate < DATE '1995-01-01'\n"
            "    TableScan: lineitem projection=[l_extendedprice, l_discount, l_shipdate] "
            "filters=[lineitem.l_discount >= 0.05, lineitem.l_shipdate < DATE '1995-01-01']\n");
  // The folded 0.05 (decimal(3,2)) was cast to the column's decimal(15,2) exactly.
  auto f = std::static_pointer_cast<LogicalFilter>((*optimized)->inputs()[0]);
  auto lit = f->predicate()->left()->right();
  ASSERT_TRUE(lit->is(LogicalExprKind::kLiteral));
  EXPECT_TRUE(lit->value()->type->Equals(*arrow::decimal128(15, 2)));
  // Output name and type unchanged.
  EXPECT_EQ((*optimized)->schema()->field(0)->name(), (*proj)->schema()->field(0)->name());
}

TEST_F(OptimizerTest, CountStarScanKeepsOneColumn) {
  auto scan = Scan("t", t_);
  auto proj = LogicalProjection::Make(
      {LogicalExpr::Alias(LogicalExpr::Lit(std::make_shared<arrow::Int64Scalar>(1)), "one")}, scan);
  ASSERT_TRUE(proj.ok());
  auto optimized = Optimizer().optimize(*proj, SessionConfig{});
  ASSERT_TRUE(optimized.ok()) << optimized.status().ToString();
  EXPECT_EQ(DisplayLogicalPlan(*optimized),
            "Projection: 1 AS one\n"
            "  TableScan: t projection=[a]\n");
}

}  // namespace
}  // namespace quiver
