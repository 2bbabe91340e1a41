#pragma once

#include <arrow/filesystem/filesystem.h>
#include <arrow/result.h>
#include <quiver/datasource/csv_format_options.h>
#include <quiver/datasource/file_scan.h>
#include <quiver/datasource/splittable_scan.h>
#include <quiver/physical/execution_plan.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace quiver {

/// \brief One CSV file of a scan; `size` (bytes, 0 if unknown) balances task slices.
struct CsvFile {
  std::string path;
  int64_t size = 0;
};

/// \brief Leaf plan streaming CSV files with arrow::csv::StreamingReader: partition i reads
/// `partitions()[i]` one file after the other, only the projected columns, batches of at most
/// `batch_size` rows. Files are opened lazily, on the first ReadNext.
class CsvExec : public ExecutionPlan, public SplittableScan, public FileScan {
 public:
  using Partitions = std::vector<std::vector<CsvFile>>;

  /// `options.schema` must be set: the file schema (before projection). At least one
  /// partition. `filesystem` null means the local filesystem.
  static arrow::Result<std::shared_ptr<CsvExec>> Make(
      CsvFormatOptions options, Partitions partitions, std::optional<std::vector<int>> projection,
      int64_t batch_size, std::shared_ptr<arrow::fs::FileSystem> filesystem = nullptr);

  std::string_view name() const override { return "CsvExec"; }
  std::shared_ptr<arrow::Schema> schema() const override { return projected_schema_; }
  Partitioning output_partitioning() const override {
    return Partitioning::Unknown(static_cast<int>(partitions_.size()));
  }
  /// Bytes from the file sizes (CSV text is a fair guess of the in-memory size); rows unknown.
  Statistics statistics() const override {
    Statistics stats;
    int64_t bytes = 0;
    for (const auto& partition : partitions_) {
      for (const auto& file : partition) bytes += file.size;
    }
    if (bytes > 0) stats.total_byte_size = bytes;
    return stats;
  }
  std::vector<ExecutionPlanPtr> children() const override { return {}; }
  arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const override;
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  /// e.g. `CsvExec: files=2, partitions=2, has_header=true, delimiter=',', projection=[a, b]`
  std::string to_string() const override;

  std::vector<std::string> file_paths() const override {
    std::vector<std::string> out;
    for (const auto& partition : partitions_) {
      for (const auto& file : partition) out.push_back(file.path);
    }
    return out;
  }

  int scan_unit_count() const override;
  arrow::Result<ExecutionPlanPtr> slice_for_task(int task_index, int task_count) const override;

  /// File schema before projection (= options().schema).
  const std::shared_ptr<arrow::Schema>& file_schema() const { return options_.schema; }
  const CsvFormatOptions& options() const { return options_; }
  const Partitions& partitions() const { return partitions_; }
  const std::optional<std::vector<int>>& projection() const { return projection_; }
  int64_t batch_size() const { return batch_size_; }
  const std::shared_ptr<arrow::fs::FileSystem>& filesystem() const { return filesystem_; }

 private:
  CsvExec() = default;

  CsvFormatOptions options_;
  Partitions partitions_;
  std::optional<std::vector<int>> projection_;
  int64_t batch_size_ = 8192;
  std::shared_ptr<arrow::fs::FileSystem> filesystem_;
  std::shared_ptr<arrow::Schema> projected_schema_;
};

}  // namespace quiver
