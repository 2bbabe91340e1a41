#pragma once

#include <string_view>

namespace quiver {

/// \brief Binary operators shared by logical and physical expressions.
enum class BinaryOperator {
  kPlus,
  kMinus,
  kMultiply,
  kDivide,
  kModulo,
  kEq,
  kNotEq,
  kLt,
  kLtEq,
  kGt,
  kGtEq,
  kAnd,
  kOr,
};

/// SQL spelling: "+", "<=", "AND", ...
std::string_view BinaryOperatorSymbol(BinaryOperator op);
bool IsComparison(BinaryOperator op);
bool IsArithmetic(BinaryOperator op);
bool IsLogical(BinaryOperator op);

}  // namespace quiver
