#include <arrow/compute/api.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>
#include <quiver/physical/expressions/expr_util.h>
#include <quiver/physical/expressions/is_null_expr.h>

namespace quiver {

arrow::Result<std::shared_ptr<arrow::DataType>> IsNullExpr::data_type(
    const arrow::Schema& input_schema) const {
  ARROW_RETURN_NOT_OK(arg_->data_type(input_schema).status());
  return arrow::boolean();
}

bool IsNullExpr::nullable(const arrow::Schema&) const { return false; }

arrow::Result<arrow::Datum> IsNullExpr::evaluate(const arrow::RecordBatch& batch) const {
  ARROW_ASSIGN_OR_RAISE(auto v, arg_->evaluate(batch));
  return arrow::compute::CallFunction(negated_ ? "is_valid" : "is_null", {v});
}

std::vector<PhysicalExprPtr> IsNullExpr::children() const { return {arg_}; }

arrow::Result<PhysicalExprPtr> IsNullExpr::with_new_children(
    std::vector<PhysicalExprPtr> children) const {
  ARROW_RETURN_NOT_OK(internal::CheckChildCount("IsNullExpr", children, 1));
  return std::make_shared<IsNullExpr>(children[0], negated_);
}

std::string IsNullExpr::to_string() const {
  return arg_->to_string() + (negated_ ? " IS NOT NULL" : " IS NULL");
}

}  // namespace quiver
