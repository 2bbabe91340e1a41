#include <arrow/array/concatenate.h>
#include <arrow/array/util.h>
#include <arrow/compute/api.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>
#include <quiver/physical/expressions/expr_util.h>
#include <quiver/physical/expressions/in_list_expr.h>
#include <quiver/physical/expressions/literal_expr.h>

namespace quiver {
namespace {

// The value list as one array of `type` (values are cast to the argument's type, so
// `int32_col IN (1, 2)` with int64 literals matches).
arrow::Result<std::shared_ptr<arrow::Array>> ValueSet(
    const std::vector<std::shared_ptr<arrow::Scalar>>& values,
    const std::shared_ptr<arrow::DataType>& type) {
  std::vector<std::shared_ptr<arrow::Array>> parts;
  parts.reserve(values.size());
  for (const auto& v : values) {
    std::shared_ptr<arrow::Scalar> s = v;
    if (!s->type->Equals(*type)) {
      if (!s->is_valid) {
        s = arrow::MakeNullScalar(type);
      } else {
        ARROW_ASSIGN_OR_RAISE(auto cast, arrow::compute::Cast(arrow::Datum(s), type));
        s = cast.scalar();
      }
    }
    ARROW_ASSIGN_OR_RAISE(auto one, arrow::MakeArrayFromScalar(*s, 1));
    parts.push_back(std::move(one));
  }
  if (parts.empty()) return arrow::MakeEmptyArray(type);
  return arrow::Concatenate(parts);
}

}  // namespace

arrow::Result<std::shared_ptr<arrow::DataType>> InListExpr::data_type(
    const arrow::Schema& input_schema) const {
  ARROW_RETURN_NOT_OK(arg_->data_type(input_schema).status());
  return arrow::boolean();
}

bool InListExpr::nullable(const arrow::Schema& input_schema) const {
  if (arg_->nullable(input_schema)) return true;
  for (const auto& v : values_) {
    if (!v->is_valid) return true;
  }
  return false;
}

arrow::Result<arrow::Datum> InListExpr::evaluate(const arrow::RecordBatch& batch) const {
  ARROW_ASSIGN_OR_RAISE(auto v, arg_->evaluate(batch));
  auto value_set = ValueSet(values_, v.type());
  if (!value_set.ok()) {
    return arrow::Status::TypeError("IN list values do not fit ", v.type()->ToString(), " in ",
                                    to_string(), ": ", value_set.status().message());
  }
  // INCONCLUSIVE gives SQL semantics: null argument → null; no match with a null in the list
  // → null.
  arrow::compute::SetLookupOptions options(*value_set,
                                           arrow::compute::SetLookupOptions::INCONCLUSIVE);
  ARROW_ASSIGN_OR_RAISE(auto found, arrow::compute::CallFunction("is_in", {v}, &options));
  if (!negated_) return found;
  return arrow::compute::CallFunction("invert", {found});
}

std::vector<PhysicalExprPtr> InListExpr::children() const { return {arg_}; }

arrow::Result<PhysicalExprPtr> InListExpr::with_new_children(
    std::vector<PhysicalExprPtr> children) const {
  ARROW_RETURN_NOT_OK(internal::CheckChildCount("InListExpr", children, 1));
  return std::make_shared<InListExpr>(children[0], values_, negated_);
}

std::string InListExpr::to_string() const {
  std::string out = arg_->to_string() + (negated_ ? " NOT IN (" : " IN (");
  for (size_t i = 0; i < values_.size(); ++i) {
    if (i > 0) out += ", ";
    out += LiteralExpr(values_[i]).to_string();
  }
  return out + ")";
}

}  // namespace quiver
