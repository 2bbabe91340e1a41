#include <arrow/array/concatenate.h>
#include <arrow/array/util.h>
#include <arrow/chunked_array.h>
#include <arrow/record_batch.h>
#include <arrow/scalar.h>
#include <quiver/physical/expressions/column_expr.h>
#include <quiver/physical/physical_expr.h>

namespace quiver {

arrow::Result<PhysicalExprPtr> RemapColumns(const PhysicalExprPtr& expr,
                                            const std::vector<int>& mapping,
                                            const arrow::Schema& schema) {
  if (auto* column = dynamic_cast<const ColumnExpr*>(expr.get())) {
    const int i = column->index();
    if (i < 0 || i >= static_cast<int>(mapping.size()) || mapping[i] < 0 ||
        mapping[i] >= schema.num_fields()) {
      return arrow::Status::Invalid("cannot remap column ", column->to_string());
    }
    return std::make_shared<ColumnExpr>(schema.field(mapping[i])->name(), mapping[i]);
  }
  auto children = expr->children();
  if (children.empty()) return expr;
  for (auto& c : children) {
    ARROW_ASSIGN_OR_RAISE(c, RemapColumns(c, mapping, schema));
  }
  return expr->with_new_children(std::move(children));
}

arrow::Result<std::shared_ptr<arrow::Array>> EvaluateToArray(const PhysicalExpr& expr,
                                                             const arrow::RecordBatch& batch) {
  ARROW_ASSIGN_OR_RAISE(arrow::Datum out, expr.evaluate(batch));
  if (out.is_scalar()) {
    return arrow::MakeArrayFromScalar(*out.scalar(), batch.num_rows());
  }
  if (out.is_array()) {
    auto array = out.make_array();
    if (array->length() != batch.num_rows()) {
      return arrow::Status::Invalid("expression ", expr.to_string(), " produced ", array->length(),
                                    " rows for a batch of ", batch.num_rows());
    }
    return array;
  }
  if (out.is_chunked_array()) {
    auto chunked = out.chunked_array();
    if (chunked->num_chunks() == 1) return chunked->chunk(0);
    return arrow::Concatenate(chunked->chunks());
  }
  return arrow::Status::Invalid("expression ", expr.to_string(),
                                " did not produce an array or scalar");
}

std::string PhysicalSortExpr::to_string() const {
  std::string out = expr ? expr->to_string() : "<null>";
  out += descending ? " DESC" : " ASC";
  out += nulls_first ? " NULLS FIRST" : " NULLS LAST";
  return out;
}

}  // namespace quiver
