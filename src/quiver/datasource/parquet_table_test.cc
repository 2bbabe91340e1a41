#include <arrow/api.h>
#include <gtest/gtest.h>
#include <parquet/file_reader.h>
#include <parquet/metadata.h>
#include <quiver/datasource/datasource_test_util.h>
#include <quiver/datasource/parquet_exec.h>
#include <quiver/datasource/parquet_table.h>
#include <quiver/physical/expressions/binary_expr.h>
#include <quiver/physical/expressions/column_expr.h>
#include <quiver/physical/expressions/dynamic_filter_expr.h>
#include <quiver/physical/expressions/in_list_expr.h>
#include <quiver/physical/expressions/is_null_expr.h>
#include <quiver/physical/expressions/literal_expr.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <set>

namespace quiver {
namespace {

using testing::Config;
using testing::CountRows;
using testing::Int64Values;
using testing::ReadAll;
using testing::ReadPartition;
using testing::StringValues;
using testing::TempDir;
using testing::WriteParquet;

// Columns of the sample table; row i has id = i, so expected results follow from i alone.
enum Col { kId, kGrp, kName, kPrice, kDay, kScore, kMaybe };

/// Rows [begin, end): id int64, grp int32 = id/10, name string_view "name_%03d",
/// price decimal128(15,2) = id*1.50, day date32 = 10000+id, score float64 = id*0.5,
/// maybe int64 = null for id < 50, else id.
std::shared_ptr<arrow::Table> SampleTable(int64_t begin, int64_t end) {
  arrow::Int64Builder id, maybe;
  arrow::Int32Builder grp;
  arrow::StringViewBuilder name;
  arrow::Decimal128Builder price(arrow::decimal128(15, 2));
  arrow::Date32Builder day;
  arrow::DoubleBuilder score;
  for (int64_t i = begin; i < end; ++i) {
    EXPECT_TRUE(id.Append(i).ok());
    EXPECT_TRUE(grp.Append(static_cast<int32_t>(i / 10)).ok());
    char buffer[16];
    snprintf(buffer, sizeof(buffer), "name_%03d", static_cast<int>(i));
    EXPECT_TRUE(name.Append(buffer).ok());
    EXPECT_TRUE(price.Append(arrow::Decimal128(i * 150)).ok());
    EXPECT_TRUE(day.Append(static_cast<int32_t>(10000 + i)).ok());
    EXPECT_TRUE(score.Append(i * 0.5).ok());
    EXPECT_TRUE((i < 50 ? maybe.AppendNull() : maybe.Append(i)).ok());
  }
  auto schema = arrow::schema(
      {arrow::field("id", arrow::int64(), false), arrow::field("grp", arrow::int32()),
       arrow::field("name", arrow::utf8_view()), arrow::field("price", arrow::decimal128(15, 2)),
       arrow::field("day", arrow::date32()), arrow::field("score", arrow::float64()),
       arrow::field("maybe", arrow::int64())});
  return arrow::Table::Make(
      schema, {id.Finish().ValueOrDie(), grp.Finish().ValueOrDie(), name.Finish().ValueOrDie(),
               price.Finish().ValueOrDie(), day.Finish().ValueOrDie(), score.Finish().ValueOrDie(),
               maybe.Finish().ValueOrDie()});
}

std::shared_ptr<ParquetExec> AsParquet(const ExecutionPlanPtr& plan) {
  return std::dynamic_pointer_cast<ParquetExec>(plan);
}

/// All ids read by every partition of `plan`, whose column `column` is the id.
std::vector<int64_t> AllIds(const ExecutionPlan& plan, int column = 0) {
  auto partitions = ReadAll(plan);
  EXPECT_TRUE(partitions.ok()) << partitions.status().ToString();
  std::vector<int64_t> ids;
  for (const auto& batches : *partitions) {
    auto values = Int64Values(batches, column);
    ids.insert(ids.end(), values.begin(), values.end());
  }
  return ids;
}

std::vector<int64_t> Range(int64_t begin, int64_t end) {
  std::vector<int64_t> out;
  for (int64_t i = begin; i < end; ++i) out.push_back(i);
  return out;
}

class ParquetTableTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(arrow::compute::Initialize().ok()); }

  /// One file of ids 0..99 in row groups of 10.
  std::string WriteSingle() {
    auto path = dir_.file("single.parquet");
    EXPECT_TRUE(WriteParquet(path, *SampleTable(0, 100), 10).ok());
    return path;
  }

  /// Three files in nested directories: ids 0..39 (row groups of 10), 40..69 (of 7),
  /// 70..99 (of 15): 4 + 5 + 2 = 11 row groups. A stray non-Parquet file is ignored.
  std::string WriteDirectory() {
    EXPECT_TRUE(WriteParquet(dir_.file("t/a/part-0.parquet"), *SampleTable(0, 40), 10).ok());
    EXPECT_TRUE(WriteParquet(dir_.file("t/b/part-1.parquet"), *SampleTable(40, 70), 7).ok());
    EXPECT_TRUE(WriteParquet(dir_.file("t/part-2.parquet"), *SampleTable(70, 100), 15).ok());
    testing::WriteText(dir_.file("t/README.txt"), "not parquet");
    return dir_.path() + "/t";
  }

  TempDir dir_;
};

TEST_F(ParquetTableTest, ReadsAllRowsWithStringViewAsUtf8) {
  QUIVER_ASSIGN_OR_FAIL(table, ParquetTable::Make(WriteSingle()));
  EXPECT_EQ(table->stored_schema()->field(kName)->type()->id(), arrow::Type::STRING_VIEW);
  EXPECT_TRUE(table->schema()->field(kName)->type()->Equals(arrow::utf8()));
  EXPECT_TRUE(table->schema()->field(kPrice)->type()->Equals(arrow::decimal128(15, 2)));
  EXPECT_FALSE(table->schema()->field(kId)->nullable());
  EXPECT_EQ(table->total_row_groups(), 10);
  EXPECT_EQ(table->total_rows(), 100);

  ScanArgs args;
  args.config = Config(1);
  QUIVER_ASSIGN_OR_FAIL(plan, table->scan(args));
  ASSERT_EQ(plan->output_partition_count(), 1);
  EXPECT_TRUE(plan->schema()->Equals(*table->schema()));
  QUIVER_ASSIGN_OR_FAIL(batches, ReadPartition(*plan, 0));
  EXPECT_EQ(Int64Values(batches, kId), Range(0, 100));
  auto names = StringValues(batches, kName);
  ASSERT_EQ(names.size(), 100u);
  EXPECT_EQ(names[0], "name_000");
  EXPECT_EQ(names[42], "name_042");
  // Nulls survive: ids below 50 have a null `maybe`.
  EXPECT_EQ(Int64Values(batches, kMaybe), Range(50, 100));
}

TEST_F(ParquetTableTest, DictionaryEncodedAndPlainStringsBothReadAsUtf8) {
  // flag: 3 distinct values and nulls, all pages dictionary-encoded (read as a dictionary);
  // text: unique strings with a 64-byte dictionary page limit, so the writer falls back to
  // plain pages after its first dictionary page (read value by value). Both are string_view in the
  // file, utf8 in the engine.
  auto path = dir_.file("dict.parquet");
  QUIVER_ASSERT_OK(testing::WriteFlagAndTextParquet(path));
  // The file really has both kinds of column (else this test would not cover both paths).
  auto metadata = parquet::ParquetFileReader::OpenFile(path)->metadata();
  ASSERT_EQ(metadata->num_row_groups(), 3);
  auto all_dictionary = [&](int column) {
    for (int rg = 0; rg < metadata->num_row_groups(); ++rg) {
      auto chunk = metadata->RowGroup(rg)->ColumnChunk(column);  // outlives the loop
      for (const auto& stats : chunk->encoding_stats()) {
        if (stats.page_type == parquet::PageType::DATA_PAGE &&
            stats.encoding != parquet::Encoding::RLE_DICTIONARY &&
            stats.encoding != parquet::Encoding::PLAIN_DICTIONARY) {
          return false;
        }
      }
    }
    return true;
  };
  EXPECT_TRUE(all_dictionary(1));
  EXPECT_FALSE(all_dictionary(2));

  QUIVER_ASSIGN_OR_FAIL(provider, ParquetTable::Make(path));
  // Distinct values for estimates: the id range, the flag's dictionaries (3 entries in each
  // row group), nothing for the text column whose pages fell back to plain.
  EXPECT_EQ(provider->distinct_estimate(0), std::optional<int64_t>(300));
  EXPECT_EQ(provider->distinct_estimate(1), std::optional<int64_t>(3));
  EXPECT_EQ(provider->distinct_estimate(2), std::nullopt);
  for (int batch_size : {8192, 64}) {  // batches within and across row groups
    ScanArgs args;
    args.config = Config(2, batch_size);
    QUIVER_ASSIGN_OR_FAIL(plan, provider->scan(args));
    QUIVER_ASSIGN_OR_FAIL(partitions, ReadAll(*plan));
    std::vector<std::shared_ptr<arrow::RecordBatch>> batches;
    for (const auto& p : partitions) batches.insert(batches.end(), p.begin(), p.end());
    std::vector<int64_t> ids = Int64Values(batches, 0);
    ASSERT_EQ(ids.size(), 300u);
    int64_t row = 0;
    for (const auto& batch : batches) {
      ASSERT_TRUE(batch->column(1)->type()->Equals(arrow::utf8()));
      ASSERT_TRUE(batch->column(2)->type()->Equals(arrow::utf8()));
      const auto& flag_out = static_cast<const arrow::StringArray&>(*batch->column(1));
      const auto& text_out = static_cast<const arrow::StringArray&>(*batch->column(2));
      for (int64_t i = 0; i < batch->num_rows(); ++i, ++row) {
        const int64_t k = ids[row];
        if (k % 7 == 3) {
          EXPECT_TRUE(flag_out.IsNull(i)) << k;
        } else {
          EXPECT_EQ(flag_out.GetString(i), testing::kFlags[k % 3]) << k;
        }
        EXPECT_EQ(text_out.GetString(i), "unique text number " + std::to_string(k));
      }
    }
  }
}

TEST_F(ParquetTableTest, ProjectionReadsOnlyThoseColumnsInOrder) {
  QUIVER_ASSIGN_OR_FAIL(table, ParquetTable::Make(WriteSingle()));
  ScanArgs args;
  args.config = Config(1);
  args.projection = std::vector<int>{kName, kId, kName};
  QUIVER_ASSIGN_OR_FAIL(plan, table->scan(args));
  ASSERT_EQ(plan->schema()->num_fields(), 3);
  EXPECT_EQ(plan->schema()->field(0)->name(), "name");
  EXPECT_EQ(plan->schema()->field(1)->name(), "id");
  EXPECT_TRUE(plan->schema()->field(0)->type()->Equals(arrow::utf8()));
  QUIVER_ASSIGN_OR_FAIL(batches, ReadPartition(*plan, 0));
  EXPECT_EQ(Int64Values(batches, 1), Range(0, 100));
  auto first = StringValues(batches, 0);
  auto third = StringValues(batches, 2);
  EXPECT_EQ(first, third);
  EXPECT_EQ(first[7], "name_007");
  EXPECT_NE(plan->to_string().find("projection=[name, id, name]"), std::string::npos)
      << plan->to_string();
}

// Sizes for join sides and broadcast choices are of the decoded columns (what a build side
// holds), not of Parquet's encoded pages.
TEST_F(ParquetTableTest, StatisticsCountDecodedBytesOfTheProjectedColumns) {
  QUIVER_ASSIGN_OR_FAIL(table, ParquetTable::Make(WriteDirectory()));
  ScanArgs args;
  args.config = Config(2);
  args.projection = std::vector<int>{kId, kDay, kPrice};
  QUIVER_ASSIGN_OR_FAIL(plan, table->scan(args));
  auto stats = plan->statistics();
  ASSERT_TRUE(stats.num_rows && stats.total_byte_size);
  EXPECT_EQ(*stats.num_rows, 100);
  EXPECT_EQ(*stats.total_byte_size, 100 * (8 + 4 + 16));

  args.projection = std::vector<int>{kName};  // "name_%03d": 8 bytes, plus 4-byte offsets
  QUIVER_ASSIGN_OR_FAIL(names, table->scan(args));
  ASSERT_TRUE(names->statistics().total_byte_size);
  EXPECT_GE(*names->statistics().total_byte_size, 100 * (8 + 4));
  auto all = table->statistics();
  ASSERT_TRUE(all.total_byte_size);
  EXPECT_GT(*all.total_byte_size, 100 * (8 + 4 + 4 + 16 + 4 + 8 + 8));
}

TEST_F(ParquetTableTest, EmptyProjectionCountsRows) {
  QUIVER_ASSIGN_OR_FAIL(table, ParquetTable::Make(WriteDirectory()));
  ScanArgs args;
  args.config = Config(3, /*batch_size=*/4);
  args.projection = std::vector<int>{};
  QUIVER_ASSIGN_OR_FAIL(plan, table->scan(args));
  EXPECT_EQ(plan->schema()->num_fields(), 0);
  QUIVER_ASSIGN_OR_FAIL(partitions, ReadAll(*plan));
  int64_t rows = 0;
  for (const auto& batches : partitions) {
    for (const auto& batch : batches) EXPECT_LE(batch->num_rows(), 4);
    rows += CountRows(batches);
  }
  EXPECT_EQ(rows, 100);
}

TEST_F(ParquetTableTest, BatchSizeFromConfig) {
  QUIVER_ASSIGN_OR_FAIL(table, ParquetTable::Make(WriteSingle()));
  ScanArgs args;
  args.config = Config(1, /*batch_size=*/3);
  QUIVER_ASSIGN_OR_FAIL(plan, table->scan(args));
  QUIVER_ASSIGN_OR_FAIL(batches, ReadPartition(*plan, 0));
  for (const auto& batch : batches) EXPECT_LE(batch->num_rows(), 3);
  EXPECT_EQ(CountRows(batches), 100);
}

TEST_F(ParquetTableTest, DirectoryFormsOneTableInPathOrder) {
  QUIVER_ASSIGN_OR_FAIL(table, ParquetTable::Make(WriteDirectory()));
  ASSERT_EQ(table->files().size(), 3u);
  EXPECT_NE(table->files()[0].path.find("t/a/part-0.parquet"), std::string::npos);
  EXPECT_NE(table->files()[1].path.find("t/b/part-1.parquet"), std::string::npos);
  EXPECT_NE(table->files()[2].path.find("t/part-2.parquet"), std::string::npos);
  EXPECT_EQ(table->total_row_groups(), 11);
  ScanArgs args;
  args.config = Config(1);
  args.projection = std::vector<int>{kId};
  QUIVER_ASSIGN_OR_FAIL(plan, table->scan(args));
  EXPECT_EQ(AllIds(*plan), Range(0, 100));
  EXPECT_NE(plan->to_string().find("files=3, row_groups=11 of 11, partitions=1"), std::string::npos)
      << plan->to_string();
}

TEST_F(ParquetTableTest, RelativePathAndMissingPath) {
  WriteSingle();
  auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir_.path());
  auto table = ParquetTable::Make("single.parquet");
  std::filesystem::current_path(cwd);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ((*table)->total_rows(), 100);

  auto missing = ParquetTable::Make(dir_.path() + "/nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("nope"), std::string::npos);

  std::filesystem::create_directories(dir_.path() + "/empty");
  auto empty = ParquetTable::Make(dir_.path() + "/empty");
  ASSERT_FALSE(empty.ok());
  EXPECT_TRUE(empty.status().IsInvalid());
}

TEST_F(ParquetTableTest, SchemaMismatchNamesTheFile) {
  ASSERT_TRUE(WriteParquet(dir_.file("m/1.parquet"), *SampleTable(0, 10), 10).ok());
  auto other = SampleTable(10, 20)->RemoveColumn(kScore).ValueOrDie();
  ASSERT_TRUE(WriteParquet(dir_.file("m/2.parquet"), *other, 10).ok());
  auto table = ParquetTable::Make(dir_.path() + "/m");
  ASSERT_FALSE(table.ok());
  EXPECT_TRUE(table.status().IsInvalid());
  EXPECT_NE(table.status().message().find("2.parquet"), std::string::npos)
      << table.status().ToString();
}

TEST_F(ParquetTableTest, NotParquetIsAnError) {
  testing::WriteText(dir_.file("bad.parquet"), "this is not a parquet file at all");
  auto table = ParquetTable::Make(dir_.path() + "/bad.parquet");
  ASSERT_FALSE(table.ok());
  EXPECT_NE(table.status().message().find("bad.parquet"), std::string::npos);
}

TEST_F(ParquetTableTest, PartitionsAreBalancedContiguousAndCoverEveryRowOnce) {
  QUIVER_ASSIGN_OR_FAIL(table, ParquetTable::Make(WriteDirectory()));
  for (int target : {1, 2, 3, 4, 7, 11, 50}) {
    ScanArgs args;
    args.config = Config(target);
    args.projection = std::vector<int>{kId};
    QUIVER_ASSIGN_OR_FAIL(plan, table->scan(args));
    auto exec = AsParquet(plan);
    ASSERT_TRUE(exec);
    const int expected_partitions = std::min(target, 11);
    ASSERT_EQ(plan->output_partition_count(), expected_partitions) << target;
    QUIVER_ASSIGN_OR_FAIL(partitions, ReadAll(*plan));
    std::vector<int64_t> all;
    int64_t largest = 0;
    for (size_t p = 0; p < partitions.size(); ++p) {
      auto ids = Int64Values(partitions[p], 0);
      EXPECT_FALSE(ids.empty()) << "partition " << p << " of " << target;
      // Contiguous runs in file order: each partition continues where the previous ended.
      EXPECT_EQ(ids, Range(static_cast<int64_t>(all.size()),
                           static_cast<int64_t>(all.size() + ids.size())));
      all.insert(all.end(), ids.begin(), ids.end());
      largest = std::max<int64_t>(largest, ids.size());
    }
    EXPECT_EQ(all, Range(0, 100));
    // Balanced: no partition exceeds its fair share by more than the largest unit (15 rows).
    EXPECT_LE(largest, (100 + expected_partitions - 1) / expected_partitions + 15) << target;
  }
}

TEST_F(ParquetTableTest, SliceForTaskCoversEveryRowOnce) {
  QUIVER_ASSIGN_OR_FAIL(table, ParquetTable::Make(WriteDirectory()));
  ScanArgs args;
  args.config = Config(3);
  args.projection = std::vector<int>{kId, kName};
  QUIVER_ASSIGN_OR_FAIL(plan, table->scan(args));
  auto exec = AsParquet(plan);
  ASSERT_TRUE(exec);
  EXPECT_EQ(exec->scan_unit_count(), 11);
  for (int tasks : {1, 2, 3, 5, 11, 14}) {
    std::vector<int64_t> all;
    int units = 0;
    for (int t = 0; t < tasks; ++t) {
      QUIVER_ASSIGN_OR_FAIL(slice, exec->slice_for_task(t, tasks));
      EXPECT_TRUE(slice->schema()->Equals(*plan->schema()));
      auto slice_exec = AsParquet(slice);
      ASSERT_TRUE(slice_exec);
      const int slice_units = slice_exec->scan_unit_count();
      units += slice_units;
      // Same partitions in every task, even with fewer units than partitions.
      EXPECT_EQ(slice->output_partition_count(), 3) << tasks;
      auto ids = AllIds(*slice);
      all.insert(all.end(), ids.begin(), ids.end());
    }
    EXPECT_EQ(units, 11) << tasks;
    std::sort(all.begin(), all.end());
    EXPECT_EQ(all, Range(0, 100)) << tasks;
  }
  EXPECT_FALSE(exec->slice_for_task(3, 3).ok());
  EXPECT_FALSE(exec->slice_for_task(0, 0).ok());
}

TEST_F(ParquetTableTest, PartitionsRunConcurrently) {
  QUIVER_ASSIGN_OR_FAIL(table, ParquetTable::Make(WriteDirectory()));
  ScanArgs args;
  args.config = Config(4, /*batch_size=*/5);
  args.projection = std::vector<int>{kId, kName};
  QUIVER_ASSIGN_OR_FAIL(plan, table->scan(args));
  ASSERT_EQ(plan->output_partition_count(), 4);
  QUIVER_ASSIGN_OR_FAIL(batches, CollectPlan(plan, testing::MakeContext()));
  auto ids = Int64Values(batches, 0);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, Range(0, 100));
}

// --- pruning -------------------------------------------------------------------------------

PhysicalExprPtr Col(const std::string& name, int index) {
  return std::make_shared<ColumnExpr>(name, index);
}
PhysicalExprPtr Lit(std::shared_ptr<arrow::Scalar> value) {
  return std::make_shared<LiteralExpr>(std::move(value));
}
PhysicalExprPtr Lit(int64_t value) { return Lit(arrow::MakeScalar(value)); }
PhysicalExprPtr Bin(BinaryOperator op, PhysicalExprPtr l, PhysicalExprPtr r) {
  return std::make_shared<BinaryExpr>(op, std::move(l), std::move(r));
}
PhysicalExprPtr Id() { return Col("id", kId); }

class ParquetPruningTest : public ParquetTableTest {
 protected:
  void SetUp() override {
    ParquetTableTest::SetUp();
    auto table = ParquetTable::Make(WriteSingle());  // row groups of ids [10k, 10k+10)
    ASSERT_TRUE(table.ok());
    table_ = *table;
  }

  /// Scans with `filters` and checks that exactly `expected_rows` rows are read (whole row
  /// groups) and that every id `matches` accepts is among them.
  void Check(std::vector<PhysicalExprPtr> filters, int64_t expected_rows,
             const std::function<bool(int64_t)>& matches, bool pruning = true) {
    ScanArgs args;
    args.config = Config(2, 8192, pruning);
    args.projection = std::vector<int>{kId};
    args.filters = std::move(filters);
    auto plan = table_->scan(args);
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    auto ids = AllIds(**plan);
    EXPECT_EQ(static_cast<int64_t>(ids.size()), expected_rows) << (*plan)->to_string();
    std::set<int64_t> read(ids.begin(), ids.end());
    for (int64_t i = 0; i < 100; ++i) {
      if (matches(i)) EXPECT_TRUE(read.count(i)) << "row " << i << " pruned wrongly";
    }
  }

  std::shared_ptr<ParquetTable> table_;
};

TEST_F(ParquetPruningTest, Comparisons) {
  Check({Bin(BinaryOperator::kLt, Id(), Lit(25))}, 30, [](int64_t i) { return i < 25; });
  Check({Bin(BinaryOperator::kGt, Lit(25), Id())}, 30, [](int64_t i) { return i < 25; });
  Check({Bin(BinaryOperator::kLtEq, Id(), Lit(10))}, 20, [](int64_t i) { return i <= 10; });
  Check({Bin(BinaryOperator::kGt, Id(), Lit(89))}, 10, [](int64_t i) { return i > 89; });
  Check({Bin(BinaryOperator::kGtEq, Id(), Lit(89))}, 20, [](int64_t i) { return i >= 89; });
  Check({Bin(BinaryOperator::kLtEq, Lit(95), Id())}, 10, [](int64_t i) { return i >= 95; });
  Check({Bin(BinaryOperator::kEq, Id(), Lit(42))}, 10, [](int64_t i) { return i == 42; });
  Check({Bin(BinaryOperator::kEq, Id(), Lit(1000))}, 0, [](int64_t) { return false; });
  Check({Bin(BinaryOperator::kNotEq, Id(), Lit(5))}, 100, [](int64_t i) { return i != 5; });
  // grp is constant within a row group, so != can prove a row group empty.
  Check({Bin(BinaryOperator::kNotEq, Col("grp", kGrp), Lit(arrow::MakeScalar(int32_t{3})))}, 90,
        [](int64_t i) { return i / 10 != 3; });
}

TEST_F(ParquetPruningTest, LiteralTypesDifferingFromTheColumn) {
  // int64 column against int32 and double literals: compared without truncating 5.5 to 5.
  Check({Bin(BinaryOperator::kLt, Id(), Lit(arrow::MakeScalar(int32_t{25})))}, 30,
        [](int64_t i) { return i < 25; });
  Check({Bin(BinaryOperator::kLt, Id(), Lit(arrow::MakeScalar(9.5)))}, 10,
        [](int64_t i) { return i < 9.5; });
  Check({Bin(BinaryOperator::kGt, Id(), Lit(arrow::MakeScalar(89.5)))}, 10,
        [](int64_t i) { return i > 89.5; });
}

TEST_F(ParquetPruningTest, TypedColumns) {
  // utf8 literal against the string_view-stored name column.
  Check({Bin(BinaryOperator::kLt, Col("name", kName), Lit(arrow::MakeScalar("name_020")))}, 20,
        [](int64_t i) { return i < 20; });
  Check({Bin(BinaryOperator::kEq, Col("name", kName), Lit(arrow::MakeScalar("name_055")))}, 10,
        [](int64_t i) { return i == 55; });
  // decimal: price = id * 1.50 >= 135.00 <=> id >= 90; literal of another precision.
  auto price =
      std::make_shared<arrow::Decimal128Scalar>(arrow::Decimal128(13500), arrow::decimal128(7, 2));
  Check({Bin(BinaryOperator::kGtEq, Col("price", kPrice), Lit(price))}, 10,
        [](int64_t i) { return i >= 90; });
  // date32: day = 10000 + id < 10015 <=> id < 15.
  auto day = std::make_shared<arrow::Date32Scalar>(10015);
  Check({Bin(BinaryOperator::kLt, Col("day", kDay), Lit(day))}, 20,
        [](int64_t i) { return i < 15; });
  // float64: score = id * 0.5 > 44.9 <=> id >= 90.
  Check({Bin(BinaryOperator::kGt, Col("score", kScore), Lit(arrow::MakeScalar(44.9)))}, 10,
        [](int64_t i) { return i * 0.5 > 44.9; });
  // float != never prunes (statistics leave NaN out).
  Check({Bin(BinaryOperator::kNotEq, Col("score", kScore), Lit(arrow::MakeScalar(0.0)))}, 100,
        [](int64_t i) { return i != 0; });
}

TEST_F(ParquetPruningTest, ConjunctionsDisjunctionsAndUnknownParts) {
  Check({Bin(BinaryOperator::kGtEq, Id(), Lit(20)), Bin(BinaryOperator::kLt, Id(), Lit(40))}, 20,
        [](int64_t i) { return i >= 20 && i < 40; });
  Check({Bin(BinaryOperator::kAnd, Bin(BinaryOperator::kGtEq, Id(), Lit(20)),
             Bin(BinaryOperator::kLt, Id(), Lit(40)))},
        20, [](int64_t i) { return i >= 20 && i < 40; });
  Check({Bin(BinaryOperator::kOr, Bin(BinaryOperator::kLt, Id(), Lit(10)),
             Bin(BinaryOperator::kGtEq, Id(), Lit(90)))},
        20, [](int64_t i) { return i < 10 || i >= 90; });
  // id + 1 < 5 is not understood: nothing may be skipped because of it...
  auto plus = Bin(BinaryOperator::kLt, Bin(BinaryOperator::kPlus, Id(), Lit(1)), Lit(5));
  Check({plus}, 100, [](int64_t i) { return i + 1 < 5; });
  // ...and an OR with an unknown side keeps everything, while AND with it still prunes.
  Check({Bin(BinaryOperator::kOr, plus, Bin(BinaryOperator::kLt, Id(), Lit(10)))}, 100,
        [](int64_t i) { return i + 1 < 5 || i < 10; });
  Check({Bin(BinaryOperator::kAnd, plus, Bin(BinaryOperator::kLt, Id(), Lit(10)))}, 10,
        [](int64_t i) { return i + 1 < 5 && i < 10; });
  // column against column: unknown.
  Check({Bin(BinaryOperator::kLt, Id(), Col("maybe", kMaybe))}, 100,
        [](int64_t i) { return i >= 50; });
}

TEST_F(ParquetPruningTest, InListIsNullAndNullLiterals) {
  auto in = [](std::vector<std::shared_ptr<arrow::Scalar>> values, bool negated) {
    return std::make_shared<InListExpr>(Id(), std::move(values), negated);
  };
  Check({in({arrow::MakeScalar(int64_t{5}), arrow::MakeScalar(int64_t{77})}, false)}, 20,
        [](int64_t i) { return i == 5 || i == 77; });
  Check({in({arrow::MakeScalar(int64_t{5}), arrow::MakeScalar(int64_t{77})}, true)}, 100,
        [](int64_t i) { return i != 5 && i != 77; });
  Check({in({arrow::MakeNullScalar(arrow::int64())}, false)}, 0, [](int64_t) { return false; });
  Check({Bin(BinaryOperator::kEq, Id(), Lit(arrow::MakeNullScalar(arrow::int64())))}, 0,
        [](int64_t) { return false; });

  auto maybe = Col("maybe", kMaybe);
  Check({std::make_shared<IsNullExpr>(maybe, false)}, 50, [](int64_t i) { return i < 50; });
  Check({std::make_shared<IsNullExpr>(maybe, true)}, 50, [](int64_t i) { return i >= 50; });
  // Row groups that are entirely null cannot satisfy a comparison.
  Check({Bin(BinaryOperator::kLt, maybe, Lit(1000))}, 50, [](int64_t i) { return i >= 50; });
  Check({std::make_shared<IsNullExpr>(Id(), false)}, 0, [](int64_t) { return false; });
}

TEST_F(ParquetPruningTest, DisabledByConfigAndShownInPlan) {
  auto filter = Bin(BinaryOperator::kLt, Id(), Lit(25));
  Check(
      {filter}, 100, [](int64_t i) { return i < 25; }, /*pruning=*/false);

  ScanArgs args;
  args.config = Config(4);
  args.filters = {filter};
  QUIVER_ASSIGN_OR_FAIL(plan, table_->scan(args));
  auto exec = AsParquet(plan);
  ASSERT_TRUE(exec);
  ASSERT_EQ(exec->pruning_filters().size(), 1u);
  EXPECT_EQ(exec->scan_unit_count(), 3);
  EXPECT_EQ(plan->output_partition_count(), 3);
  const std::string text = plan->to_string();
  EXPECT_NE(text.find("ParquetExec: files=1, row_groups=3 of 10, partitions=3, projection=[id, "
                      "grp, name, price, day, score, maybe], pruning=["),
            std::string::npos)
      << text;
}

TEST_F(ParquetPruningTest, EverythingPrunedGivesOneEmptyPartition) {
  ScanArgs args;
  args.config = Config(4);
  args.filters = {Bin(BinaryOperator::kGt, Id(), Lit(500))};
  QUIVER_ASSIGN_OR_FAIL(plan, table_->scan(args));
  EXPECT_EQ(plan->output_partition_count(), 1);
  QUIVER_ASSIGN_OR_FAIL(batches, ReadPartition(*plan, 0));
  EXPECT_EQ(CountRows(batches), 0);
  auto exec = AsParquet(plan);
  QUIVER_ASSIGN_OR_FAIL(slice, exec->slice_for_task(1, 2));
  EXPECT_EQ(slice->output_partition_count(), 1);
}

// --- real TPC-H data (optional) ------------------------------------------------------------

TEST(ParquetTpchTest, LineitemSf001) {
  const char* dir = std::getenv("QUIVER_TPCH_DIR");
  if (!dir) GTEST_SKIP() << "set QUIVER_TPCH_DIR to a tpchgen-cli SF0.01 Parquet directory";
  QUIVER_ASSIGN_OR_FAIL(table, ParquetTable::Make(std::string(dir) + "/lineitem"));
  auto schema = table->schema();
  ASSERT_EQ(schema->num_fields(), 16);
  EXPECT_EQ(schema->field(0)->name(), "l_orderkey");
  EXPECT_TRUE(schema->field(0)->type()->Equals(arrow::int64()));
  EXPECT_TRUE(schema->field(4)->type()->Equals(arrow::decimal128(15, 2)));
  EXPECT_TRUE(schema->field(8)->type()->Equals(arrow::utf8()));
  EXPECT_TRUE(schema->field(10)->type()->Equals(arrow::date32()));
  EXPECT_EQ(schema->field(15)->name(), "l_comment");
  EXPECT_EQ(table->total_rows(), 60175);

  ScanArgs args;
  args.config = Config(4);
  args.projection = std::vector<int>{4, 8, 10};  // l_quantity, l_returnflag, l_shipdate
  QUIVER_ASSIGN_OR_FAIL(plan, table->scan(args));
  QUIVER_ASSIGN_OR_FAIL(partitions, ReadAll(*plan));
  int64_t rows = 0;
  for (const auto& batches : partitions) rows += CountRows(batches);
  EXPECT_EQ(rows, 60175);

  // Files are sorted by l_orderkey, so a key range prunes most row groups; the rows in the
  // range are the same as a full scan finds.
  auto count_below = [&](const ExecutionPlan& plan, int64_t bound) {
    int64_t n = 0;
    for (int64_t key : AllIds(plan)) n += key < bound;
    return n;
  };
  args.projection = std::vector<int>{0};
  QUIVER_ASSIGN_OR_FAIL(full, table->scan(args));
  args.filters = {Bin(BinaryOperator::kLt, Col("l_orderkey", 0), Lit(int64_t{3000}))};
  QUIVER_ASSIGN_OR_FAIL(pruned, table->scan(args));
  auto pruned_exec = AsParquet(pruned);
  ASSERT_TRUE(pruned_exec);
  EXPECT_LT(pruned_exec->scan_unit_count(), table->total_row_groups()) << pruned->to_string();
  const int64_t expected = count_below(*full, 3000);
  EXPECT_GT(expected, 0);
  EXPECT_EQ(count_below(*pruned, 3000), expected);
}

// A join's dynamic filter pushed into the scan (over its output columns, here column 1 = id):
// nothing is filtered until it is complete; then row groups and rows outside the build keys
// go, through a projection that reorders columns (the pruning maps them to the file's).
TEST_F(ParquetTableTest, DynamicFilterSkipsRowsOnceComplete) {
  QUIVER_ASSIGN_OR_FAIL(table, ParquetTable::Make(WriteSingle()));
  ScanArgs args;
  args.config = Config(2);
  args.projection = std::vector<int>{kName, kId};
  QUIVER_ASSIGN_OR_FAIL(plan, table->scan(args));
  auto filter = std::make_shared<DynamicFilterExpr>(
      std::vector<PhysicalExprPtr>{std::make_shared<ColumnExpr>("id", 1)});
  QUIVER_ASSIGN_OR_FAIL(pushed, plan->try_push_dynamic_filter(filter));
  ASSERT_NE(pushed, nullptr);
  EXPECT_EQ(AllIds(*pushed, 1), Range(0, 100));  // not complete: everything

  QUIVER_ASSERT_OK(filter->update({DynamicFilterExpr::KeyBounds{
      arrow::MakeScalar(int64_t{25}), arrow::MakeScalar(int64_t{34}), nullptr}}));
  ASSERT_TRUE(filter->complete());
  // A fresh copy of the plan: a partition's stream reads once.
  QUIVER_ASSIGN_OR_FAIL(again, plan->try_push_dynamic_filter(filter));
  auto ids = AllIds(*again, 1);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, Range(25, 35));

  auto empty = std::make_shared<DynamicFilterExpr>(
      std::vector<PhysicalExprPtr>{std::make_shared<ColumnExpr>("id", 1)});
  empty->mark_empty();
  QUIVER_ASSIGN_OR_FAIL(none, plan->try_push_dynamic_filter(empty));
  EXPECT_TRUE(AllIds(*none, 1).empty());
  EXPECT_NE(none->to_string().find("dynamic_filters=["), std::string::npos) << none->to_string();
}

}  // namespace
}  // namespace quiver
