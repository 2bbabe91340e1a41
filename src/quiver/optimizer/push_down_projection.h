#pragma once

#include <quiver/optimizer/optimizer_rule.h>

namespace quiver {

/// \brief Column pruning: walks the plan top-down with the set of columns each node's parent
/// needs and sets every TableScan's `projection` to the columns actually used, in table
/// order. Filters pushed into a scan are bound to the whole table and need no projected
/// column. A scan of which no column is used still reads one (row counts for count(*)).
class PushDownProjection : public OptimizerRule {
 public:
  std::string_view name() const override { return "push_down_projection"; }
  arrow::Result<LogicalPlanPtr> rewrite(const LogicalPlanPtr& plan,
                                        const SessionConfig& config) const override;
};

}  // namespace quiver
