#pragma once

// Helpers for this layer's tests: temp dirs, writing Parquet/CSV files, draining plans.

#include <arrow/api.h>
#include <arrow/compute/initialize.h>
#include <arrow/io/file.h>
#include <gtest/gtest.h>
#include <parquet/arrow/writer.h>
#include <parquet/properties.h>
#include <quiver/physical/execution_plan.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace quiver::testing {

#define QUIVER_ASSERT_OK(expr)               \
  do {                                       \
    auto _st = (expr);                       \
    ASSERT_TRUE(_st.ok()) << _st.ToString(); \
  } while (false)

#define QUIVER_ASSIGN_OR_FAIL(lhs, rexpr)                             \
  auto lhs##_result = (rexpr);                                        \
  ASSERT_TRUE(lhs##_result.ok()) << lhs##_result.status().ToString(); \
  auto lhs = std::move(lhs##_result).ValueUnsafe()

/// A fresh directory under /tmp, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "quiver-ds-XXXXXX").string();
    char* made = mkdtemp(pattern.data());
    path_ = made ? std::string(made) : std::string();
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  /// `path()/relative`, creating the parent directories.
  std::string file(const std::string& relative) const {
    auto full = std::filesystem::path(path_) / relative;
    std::filesystem::create_directories(full.parent_path());
    return full.string();
  }

 private:
  std::string path_;
};

/// Writes `table` as Parquet with row groups of at most `row_group_rows` rows; the Arrow schema
/// is stored so that types like string_view survive.
inline arrow::Status WriteParquet(
    const std::string& path, const arrow::Table& table, int64_t row_group_rows,
    std::shared_ptr<parquet::WriterProperties> properties = parquet::default_writer_properties()) {
  ARROW_ASSIGN_OR_RAISE(auto sink, arrow::io::FileOutputStream::Open(path));
  auto arrow_properties = parquet::ArrowWriterProperties::Builder().store_schema()->build();
  ARROW_RETURN_NOT_OK(parquet::arrow::WriteTable(table, arrow::default_memory_pool(), sink,
                                                 row_group_rows, properties, arrow_properties));
  return sink->Close();
}

/// The flag values of FlagAndTextTable: row i has kFlags[i % 3].
inline const char* const kFlags[] = {"A", "N", "R"};

/// 300 rows: `id` i; `flag` kFlags[i % 3], NULL when i % 7 == 3; `text` "unique text number i"
/// (both string_view). Written by WriteFlagAndTextParquet, flag's pages are all
/// dictionary-encoded (it is read as a dictionary) and text falls back to plain pages after its
/// first dictionary page (read value by value).
inline arrow::Result<std::shared_ptr<arrow::Table>> FlagAndTextTable() {
  arrow::StringViewBuilder flag, text;
  arrow::Int64Builder id;
  for (int i = 0; i < 300; ++i) {
    ARROW_RETURN_NOT_OK(id.Append(i));
    ARROW_RETURN_NOT_OK(i % 7 == 3 ? flag.AppendNull() : flag.Append(kFlags[i % 3]));
    ARROW_RETURN_NOT_OK(text.Append("unique text number " + std::to_string(i)));
  }
  auto schema =
      arrow::schema({arrow::field("id", arrow::int64()), arrow::field("flag", arrow::utf8_view()),
                     arrow::field("text", arrow::utf8_view())});
  ARROW_ASSIGN_OR_RAISE(auto ids, id.Finish());
  ARROW_ASSIGN_OR_RAISE(auto flags, flag.Finish());
  ARROW_ASSIGN_OR_RAISE(auto texts, text.Finish());
  return arrow::Table::Make(schema, {ids, flags, texts});
}

/// FlagAndTextTable at `path` in row groups of 100, with a 64-byte dictionary page limit
/// checked every 10 values (what makes the text column fall back to plain pages).
inline arrow::Status WriteFlagAndTextParquet(const std::string& path) {
  ARROW_ASSIGN_OR_RAISE(auto table, FlagAndTextTable());
  return WriteParquet(path, *table, 100,
                      parquet::WriterProperties::Builder()
                          .dictionary_pagesize_limit(64)
                          ->write_batch_size(10)
                          ->build());
}

inline void WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

inline TaskContextPtr MakeContext() {
  return std::make_shared<TaskContext>(SessionConfig{}, nullptr);
}

inline SessionConfig Config(int target_partitions, int64_t batch_size = 8192, bool pruning = true) {
  SessionConfig config;
  config.target_partitions = target_partitions;
  config.batch_size = batch_size;
  config.parquet_pruning = pruning;
  return config;
}

/// Every batch of partition `i`, in order; checks each batch has the plan's schema.
inline arrow::Result<std::vector<std::shared_ptr<arrow::RecordBatch>>> ReadPartition(
    const ExecutionPlan& plan, int i) {
  ARROW_ASSIGN_OR_RAISE(auto stream, plan.execute(i, MakeContext()));
  std::vector<std::shared_ptr<arrow::RecordBatch>> batches;
  while (true) {
    std::shared_ptr<arrow::RecordBatch> batch;
    ARROW_RETURN_NOT_OK(stream->ReadNext(&batch));
    if (!batch) break;
    if (!batch->schema()->Equals(*plan.schema())) {
      return arrow::Status::Invalid("batch schema ", batch->schema()->ToString(),
                                    " differs from the plan's ", plan.schema()->ToString());
    }
    ARROW_RETURN_NOT_OK(batch->ValidateFull());
    batches.push_back(std::move(batch));
  }
  return batches;
}

/// Batches of every partition, indexed by partition.
inline arrow::Result<std::vector<std::vector<std::shared_ptr<arrow::RecordBatch>>>> ReadAll(
    const ExecutionPlan& plan) {
  std::vector<std::vector<std::shared_ptr<arrow::RecordBatch>>> out;
  for (int i = 0; i < plan.output_partition_count(); ++i) {
    ARROW_ASSIGN_OR_RAISE(auto batches, ReadPartition(plan, i));
    out.push_back(std::move(batches));
  }
  return out;
}

inline int64_t CountRows(const std::vector<std::shared_ptr<arrow::RecordBatch>>& batches) {
  int64_t rows = 0;
  for (const auto& batch : batches) rows += batch->num_rows();
  return rows;
}

/// Values of int64 column `column` across `batches` (nulls skipped).
inline std::vector<int64_t> Int64Values(
    const std::vector<std::shared_ptr<arrow::RecordBatch>>& batches, int column) {
  std::vector<int64_t> values;
  for (const auto& batch : batches) {
    const auto& array = static_cast<const arrow::Int64Array&>(*batch->column(column));
    for (int64_t i = 0; i < array.length(); ++i) {
      if (array.IsValid(i)) values.push_back(array.Value(i));
    }
  }
  return values;
}

inline std::vector<std::string> StringValues(
    const std::vector<std::shared_ptr<arrow::RecordBatch>>& batches, int column) {
  std::vector<std::string> values;
  for (const auto& batch : batches) {
    const auto& array = static_cast<const arrow::StringArray&>(*batch->column(column));
    for (int64_t i = 0; i < array.length(); ++i) values.push_back(array.GetString(i));
  }
  return values;
}

inline std::shared_ptr<arrow::Array> Int64Range(int64_t begin, int64_t end) {
  arrow::Int64Builder builder;
  for (int64_t i = begin; i < end; ++i) (void)builder.Append(i);
  return builder.Finish().ValueOrDie();
}

}  // namespace quiver::testing
