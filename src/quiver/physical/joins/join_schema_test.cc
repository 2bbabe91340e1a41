#include <arrow/api.h>
#include <gtest/gtest.h>
#include <quiver/common/join_type.h>
#include <quiver/physical/expressions/binary_expr.h>
#include <quiver/physical/joins/join_schema.h>
#include <quiver/physical/testing/test_util.h>

namespace quiver {
namespace {

using namespace quiver::testing;  // NOLINT

std::string SchemaFor(JoinType type) {
  auto left = arrow::schema({arrow::field("a", arrow::int64(), false)});
  auto right = arrow::schema({arrow::field("b", arrow::utf8(), false)});
  return JoinOutputSchema(*left, *right, type)->ToString();
}

TEST(JoinSchemaTest, OutputSchemaPerJoinType) {
  EXPECT_EQ(SchemaFor(JoinType::kInner), "a: int64 not null\nb: string not null");
  EXPECT_EQ(SchemaFor(JoinType::kLeft), "a: int64 not null\nb: string");
  EXPECT_EQ(SchemaFor(JoinType::kRight), "a: int64\nb: string not null");
  EXPECT_EQ(SchemaFor(JoinType::kFull), "a: int64\nb: string");
  EXPECT_EQ(SchemaFor(JoinType::kLeftSemi), "a: int64 not null");
  EXPECT_EQ(SchemaFor(JoinType::kLeftAnti), "a: int64 not null");
  EXPECT_EQ(SchemaFor(JoinType::kRightSemi), "b: string not null");
  EXPECT_EQ(SchemaFor(JoinType::kRightAnti), "b: string not null");
  EXPECT_EQ(SchemaFor(JoinType::kLeftMark), "a: int64 not null\nmark: bool");
  EXPECT_EQ(SchemaFor(JoinType::kRightMark), "b: string not null\nmark: bool");
}

TEST(JoinSchemaTest, RightMarkMirrorsLeftMark) {
  EXPECT_EQ(JoinTypeName(JoinType::kRightMark), "RightMark");
  EXPECT_FALSE(JoinOutputsLeft(JoinType::kRightMark));
  EXPECT_TRUE(JoinOutputsRight(JoinType::kRightMark));
  EXPECT_TRUE(JoinOutputsLeft(JoinType::kLeftMark));
  EXPECT_FALSE(JoinOutputsRight(JoinType::kLeftMark));
  EXPECT_EQ(SwapJoinType(JoinType::kLeftMark), JoinType::kRightMark);
  EXPECT_EQ(SwapJoinType(JoinType::kRightMark), JoinType::kLeftMark);
}

TEST(JoinSchemaTest, ShiftColumnsRebindsNestedColumns) {
  PhysicalExprPtr expr =
      std::make_shared<BinaryExpr>(BinaryOperator::kPlus, Col("x", 0), Col("y", 2));
  EXPECT_EQ(ShiftColumns(expr, 3).ValueOrDie()->to_string(), "x@3 + y@5");
  auto p = ShiftPartitioning(Partitioning::Hash({Col("x", 1)}, 4), 2);
  EXPECT_EQ(p.to_string(), "Hash([x@3], 4)");
}

}  // namespace
}  // namespace quiver
