#pragma once

#include <arrow/filesystem/filesystem.h>
#include <arrow/result.h>
#include <quiver/datasource/file_scan.h>
#include <quiver/datasource/splittable_scan.h>
#include <quiver/physical/execution_plan.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace parquet {
class FileMetaData;
}

namespace quiver {

/// \brief The unit of a Parquet scan: one row group of one file.
struct ParquetScanUnit {
  std::string path;
  int row_group = 0;
  /// Rows in the row group (from the footer); balances partitions and task slices.
  int64_t num_rows = 0;
  /// Uncompressed bytes of the projected columns' chunks (from the footer; 0 if unknown):
  /// the scan's size estimate for join choices and task counts.
  int64_t byte_size = 0;
};

/// Footers already read, by path; lets a scan skip re-reading them. Never serialized.
using ParquetMetadataMap = std::unordered_map<std::string, std::shared_ptr<parquet::FileMetaData>>;

/// \brief Everything a ParquetExec is made of (and the plan codec serializes, except
/// `filesystem` and `metadata`).
struct ParquetScanConfig {
  /// Table schema before projection, as the engine sees it (string_view stored as utf8).
  std::shared_ptr<arrow::Schema> file_schema;
  /// Units read by each output partition, in order. At least one partition (may be empty).
  std::vector<std::vector<ParquetScanUnit>> partitions;
  /// Columns of `file_schema` produced, in this order; nullopt = all.
  std::optional<std::vector<int>> projection;
  /// Conjuncts (bound to `file_schema`) that pruned the row groups. Those over one
  /// dictionary-encoded string column also drop rows before decoding (DictionaryPrefilter);
  /// the plan still applies them above the scan.
  std::vector<PhysicalExprPtr> pruning_filters;
  /// Predicates over the scan's *output* columns known only at run time (a hash join's
  /// DynamicFilterExpr pushed down its probe side). Once one is complete, row groups whose
  /// statistics cannot satisfy it are skipped when their file is opened, and batches are
  /// filtered by it; until then it is `true`.
  std::vector<PhysicalExprPtr> dynamic_filters;
  int64_t batch_size = 8192;
  /// Row groups of the table before pruning (display); -1 = same as the units.
  int64_t total_row_groups = -1;
  /// Null = the local filesystem.
  std::shared_ptr<arrow::fs::FileSystem> filesystem;
  /// Optional footers by path.
  std::shared_ptr<const ParquetMetadataMap> metadata;
  /// What the footers say of each output column's values (join estimates); empty when
  /// unknown. Planning only: not serialized, like `metadata`.
  std::vector<ColumnStatistics> column_statistics;
};

/// \brief Leaf plan streaming Parquet row groups.
///
/// Partition i reads `partitions()[i]` in order with
/// `parquet::arrow::FileReader::GetRecordBatchReader(row_groups, columns)`: only the projected
/// columns, batches of `batch_size` rows, buffered reads (pre-buffered row groups on remote
/// filesystems). Files are opened on the first ReadNext. Columns whose stored type differs
/// from `file_schema` (string_view) are cast.
class ParquetExec : public ExecutionPlan, public SplittableScan, public FileScan {
 public:
  static arrow::Result<std::shared_ptr<ParquetExec>> Make(ParquetScanConfig config);

  std::string_view name() const override { return "ParquetExec"; }
  std::shared_ptr<arrow::Schema> schema() const override { return projected_schema_; }
  Partitioning output_partitioning() const override {
    return Partitioning::Unknown(static_cast<int>(config_.partitions.size()));
  }
  std::vector<ExecutionPlanPtr> children() const override { return {}; }
  /// Rows (exact: pruning drops whole row groups) and bytes from the footers.
  Statistics statistics() const override;
  arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const override;
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  /// e.g. `ParquetExec: files=3, row_groups=7 of 9, partitions=4, projection=[a, b],
  /// pruning=[a@0 < 5]`
  std::string to_string() const override;

  int scan_unit_count() const override;
  arrow::Result<ExecutionPlanPtr> slice_for_task(int task_index, int task_count) const override;

  const ParquetScanConfig& config() const { return config_; }
  const std::shared_ptr<arrow::Schema>& file_schema() const { return config_.file_schema; }
  const std::vector<std::vector<ParquetScanUnit>>& partitions() const { return config_.partitions; }
  std::vector<std::string> file_paths() const override {
    std::vector<std::string> out;
    for (const auto& partition : config_.partitions) {
      for (const auto& unit : partition) out.push_back(unit.path);
    }
    return out;
  }
  const std::optional<std::vector<int>>& projection() const { return config_.projection; }
  const std::vector<PhysicalExprPtr>& pruning_filters() const { return config_.pruning_filters; }
  const std::vector<PhysicalExprPtr>& dynamic_filters() const { return config_.dynamic_filters; }
  /// A copy also applying `filter` (over this scan's output columns) at run time.
  std::shared_ptr<ParquetExec> with_dynamic_filter(PhysicalExprPtr filter) const;
  arrow::Result<ExecutionPlanPtr> try_push_dynamic_filter(
      const PhysicalExprPtr& filter) const override {
    return with_dynamic_filter(filter);
  }
  int64_t batch_size() const { return config_.batch_size; }
  int64_t total_row_groups() const { return config_.total_row_groups; }
  const std::shared_ptr<arrow::fs::FileSystem>& filesystem() const { return config_.filesystem; }

 private:
  explicit ParquetExec(ParquetScanConfig config);

  ParquetScanConfig config_;
  std::shared_ptr<arrow::Schema> projected_schema_;
};

}  // namespace quiver
