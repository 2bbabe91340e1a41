#include <arrow/record_batch.h>
#include <arrow/type.h>
#include <quiver/physical/expressions/expr_util.h>
#include <quiver/physical/expressions/literal_expr.h>

namespace quiver {

arrow::Result<std::shared_ptr<arrow::DataType>> LiteralExpr::data_type(const arrow::Schema&) const {
  if (!value_) return arrow::Status::Invalid("LiteralExpr without a value");
  return value_->type;
}

bool LiteralExpr::nullable(const arrow::Schema&) const { return !value_ || !value_->is_valid; }

arrow::Result<arrow::Datum> LiteralExpr::evaluate(const arrow::RecordBatch&) const {
  if (!value_) return arrow::Status::Invalid("LiteralExpr without a value");
  return arrow::Datum(value_);
}

std::vector<PhysicalExprPtr> LiteralExpr::children() const { return {}; }

arrow::Result<PhysicalExprPtr> LiteralExpr::with_new_children(
    std::vector<PhysicalExprPtr> children) const {
  ARROW_RETURN_NOT_OK(internal::CheckChildCount("LiteralExpr", children, 0));
  return std::make_shared<LiteralExpr>(value_);
}

std::string LiteralExpr::to_string() const {
  if (!value_) return "<null>";
  if (!value_->is_valid) return "NULL";
  const auto id = value_->type->id();
  if (id == arrow::Type::STRING || id == arrow::Type::LARGE_STRING ||
      id == arrow::Type::STRING_VIEW) {
    return "'" + value_->ToString() + "'";
  }
  return value_->ToString();
}

}  // namespace quiver
