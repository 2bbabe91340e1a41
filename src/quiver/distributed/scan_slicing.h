#pragma once

#include <arrow/result.h>
#include <quiver/physical/execution_plan.h>

#include <optional>

namespace quiver {

/// Units of work (row groups, files, batches) of a leaf scan that can be split across tasks
/// (a SplittableScan), or nullopt for any other leaf.
std::optional<int> LeafScanUnits(const ExecutionPlanPtr& leaf);

/// `leaf` sliced for task `task_index` of `task_count` when it is a SplittableScan, else
/// `leaf` itself.
arrow::Result<ExecutionPlanPtr> SliceLeafForTask(const ExecutionPlanPtr& leaf, int task_index,
                                                 int task_count);

}  // namespace quiver
