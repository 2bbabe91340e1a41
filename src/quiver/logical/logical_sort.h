#pragma once

#include <quiver/logical/logical_plan.h>

#include <optional>

namespace quiver {

/// \brief Orders the input by `exprs`; with `fetch`, only the first `fetch` rows are needed
/// (top-K).
class LogicalSort : public LogicalPlan {
 public:
  static arrow::Result<std::shared_ptr<LogicalSort>> Make(
      LogicalPlanPtr input, std::vector<SortExpr> exprs,
      std::optional<int64_t> fetch = std::nullopt);

  LogicalPlanKind kind() const override { return LogicalPlanKind::kSort; }
  std::string_view name() const override { return "Sort"; }
  std::vector<LogicalPlanPtr> inputs() const override { return {input_}; }
  arrow::Result<LogicalPlanPtr> with_new_inputs(std::vector<LogicalPlanPtr> inputs) const override;
  std::vector<LogicalExprPtr> expressions() const override;
  arrow::Result<LogicalPlanPtr> with_new_expressions(
      std::vector<LogicalExprPtr> exprs) const override;
  std::string to_string() const override;

  const std::vector<SortExpr>& exprs() const { return exprs_; }
  const std::optional<int64_t>& fetch() const { return fetch_; }
  const LogicalPlanPtr& input() const { return input_; }

 private:
  LogicalSort(LogicalPlanPtr input, std::vector<SortExpr> exprs, std::optional<int64_t> fetch)
      : LogicalPlan(input->logical_schema()),
        input_(std::move(input)),
        exprs_(std::move(exprs)),
        fetch_(fetch) {}

  LogicalPlanPtr input_;
  std::vector<SortExpr> exprs_;
  std::optional<int64_t> fetch_;
};

}  // namespace quiver
