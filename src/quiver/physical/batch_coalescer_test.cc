#include <gtest/gtest.h>
#include <quiver/physical/batch_coalescer.h>
#include <quiver/physical/testing/test_util.h>

namespace quiver {
namespace {

using namespace quiver::testing;  // NOLINT

std::shared_ptr<arrow::RecordBatch> Rows(int64_t first, int64_t n) {
  auto schema = arrow::schema({arrow::field("v", arrow::int64())});
  std::string json = "[";
  for (int64_t i = 0; i < n; ++i) json += (i ? ", " : "") + std::to_string(first + i);
  return MakeBatch(schema, {json + "]"});
}

// Drains the coalescer: the row counts of the ready batches, checking values run on.
std::vector<int64_t> Drain(BatchCoalescer* c, int64_t* next_value) {
  std::vector<int64_t> sizes;
  while (auto b = c->Next()) {
    auto v = std::static_pointer_cast<arrow::Int64Array>(b->column(0));
    for (int64_t i = 0; i < b->num_rows(); ++i) EXPECT_EQ(v->Value(i), (*next_value)++);
    sizes.push_back(b->num_rows());
  }
  return sizes;
}

TEST(BatchCoalescerTest, SmallBatchesBecomeTargetSizedInOrder) {
  BatchCoalescer c(10);
  int64_t value = 0;
  std::vector<int64_t> sizes;
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(c.Push(Rows(3 * i, 3)).ok());
    for (auto n : Drain(&c, &value)) sizes.push_back(n);
  }
  EXPECT_EQ(c.pending_rows(), 1);
  ASSERT_TRUE(c.Finish().ok());
  for (auto n : Drain(&c, &value)) sizes.push_back(n);
  EXPECT_EQ(sizes, (std::vector<int64_t>{10, 10, 1}));
  EXPECT_EQ(value, 21);
}

TEST(BatchCoalescerTest, LargeBatchesPassThroughOrAreSliced) {
  BatchCoalescer c(10);
  auto half = Rows(0, 6);
  ASSERT_TRUE(c.Push(half).ok());
  auto out = c.Next();
  EXPECT_EQ(out, half);  // no copy
  int64_t value = 6;
  ASSERT_TRUE(c.Push(Rows(6, 24)).ok());
  EXPECT_EQ(Drain(&c, &value), (std::vector<int64_t>{10, 10}));
  EXPECT_EQ(c.pending_rows(), 4);  // 4 < half the target: waits for more
  ASSERT_TRUE(c.Push(Rows(30, 2)).ok());
  ASSERT_TRUE(c.Finish().ok());
  EXPECT_EQ(Drain(&c, &value), (std::vector<int64_t>{6}));
  EXPECT_EQ(value, 32);
  // Empty input and empty batches give nothing.
  BatchCoalescer empty(10);
  ASSERT_TRUE(empty.Push(Rows(0, 0)).ok());
  ASSERT_TRUE(empty.Finish().ok());
  EXPECT_EQ(empty.Next(), nullptr);
}

}  // namespace
}  // namespace quiver
