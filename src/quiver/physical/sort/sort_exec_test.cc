#include <gtest/gtest.h>
#include <quiver/physical/sort/sort_exec.h>
#include <quiver/physical/sort/sort_preserving_merge_exec.h>
#include <quiver/physical/testing/batch_source_exec.h>
#include <quiver/physical/testing/test_util.h>

namespace quiver {
namespace {

using namespace quiver::testing;  // NOLINT

std::shared_ptr<arrow::Schema> Schema() {
  return arrow::schema({arrow::field("x", arrow::int64()), arrow::field("s", arrow::utf8())});
}

std::shared_ptr<BatchSourceExec> Source() {
  auto s = Schema();
  return std::make_shared<BatchSourceExec>(
      s, BatchSourceExec::Partitions{{MakeBatch(s, {"[3, null, 1]", R"(["c", "n1", "a"])"}),
                                      MakeBatch(s, {"[5, 2]", R"(["e", "b"])"})},
                                     {MakeBatch(s, {"[4, null, 0]", R"(["d", "n2", "z"])"})}});
}

TEST(SortExecTest, AscendingNullsLastAcrossPartitions) {
  InitCompute();
  auto sort = std::make_shared<SortExec>(LexOrdering{{Col("x", 0), false, false}}, Source(),
                                         std::nullopt, false);
  EXPECT_EQ(sort->output_partition_count(), 1);
  auto table = CollectTable(sort, MakeContext(/*batch_size=*/3));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[0, 1, 2, 3, 4, 5, null, null]"),
                         Column(table, 0));
  EXPECT_EQ(sort->to_string(), "SortExec: expr=[x@0 ASC NULLS LAST], preserve_partitioning=false");
}

TEST(SortExecTest, DescendingNullsFirstPerPartition) {
  InitCompute();
  auto sort = std::make_shared<SortExec>(LexOrdering{{Col("x", 0), true, true}}, Source(),
                                         std::nullopt, true);
  EXPECT_EQ(sort->output_partition_count(), 2);
  auto table = CollectTable(sort, MakeContext());
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[null, 5, 3, 2, 1, null, 4, 0]"),
                         Column(table, 0));
}

TEST(SortExecTest, TopKKeepsFirstRows) {
  InitCompute();
  auto sort =
      std::make_shared<SortExec>(LexOrdering{{Col("x", 0), true, false}}, Source(), 3, false);
  // batch_size 1 makes the top-K buffer trim after nearly every batch.
  auto table = CollectTable(sort, MakeContext(/*batch_size=*/1));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[5, 4, 3]"), Column(table, 0));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::utf8(), R"(["e", "d", "c"])"), Column(table, 1));
  EXPECT_EQ(sort->to_string(),
            "SortExec: TopK(fetch=3), expr=[x@0 DESC NULLS LAST], preserve_partitioning=false");
}

TEST(SortExecTest, MultiKeyStringThenInt) {
  InitCompute();
  auto s = Schema();
  auto source = std::make_shared<BatchSourceExec>(
      s, BatchSourceExec::Partitions{{MakeBatch(s, {"[1, 2, 3, 4]", R"(["b", "a", "b", "a"])"})}});
  auto sort = std::make_shared<SortExec>(
      LexOrdering{{Col("s", 1), false, false}, {Col("x", 0), true, false}}, source);
  auto table = CollectTable(sort, MakeContext());
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[4, 2, 3, 1]"), Column(table, 0));
}

std::shared_ptr<BatchSourceExec> SortedPartitions() {
  // Three partitions, each sorted by x ASC NULLS FIRST, with batches of uneven size.
  auto s = Schema();
  return std::make_shared<BatchSourceExec>(
      s, BatchSourceExec::Partitions{
             {MakeBatch(s, {"[null, 1, 4]", R"(["p0a", "p0b", "p0c"])"}),
              MakeBatch(s, {"[7, 9]", R"(["p0d", "p0e"])"})},
             {MakeBatch(s, {"[2]", R"(["p1a"])"}),
              MakeBatch(s, {"[4, 5, 10]", R"(["p1b", "p1c", "p1d"])"})},
             {MakeBatch(s, {"[null, 3, 6, 8]", R"(["p2a", "p2b", "p2c", "p2d"])"})}});
}

TEST(SortPreservingMergeExecTest, MergesThreeSortedPartitions) {
  InitCompute();
  auto merge = std::make_shared<SortPreservingMergeExec>(LexOrdering{{Col("x", 0), false, true}},
                                                         SortedPartitions());
  EXPECT_EQ(merge->output_partition_count(), 1);
  auto table = CollectTable(merge, MakeContext(/*batch_size=*/4));
  QUIVER_EXPECT_ARRAY_EQ(
      MakeArray(arrow::int64(), "[null, null, 1, 2, 3, 4, 4, 5, 6, 7, 8, 9, 10]"),
      Column(table, 0));
  // Ties keep partition order: the null of p0 before that of p2, 4 of p0 before 4 of p1.
  QUIVER_EXPECT_ARRAY_EQ(
      MakeArray(arrow::utf8(), R"(["p0a", "p2a", "p0b", "p1a", "p2b", "p0c", "p1b", "p1c",
                                   "p2c", "p0d", "p2d", "p0e", "p1d"])"),
      Column(table, 1));
}

TEST(SortPreservingMergeExecTest, HonoursFetch) {
  InitCompute();
  auto merge = std::make_shared<SortPreservingMergeExec>(LexOrdering{{Col("x", 0), false, true}},
                                                         SortedPartitions(), 5);
  auto table = CollectTable(merge, MakeContext());
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[null, null, 1, 2, 3]"), Column(table, 0));
  EXPECT_EQ(merge->to_string(), "SortPreservingMergeExec: [x@0 ASC NULLS FIRST], fetch=5");
}

TEST(SortPreservingMergeExecTest, MergesDescendingStrings) {
  InitCompute();
  auto s = Schema();
  auto source = std::make_shared<BatchSourceExec>(
      s, BatchSourceExec::Partitions{{MakeBatch(s, {"[1, 2]", R"(["z", "b"])"})},
                                     {MakeBatch(s, {"[3, 4, 5]", R"(["y", "c", null])"})}});
  auto merge =
      std::make_shared<SortPreservingMergeExec>(LexOrdering{{Col("s", 1), true, false}}, source);
  auto table = CollectTable(merge, MakeContext());
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::utf8(), R"(["z", "y", "c", "b", null])"),
                         Column(table, 1));
}

}  // namespace
}  // namespace quiver
