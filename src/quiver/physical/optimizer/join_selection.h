#pragma once

#include <quiver/common/join_type.h>
#include <quiver/physical/optimizer/physical_optimizer_rule.h>

namespace quiver {

/// \brief Chooses each join's build side and mode from its inputs' statistics (DataFusion's
/// JoinSelection), before EnforceDistribution:
///
/// - A hash join builds on its smaller side (inputs swapped, the join type mirrored, and a
///   projection restoring the column order where both sides are output).
/// - It is collected once (CollectLeft: a broadcast when distributed) when the build side is
///   under `optimizer.hash_join_single_partition_threshold` bytes (or `..._rows` rows when
///   bytes are unknown), `distributed.broadcast_joins` is on, and the join never has to emit
///   unmatched build rows (Inner, Right, RightSemi, RightAnti, RightMark: every task of a
///   broadcast join then answers for its own probe rows only); otherwise both sides are
///   hash-partitioned (a shuffle when distributed).
/// - Nested-loop and cross joins collect their smaller side where the type allows it.
///
/// Joins whose sizes are unknown keep their sides and stay partitioned.
class JoinSelection : public PhysicalOptimizerRule {
 public:
  std::string_view name() const override { return "join_selection"; }
  arrow::Result<ExecutionPlanPtr> optimize(const ExecutionPlanPtr& plan,
                                           const SessionConfig& config) const override;
};

/// True for join types that never emit build (left) rows on their own, so the build side may
/// be shared by (or broadcast to) independent probe partitions or tasks.
bool CollectLeftIsSafe(JoinType type);

}  // namespace quiver
