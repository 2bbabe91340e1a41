#pragma once

#include <quiver/optimizer/optimizer_rule.h>

namespace quiver {

/// \brief Moves LIMIT towards the data: through projections (row by row, so order and count
/// are unchanged), into a Sort as its `fetch` (top-K of skip + fetch rows; the Limit goes
/// away when there is nothing to skip) and into a TableScan directly below as a `fetch` hint.
class PushDownLimit : public OptimizerRule {
 public:
  std::string_view name() const override { return "push_down_limit"; }
  arrow::Result<LogicalPlanPtr> rewrite(const LogicalPlanPtr& plan,
                                        const SessionConfig& config) const override;
};

}  // namespace quiver
