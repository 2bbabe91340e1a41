#include <quiver/logical/logical_table_scan.h>
#include <quiver/optimizer/optimizer_rule.h>

namespace quiver {

arrow::Result<LogicalPlanPtr> TransformPlanUp(const LogicalPlanPtr& plan, const PlanRewriter& fn) {
  auto inputs = plan->inputs();
  LogicalPlanPtr node = plan;
  if (!inputs.empty()) {
    bool changed = false;
    std::vector<LogicalPlanPtr> new_inputs;
    for (const auto& input : inputs) {
      ARROW_ASSIGN_OR_RAISE(auto rewritten, TransformPlanUp(input, fn));
      changed = changed || rewritten != input;
      new_inputs.push_back(std::move(rewritten));
    }
    if (changed) {
      ARROW_ASSIGN_OR_RAISE(node, plan->with_new_inputs(std::move(new_inputs)));
    }
  }
  return fn(node);
}

const LogicalSchema& ExpressionSchema(const LogicalPlan& plan) {
  if (plan.kind() == LogicalPlanKind::kTableScan) {
    return static_cast<const LogicalTableScan&>(plan).source_schema();
  }
  auto inputs = plan.inputs();
  if (inputs.empty()) return plan.logical_schema();
  return inputs[0]->logical_schema();
}

}  // namespace quiver
