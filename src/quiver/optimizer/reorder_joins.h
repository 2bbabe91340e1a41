#pragma once

#include <quiver/optimizer/optimizer_rule.h>

namespace quiver {

/// \brief Orders each tree of inner joins (including cross joins from comma lists) greedily
/// from estimated cardinalities (cardinality.h): repeatedly join the two connected inputs
/// whose join is estimated smallest, so no cross product is formed while an equality connects
/// the inputs, and small filtered tables meet first (a bushy tree of hash joins whose build
/// sides stay small). The physical planner then picks each join's build side from the sides'
/// sizes. Join conditions are re-attached where their columns first meet; the output keeps
/// the original column order (a projection on top). Runs once, after predicates were pushed
/// into the joins.
class ReorderJoins : public OptimizerRule {
 public:
  std::string_view name() const override { return "reorder_joins"; }
  arrow::Result<LogicalPlanPtr> rewrite(const LogicalPlanPtr& plan,
                                        const SessionConfig& config) const override;
};

}  // namespace quiver
