#include <arrow/record_batch.h>
#include <arrow/type.h>
#include <quiver/physical/expressions/column_expr.h>
#include <quiver/physical/expressions/expr_util.h>

namespace quiver {

arrow::Result<std::shared_ptr<arrow::DataType>> ColumnExpr::data_type(
    const arrow::Schema& input_schema) const {
  if (index_ < 0 || index_ >= input_schema.num_fields()) {
    return arrow::Status::Invalid("column ", name_, "@", index_, " out of range for a schema of ",
                                  input_schema.num_fields(), " fields");
  }
  return input_schema.field(index_)->type();
}

bool ColumnExpr::nullable(const arrow::Schema& input_schema) const {
  if (index_ < 0 || index_ >= input_schema.num_fields()) return true;
  return input_schema.field(index_)->nullable();
}

arrow::Result<arrow::Datum> ColumnExpr::evaluate(const arrow::RecordBatch& batch) const {
  if (index_ < 0 || index_ >= batch.num_columns()) {
    return arrow::Status::Invalid("column ", name_, "@", index_, " out of range for a batch of ",
                                  batch.num_columns(), " columns");
  }
  return batch.column(index_);
}

std::vector<PhysicalExprPtr> ColumnExpr::children() const { return {}; }

arrow::Result<PhysicalExprPtr> ColumnExpr::with_new_children(
    std::vector<PhysicalExprPtr> children) const {
  ARROW_RETURN_NOT_OK(internal::CheckChildCount("ColumnExpr", children, 0));
  return std::make_shared<ColumnExpr>(name_, index_);
}

std::string ColumnExpr::to_string() const { return name_ + "@" + std::to_string(index_); }

}  // namespace quiver
