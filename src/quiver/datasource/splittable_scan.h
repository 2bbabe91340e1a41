#pragma once

#include <arrow/result.h>
#include <quiver/physical/execution_plan.h>

namespace quiver {

/// \brief A leaf scan whose work is a list of independent units (Parquet row groups, CSV
/// files, in-memory batches) that can be shared out between the tasks of a distributed stage.
///
/// Implemented by ParquetExec, CsvExec and MemoryExec; the distributed planner finds it with
/// `dynamic_cast<const SplittableScan*>(plan.get())`.
class SplittableScan {
 public:
  virtual ~SplittableScan() = default;

  /// Number of units across all partitions.
  virtual int scan_unit_count() const = 0;

  /// \brief A copy of this scan reading only task `task_index`'s share of the units.
  ///
  /// Units are dealt in contiguous runs, balanced by rows where known, so that over
  /// `task_index` = 0..task_count-1 every unit is read by exactly one task. The slice keeps the
  /// output schema and always the partition count, so every task of a stage has the same
  /// partitions (the distributed consumers address partition p of task t as t * P + p);
  /// partitions without units yield empty streams.
  virtual arrow::Result<ExecutionPlanPtr> slice_for_task(int task_index, int task_count) const = 0;
};

}  // namespace quiver
