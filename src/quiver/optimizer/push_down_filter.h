#pragma once

#include <quiver/optimizer/optimizer_rule.h>

namespace quiver {

/// \brief Copies the conjuncts of a Filter sitting on a TableScan into the scan's `filters`,
/// so the source can skip data (Parquet row groups) by statistics. The Filter stays: scan
/// filters are a hint, not a guarantee.
class PushDownFilter : public OptimizerRule {
 public:
  std::string_view name() const override { return "push_down_filter"; }
  arrow::Result<LogicalPlanPtr> rewrite(const LogicalPlanPtr& plan,
                                        const SessionConfig& config) const override;
};

}  // namespace quiver
