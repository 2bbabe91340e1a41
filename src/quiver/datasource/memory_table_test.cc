#include <arrow/api.h>
#include <gtest/gtest.h>
#include <quiver/datasource/datasource_test_util.h>
#include <quiver/datasource/memory_exec.h>
#include <quiver/datasource/memory_table.h>

#include <algorithm>

namespace quiver {
namespace {

using testing::Config;
using testing::Int64Values;
using testing::ReadAll;
using testing::ReadPartition;

std::shared_ptr<arrow::Schema> Schema() {
  return arrow::schema({arrow::field("id", arrow::int64()), arrow::field("x", arrow::int64())});
}

/// Batch of ids [begin, end) with x = 10 * id.
std::shared_ptr<arrow::RecordBatch> Batch(int64_t begin, int64_t end) {
  arrow::Int64Builder x;
  for (int64_t i = begin; i < end; ++i) EXPECT_TRUE(x.Append(10 * i).ok());
  return arrow::RecordBatch::Make(Schema(), end - begin,
                                  {testing::Int64Range(begin, end), x.Finish().ValueOrDie()});
}

/// Five batches of 0..9, 10..29, 30..34, 35..35 (empty), 35..99.
std::vector<std::shared_ptr<arrow::RecordBatch>> Batches() {
  return {Batch(0, 10), Batch(10, 30), Batch(30, 35), Batch(35, 35), Batch(35, 100)};
}

std::vector<int64_t> Sorted(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<int64_t> Range(int64_t begin, int64_t end) {
  std::vector<int64_t> out;
  for (int64_t i = begin; i < end; ++i) out.push_back(i);
  return out;
}

TEST(MemoryTableTest, BatchesDealtRoundRobin) {
  QUIVER_ASSIGN_OR_FAIL(table, MemoryTable::Make(Batches()));
  ScanArgs args;
  args.config = Config(3);
  QUIVER_ASSIGN_OR_FAIL(plan, table->scan(args));
  ASSERT_EQ(plan->output_partition_count(), 3);
  QUIVER_ASSIGN_OR_FAIL(partitions, ReadAll(*plan));
  // Batches 0,3 -> partition 0; 1,4 -> 1; 2 -> 2.
  EXPECT_EQ(Int64Values(partitions[0], 0), Range(0, 10));
  auto p1 = Range(10, 30);
  auto tail = Range(35, 100);
  p1.insert(p1.end(), tail.begin(), tail.end());
  EXPECT_EQ(Int64Values(partitions[1], 0), p1);
  EXPECT_EQ(Int64Values(partitions[2], 0), Range(30, 35));

  args.config = Config(16);
  QUIVER_ASSIGN_OR_FAIL(wide, table->scan(args));
  EXPECT_EQ(wide->output_partition_count(), 5);
}

TEST(MemoryTableTest, ProjectionAndToString) {
  QUIVER_ASSIGN_OR_FAIL(table, MemoryTable::Make(Batches()));
  ScanArgs args;
  args.config = Config(1);
  args.projection = std::vector<int>{1};
  QUIVER_ASSIGN_OR_FAIL(plan, table->scan(args));
  ASSERT_EQ(plan->schema()->num_fields(), 1);
  EXPECT_EQ(plan->schema()->field(0)->name(), "x");
  QUIVER_ASSIGN_OR_FAIL(batches, ReadPartition(*plan, 0));
  auto x = Int64Values(batches, 0);
  ASSERT_EQ(x.size(), 100u);
  EXPECT_EQ(x[42], 420);
  EXPECT_EQ(plan->to_string(), "MemoryExec: partitions=1, batches=5, rows=100, projection=[x]");

  args.projection = std::vector<int>{2};
  EXPECT_FALSE(table->scan(args).ok());
}

TEST(MemoryTableTest, EmptyTableHasOneEmptyPartition) {
  QUIVER_ASSIGN_OR_FAIL(table, MemoryTable::Make(Schema(), {}));
  ScanArgs args;
  args.config = Config(4);
  QUIVER_ASSIGN_OR_FAIL(plan, table->scan(args));
  ASSERT_EQ(plan->output_partition_count(), 1);
  QUIVER_ASSIGN_OR_FAIL(batches, ReadPartition(*plan, 0));
  EXPECT_TRUE(batches.empty());
  EXPECT_FALSE(plan->execute(1, testing::MakeContext()).ok());
  EXPECT_FALSE(MemoryTable::Make({}).ok());
}

TEST(MemoryTableTest, MismatchedBatchIsInvalid) {
  auto other = arrow::RecordBatch::Make(arrow::schema({arrow::field("id", arrow::int32())}), 0,
                                        {arrow::MakeEmptyArray(arrow::int32()).ValueOrDie()});
  auto result = MemoryTable::Make({Batch(0, 3), other});
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.status().IsInvalid());
  EXPECT_NE(result.status().message().find("batch 1"), std::string::npos);
}

TEST(MemoryTableTest, SliceForTaskCoversEveryRowOnce) {
  QUIVER_ASSIGN_OR_FAIL(table, MemoryTable::Make(Batches()));
  ScanArgs args;
  args.config = Config(2);
  QUIVER_ASSIGN_OR_FAIL(plan, table->scan(args));
  auto exec = std::dynamic_pointer_cast<MemoryExec>(plan);
  ASSERT_TRUE(exec);
  EXPECT_EQ(exec->scan_unit_count(), 5);
  for (int tasks : {1, 2, 3, 5, 8}) {
    std::vector<int64_t> all;
    int units = 0;
    for (int t = 0; t < tasks; ++t) {
      QUIVER_ASSIGN_OR_FAIL(slice, exec->slice_for_task(t, tasks));
      auto slice_exec = std::dynamic_pointer_cast<MemoryExec>(slice);
      ASSERT_TRUE(slice_exec);
      units += slice_exec->scan_unit_count();
      // Same partitions in every task, even with fewer units than partitions.
      EXPECT_EQ(slice->output_partition_count(), 2) << tasks;
      EXPECT_TRUE(slice->schema()->Equals(*plan->schema()));
      QUIVER_ASSIGN_OR_FAIL(partitions, ReadAll(*slice));
      for (const auto& batches : partitions) {
        auto ids = Int64Values(batches, 0);
        all.insert(all.end(), ids.begin(), ids.end());
      }
    }
    EXPECT_EQ(units, 5);
    EXPECT_EQ(Sorted(all), Range(0, 100)) << tasks;
  }
}

}  // namespace
}  // namespace quiver
