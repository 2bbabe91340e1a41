#include <quiver/logical/logical_sort.h>

namespace quiver {

arrow::Result<std::shared_ptr<LogicalSort>> LogicalSort::Make(LogicalPlanPtr input,
                                                              std::vector<SortExpr> exprs,
                                                              std::optional<int64_t> fetch) {
  if (exprs.empty()) return arrow::Status::Invalid("Sort needs at least one key");
  for (const auto& e : exprs) {
    ARROW_RETURN_NOT_OK(e.expr->data_type(input->logical_schema()).status());
  }
  if (fetch && *fetch < 0) return arrow::Status::Invalid("Sort fetch must not be negative");
  return std::shared_ptr<LogicalSort>(new LogicalSort(std::move(input), std::move(exprs), fetch));
}

arrow::Result<LogicalPlanPtr> LogicalSort::with_new_inputs(
    std::vector<LogicalPlanPtr> inputs) const {
  if (inputs.size() != 1) return arrow::Status::Invalid("Sort takes one input");
  return Make(std::move(inputs[0]), exprs_, fetch_);
}

std::vector<LogicalExprPtr> LogicalSort::expressions() const {
  std::vector<LogicalExprPtr> out;
  for (const auto& e : exprs_) out.push_back(e.expr);
  return out;
}

arrow::Result<LogicalPlanPtr> LogicalSort::with_new_expressions(
    std::vector<LogicalExprPtr> exprs) const {
  if (exprs.size() != exprs_.size()) return arrow::Status::Invalid("Sort key count mismatch");
  std::vector<SortExpr> keys = exprs_;
  for (size_t i = 0; i < keys.size(); ++i) keys[i].expr = std::move(exprs[i]);
  return Make(input_, std::move(keys), fetch_);
}

std::string LogicalSort::to_string() const {
  std::string out = "Sort: ";
  for (size_t i = 0; i < exprs_.size(); ++i) {
    if (i > 0) out += ", ";
    out += exprs_[i].to_string();
  }
  if (fetch_) out += ", fetch=" + std::to_string(*fetch_);
  return out;
}

}  // namespace quiver
