#pragma once

#include <arrow/status.h>
#include <quiver/physical/execution_plan.h>
#include <quiver/physical/repartition/batch_queue.h>
#include <quiver/runtime/executor.h>

#include <memory>
#include <string_view>
#include <vector>

namespace quiver {

/// What a QueueProducer does with batches of no rows.
enum class EmptyBatches { kForward, kDrop };

/// Starts a task on `ctx`'s executor (its handle appended to `tasks`) that reads partition
/// `partition` of `input` into `queue` until the input ends, the queue is cancelled or the query
/// is, and then reports how it ended with `queue->ProducerDone`. When the task cannot start,
/// that error is reported to the queue instead, and returned. `what` names the operator in
/// errors. The fan-in of CoalescePartitionsExec and SortPreservingMergeExec.
arrow::Status StartQueueProducer(std::string_view what, const ExecutionPlanPtr& input,
                                 int partition, const TaskContextPtr& ctx,
                                 std::shared_ptr<BatchQueue> queue, EmptyBatches empty,
                                 std::vector<TaskHandle>* tasks);

}  // namespace quiver
