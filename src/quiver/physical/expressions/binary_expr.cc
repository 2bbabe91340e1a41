#include <arrow/compute/api.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>
#include <quiver/physical/expressions/binary_expr.h>
#include <quiver/physical/expressions/decimal_fast_path.h>
#include <quiver/physical/expressions/expr_util.h>

namespace quiver {
namespace {

const char* ComputeFunctionName(BinaryOperator op) {
  switch (op) {
    case BinaryOperator::kPlus:
      return "add_checked";
    case BinaryOperator::kMinus:
      return "subtract_checked";
    case BinaryOperator::kMultiply:
      return "multiply_checked";
    case BinaryOperator::kDivide:
      return "divide_checked";
    case BinaryOperator::kModulo:
      return "modulo_checked";
    case BinaryOperator::kEq:
      return "equal";
    case BinaryOperator::kNotEq:
      return "not_equal";
    case BinaryOperator::kLt:
      return "less";
    case BinaryOperator::kLtEq:
      return "less_equal";
    case BinaryOperator::kGt:
      return "greater";
    case BinaryOperator::kGtEq:
      return "greater_equal";
    case BinaryOperator::kAnd:
      return "and_kleene";
    case BinaryOperator::kOr:
      return "or_kleene";
  }
  return "";
}

int Precedence(BinaryOperator op) {
  if (op == BinaryOperator::kOr) return 1;
  if (op == BinaryOperator::kAnd) return 2;
  if (IsComparison(op)) return 3;
  if (op == BinaryOperator::kPlus || op == BinaryOperator::kMinus) return 4;
  return 5;
}

std::string ChildString(const PhysicalExprPtr& child, int parent_precedence, bool right) {
  if (!child) return "<null>";
  std::string s = child->to_string();
  if (auto* bin = dynamic_cast<const BinaryExpr*>(child.get())) {
    int p = Precedence(bin->op());
    if (p < parent_precedence || (right && p == parent_precedence)) return "(" + s + ")";
  }
  return s;
}

arrow::Status Annotate(const arrow::Status& st, const BinaryExpr& expr) {
  if (st.ok()) return st;
  return st.WithMessage(st.message(), " (in ", expr.to_string(), ")");
}

}  // namespace

arrow::Result<std::shared_ptr<arrow::DataType>> BinaryExpr::data_type(
    const arrow::Schema& input_schema) const {
  if (!left_ || !right_) return arrow::Status::Invalid("BinaryExpr with a null operand");
  ARROW_ASSIGN_OR_RAISE(auto lt, left_->data_type(input_schema));
  ARROW_ASSIGN_OR_RAISE(auto rt, right_->data_type(input_schema));
  if (IsLogical(op_)) {
    for (const auto& t : {lt, rt}) {
      if (t->id() != arrow::Type::BOOL && t->id() != arrow::Type::NA) {
        return arrow::Status::TypeError("operator ", BinaryOperatorSymbol(op_),
                                        " expects boolean operands, got ", t->ToString(), " in ",
                                        to_string());
      }
    }
    return arrow::boolean();
  }
  auto result = internal::ComputeResultType(ComputeFunctionName(op_), {lt, rt});
  if (!result.ok()) {
    return arrow::Status::TypeError("cannot apply ", BinaryOperatorSymbol(op_), " to ",
                                    lt->ToString(), " and ", rt->ToString(), " in ", to_string(),
                                    ": ", result.status().message());
  }
  return result;
}

bool BinaryExpr::nullable(const arrow::Schema& input_schema) const {
  return !left_ || !right_ || left_->nullable(input_schema) || right_->nullable(input_schema);
}

arrow::Result<arrow::Datum> BinaryExpr::evaluate(const arrow::RecordBatch& batch) const {
  if (!left_ || !right_) return arrow::Status::Invalid("BinaryExpr with a null operand");
  ARROW_ASSIGN_OR_RAISE(auto l, left_->evaluate(batch));
  ARROW_ASSIGN_OR_RAISE(auto r, right_->evaluate(batch));
  ARROW_ASSIGN_OR_RAISE(auto fast, internal::TryDecimalArithmetic(op_, l, r));
  if (fast) return *std::move(fast);
  auto out = arrow::compute::CallFunction(ComputeFunctionName(op_), {l, r});
  if (!out.ok()) return Annotate(out.status(), *this);
  return out;
}

std::vector<PhysicalExprPtr> BinaryExpr::children() const { return {left_, right_}; }

arrow::Result<PhysicalExprPtr> BinaryExpr::with_new_children(
    std::vector<PhysicalExprPtr> children) const {
  ARROW_RETURN_NOT_OK(internal::CheckChildCount("BinaryExpr", children, 2));
  return std::make_shared<BinaryExpr>(op_, children[0], children[1]);
}

std::string BinaryExpr::to_string() const {
  int p = Precedence(op_);
  return ChildString(left_, p, false) + " " + std::string(BinaryOperatorSymbol(op_)) + " " +
         ChildString(right_, p, true);
}

}  // namespace quiver
