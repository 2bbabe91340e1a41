#include <quiver/physical/optimizer/dynamic_filter_pushdown.h>
#include <quiver/physical/optimizer/enforce_distribution.h>
#include <quiver/physical/optimizer/join_selection.h>
#include <quiver/physical/optimizer/physical_optimizer.h>
#include <quiver/physical/optimizer/sanity_checker.h>

namespace quiver {

PhysicalOptimizer::PhysicalOptimizer()
    : rules_{std::make_shared<JoinSelection>(), std::make_shared<EnforceDistribution>(),
             std::make_shared<DynamicFilterPushdown>(), std::make_shared<SanityChecker>()} {}

arrow::Result<ExecutionPlanPtr> PhysicalOptimizer::optimize(const ExecutionPlanPtr& plan,
                                                            const SessionConfig& config) const {
  ExecutionPlanPtr current = plan;
  for (const auto& rule : rules_) {
    auto next = rule->optimize(current, config);
    if (!next.ok()) {
      return next.status().WithMessage("physical optimizer rule '", rule->name(),
                                       "' failed: ", next.status().message());
    }
    current = std::move(next).ValueUnsafe();
  }
  return current;
}

}  // namespace quiver
