#pragma once

#include <quiver/physical/optimizer/physical_optimizer_rule.h>

namespace quiver {

/// \brief Gives each hash join a DynamicFilterExpr over its probe keys and pushes it down the
/// probe side (ExecutionPlan::try_push_dynamic_filter: through filters, column projections and
/// exchanges) into the scans, DataFusion's dynamic filters: once the build side is complete its
/// key range (and, when small, its value set) lets the scan skip Parquet row groups whose
/// statistics cannot match and drop rows before they reach the join. Only joins whose probe
/// rows without a match are not output (Inner, Left, LeftSemi, LeftAnti, LeftMark, RightSemi)
/// get one, and only when the filter reaches a scan; runs after EnforceDistribution. In a
/// distributed plan the filter works within a task: the broadcast build side and the probe scan
/// share the stage.
class DynamicFilterPushdown : public PhysicalOptimizerRule {
 public:
  std::string_view name() const override { return "dynamic_filter_pushdown"; }
  arrow::Result<ExecutionPlanPtr> optimize(const ExecutionPlanPtr& plan,
                                           const SessionConfig& config) const override;
};

}  // namespace quiver
