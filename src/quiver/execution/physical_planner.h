#pragma once

#include <arrow/result.h>
#include <quiver/common/config.h>
#include <quiver/functions/function_registry.h>
#include <quiver/logical/logical_expr.h>
#include <quiver/logical/logical_plan.h>
#include <quiver/logical/logical_schema.h>
#include <quiver/physical/execution_plan.h>

#include <memory>

namespace quiver {

/// \brief Lowers an optimized logical plan to a single-node, partitioned physical plan, then
/// runs the PhysicalOptimizer over it.
///
///   TableScan  → provider->scan(projection, filters bound to the whole table, fetch)
///   Filter     → FilterExec;  Projection → ProjectionExec;  EmptyRelation → EmptyExec
///   Aggregate  → HashAggregateExec(Partial) → HashAggregateExec(Final)
///                (DISTINCT aggregates or one input partition: HashAggregateExec(Single))
///   Sort       → SortExec(fetch) into one partition
///   Limit      → over a Sort: the sort's fetch (top-K) + GlobalLimitExec for the offset;
///                otherwise LocalLimitExec per partition → GlobalLimitExec
///
/// The lowering inserts no exchange: operators declare what they need of their inputs
/// (`required_input_distribution`) and EnforceDistribution adds the repartitions, coalesces
/// and merges. LogicalExplain is handled by the session and is Invalid here.
class PhysicalPlanner {
 public:
  arrow::Result<ExecutionPlanPtr> create_physical_plan(const std::shared_ptr<LogicalPlan>& plan,
                                                       const SessionConfig& config,
                                                       const FunctionRegistry& functions) const;

  /// A logical expression bound to `input_schema` (see CreatePhysicalExpr).
  arrow::Result<PhysicalExprPtr> create_physical_expr(const LogicalExpr& expr,
                                                      const LogicalSchema& input_schema) const;
};

}  // namespace quiver
