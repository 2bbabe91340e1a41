#pragma once

#include <arrow/result.h>
#include <quiver/common/config.h>
#include <quiver/logical/logical_plan.h>
#include <quiver/optimizer/optimizer_rule.h>

#include <memory>
#include <vector>

namespace quiver {

/// \brief Runs the logical rewrite rules in order, once each:
/// simplify_expressions → push_down_limit → push_down_filter → push_down_projection.
/// The result has the same output schema as the input plan.
class Optimizer {
 public:
  /// The default rules.
  Optimizer();
  explicit Optimizer(std::vector<std::shared_ptr<OptimizerRule>> rules)
      : rules_(std::move(rules)) {}

  arrow::Result<std::shared_ptr<LogicalPlan>> optimize(const std::shared_ptr<LogicalPlan>& plan,
                                                       const SessionConfig& config) const;

  const std::vector<std::shared_ptr<OptimizerRule>>& rules() const { return rules_; }

 private:
  std::vector<std::shared_ptr<OptimizerRule>> rules_;
};

}  // namespace quiver
