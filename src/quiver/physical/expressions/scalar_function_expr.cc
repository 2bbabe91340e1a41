#include <arrow/compute/api.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>
#include <quiver/physical/expressions/expr_util.h>
#include <quiver/physical/expressions/scalar_function_expr.h>

namespace quiver {

arrow::Result<std::shared_ptr<arrow::DataType>> ScalarFunctionExpr::data_type(
    const arrow::Schema& input_schema) const {
  if (return_type_) return return_type_;
  DataTypeVector types;
  for (const auto& a : args_) {
    ARROW_ASSIGN_OR_RAISE(auto t, a->data_type(input_schema));
    types.push_back(std::move(t));
  }
  return fn_->return_type(types);
}

arrow::Result<arrow::Datum> ScalarFunctionExpr::evaluate(const arrow::RecordBatch& batch) const {
  std::vector<arrow::Datum> values;
  values.reserve(args_.size());
  for (const auto& a : args_) {
    ARROW_ASSIGN_OR_RAISE(auto v, a->evaluate(batch));
    values.push_back(std::move(v));
  }
  ARROW_ASSIGN_OR_RAISE(auto out, fn_->invoke(values, batch.num_rows()));
  // Hold UDFs to their declared type, so downstream operators see the schema they planned for.
  if (return_type_ && !out.type()->Equals(*return_type_)) {
    auto cast = arrow::compute::Cast(out, return_type_);
    if (!cast.ok()) {
      return arrow::Status::TypeError("function ", fn_->name(), " returned ",
                                      out.type()->ToString(), ", declared ",
                                      return_type_->ToString());
    }
    out = cast.MoveValueUnsafe();
  }
  if (out.is_array() && out.length() != batch.num_rows()) {
    return arrow::Status::Invalid("function ", fn_->name(), " returned ", out.length(),
                                  " rows for a batch of ", batch.num_rows());
  }
  return out;
}

std::vector<PhysicalExprPtr> ScalarFunctionExpr::children() const { return args_; }

arrow::Result<PhysicalExprPtr> ScalarFunctionExpr::with_new_children(
    std::vector<PhysicalExprPtr> children) const {
  ARROW_RETURN_NOT_OK(internal::CheckChildCount("ScalarFunctionExpr", children, args_.size()));
  return std::make_shared<ScalarFunctionExpr>(fn_, std::move(children), return_type_);
}

std::string ScalarFunctionExpr::to_string() const {
  return fn_->name() + "(" + internal::JoinExprs(args_) + ")";
}

}  // namespace quiver
