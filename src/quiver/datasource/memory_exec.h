#pragma once

#include <arrow/record_batch.h>
#include <arrow/result.h>
#include <quiver/datasource/splittable_scan.h>
#include <quiver/physical/execution_plan.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace quiver {

/// \brief Leaf plan streaming in-memory batches: partition i yields `partitions()[i]` in order,
/// each batch restricted to the projection.
class MemoryExec : public ExecutionPlan, public SplittableScan {
 public:
  using Partitions = std::vector<std::vector<std::shared_ptr<arrow::RecordBatch>>>;

  /// `schema` is the batches' schema (before projection); every batch must match it. At least
  /// one partition (empty ones are fine).
  static arrow::Result<std::shared_ptr<MemoryExec>> Make(
      std::shared_ptr<arrow::Schema> schema, Partitions partitions,
      std::optional<std::vector<int>> projection = std::nullopt);

  std::string_view name() const override { return "MemoryExec"; }
  std::shared_ptr<arrow::Schema> schema() const override { return projected_schema_; }
  Partitioning output_partitioning() const override {
    return Partitioning::Unknown(static_cast<int>(partitions_.size()));
  }
  std::vector<ExecutionPlanPtr> children() const override { return {}; }
  /// Exact rows and the projected columns' buffer bytes.
  Statistics statistics() const override;
  arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const override;
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  /// e.g. `MemoryExec: partitions=2, batches=5, rows=1000, projection=[a, b]`
  std::string to_string() const override;

  int scan_unit_count() const override;
  arrow::Result<ExecutionPlanPtr> slice_for_task(int task_index, int task_count) const override;

  /// The batches' schema before projection.
  const std::shared_ptr<arrow::Schema>& batch_schema() const { return schema_; }
  const Partitions& partitions() const { return partitions_; }
  const std::optional<std::vector<int>>& projection() const { return projection_; }

 private:
  MemoryExec(std::shared_ptr<arrow::Schema> schema, Partitions partitions,
             std::optional<std::vector<int>> projection);

  std::shared_ptr<arrow::Schema> schema_;
  Partitions partitions_;
  std::optional<std::vector<int>> projection_;
  std::shared_ptr<arrow::Schema> projected_schema_;
};

}  // namespace quiver
