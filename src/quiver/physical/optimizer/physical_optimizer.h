#pragma once

#include <quiver/physical/optimizer/physical_optimizer_rule.h>

#include <memory>
#include <vector>

namespace quiver {

/// \brief Runs the physical rules in order over a freshly lowered plan: (join selection,)
/// EnforceDistribution, SanityChecker. The lowering adds no exchanges; this is what makes a
/// plan executable on one node, and what the distributed planner cuts into stages.
class PhysicalOptimizer {
 public:
  PhysicalOptimizer();
  explicit PhysicalOptimizer(std::vector<std::shared_ptr<PhysicalOptimizerRule>> rules)
      : rules_(std::move(rules)) {}

  arrow::Result<ExecutionPlanPtr> optimize(const ExecutionPlanPtr& plan,
                                           const SessionConfig& config) const;

 private:
  std::vector<std::shared_ptr<PhysicalOptimizerRule>> rules_;
};

}  // namespace quiver
