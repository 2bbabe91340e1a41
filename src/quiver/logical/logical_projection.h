#pragma once

#include <quiver/logical/logical_plan.h>

namespace quiver {

/// \brief Computes one output column per expression (aliases name them).
class LogicalProjection : public LogicalPlan {
 public:
  /// `hidden`: which outputs are hidden (LogicalSchema::is_hidden); empty = none.
  static arrow::Result<std::shared_ptr<LogicalProjection>> Make(std::vector<LogicalExprPtr> exprs,
                                                                LogicalPlanPtr input,
                                                                std::vector<bool> hidden = {});

  LogicalPlanKind kind() const override { return LogicalPlanKind::kProjection; }
  std::string_view name() const override { return "Projection"; }
  std::vector<LogicalPlanPtr> inputs() const override { return {input_}; }
  arrow::Result<LogicalPlanPtr> with_new_inputs(std::vector<LogicalPlanPtr> inputs) const override;
  std::vector<LogicalExprPtr> expressions() const override { return exprs_; }
  arrow::Result<LogicalPlanPtr> with_new_expressions(
      std::vector<LogicalExprPtr> exprs) const override;
  std::string to_string() const override { return "Projection: " + ExprListToString(exprs_); }

  const std::vector<LogicalExprPtr>& exprs() const { return exprs_; }
  const LogicalPlanPtr& input() const { return input_; }

 private:
  LogicalProjection(LogicalSchema schema, std::vector<LogicalExprPtr> exprs, LogicalPlanPtr input)
      : LogicalPlan(std::move(schema)), exprs_(std::move(exprs)), input_(std::move(input)) {}

  std::vector<LogicalExprPtr> exprs_;
  LogicalPlanPtr input_;
};

}  // namespace quiver
