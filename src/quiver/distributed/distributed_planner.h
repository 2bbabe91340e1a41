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
  /// A DistributedExec (head stage + registered stages) when distributed; otherwise the input
  /// plan, unchanged.
  ExecutionPlanPtr plan;
  bool distributed = false;
  /// Why the plan was left as it is (when not distributed).
  std::string reason;
  /// Fresh random id of this query (hex), when distributed.
  std::string query_id;
};

/// \brief Cuts a single-node physical plan into stages run by workers, exactly at the
/// exchanges EnforceDistribution inserted:
///
/// ```text
///   SortPreservingMergeExec                  Stage 0 (coordinator): SortPreservingMergeExec
///     SortExec                                  NetworkCoalesceExec ─────────────┐
///       HashAggregateExec (final)            Stage 1 (T tasks): SortExec, final aggregate,
///         RepartitionExec (hash, P)    ==>      NetworkShuffleExec ───────────┐  │
///           HashAggregateExec (partial)      Stage 2 (T' tasks): RepartitionExec (hash, P×T),
///             HashJoinExec (CollectLeft)        partial aggregate, join, probe scan slice,
///               CoalescePartitionsExec           CoalescePartitionsExec
///                 ParquetExec (small)              NetworkBroadcastExec ──────┐
///               ParquetExec (large)          Stage 3 (T'' tasks): BroadcastExec (×T'), small scan
/// ```
///
/// - A hash RepartitionExec tops a producer stage (its fan-out scaled to P × consumer tasks),
///   read through a NetworkShuffleExec.
/// - A CoalescePartitionsExec feeding an input that requires a Broadcast (a collect-left
///   join's build side) stays in the consumer; its child tops a producer stage ending in a
///   BroadcastExec, read through a NetworkBroadcastExec by every consumer task.
/// - Any other CoalescePartitionsExec / SortPreservingMergeExec stays in the consumer, which
///   then runs as one task; its child tops a stage read through a NetworkCoalesceExec.
/// - A plan with several output partitions gets a CoalescePartitionsExec on top first, so the
///   head stage (run on the coordinator, one task) only merges.
///
/// Tasks per stage: ceil(scan bytes / `distributed.bytes_per_task`) for stages that scan
/// (at most their scan units), at least the producer's task count for stages reading a
/// shuffle, capped at the number of workers; one task when the stage holds a leaf that cannot
/// be split, a coalesce or merge of a child stage, or an operator whose single-partition or
/// hash requirement is met only because its input has one partition. Each task slices its
/// stage's leaf scans for itself; tasks go to workers round-robin.
///
/// Every stage is serialized once here (and registered with its workers by DistributedExec).
/// Every step leaves a plan that still runs on one node: the boundaries exist in local form
/// first. A plan that cannot be distributed (no workers, no exchange, a stage that cannot be
/// serialized) comes back unchanged with the reason.
class DistributedPlanner {
 public:
  /// `codec` (optional) serializes the session's own nodes.
  static arrow::Result<DistributedPlan> plan(
      const ExecutionPlanPtr& plan, const std::vector<std::string>& worker_urls,
      const SessionConfig& config, std::shared_ptr<PhysicalExtensionCodec> codec = nullptr);

  /// Step one alone: the plan with network boundaries in local form (runs in-process).
  static arrow::Result<ExecutionPlanPtr> insert_boundaries(const ExecutionPlanPtr& plan);
};

/// EXPLAIN text: the stages (boundary kind, tasks, worker URLs, partitions) as an ASCII tree,
/// or "not distributed: <reason>".
std::string DisplayDistributedPlan(const DistributedPlan& plan);
/// The stage tree of a DistributedExec (or of any plan holding remote network nodes).
std::string DisplayDistributedPlan(const ExecutionPlanPtr& plan);

/// A fresh random query id (32 hex digits).
std::string NewQueryId();

}  // namespace quiver
