#include <arrow/compute/api.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>
#include <quiver/physical/expressions/expr_util.h>
#include <quiver/physical/expressions/like_expr.h>

namespace quiver {

arrow::Result<std::shared_ptr<arrow::DataType>> LikeExpr::data_type(
    const arrow::Schema& input_schema) const {
  ARROW_ASSIGN_OR_RAISE(auto t, arg_->data_type(input_schema));
  if (!arrow::is_base_binary_like(t->id()) && t->id() != arrow::Type::STRING_VIEW &&
      t->id() != arrow::Type::NA) {
    return arrow::Status::TypeError("LIKE expects a string, got ", t->ToString(), " in ",
                                    to_string());
  }
  return arrow::boolean();
}

bool LikeExpr::nullable(const arrow::Schema& input_schema) const {
  return arg_->nullable(input_schema);
}

arrow::Result<arrow::Datum> LikeExpr::evaluate(const arrow::RecordBatch& batch) const {
  ARROW_ASSIGN_OR_RAISE(auto v, arg_->evaluate(batch));
  arrow::compute::MatchSubstringOptions options(pattern_, case_insensitive_);
  ARROW_ASSIGN_OR_RAISE(auto matched, arrow::compute::CallFunction("match_like", {v}, &options));
  if (!negated_) return matched;
  return arrow::compute::CallFunction("invert", {matched});
}

std::vector<PhysicalExprPtr> LikeExpr::children() const { return {arg_}; }

arrow::Result<PhysicalExprPtr> LikeExpr::with_new_children(
    std::vector<PhysicalExprPtr> children) const {
  ARROW_RETURN_NOT_OK(internal::CheckChildCount("LikeExpr", children, 1));
  return std::make_shared<LikeExpr>(children[0], pattern_, negated_, case_insensitive_);
}

std::string LikeExpr::to_string() const {
  return arg_->to_string() + (negated_ ? " NOT" : "") +
         (case_insensitive_ ? " ILIKE '" : " LIKE '") + pattern_ + "'";
}

}  // namespace quiver
