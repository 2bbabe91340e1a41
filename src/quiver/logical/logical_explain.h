#pragma once

#include <quiver/logical/logical_plan.h>

namespace quiver {

/// \brief EXPLAIN [VERBOSE] of the inner plan. Not executed: the session renders the plans
/// as rows (plan_type utf8, plan utf8), which is this node's schema.
class LogicalExplain : public LogicalPlan {
 public:
  static std::shared_ptr<LogicalExplain> Make(LogicalPlanPtr plan, bool verbose);

  LogicalPlanKind kind() const override { return LogicalPlanKind::kExplain; }
  std::string_view name() const override { return "Explain"; }
  std::vector<LogicalPlanPtr> inputs() const override { return {plan_}; }
  arrow::Result<LogicalPlanPtr> with_new_inputs(std::vector<LogicalPlanPtr> inputs) const override;
  std::string to_string() const override;

  bool verbose() const { return verbose_; }
  const LogicalPlanPtr& plan() const { return plan_; }

 private:
  LogicalExplain(LogicalPlanPtr plan, bool verbose);

  LogicalPlanPtr plan_;
  bool verbose_;
};

}  // namespace quiver
