#include <arrow/compute/initialize.h>
#include <gtest/gtest.h>
#include <quiver/logical/logical_filter.h>
#include <quiver/logical/logical_join.h>
#include <quiver/logical/logical_limit.h>
#include <quiver/logical/logical_projection.h>
#include <quiver/logical/logical_sort.h>
#include <quiver/logical/logical_table_scan.h>
#include <quiver/logical/testing/test_tables.h>
#include <quiver/optimizer/push_down_limit.h>

namespace quiver {
namespace {

using testing::Gt;
using testing::Int32Lit;
using testing::Must;

// Plans over t(a int32, b int64, c utf8, d float64, e date32), scanned as t and u.
class PushDownLimitTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(arrow::compute::Initialize().ok()); }

  LogicalPlanPtr Scan(const std::string& name = "t") {
    return Must(LogicalTableScan::Make(name, t_));
  }
  static LogicalPlanPtr Limit(LogicalPlanPtr input, int64_t skip, std::optional<int64_t> fetch) {
    return Must(LogicalLimit::Make(std::move(input), skip, fetch));
  }
  static LogicalPlanPtr Sort(LogicalPlanPtr input, std::optional<int64_t> fetch = std::nullopt) {
    return Must(LogicalSort::Make(std::move(input),
                                  {SortExpr{LogicalExpr::Col("t", "a"), true, false}}, fetch));
  }
  static std::string Push(const LogicalPlanPtr& plan) {
    auto out = PushDownLimit().rewrite(plan, SessionConfig{});
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? DisplayLogicalPlan(*out) : "";
  }

  TableProviderPtr t_ = *testing::MakeTestCatalog()->table("t");
};

TEST_F(PushDownLimitTest, ThroughProjectionIntoTheScan) {
  auto projection = Must(LogicalProjection::Make({LogicalExpr::Col("t", "a")}, Scan()));
  EXPECT_EQ(Push(Limit(projection, 0, 5)),
            "Projection: t.a\n"
            "  Limit: skip=0, fetch=5\n"
            "    TableScan: t fetch=5\n");
  // The scan must produce the skipped rows too.
  EXPECT_EQ(Push(Limit(Scan(), 2, 3)),
            "Limit: skip=2, fetch=3\n"
            "  TableScan: t fetch=5\n");
}

TEST_F(PushDownLimitTest, IntoASortAsTopK) {
  // Nothing to skip: the sort's fetch replaces the limit.
  EXPECT_EQ(Push(Limit(Sort(Scan()), 0, 3)),
            "Sort: t.a ASC NULLS LAST, fetch=3\n"
            "  TableScan: t\n");
  // OFFSET 2 LIMIT 3: the top 5, then the limit skips 2.
  EXPECT_EQ(Push(Limit(Sort(Scan()), 2, 3)),
            "Limit: skip=2, fetch=3\n"
            "  Sort: t.a ASC NULLS LAST, fetch=5\n"
            "    TableScan: t\n");
  // A sort that already keeps fewer rows keeps its fetch.
  EXPECT_EQ(Push(Limit(Sort(Scan(), 4), 0, 10)),
            "Sort: t.a ASC NULLS LAST, fetch=4\n"
            "  TableScan: t\n");
}

TEST_F(PushDownLimitTest, NotPastFiltersJoinsOrWithoutFetch) {
  auto filtered = Must(LogicalFilter::Make(Gt(LogicalExpr::Col("t", "a"), Int32Lit(1)), Scan()));
  EXPECT_EQ(Push(Limit(filtered, 0, 3)),
            "Limit: skip=0, fetch=3\n"
            "  Filter: t.a > 1\n"
            "    TableScan: t\n");
  auto join = Must(LogicalJoin::Make(Scan("t"), Scan("u"), JoinType::kLeft,
                                     {{LogicalExpr::Col("t", "a"), LogicalExpr::Col("u", "a")}}));
  EXPECT_EQ(Push(Limit(join, 0, 3)),
            "Limit: skip=0, fetch=3\n"
            "  Join: type=Left, on=[t.a = u.a]\n"
            "    TableScan: t\n"
            "    TableScan: u\n");
  // OFFSET alone bounds nothing.
  EXPECT_EQ(Push(Limit(Sort(Scan()), 2, std::nullopt)),
            "Limit: skip=2, fetch=None\n"
            "  Sort: t.a ASC NULLS LAST\n"
            "    TableScan: t\n");
}

}  // namespace
}  // namespace quiver
