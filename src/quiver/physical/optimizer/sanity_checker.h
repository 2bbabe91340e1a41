#pragma once

#include <quiver/physical/optimizer/physical_optimizer_rule.h>

namespace quiver {

/// \brief Checks that every input meets its operator's declared distribution and ordering
/// (DataFusion's SanityCheckPlan); Invalid naming the operator otherwise. Runs last, so a rule
/// that breaks a requirement fails planning instead of producing wrong answers.
class SanityChecker : public PhysicalOptimizerRule {
 public:
  std::string_view name() const override { return "sanity_checker"; }
  arrow::Result<ExecutionPlanPtr> optimize(const ExecutionPlanPtr& plan,
                                           const SessionConfig& config) const override;
};

}  // namespace quiver
