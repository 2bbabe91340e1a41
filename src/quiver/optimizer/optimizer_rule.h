#pragma once

#include <arrow/result.h>
#include <quiver/common/config.h>
#include <quiver/logical/logical_plan.h>

#include <functional>
#include <string_view>

namespace quiver {

/// \brief One logical rewrite (DataFusion style: one rule per file). A rule returns an
/// equivalent plan; it must keep the root's output schema (names and types).
class OptimizerRule {
 public:
  virtual ~OptimizerRule() = default;
  virtual std::string_view name() const = 0;
  virtual arrow::Result<LogicalPlanPtr> rewrite(const LogicalPlanPtr& plan,
                                                const SessionConfig& config) const = 0;
};

using PlanRewriter = std::function<arrow::Result<LogicalPlanPtr>(const LogicalPlanPtr&)>;

/// Rewrites the inputs first, rebuilds the node if any changed, then applies `fn` to it.
arrow::Result<LogicalPlanPtr> TransformPlanUp(const LogicalPlanPtr& plan, const PlanRewriter& fn);

/// The schema a node's expressions are written against: a scan's whole table (its filters),
/// otherwise the first input's output.
const LogicalSchema& ExpressionSchema(const LogicalPlan& plan);

}  // namespace quiver
