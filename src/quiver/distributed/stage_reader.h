#pragma once

#include <arrow/result.h>
#include <quiver/distributed/stage.h>
#include <quiver/physical/execution_plan.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace quiver {

/// \brief Opens streams on the tasks of a remote stage, for the network nodes.
///
/// Each task's plan (the stage plan with leaf scans sliced for the task) is serialized once per
/// reader and reused for every partition asked of that task. What it takes from the TaskContext:
/// - `extension<ChannelResolver>()`: how to reach workers (default: a process-wide
///   DefaultChannelResolver);
/// - `extension<PhysicalExtensionCodec>()`: the session's codec for user nodes (optional);
/// - `extension<PassthroughHeaders>()`: headers forwarded to the workers (optional);
/// - `config()`: sent along in every ticket; `query_id` is taken from the stage.
class StageReader {
 public:
  StageReader() = default;
  // A copied node gets its own cache (the stage may differ).
  StageReader(const StageReader&) {}
  StageReader& operator=(const StageReader&) = delete;

  /// A stream merging partition `partition` of task `task` for each (task, partition) pair.
  arrow::Result<RecordBatchStreamPtr> open(const Stage& stage,
                                           const std::shared_ptr<arrow::Schema>& schema,
                                           const std::vector<std::pair<int, int>>& task_partitions,
                                           const TaskContextPtr& ctx) const;

 private:
  arrow::Result<std::string> task_plan(const Stage& stage, int task, const TaskContext& ctx) const;

  mutable std::mutex mutex_;
  mutable std::map<int, std::string> plans_;
};

/// `plan` with every leaf scan that can be split (SplittableScan) replaced by its slice for
/// task `task_index` of `task_count`; other nodes are kept. Does not descend into remote
/// network nodes (they have no children).
arrow::Result<ExecutionPlanPtr> SliceLeavesForTask(const ExecutionPlanPtr& plan, int task_index,
                                                   int task_count);

}  // namespace quiver
