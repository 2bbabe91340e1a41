#include <arrow/api.h>
#include <gtest/gtest.h>
#include <quiver/datasource/csv_exec.h>
#include <quiver/datasource/csv_table.h>
#include <quiver/datasource/datasource_test_util.h>

#include <algorithm>

namespace quiver {
namespace {

using testing::Config;
using testing::CountRows;
using testing::Int64Values;
using testing::ReadAll;
using testing::ReadPartition;
using testing::StringValues;
using testing::TempDir;
using testing::WriteText;

/// CSV rows id,price,name,day for ids [begin, end), with `delimiter`.
std::string Rows(int begin, int end, char delimiter = ',') {
  std::string out;
  for (int i = begin; i < end; ++i) {
    char day[16];
    snprintf(day, sizeof(day), "2020-01-%02d", 1 + i % 28);
    out += std::to_string(i) + delimiter + std::to_string(i) + ".5" + delimiter + "n" +
           std::to_string(i) + delimiter + day + "\n";
  }
  return out;
}

const char* kHeader = "id,price,name,day\n";

std::vector<int64_t> Range(int64_t begin, int64_t end) {
  std::vector<int64_t> out;
  for (int64_t i = begin; i < end; ++i) out.push_back(i);
  return out;
}

class CsvTableTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(arrow::compute::Initialize().ok()); }
  TempDir dir_;
};

TEST_F(CsvTableTest, InfersSchemaFromHeaderAndReadsAllRows) {
  WriteText(dir_.file("t.csv"), kHeader + Rows(0, 50));
  QUIVER_ASSIGN_OR_FAIL(table, CsvTable::Make(dir_.path() + "/t.csv"));
  auto schema = table->schema();
  ASSERT_EQ(schema->num_fields(), 4);
  EXPECT_EQ(schema->field(0)->name(), "id");
  EXPECT_TRUE(schema->field(0)->type()->Equals(arrow::int64()));
  EXPECT_TRUE(schema->field(1)->type()->Equals(arrow::float64()));
  EXPECT_TRUE(schema->field(2)->type()->Equals(arrow::utf8()));
  EXPECT_TRUE(schema->field(3)->type()->Equals(arrow::date32()));

  ScanArgs args;
  args.config = Config(4, /*batch_size=*/7);
  QUIVER_ASSIGN_OR_FAIL(plan, table->scan(args));
  EXPECT_EQ(plan->output_partition_count(), 1);  // one file
  QUIVER_ASSIGN_OR_FAIL(batches, ReadPartition(*plan, 0));
  for (const auto& batch : batches) EXPECT_LE(batch->num_rows(), 7);
  EXPECT_EQ(Int64Values(batches, 0), Range(0, 50));
  EXPECT_EQ(StringValues(batches, 2)[13], "n13");
}

TEST_F(CsvTableTest, ProjectionReadsChosenColumnsInOrder) {
  WriteText(dir_.file("t.csv"), kHeader + Rows(0, 20));
  QUIVER_ASSIGN_OR_FAIL(table, CsvTable::Make(dir_.path() + "/t.csv"));
  ScanArgs args;
  args.config = Config(1);
  args.projection = std::vector<int>{2, 0};
  QUIVER_ASSIGN_OR_FAIL(plan, table->scan(args));
  ASSERT_EQ(plan->schema()->num_fields(), 2);
  EXPECT_EQ(plan->schema()->field(0)->name(), "name");
  EXPECT_EQ(plan->schema()->field(1)->name(), "id");
  QUIVER_ASSIGN_OR_FAIL(batches, ReadPartition(*plan, 0));
  EXPECT_EQ(Int64Values(batches, 1), Range(0, 20));
  EXPECT_EQ(StringValues(batches, 0)[5], "n5");
  EXPECT_EQ(plan->to_string(),
            "CsvExec: files=1, partitions=1, has_header=true, delimiter=',', "
            "projection=[name, id]");

  args.projection = std::vector<int>{};
  QUIVER_ASSIGN_OR_FAIL(count_plan, table->scan(args));
  QUIVER_ASSIGN_OR_FAIL(count_batches, ReadPartition(*count_plan, 0));
  EXPECT_EQ(CountRows(count_batches), 20);
  for (const auto& batch : count_batches) EXPECT_EQ(batch->num_columns(), 0);
}

TEST_F(CsvTableTest, NoHeaderAndDelimiter) {
  WriteText(dir_.file("t.tbl"), Rows(0, 10, '|'));
  CsvFormatOptions options;
  options.has_header = false;
  options.delimiter = '|';
  QUIVER_ASSIGN_OR_FAIL(table, CsvTable::Make(dir_.path() + "/t.tbl", options));
  ASSERT_EQ(table->schema()->num_fields(), 4);
  EXPECT_EQ(table->schema()->field(0)->name(), "column_1");
  EXPECT_EQ(table->schema()->field(3)->name(), "column_4");
  ScanArgs args;
  args.config = Config(1);
  QUIVER_ASSIGN_OR_FAIL(plan, table->scan(args));
  QUIVER_ASSIGN_OR_FAIL(batches, ReadPartition(*plan, 0));
  // The first line is data, not a header.
  EXPECT_EQ(Int64Values(batches, 0), Range(0, 10));
}

TEST_F(CsvTableTest, ExplicitSchema) {
  WriteText(dir_.file("t.csv"), std::string("a,b,c,d\n") + Rows(0, 10));
  CsvFormatOptions options;
  options.schema =
      arrow::schema({arrow::field("k", arrow::int32()), arrow::field("p", arrow::float64()),
                     arrow::field("s", arrow::utf8()), arrow::field("d", arrow::utf8())});
  QUIVER_ASSIGN_OR_FAIL(table, CsvTable::Make(dir_.path() + "/t.csv", options));
  EXPECT_TRUE(table->schema()->Equals(*options.schema));
  ScanArgs args;
  args.config = Config(1);
  args.projection = std::vector<int>{0, 3};
  QUIVER_ASSIGN_OR_FAIL(plan, table->scan(args));
  QUIVER_ASSIGN_OR_FAIL(batches, ReadPartition(*plan, 0));
  ASSERT_FALSE(batches.empty());
  EXPECT_TRUE(batches[0]->column(0)->type()->Equals(arrow::int32()));
  EXPECT_EQ(CountRows(batches), 10);
  EXPECT_EQ(StringValues(batches, 1)[0], "2020-01-01");
}

TEST_F(CsvTableTest, DirectoryPartitionsRoundRobinAndSlices) {
  // Five files of 10, 20, 30, 40, 50 rows; ids continue across files.
  int begin = 0;
  for (int f = 0; f < 5; ++f) {
    const int rows = 10 * (f + 1);
    WriteText(dir_.file("d/sub/f" + std::to_string(f) + ".csv"),
              kHeader + Rows(begin, begin + rows));
    begin += rows;
  }
  WriteText(dir_.file("d/notes.txt"), "ignored");
  QUIVER_ASSIGN_OR_FAIL(table, CsvTable::Make(dir_.path() + "/d"));
  EXPECT_EQ(table->paths().size(), 5u);
  ScanArgs args;
  args.config = Config(2);
  args.projection = std::vector<int>{0};
  QUIVER_ASSIGN_OR_FAIL(plan, table->scan(args));
  ASSERT_EQ(plan->output_partition_count(), 2);
  QUIVER_ASSIGN_OR_FAIL(partitions, ReadAll(*plan));
  // Files 0, 2, 4 on partition 0; 1, 3 on partition 1.
  auto p0 = Range(0, 10);
  for (auto [b, e] : {std::pair{30, 60}, std::pair{100, 150}}) {
    auto r = Range(b, e);
    p0.insert(p0.end(), r.begin(), r.end());
  }
  EXPECT_EQ(Int64Values(partitions[0], 0), p0);
  EXPECT_EQ(CountRows(partitions[1]), 20 + 40);

  auto exec = std::dynamic_pointer_cast<CsvExec>(plan);
  ASSERT_TRUE(exec);
  EXPECT_EQ(exec->scan_unit_count(), 5);
  for (int tasks : {1, 2, 3, 7}) {
    std::vector<int64_t> all;
    for (int t = 0; t < tasks; ++t) {
      QUIVER_ASSIGN_OR_FAIL(slice, exec->slice_for_task(t, tasks));
      EXPECT_TRUE(slice->schema()->Equals(*plan->schema()));
      // Same partitions in every task, even with fewer files than partitions.
      EXPECT_EQ(slice->output_partition_count(), 2) << tasks;
      QUIVER_ASSIGN_OR_FAIL(slice_partitions, ReadAll(*slice));
      for (const auto& batches : slice_partitions) {
        auto ids = Int64Values(batches, 0);
        all.insert(all.end(), ids.begin(), ids.end());
      }
    }
    std::sort(all.begin(), all.end());
    EXPECT_EQ(all, Range(0, 150)) << tasks;
  }
}

TEST_F(CsvTableTest, Errors) {
  EXPECT_FALSE(CsvTable::Make(dir_.path() + "/missing.csv").ok());
  std::filesystem::create_directories(dir_.path() + "/empty");
  EXPECT_FALSE(CsvTable::Make(dir_.path() + "/empty").ok());
  // A value that does not fit the inferred type fails the read, naming the file.
  WriteText(dir_.file("bad/a.csv"), "x\n1\n2\n");
  WriteText(dir_.file("bad/b.csv"), "x\nhello\n");
  QUIVER_ASSIGN_OR_FAIL(table, CsvTable::Make(dir_.path() + "/bad"));
  ScanArgs args;
  args.config = Config(1);
  QUIVER_ASSIGN_OR_FAIL(plan, table->scan(args));
  auto batches = ReadPartition(*plan, 0);
  ASSERT_FALSE(batches.ok());
  EXPECT_NE(batches.status().ToString().find("b.csv"), std::string::npos)
      << batches.status().ToString();
}

}  // namespace
}  // namespace quiver
