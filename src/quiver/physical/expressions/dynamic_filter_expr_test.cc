#include <arrow/api.h>
#include <gtest/gtest.h>
#include <quiver/physical/expressions/binary_expr.h>
#include <quiver/physical/expressions/dynamic_filter_expr.h>
#include <quiver/physical/expressions/in_list_expr.h>
#include <quiver/physical/testing/test_util.h>

#include <thread>

namespace quiver {
namespace {

using namespace quiver::testing;  // NOLINT

std::shared_ptr<arrow::Scalar> I64(int64_t v) { return arrow::MakeScalar(v); }

DynamicFilterExpr::KeyBounds Bounds(int64_t min, int64_t max, const std::string& values = "") {
  DynamicFilterExpr::KeyBounds b;
  b.min = I64(min);
  b.max = I64(max);
  if (!values.empty()) b.values = MakeArray(arrow::int64(), values);
  return b;
}

std::shared_ptr<arrow::RecordBatch> Probe() {
  auto s = arrow::schema({arrow::field("x", arrow::int64()), arrow::field("y", arrow::int64())});
  return MakeBatch(s, {"[0, 1, 2, 3, 4, 5, null]", "[5, 4, 3, 2, 1, 0, 9]"});
}

TEST(DynamicFilterExprTest, TrueUntilComplete) {
  InitCompute();
  DynamicFilterExpr filter({Col("x", 0)});
  EXPECT_FALSE(filter.complete());
  EXPECT_EQ(filter.to_string(), "DynamicFilter [ true ]");
  auto all = EvaluateToArray(filter, *Probe()).ValueOrDie();
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::boolean(), "[true, true, true, true, true, true, true]"),
                         all);
  EXPECT_EQ(filter.data_type(*Probe()->schema()).ValueOrDie()->id(), arrow::Type::BOOL);
}

TEST(DynamicFilterExprTest, BoundsAndValueSet) {
  InitCompute();
  DynamicFilterExpr filter({Col("x", 0)});
  ASSERT_TRUE(filter.update({Bounds(1, 4, "[4, 1, 2]")}).ok());
  EXPECT_TRUE(filter.complete());
  EXPECT_EQ(filter.to_string(), "DynamicFilter [ x@0 >= 1 AND x@0 <= 4 AND x@0 IN (4, 1, 2) ]");
  // The predicate is made of the ordinary nodes scans know how to prune with.
  auto current = filter.current();
  auto* conj = dynamic_cast<const BinaryExpr*>(current.get());
  ASSERT_NE(conj, nullptr);
  EXPECT_EQ(conj->op(), BinaryOperator::kAnd);
  EXPECT_NE(dynamic_cast<const InListExpr*>(conj->right().get()), nullptr);
  QUIVER_EXPECT_ARRAY_EQ(
      MakeArray(arrow::boolean(), "[false, true, true, false, true, false, null]"),
      EvaluateToArray(filter, *Probe()).ValueOrDie());
}

TEST(DynamicFilterExprTest, RangeOnlyWithoutValues) {
  InitCompute();
  DynamicFilterExpr filter({Col("x", 0)});
  ASSERT_TRUE(filter.update({Bounds(2, 3)}).ok());
  EXPECT_EQ(filter.current()->to_string(), "x@0 >= 2 AND x@0 <= 3");
  QUIVER_EXPECT_ARRAY_EQ(
      MakeArray(arrow::boolean(), "[false, false, true, true, false, false, null]"),
      EvaluateToArray(filter, *Probe()).ValueOrDie());
}

TEST(DynamicFilterExprTest, SeveralContributorsMergeTheirBounds) {
  InitCompute();
  DynamicFilterExpr filter({Col("x", 0), Col("y", 1)});
  filter.set_expected_contributors(3);
  ASSERT_TRUE(filter.update({Bounds(3, 4, "[3, 4]"), Bounds(0, 1)}).ok());
  EXPECT_FALSE(filter.complete());
  EXPECT_EQ(filter.current()->to_string(), "true");
  filter.mark_empty();  // a partition without rows widens nothing
  EXPECT_FALSE(filter.complete());
  ASSERT_TRUE(filter.update({Bounds(1, 2, "[1]"), Bounds(3, 4)}).ok());
  EXPECT_TRUE(filter.complete());
  EXPECT_EQ(filter.current()->to_string(),
            "x@0 >= 1 AND x@0 <= 4 AND x@0 IN (3, 4, 1) AND y@1 >= 0 AND y@1 <= 4");
  // Contributions after completion change nothing.
  ASSERT_TRUE(filter.update({Bounds(-100, 100), Bounds(-100, 100)}).ok());
  EXPECT_EQ(filter.current()->to_string(),
            "x@0 >= 1 AND x@0 <= 4 AND x@0 IN (3, 4, 1) AND y@1 >= 0 AND y@1 <= 4");
}

TEST(DynamicFilterExprTest, ValueSetDroppedWhenOneContributorHasNone) {
  InitCompute();
  DynamicFilterExpr filter({Col("x", 0)});
  filter.set_expected_contributors(2);
  ASSERT_TRUE(filter.update({Bounds(1, 2, "[1, 2]")}).ok());
  ASSERT_TRUE(filter.update({Bounds(5, 9)}).ok());  // too many values to list
  EXPECT_EQ(filter.current()->to_string(), "x@0 >= 1 AND x@0 <= 9");
}

TEST(DynamicFilterExprTest, UnsetBoundsConstrainNothing) {
  InitCompute();
  DynamicFilterExpr filter({Col("x", 0), Col("y", 1)});
  ASSERT_TRUE(filter.update({DynamicFilterExpr::KeyBounds{}, Bounds(1, 1)}).ok());
  EXPECT_EQ(filter.current()->to_string(), "y@1 >= 1 AND y@1 <= 1");
  DynamicFilterExpr open({Col("x", 0)});
  ASSERT_TRUE(open.update({DynamicFilterExpr::KeyBounds{}}).ok());
  EXPECT_TRUE(open.complete());
  EXPECT_EQ(open.current()->to_string(), "true");
}

TEST(DynamicFilterExprTest, EmptyBuildIsFalse) {
  InitCompute();
  DynamicFilterExpr filter({Col("x", 0)});
  filter.set_expected_contributors(2);
  filter.mark_empty();
  EXPECT_EQ(filter.current()->to_string(), "true");
  filter.mark_empty();
  EXPECT_TRUE(filter.complete());
  EXPECT_EQ(filter.to_string(), "DynamicFilter [ false ]");
  auto datum = filter.evaluate(*Probe()).ValueOrDie();
  ASSERT_TRUE(datum.is_scalar());
  EXPECT_FALSE(static_cast<const arrow::BooleanScalar&>(*datum.scalar()).value);
}

TEST(DynamicFilterExprTest, WithNewChildrenSharesTheBounds) {
  InitCompute();
  auto filter = std::make_shared<DynamicFilterExpr>(std::vector<PhysicalExprPtr>{Col("k", 0)});
  // As when pushed through a projection into a scan where the key is column 1.
  auto pushed = filter->with_new_children({Col("y", 1)}).ValueOrDie();
  EXPECT_EQ(pushed->to_string(), "DynamicFilter [ true ]");
  ASSERT_TRUE(filter->update({Bounds(0, 2)}).ok());
  EXPECT_EQ(pushed->to_string(), "DynamicFilter [ y@1 >= 0 AND y@1 <= 2 ]");
  EXPECT_EQ(filter->to_string(), "DynamicFilter [ k@0 >= 0 AND k@0 <= 2 ]");
  QUIVER_EXPECT_ARRAY_EQ(
      MakeArray(arrow::boolean(), "[false, false, false, true, true, true, false]"),
      EvaluateToArray(*pushed, *Probe()).ValueOrDie());
  EXPECT_TRUE(filter->with_new_children({}).status().IsInvalid());
}

TEST(DynamicFilterExprTest, RejectsMismatchedUpdates) {
  InitCompute();
  DynamicFilterExpr filter({Col("x", 0)});
  filter.set_expected_contributors(2);
  EXPECT_TRUE(filter.update({Bounds(1, 2), Bounds(1, 2)}).IsInvalid());
  ASSERT_TRUE(filter.update({Bounds(1, 2)}).ok());
  DynamicFilterExpr::KeyBounds strings;
  strings.min = arrow::MakeScalar(std::string("a"));
  strings.max = arrow::MakeScalar(std::string("b"));
  EXPECT_TRUE(filter.update({strings}).IsInvalid());
  EXPECT_FALSE(filter.complete());
}

TEST(DynamicFilterExprTest, ConcurrentContributors) {
  InitCompute();
  DynamicFilterExpr filter({Col("x", 0)});
  filter.set_expected_contributors(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&filter, i] { ASSERT_TRUE(filter.update({Bounds(i, i + 10)}).ok()); });
  }
  for (auto& t : threads) t.join();
  EXPECT_TRUE(filter.complete());
  EXPECT_EQ(filter.current()->to_string(), "x@0 >= 0 AND x@0 <= 17");
}

}  // namespace
}  // namespace quiver
