#include <quiver/common/operators.h>

namespace quiver {

std::string_view BinaryOperatorSymbol(BinaryOperator op) {
  switch (op) {
    case BinaryOperator::kPlus:
      return "+";
    case BinaryOperator::kMinus:
      return "-";
    case BinaryOperator::kMultiply:
      return "*";
    case BinaryOperator::kDivide:
      return "/";
    case BinaryOperator::kModulo:
      return "%";
    case BinaryOperator::kEq:
      return "=";
    case BinaryOperator::kNotEq:
      return "!=";
    case BinaryOperator::kLt:
      return "<";
    case BinaryOperator::kLtEq:
      return "<=";
    case BinaryOperator::kGt:
      return ">";
    case BinaryOperator::kGtEq:
      return ">=";
    case BinaryOperator::kAnd:
      return "AND";
    case BinaryOperator::kOr:
      return "OR";
  }
  return "?";
}

bool IsComparison(BinaryOperator op) {
  return op == BinaryOperator::kEq || op == BinaryOperator::kNotEq || op == BinaryOperator::kLt ||
         op == BinaryOperator::kLtEq || op == BinaryOperator::kGt || op == BinaryOperator::kGtEq;
}

bool IsArithmetic(BinaryOperator op) {
  return op == BinaryOperator::kPlus || op == BinaryOperator::kMinus ||
         op == BinaryOperator::kMultiply || op == BinaryOperator::kDivide ||
         op == BinaryOperator::kModulo;
}

bool IsLogical(BinaryOperator op) {
  return op == BinaryOperator::kAnd || op == BinaryOperator::kOr;
}

}  // namespace quiver
