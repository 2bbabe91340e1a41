#include <arrow/compute/api.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>
#include <quiver/physical/expressions/expr_util.h>
#include <quiver/physical/expressions/negative_expr.h>

namespace quiver {

arrow::Result<std::shared_ptr<arrow::DataType>> NegativeExpr::data_type(
    const arrow::Schema& input_schema) const {
  ARROW_ASSIGN_OR_RAISE(auto t, arg_->data_type(input_schema));
  auto out = internal::ComputeResultType("negate_checked", {t});
  if (!out.ok()) {
    return arrow::Status::TypeError("cannot negate ", t->ToString(), " in ", to_string());
  }
  return out;
}

bool NegativeExpr::nullable(const arrow::Schema& input_schema) const {
  return arg_->nullable(input_schema);
}

arrow::Result<arrow::Datum> NegativeExpr::evaluate(const arrow::RecordBatch& batch) const {
  ARROW_ASSIGN_OR_RAISE(auto v, arg_->evaluate(batch));
  return arrow::compute::CallFunction("negate_checked", {v});
}

std::vector<PhysicalExprPtr> NegativeExpr::children() const { return {arg_}; }

arrow::Result<PhysicalExprPtr> NegativeExpr::with_new_children(
    std::vector<PhysicalExprPtr> children) const {
  ARROW_RETURN_NOT_OK(internal::CheckChildCount("NegativeExpr", children, 1));
  return std::make_shared<NegativeExpr>(children[0]);
}

std::string NegativeExpr::to_string() const { return "(- " + arg_->to_string() + ")"; }

}  // namespace quiver
