#pragma once

#include <quiver/logical/logical_plan.h>

namespace quiver {

/// \brief Keeps the input rows for which `predicate` (boolean) is true.
class LogicalFilter : public LogicalPlan {
 public:
  static arrow::Result<std::shared_ptr<LogicalFilter>> Make(LogicalExprPtr predicate,
                                                            LogicalPlanPtr input);

  LogicalPlanKind kind() const override { return LogicalPlanKind::kFilter; }
  std::string_view name() const override { return "Filter"; }
  std::vector<LogicalPlanPtr> inputs() const override { return {input_}; }
  arrow::Result<LogicalPlanPtr> with_new_inputs(std::vector<LogicalPlanPtr> inputs) const override;
  std::vector<LogicalExprPtr> expressions() const override { return {predicate_}; }
  arrow::Result<LogicalPlanPtr> with_new_expressions(
      std::vector<LogicalExprPtr> exprs) const override;
  std::string to_string() const override { return "Filter: " + predicate_->to_string(); }

  const LogicalExprPtr& predicate() const { return predicate_; }
  const LogicalPlanPtr& input() const { return input_; }

 private:
  LogicalFilter(LogicalExprPtr predicate, LogicalPlanPtr input)
      : LogicalPlan(input->logical_schema()),
        predicate_(std::move(predicate)),
        input_(std::move(input)) {}

  LogicalExprPtr predicate_;
  LogicalPlanPtr input_;
};

}  // namespace quiver
