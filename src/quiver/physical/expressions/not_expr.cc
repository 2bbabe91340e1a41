#include <arrow/compute/api.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>
#include <quiver/physical/expressions/expr_util.h>
#include <quiver/physical/expressions/not_expr.h>

namespace quiver {

arrow::Result<std::shared_ptr<arrow::DataType>> NotExpr::data_type(
    const arrow::Schema& input_schema) const {
  ARROW_ASSIGN_OR_RAISE(auto t, arg_->data_type(input_schema));
  if (t->id() != arrow::Type::BOOL && t->id() != arrow::Type::NA) {
    return arrow::Status::TypeError("NOT expects a boolean, got ", t->ToString(), " in ",
                                    to_string());
  }
  return arrow::boolean();
}

bool NotExpr::nullable(const arrow::Schema& input_schema) const {
  return arg_->nullable(input_schema);
}

arrow::Result<arrow::Datum> NotExpr::evaluate(const arrow::RecordBatch& batch) const {
  ARROW_ASSIGN_OR_RAISE(auto v, arg_->evaluate(batch));
  return arrow::compute::CallFunction("invert", {v});
}

std::vector<PhysicalExprPtr> NotExpr::children() const { return {arg_}; }

arrow::Result<PhysicalExprPtr> NotExpr::with_new_children(
    std::vector<PhysicalExprPtr> children) const {
  ARROW_RETURN_NOT_OK(internal::CheckChildCount("NotExpr", children, 1));
  return std::make_shared<NotExpr>(children[0]);
}

std::string NotExpr::to_string() const { return "NOT " + arg_->to_string(); }

}  // namespace quiver
