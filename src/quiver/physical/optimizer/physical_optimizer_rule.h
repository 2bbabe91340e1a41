#pragma once

#include <arrow/result.h>
#include <quiver/common/config.h>
#include <quiver/physical/execution_plan.h>

#include <functional>
#include <string_view>

namespace quiver {

/// \brief One rewrite of a physical plan (DataFusion's PhysicalOptimizerRule): join selection,
/// distribution enforcement, the sanity check. A rule returns a plan with the same output.
class PhysicalOptimizerRule {
 public:
  virtual ~PhysicalOptimizerRule() = default;
  virtual std::string_view name() const = 0;
  virtual arrow::Result<ExecutionPlanPtr> optimize(const ExecutionPlanPtr& plan,
                                                   const SessionConfig& config) const = 0;
};

using PhysicalPlanRewriter =
    std::function<arrow::Result<ExecutionPlanPtr>(const ExecutionPlanPtr&)>;

/// Rewrites the children first, rebuilds the node if any changed, then applies `fn` to it.
arrow::Result<ExecutionPlanPtr> TransformPhysicalUp(const ExecutionPlanPtr& plan,
                                                    const PhysicalPlanRewriter& fn);

}  // namespace quiver
