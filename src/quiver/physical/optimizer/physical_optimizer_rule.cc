#include <quiver/physical/optimizer/physical_optimizer_rule.h>

namespace quiver {

arrow::Result<ExecutionPlanPtr> TransformPhysicalUp(const ExecutionPlanPtr& plan,
                                                    const PhysicalPlanRewriter& fn) {
  auto children = plan->children();
  bool changed = false;
  for (auto& child : children) {
    ARROW_ASSIGN_OR_RAISE(auto rewritten, TransformPhysicalUp(child, fn));
    changed = changed || rewritten != child;
    child = std::move(rewritten);
  }
  ExecutionPlanPtr node = plan;
  if (changed) {
    ARROW_ASSIGN_OR_RAISE(node, plan->with_new_children(std::move(children)));
  }
  return fn(node);
}

}  // namespace quiver
