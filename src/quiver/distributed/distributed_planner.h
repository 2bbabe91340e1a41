#pragma once

#include <arrow/result.h>
#include <quiver/common/config.h>
#include <quiver/physical/execution_plan.h>
#include <quiver/proto/physical_extension_codec.h>

#include <memory>
#include <string>
#include <vector>

namespace quiver {

/// \brief The result of distributed planning.
struct DistributedPlan {
  /// The head stage's plan, run on the coordinator; it reads the other stages through network
  /// nodes. When not distributed: the input plan, unchanged.
  ExecutionPlanPtr plan;
  bool distributed = false;
  /// Why the plan was left as it is (when not distributed).
  std::string reason;
  /// Fresh random id of this query (hex), when distributed.
  std::string query_id;
};

/// \brief Cuts a single-node physical plan into stages run by workers.
///
/// ```text
///   SortPreservingMergeExec                ┌── Stage 0 (coordinator)
///     SortExec                             │ SortPreservingMergeExec
///       HashAggregateExec (final)          │   NetworkCoalesceExec ── Stage 1
///         RepartitionExec (hash, P)   ==>  ├── Stage 1 (W tasks): SortExec, final aggregate,
///           HashAggregateExec (partial)    │     NetworkShuffleExec ── Stage 2
///             FilterExec                   └── Stage 2 (min(W, scan units) tasks):
///               ParquetExec                      RepartitionExec (hash, P × W), partial
///                                                aggregate, filter, sliced scan
/// ```
///
/// - A hash RepartitionExec becomes the top of a producer stage, its partition count scaled to
///   P × (consumer tasks), read through a NetworkShuffleExec offering P partitions per task.
/// - The child of the first CoalescePartitionsExec / SortPreservingMergeExec met going down
///   from the root along single-partition nodes becomes a stage read through a
///   NetworkCoalesceExec into the head stage.
/// - Tasks per stage: W (workers) for a stage that reads a shuffle; min(W, scan units) for a
///   stage over splittable scans; 1 otherwise. Leaf scans are sliced per task when a task's
///   plan is sent (SliceLeavesForTask). Tasks go to workers round-robin, the start rotating
///   from one stage to the next.
///
/// Every step leaves a plan that runs as it is: boundaries are first inserted in local form
/// (the network node runs its child in-process), then assigned to workers. A plan that cannot
/// be distributed (no workers, no boundary, a stage that cannot be serialized) comes back
/// unchanged with the reason.
class DistributedPlanner {
 public:
  /// `codec` (optional) serializes the session's own nodes; used to check that every stage
  /// can be sent to a worker.
  static arrow::Result<DistributedPlan> plan(
      const ExecutionPlanPtr& plan, const std::vector<std::string>& worker_urls,
      const SessionConfig& config, std::shared_ptr<PhysicalExtensionCodec> codec = nullptr);

  /// Step one alone: the plan with network boundaries in local form (runs in-process), or
  /// the input when it has no repartition point.
  static arrow::Result<ExecutionPlanPtr> insert_boundaries(const ExecutionPlanPtr& plan);
};

/// EXPLAIN text: the stages (tasks, worker URLs, partitions, boundaries) as an ASCII tree, or
/// "not distributed: <reason>".
std::string DisplayDistributedPlan(const DistributedPlan& plan);
/// The stage tree of a (head stage) plan holding remote network nodes.
std::string DisplayDistributedPlan(const ExecutionPlanPtr& plan);

/// A fresh random query id (32 hex digits).
std::string NewQueryId();

}  // namespace quiver
