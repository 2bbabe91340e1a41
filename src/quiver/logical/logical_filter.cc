#include <arrow/type.h>
#include <quiver/logical/logical_filter.h>

namespace quiver {

arrow::Result<std::shared_ptr<LogicalFilter>> LogicalFilter::Make(LogicalExprPtr predicate,
                                                                  LogicalPlanPtr input) {
  ARROW_ASSIGN_OR_RAISE(auto type, predicate->data_type(input->logical_schema()));
  if (type->id() != arrow::Type::BOOL) {
    return arrow::Status::Invalid("filter predicate must be boolean, got ", type->ToString(), ": ",
                                  predicate->to_string());
  }
  return std::shared_ptr<LogicalFilter>(new LogicalFilter(std::move(predicate), std::move(input)));
}

arrow::Result<LogicalPlanPtr> LogicalFilter::with_new_inputs(
    std::vector<LogicalPlanPtr> inputs) const {
  if (inputs.size() != 1) return arrow::Status::Invalid("Filter takes one input");
  return Make(predicate_, std::move(inputs[0]));
}

arrow::Result<LogicalPlanPtr> LogicalFilter::with_new_expressions(
    std::vector<LogicalExprPtr> exprs) const {
  if (exprs.size() != 1) return arrow::Status::Invalid("Filter takes one expression");
  return Make(std::move(exprs[0]), input_);
}

}  // namespace quiver
