#include <quiver/distributed/network_boundary_exec.h>

namespace quiver {

std::vector<ExecutionPlanPtr> NetworkBoundaryExec::children() const {
  if (stage_.is_remote()) return {};
  return {stage_.plan};
}

arrow::Result<ExecutionPlanPtr> NetworkBoundaryExec::with_new_children(
    std::vector<ExecutionPlanPtr> children) const {
  if (stage_.is_remote()) {
    if (!children.empty()) return arrow::Status::Invalid("a remote ", name(), " has no children");
    return std::const_pointer_cast<ExecutionPlan>(shared_from_this());
  }
  if (children.size() != 1 || !children[0]) {
    return arrow::Status::Invalid(name(), " takes 1 child");
  }
  Stage stage = stage_;
  stage.plan = std::move(children[0]);
  return with_stage(std::move(stage));
}

std::string NetworkBoundaryExec::stage_prefix() const {
  if (!stage_.is_remote()) return "";
  return "[Stage " + std::to_string(stage_.stage_id) + "] => ";
}

const NetworkBoundaryExec* AsNetworkBoundary(const ExecutionPlanPtr& plan) {
  return dynamic_cast<const NetworkBoundaryExec*>(plan.get());
}

}  // namespace quiver
