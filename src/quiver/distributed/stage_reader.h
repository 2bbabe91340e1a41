#pragma once

#include <arrow/result.h>
#include <quiver/distributed/stage.h>
#include <quiver/physical/execution_plan.h>

#include <memory>
#include <utility>
#include <vector>

namespace quiver {

/// \brief Opens streams on the tasks of a remote stage, for the network nodes: one Flight
/// DoGet per (task, partition), its ticket naming query, stage, task and partition only (the
/// stage was registered with its workers before the query started).
///
/// What it takes from the TaskContext:
/// - `extension<ChannelResolver>()`: how to reach workers (default: a process-wide
///   DefaultChannelResolver);
/// - `extension<PassthroughHeaders>()`: headers forwarded to the workers (optional).
/// A stream merging partition `partition` of task `task` for each (task, partition) pair.
arrow::Result<RecordBatchStreamPtr> OpenStageStreams(
    const Stage& stage, const std::shared_ptr<arrow::Schema>& schema,
    const std::vector<std::pair<int, int>>& task_partitions, const TaskContextPtr& ctx);

/// `plan` with every leaf scan that can be split (SplittableScan) replaced by its slice for
/// task `task_index` of `task_count`; other nodes are kept. Does not descend into remote
/// network nodes (they have no children).
arrow::Result<ExecutionPlanPtr> SliceLeavesForTask(const ExecutionPlanPtr& plan, int task_index,
                                                   int task_count);

}  // namespace quiver
