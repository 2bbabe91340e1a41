#include <arrow/compute/api.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>
#include <quiver/physical/expressions/cast_expr.h>
#include <quiver/physical/expressions/decimal_fast_path.h>
#include <quiver/physical/expressions/expr_util.h>

namespace quiver {

arrow::Result<std::shared_ptr<arrow::DataType>> CastExpr::data_type(
    const arrow::Schema& input_schema) const {
  ARROW_ASSIGN_OR_RAISE(auto from, arg_->data_type(input_schema));
  if (!arrow::compute::CanCast(*from, *type_)) {
    return arrow::Status::TypeError("cannot cast ", from->ToString(), " to ", type_->ToString(),
                                    " in ", to_string());
  }
  return type_;
}

bool CastExpr::nullable(const arrow::Schema& input_schema) const {
  return arg_->nullable(input_schema);
}

arrow::Result<arrow::Datum> CastExpr::evaluate(const arrow::RecordBatch& batch) const {
  ARROW_ASSIGN_OR_RAISE(auto v, arg_->evaluate(batch));
  if (v.type()->Equals(*type_)) return v;
  if (auto relabelled = internal::TryDecimalRelabel(v, type_)) return *std::move(relabelled);
  auto out = arrow::compute::Cast(v, type_, arrow::compute::CastOptions::Safe());
  if (!out.ok()) return out.status().WithMessage(out.status().message(), " (in ", to_string(), ")");
  return out;
}

std::vector<PhysicalExprPtr> CastExpr::children() const { return {arg_}; }

arrow::Result<PhysicalExprPtr> CastExpr::with_new_children(
    std::vector<PhysicalExprPtr> children) const {
  ARROW_RETURN_NOT_OK(internal::CheckChildCount("CastExpr", children, 1));
  return std::make_shared<CastExpr>(children[0], type_);
}

std::string CastExpr::to_string() const {
  return "CAST(" + arg_->to_string() + " AS " + type_->ToString() + ")";
}

}  // namespace quiver
