#include <quiver/physical/optimizer/enforce_distribution.h>
#include <quiver/physical/optimizer/sanity_checker.h>

namespace quiver {
namespace {

arrow::Status Check(const ExecutionPlan& node) {
  const auto children = node.children();
  const auto required = node.required_input_distribution();
  const auto orderings = node.required_input_ordering();
  for (size_t i = 0; i < children.size(); ++i) {
    if (i < required.size() && !required[i].satisfied_by(children[i]->output_partitioning())) {
      return arrow::Status::Invalid("plan check: ", node.to_string(), " requires input ", i,
                                    " to be ", required[i].to_string(), ", but it is ",
                                    children[i]->output_partitioning().to_string());
    }
    if (i < orderings.size() && orderings[i] &&
        !OrderingSatisfies(children[i]->output_ordering(), *orderings[i])) {
      return arrow::Status::Invalid("plan check: ", node.to_string(), " requires input ", i,
                                    " to be sorted");
    }
    ARROW_RETURN_NOT_OK(Check(*children[i]));
  }
  return arrow::Status::OK();
}

}  // namespace

arrow::Result<ExecutionPlanPtr> SanityChecker::optimize(const ExecutionPlanPtr& plan,
                                                        const SessionConfig&) const {
  ARROW_RETURN_NOT_OK(Check(*plan));
  return plan;
}

}  // namespace quiver
