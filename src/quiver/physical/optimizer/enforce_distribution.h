#pragma once

#include <quiver/physical/optimizer/physical_optimizer_rule.h>

namespace quiver {

/// \brief Inserts the exchanges that make every input meet its operator's declared
/// requirement (`required_input_distribution`, `required_input_ordering`); the only place
/// exchanges are added (DataFusion's EnforceDistribution + the parallel-sort part of
/// EnforceSorting):
///
/// - kSinglePartition / kBroadcast over several partitions: a SortPreservingMergeExec when the
///   operator needs the input's order and the partitions have it, else a
///   CoalescePartitionsExec.
/// - kHashPartitioned not met: a hash RepartitionExec to `target_partitions`. Operators with
///   several hash-partitioned inputs (partitioned joins) get equal partition counts.
/// - A SortExec over one merged partition over several partitions becomes a per-partition
///   SortExec under a SortPreservingMergeExec (sorted in parallel, merged once).
///
/// Requirements already met get nothing, so a plan that passes through it twice is unchanged.
class EnforceDistribution : public PhysicalOptimizerRule {
 public:
  std::string_view name() const override { return "enforce_distribution"; }
  arrow::Result<ExecutionPlanPtr> optimize(const ExecutionPlanPtr& plan,
                                           const SessionConfig& config) const override;
};

/// True when `actual` starts with every key of `required` (same expressions and directions).
bool OrderingSatisfies(const std::optional<LexOrdering>& actual, const LexOrdering& required);

}  // namespace quiver
