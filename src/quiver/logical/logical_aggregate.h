#pragma once

#include <quiver/logical/logical_plan.h>

namespace quiver {

/// \brief Groups the input by `group_exprs` and computes `aggr_exprs` (aggregate function
/// calls, optionally aliased) per group. Output: group columns, then one column per aggregate.
/// A bare column group key keeps its name and qualifier; other keys and aggregates are named
/// by their to_string() (e.g. "sum(lineitem.l_quantity)") unless aliased. No group keys →
/// exactly one output row.
class LogicalAggregate : public LogicalPlan {
 public:
  static arrow::Result<std::shared_ptr<LogicalAggregate>> Make(
      LogicalPlanPtr input, std::vector<LogicalExprPtr> group_exprs,
      std::vector<LogicalExprPtr> aggr_exprs);

  LogicalPlanKind kind() const override { return LogicalPlanKind::kAggregate; }
  std::string_view name() const override { return "Aggregate"; }
  std::vector<LogicalPlanPtr> inputs() const override { return {input_}; }
  arrow::Result<LogicalPlanPtr> with_new_inputs(std::vector<LogicalPlanPtr> inputs) const override;
  /// Group expressions, then aggregate expressions.
  std::vector<LogicalExprPtr> expressions() const override;
  arrow::Result<LogicalPlanPtr> with_new_expressions(
      std::vector<LogicalExprPtr> exprs) const override;
  std::string to_string() const override;

  const std::vector<LogicalExprPtr>& group_exprs() const { return group_exprs_; }
  const std::vector<LogicalExprPtr>& aggr_exprs() const { return aggr_exprs_; }
  const LogicalPlanPtr& input() const { return input_; }

 private:
  LogicalAggregate(LogicalSchema schema, LogicalPlanPtr input,
                   std::vector<LogicalExprPtr> group_exprs, std::vector<LogicalExprPtr> aggr_exprs)
      : LogicalPlan(std::move(schema)),
        input_(std::move(input)),
        group_exprs_(std::move(group_exprs)),
        aggr_exprs_(std::move(aggr_exprs)) {}

  LogicalPlanPtr input_;
  std::vector<LogicalExprPtr> group_exprs_;
  std::vector<LogicalExprPtr> aggr_exprs_;
};

}  // namespace quiver
