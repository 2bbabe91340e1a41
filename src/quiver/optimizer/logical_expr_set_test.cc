// LogicalExprSet lives in logical/; its test sits with the optimizer rules that use it (the
// logical layer has no test binary of its own).
#include <arrow/compute/initialize.h>
#include <gtest/gtest.h>
#include <quiver/logical/logical_expr_set.h>
#include <quiver/logical/testing/test_tables.h>

namespace quiver {
namespace {

using testing::Gt;
using testing::Int32Lit;
using testing::Int64Lit;

TEST(LogicalExprSetTest, EqualExpressionsOnceDifferentOnesEvenWhenTheyPrintAlike) {
  LogicalExprSet set;
  auto a_gt_1 = Gt(LogicalExpr::Col("t", "a"), Int32Lit(1));
  EXPECT_TRUE(set.insert(a_gt_1));
  // Built again, the same expression: found by structure, not by pointer.
  EXPECT_FALSE(set.insert(Gt(LogicalExpr::Col("t", "a"), Int32Lit(1))));
  EXPECT_TRUE(set.contains(Gt(LogicalExpr::Col("t", "a"), Int32Lit(1))));
  // Prints as "t.a > 1" too, but compares an int64 literal: a different expression.
  auto int64_one = Gt(LogicalExpr::Col("t", "a"), Int64Lit(1));
  ASSERT_EQ(int64_one->to_string(), a_gt_1->to_string());
  EXPECT_FALSE(set.contains(int64_one));
  EXPECT_TRUE(set.insert(int64_one));
  EXPECT_FALSE(set.contains(Gt(LogicalExpr::Col("u", "a"), Int32Lit(1))));
  LogicalExprSet from({a_gt_1, int64_one, a_gt_1});
  EXPECT_TRUE(from.contains(int64_one));
}

}  // namespace
}  // namespace quiver
